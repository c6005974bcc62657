import ClusterModel
import KubeText
import Testing

/// Gateway API input: GatewayClass, Gateway, HTTPRoute, GRPCRoute and ReferenceGrant from YAML/JSON and from
/// their `kubectl get` tables (the CRDs' printer columns).
@Suite("Gateway API input")
struct GatewayParsingTests {
    static let yaml = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: eg, namespace: default, creationTimestamp: "2026-03-01T10:00:00Z"}
        spec:
          gatewayClassName: eg
          listeners:
          - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
          - {name: https, protocol: HTTPS, port: 443, hostname: "*.example.com"}
        status:
          addresses: [{type: IPAddress, value: 172.18.0.200}]
          conditions:
          - {type: Accepted, status: "True"}
          - {type: Programmed, status: "False", reason: AddressNotAssigned}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: shop, namespace: shop, creationTimestamp: "2026-03-02T10:00:00Z"}
        spec:
          parentRefs: [{name: eg, namespace: default, sectionName: http}]
          hostnames: [shop.example.com]
          rules:
          - matches:
            - path: {type: Exact, value: /cart}
              headers: [{name: x-canary, value: "1"}]
              queryParams: [{type: Exact, name: debug, value: "on"}]
              method: POST
            filters:
            - type: RequestHeaderModifier
              requestHeaderModifier: {set: [{name: x-from, value: gw}], remove: [x-debug]}
            backendRefs:
            - {name: cart, port: 8080, weight: 90}
            - {name: cart-canary, namespace: canary, port: 8080, weight: 10}
          - backendRefs: [{name: web, port: 80}]
          - filters:
            - type: RequestRedirect
              requestRedirect: {scheme: https, statusCode: 301}
        status:
          parents:
          - parentRef: {name: eg}
            conditions:
            - {type: ResolvedRefs, status: "False", reason: RefNotPermitted, message: no grant}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {name: greeter, namespace: shop}
        spec:
          parentRefs: [{name: eg}]
          rules:
          - matches: [{method: {service: helloworld.Greeter, method: SayHello}}]
            backendRefs: [{name: greeter, port: 50051}]
        ---
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: allow-shop, namespace: canary}
        spec:
          from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
          to: [{group: "", kind: Service}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: eg}
        spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
        status:
          conditions: [{type: Accepted, status: "True"}]
        """

    @Test("YAML: listeners, addresses, conditions, rules with matches, filters and weighted backends")
    func objects() throws {
        let result = KubeText.parse(Self.yaml)
        #expect(result.diagnostics.filter { $0.severity != .note }.isEmpty, "\(result.diagnostics)")
        let gateway = try #require(result.resources.gateways.first)
        #expect(gateway.key == ObjectKey(namespace: "default", name: "eg"))
        #expect(gateway.detailsKnown)
        #expect(gateway.listeners.map(\.port) == [80, 443])
        #expect(gateway.listeners[0].allowedNamespaces == "All")
        #expect(gateway.listeners[1].hostname == "*.example.com")
        #expect(gateway.listeners[1].protocol == "HTTPS")
        #expect(gateway.addresses == ["172.18.0.200"])
        #expect(gateway.programmed == "False")

        let routes = result.resources.routes
        #expect(routes.map(\.kind) == [.http, .grpc])
        let shop = try #require(routes.first)
        #expect(shop.parentRefs == [RouteParentReference(name: "eg", namespace: "default", sectionName: "http")])
        #expect(shop.hostnames == ["shop.example.com"])
        #expect(shop.rules.count == 3)
        let match = try #require(shop.rules[0].matches.first)
        #expect(match.path == RouteValueMatch(type: "Exact", value: "/cart"))
        #expect(match.headers == [RouteValueMatch(type: "Exact", name: "x-canary", value: "1")])
        #expect(match.queryParams.first?.name == "debug")
        #expect(match.method == "POST")
        #expect(shop.rules[0].filters.first?.headers?.set.first?.value == "gw")
        #expect(shop.rules[0].filters.first?.headers?.remove == ["x-debug"])
        #expect(shop.rules[0].backendRefs.map(\.weight) == [90, 10])
        #expect(shop.rules[0].backendRefs[1].namespace == "canary")
        #expect(shop.rules[1].matches.isEmpty)
        #expect(shop.rules[1].backendRefs.first?.weight == 1)
        #expect(shop.rules[2].filters.first?.redirect?.statusCode == 301)
        #expect(shop.unresolvedRefs == ["RefNotPermitted: no grant"])
        #expect(shop.creationTimestamp == "2026-03-02T10:00:00Z")

        let grpc = try #require(routes.last)
        let grpcMatch = try #require(grpc.rules.first?.matches.first)
        #expect(grpcMatch.grpcMethod == GRPCMethodMatch(type: "Exact", service: "helloworld.Greeter", method: "SayHello"))
        #expect(grpcMatch.path == nil)

        let grant = try #require(result.resources.referenceGrants.first)
        #expect(grant.allows(routeKind: "HTTPRoute", from: "shop", toService: "cart-canary"))
        #expect(!grant.allows(routeKind: "HTTPRoute", from: "blog", toService: "cart-canary"))
        #expect(!grant.allows(routeKind: "GRPCRoute", from: "shop", toService: "cart-canary"))
        #expect(result.resources.gatewayClasses.first?.controllerName == "gateway.envoyproxy.io/gatewayclass-controller")
        #expect(result.resources.gatewayClasses.first?.accepted == "True")
    }

    @Test("kubectl get gatewayclass,gateway,httproute tables are read without warnings or notes")
    func tables() throws {
        let result = KubeText.parse("""
            NAME   CONTROLLER                                      ACCEPTED   AGE
            eg     gateway.envoyproxy.io/gatewayclass-controller   True       5d

            NAME   CLASS   ADDRESS        PROGRAMMED   AGE
            eg     eg      172.18.0.200   True         5d

            NAMESPACE   NAME      HOSTNAMES                                  AGE
            shop        backend   ["www.example.com","shop.example.com"]     5d
            blog        any                                                  2d
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.resources.gatewayClasses.map(\.name) == ["eg"])
        let gateway = try #require(result.resources.gateways.first)
        #expect(gateway.className == "eg")
        #expect(gateway.addresses == ["172.18.0.200"])
        #expect(gateway.programmed == "True")
        #expect(!gateway.detailsKnown)
        #expect(gateway.age?.seconds == 5 * 86400)
        let routes = result.resources.routes
        #expect(routes.map(\.key) == [ObjectKey(namespace: "shop", name: "backend"), ObjectKey(namespace: "blog", name: "any")])
        #expect(routes[0].hostnames == ["www.example.com", "shop.example.com"])
        #expect(routes[1].hostnames.isEmpty)
        #expect(routes.allSatisfy { $0.kind == .http && !$0.detailsKnown })
    }

    @Test("a kind/name prefix says GRPCRoute and ReferenceGrant; kubectl get ingressclass stays unused")
    func prefixes() {
        let result = KubeText.parse("""
            NAME                                              HOSTNAMES   AGE
            grpcroute.gateway.networking.k8s.io/greeter                   1d
            httproute.gateway.networking.k8s.io/web           ["a.io"]    1d

            NAME                                              AGE
            referencegrant.gateway.networking.k8s.io/allow    3d

            NAME    CONTROLLER             PARAMETERS   AGE
            nginx   k8s.io/ingress-nginx   <none>       9d
            """)
        #expect(result.resources.routes.map(\.kind) == [.grpc, .http])
        #expect(result.resources.referenceGrants.map(\.key.name) == ["allow"])
        #expect(result.resources.gatewayClasses.isEmpty)
        #expect(!result.diagnostics.contains { $0.severity == .warning })
    }

    @Test("a NAME AGE table of ReferenceGrants: no note says its rows are skipped while every row is read")
    func referenceGrantTableNote() {
        let named = """
            NAME                                              AGE
            referencegrant.gateway.networking.k8s.io/allow    3d

            """
        let all = """
            NAMESPACE   NAME                                              AGE
            api         referencegrant.gateway.networking.k8s.io/web      2d

            """
        for text in [named, all] {
            let result = KubeText.parse(text)
            #expect(result.resources.referenceGrants.count == 1)
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        }
        #expect(KubeText.parse(all).resources.referenceGrants.first?.key == ObjectKey(namespace: "api", name: "web"))
        // Fed a byte at a time (a pipe, kubectl -w), the note is made or not made the same way.
        var stream = KubeTextStream(source: "-")
        for byte in Array((named + all).utf8) { stream.feed([byte]) }
        stream.finish()
        #expect(stream.result.resources.referenceGrants.count == 2)
        #expect(stream.result.diagnostics.isEmpty)
    }

    @Test("a NAME AGE table whose rows are skipped says so once, on its header's line, when the first one is")
    func unusedTableNoteWhenSkipped() {
        let text = """
            NAME                                              AGE
            referencegrant.gateway.networking.k8s.io/allow    3d
            configmap/settings                                1d
            NAME       AGE
            kube-root  9d
            """
        for chunk in [text.utf8.count, 7, 1] {
            var stream = KubeTextStream(source: "-")
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                stream.feed(bytes[start..<min(bytes.count, start + chunk)])
            }
            stream.finish()
            let result = stream.result
            #expect(result.resources.referenceGrants.map(\.key.name) == ["allow"])
            let headerNotes = result.diagnostics.filter { $0.message.contains("its rows are skipped") }
            #expect(headerNotes.map(\.line) == [1, 4], "chunks of \(chunk) bytes")
            #expect(result.diagnostics.filter { $0.message.hasPrefix("row of a kind") }.map(\.line) == [3, 5])
            #expect(result.diagnostics.allSatisfy { $0.severity == .note })
        }
    }

    @Test("TLSRoute v1 and v1alpha2 (SNI hostnames, one rule of backendRefs) and a TLS listener's mode")
    func tlsRoutes() throws {
        // The v1 route is kubernetes-sigs/gateway-api examples/standard/tls-routing/tls-route.yaml, the
        // v1alpha2 one examples/experimental/v1alpha2/tls-routing/tls-route.yaml (commit 4564255ac2c3).
        let result = KubeText.parse("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: example-gateway}
            spec:
              gatewayClassName: example-gateway-class
              listeners:
              - {name: tls, protocol: TLS, port: 443, tls: {mode: Passthrough}}
              - {name: tls-terminate, protocol: TLS, port: 8443, tls: {certificateRefs: [{name: c}]}}
              - {name: http, protocol: HTTP, port: 80}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: TLSRoute
            metadata:
              name: foo-route
            spec:
              parentRefs:
              - name: example-gateway
                sectionName: tls
              hostnames:
              - "foo.example.com"
              rules:
              - backendRefs:
                - name: foo-svc
                  port: 443
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata:
              name: example-route
            spec:
              parentRefs:
              - name: example-gateway
                sectionName: tls
              rules:
              - backendRefs:
                - name: example-svc
                  port: 443
            """)
        #expect(result.diagnostics.isEmpty)
        let listeners = try #require(result.resources.gateways.first).listeners
        #expect(listeners.map(\.tlsMode) == ["Passthrough", "Terminate", nil])
        let routes = result.resources.routes
        #expect(routes.map(\.kind) == [.tls, .tls])
        #expect(routes.map(\.hostnames) == [["foo.example.com"], []])
        #expect(routes.map { $0.rules.flatMap(\.backendRefs).map(\.name) } == [["foo-svc"], ["example-svc"]])
        #expect(routes.allSatisfy { $0.rules.allSatisfy { $0.matches.isEmpty && $0.filters.isEmpty } })
        // kubectl get tlsroute prints NAME AGE (the CRD's only printer column): rows named by kind are read.
        let table = KubeText.parse("""
            NAMESPACE   NAME                                       AGE
            default     tlsroute.gateway.networking.k8s.io/foo     2d
            """)
        #expect(table.resources.routes.map(\.kind) == [.tls])
        #expect(table.resources.routes.first?.detailsKnown == false)
        #expect(table.diagnostics.isEmpty)
    }

    @Test("ListenerSet and XListenerSet are read and said not merged into their Gateway: a note, no warning")
    func listenerSets() throws {
        // From kubernetes-sigs/gateway-api examples/standard/listenerset/listenerset.yaml (commit 4564255ac2c3),
        // and the same set as the experimental XListenerSet (apisx/v1alpha1, before Gateway API 1.5).
        let result = KubeText.parse("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: ListenerSet
            metadata:
              name: first-workload-listeners
              namespace: team-1-ns
            spec:
              parentRef:
                namespace: default
                name: parent-gateway
                kind: Gateway
                group: gateway.networking.k8s.io
              listeners:
              - name: first
                hostname: first.foo.com
                protocol: HTTPS
                port: 443
                tls:
                  mode: Terminate
                  certificateRefs:
                  - kind: Secret
                    group: ""
                    name: first-workload-cert
            ---
            apiVersion: gateway.networking.x-k8s.io/v1alpha1
            kind: XListenerSet
            metadata: {name: old, namespace: team-2-ns}
            spec: {parentRef: {name: parent-gateway}, listeners: "not a list"}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: parent-gateway, namespace: default}
            spec: {gatewayClassName: example, listeners: [{name: foo, hostname: foo.com, protocol: HTTP, port: 80}]}
            """)
        #expect(result.diagnostics.allSatisfy { $0.severity == .note })
        let notes = result.diagnostics.map(\.message)
        #expect(notes.count == 2)
        #expect(notes.first?.contains(
            "ListenerSet 'team-1-ns/first-workload-listeners' read: it offers Gateway default/parent-gateway " +
            "1 listener (first HTTPS/443 first.foo.com)") == true)
        #expect(notes.first?.contains("spec.allowedListeners selects namespace team-1-ns (none by default)") == true)
        #expect(notes.last?.contains("XListenerSet 'team-2-ns/old' read: it offers Gateway team-2-ns/parent-gateway 0") == true)
        #expect(notes.allSatisfy { $0.contains("does not merge ListenerSet listeners") })
        // The Gateway keeps its own listeners only.
        #expect(result.resources.gateways.first?.listeners.map(\.name) == ["foo"])
    }

    @Test("a bad PROGRAMMED cell is a warning on its line; the gateway is still read")
    func badCondition() {
        let result = KubeText.parse("""
            NAME   CLASS   ADDRESS   PROGRAMMED   AGE
            eg     eg      <none>    Maybe        5d
            """)
        #expect(result.resources.gateways.first?.programmed == nil)
        #expect(result.diagnostics.contains { $0.line == 2 && $0.severity == .warning && $0.message.contains("PROGRAMMED") })
    }

    @Test("Istio's own Gateway kind (networking.istio.io) is not taken for a Gateway API one")
    func istioGateway() {
        let result = KubeText.parse("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: bookinfo, namespace: default}
            spec:
              selector: {istio: ingressgateway}
              servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
            """)
        #expect(result.resources.gateways.isEmpty)
    }

    @Test("a DELETED watch row takes the route out")
    func watchDeletion() {
        let result = KubeText.parse("""
            EVENT      NAMESPACE   NAME   HOSTNAMES    AGE
            ADDED      shop        web    ["a.io"]     1d
            DELETED    shop        web    ["a.io"]     1d
            """)
        #expect(result.resources.routes.isEmpty)
    }
}
