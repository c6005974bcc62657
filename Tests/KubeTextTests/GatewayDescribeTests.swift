import ClusterModel
import Foundation
import KubeText
import Testing

/// `kubectl describe` of Gateway API objects: custom resources printed as words, lists without separators.
@Suite("Gateway API describe")
struct GatewayDescribeTests {
    @Test("a real describe httproute: parentRefs, a rule with a header and a path match, a weighted backend")
    func realHTTPRoute() throws {
        let url = TestFiles.packageRoot.appendingPathComponent("Tests/Data/Describe/aibrix-describe-httproute.txt")
        let result = KubeText.parse(bytes: [UInt8](try Data(contentsOf: url)), source: "describe")
        #expect(result.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(result.diagnostics)")
        let route = try #require(result.resources.routes.first)
        #expect(route.key == ObjectKey(namespace: "aibrix-system", name: "deepseek-r1-distill-llama-8b-router"))
        #expect(route.detailsKnown)
        #expect(route.creationTimestamp == "2025-02-16T17:56:03Z")
        #expect(route.parentRefs.map(\.name) == ["aibrix-eg"])
        #expect(route.parentRefs.first?.namespace == "aibrix-system")
        let rule = try #require(route.rules.first)
        #expect(route.rules.count == 1)
        #expect(rule.backendRefs.map(\.name) == ["deepseek-r1-distill-llama-8b"])
        #expect(rule.backendRefs.first?.namespace == "default")
        #expect(rule.backendRefs.first?.port == 8000)
        #expect(rule.backendRefs.first?.weight == 1)
        let match = try #require(rule.matches.first)
        #expect(match.path == RouteValueMatch(type: "PathPrefix", value: "/"))
        #expect(match.headers == [RouteValueMatch(type: "Exact", name: "model", value: "deepseek-r1-distill-llama-8b")])
        #expect(route.unresolvedRefs.isEmpty)
    }

    @Test("describe gateway: two listeners told apart by their sorted keys, hostnames as lines, the address")
    func gatewayAndRoute() throws {
        let result = KubeText.parse("""
            Name:         eg
            Namespace:    default
            Labels:       <none>
            Annotations:  <none>
            API Version:  gateway.networking.k8s.io/v1
            Kind:         Gateway
            Metadata:
              Creation Timestamp:  2026-03-01T10:00:00Z
            Spec:
              Gateway Class Name:  eg
              Listeners:
                Allowed Routes:
                  Namespaces:
                    From:  All
                Name:      http
                Port:      80
                Protocol:  HTTP
                Allowed Routes:
                  Namespaces:
                    From:  Same
                Hostname:  *.example.com
                Name:      https
                Port:      443
                Protocol:  HTTPS
            Status:
              Addresses:
                Type:   IPAddress
                Value:  172.18.0.200
              Conditions:
                Last Transition Time:  2026-03-01T10:00:01Z
                Reason:                Programmed
                Status:                True
                Type:                  Programmed
            Events:  <none>


            Name:         shop
            Namespace:    default
            API Version:  gateway.networking.k8s.io/v1
            Kind:         HTTPRoute
            Spec:
              Hostnames:
                shop.example.com
                www.example.com
              Parent Refs:
                Group:         gateway.networking.k8s.io
                Kind:          Gateway
                Name:          eg
                Section Name:  http
              Rules:
                Backend Refs:
                  Name:    cart
                  Port:    8080
                  Weight:  90
                  Name:    cart-canary
                  Port:    8080
                  Weight:  10
                Matches:
                  Path:
                    Type:   PathPrefix
                    Value:  /cart
                Backend Refs:
                  Name:  web
                  Port:  80
            Events:  <none>
            """)
        #expect(result.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(result.diagnostics)")
        let gateway = try #require(result.resources.gateways.first)
        #expect(gateway.className == "eg")
        #expect(gateway.listeners.map(\.name) == ["http", "https"])
        #expect(gateway.listeners.map(\.allowedNamespaces) == ["All", "Same"])
        #expect(gateway.listeners.last?.hostname == "*.example.com")
        #expect(gateway.addresses == ["172.18.0.200"])
        #expect(gateway.programmed == "True")
        let route = try #require(result.resources.routes.first)
        #expect(route.hostnames == ["shop.example.com", "www.example.com"])
        #expect(route.parentRefs.first?.sectionName == "http")
        #expect(route.rules.map { $0.backendRefs.map(\.weight) } == [[90, 10], [1]])
        #expect(route.rules.first?.matches.first?.path?.value == "/cart")
    }

    @Test("a describe block of another group's Gateway kind is not read as Gateway API")
    func otherGroup() {
        let result = KubeText.parse("""
            Name:         bookinfo
            Namespace:    default
            API Version:  networking.istio.io/v1
            Kind:         Gateway
            Spec:
              Selector:
                Istio:  ingressgateway
            """)
        #expect(result.resources.gateways.isEmpty)
    }

    @Test("describe referencegrant: from and to lists")
    func referenceGrant() throws {
        let result = KubeText.parse("""
            Name:         allow-web
            Namespace:    api
            API Version:  gateway.networking.k8s.io/v1beta1
            Kind:         ReferenceGrant
            Spec:
              From:
                Group:      gateway.networking.k8s.io
                Kind:       HTTPRoute
                Namespace:  web
                Group:      gateway.networking.k8s.io
                Kind:       HTTPRoute
                Namespace:  blog
              To:
                Group:
                Kind:   Service
            Events:  <none>
            """)
        let grant = try #require(result.resources.referenceGrants.first)
        #expect(grant.from.map(\.namespace) == ["web", "blog"])
        #expect(grant.allows(routeKind: "HTTPRoute", from: "blog", toService: "api"))
    }

    @Test("hostile describe text of Gateway API kinds: escapes, ragged indentation, absurd depth; never a crash",
          arguments: [
              "Name: \u{1B}]0;x\u{07}gw\nAPI Version: gateway.networking.k8s.io/v1\nKind: Gateway\nSpec:\n  Listeners:\n Name: a\n      Port: x\n",
              "Name: r\nAPI Version: gateway.networking.k8s.io/v1\nKind: HTTPRoute\nSpec:\n" + (1...300).map { String(repeating: " ", count: $0) + "Rules:" }.joined(separator: "\n"),
              "Name: r\nAPI Version: gateway.networking.k8s.io/v1\nKind: HTTPRoute\nSpec:\n  Hostnames:\n    \u{202E}evil.io\n  Rules:\n    Backend Refs:\n      Weight: -3\n",
          ])
    func hostile(_ text: String) {
        let result = KubeText.parse(text)
        let texts = result.resources.gateways.map(\.key.name) + result.resources.routes.flatMap { [$0.key.name] + $0.hostnames }
            + result.diagnostics.flatMap { [$0.message, $0.excerpt] }
        #expect(texts.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x202A...0x202E).contains($0.value) } })
        #expect(result.resources.routes.allSatisfy { $0.rules.allSatisfy { $0.backendRefs.allSatisfy { $0.weight >= 0 } } })
    }
}
