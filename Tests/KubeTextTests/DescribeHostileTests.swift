import ClusterModel
import KubeText
import Testing

/// Broken, hostile and odd `kubectl describe` text: never a crash, a diagnostic with the block's line, the rest used.
@Suite("Hostile describe input")
struct DescribeHostileTests {
    @Test("odd describe blocks never crash and keep excerpts inert", arguments: [
        "Name:\n", "Name: x\n", "Name: x\n  \n- \n- - - Addresses:\n", "Name: a\nPort:\nTargetPort:\nNodePort:\nEndpoints: + 3 more...\n",
        "Name: a\nType: ClusterIP\nSession Affinity: None\nPort: http 99999999999999999999/TCP\n",
        "Name: a\nAddressType: IPv4\nPorts:\n  Name Port Protocol\n  x y z\nEndpoints:\n  - Addresses: 1.2.3.4\n    Conditions:\n",
        "Name: a\nSubsets:\n  Ports:\n  Addresses: nope\n", "Name: \u{1B}]0;pwned\u{07}x\nContainers:\n  c:\n    Ports: 1/TCP (\u{1B}[2J)\n",
        "Name: n\nRoles: <none>\nConditions:\n  Ready\n", "Name: i\nRules:\n  Host Path Backends\n  /x\n  * /y :\nIngress Class: c\n",
        "Name: a\n\tLabels:\tx\n\t\t\ty=z\n", "> Name: a\n> Type: ClusterIP\n> Session Affinity: None\n", "# Name: a\n#   x: y\n",
    ])
    func odd(_ text: String) {
        let result = KubeText.parse(text)
        #expect(result.diagnostics.allSatisfy { HostileInputTests.isInert($0.excerpt) && HostileInputTests.isInert($0.message) })
        for pod in result.resources.pods {
            #expect(HostileInputTests.isInert(pod.name) && pod.containerPorts.allSatisfy { HostileInputTests.isInert($0.name ?? "") })
        }
    }

    @Test("a block no kind can be told from gets a warning at its Name: line; the table after it is read")
    func unknownBlock() throws {
        let result = KubeText.parse("""
            Name:         settings
            Namespace:    default
            Labels:       <none>
            Data:         3
            NAME    READY   STATUS    RESTARTS   AGE
            web-1   1/1     Running   0          3d
            """)
        let warning = try #require(result.diagnostics.first)
        #expect(warning.line == 1 && warning.severity == .warning && warning.message.contains("'settings'"))
        #expect(result.resources.pods.map(\.name) == ["web-1"])
    }

    @Test("bad values in a readable block are named at their own line; the rest of the block is used")
    func badValues() throws {
        let result = KubeText.parse("""
            Name:                     web
            Namespace:                shop
            Type:                     NodePort
            IP:                       10.96.0.9
            Port:                     http  eighty/TCP
            Port:                     https  443/TCP
            TargetPort:               8443/TCP
            External Traffic Policy:  Sideways
            Session Affinity:         None
            """)
        let service = try #require(result.resources.services.first)
        #expect(service.ports == [ServicePort(name: "https", port: 443, targetPort: .number(8443))])
        #expect(service.externalTrafficPolicy == nil && service.clusterIPs.map(\.text) == ["10.96.0.9"])
        #expect(result.diagnostics.map(\.line) == [5, 8])
        #expect(result.diagnostics.allSatisfy { $0.message.hasPrefix("describe 'web' read, but ") })
    }

    @Test("a block longer than the limit is cut with a warning, and what follows it is read")
    func hugeBlock() {
        var text = "Name: big\nType: ClusterIP\nSession Affinity: None\nAnnotations:\n"
        text += String(repeating: "  a: b\n", count: 25_000)
        text += "NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          3d\n"
        let result = KubeText.parse(text)
        #expect(result.resources.services.count == 1 && result.resources.pods.count == 1)
        #expect(result.diagnostics.contains { $0.line == 1 && $0.message.contains("more than 20000 lines") })
    }

    @Test("deep indentation does not recurse: 5,000 nested levels parse")
    func deepIndentation() {
        var text = "Name: deep\nType: ClusterIP\nSession Affinity: None\nLabels:\n"
        for depth in 1...5_000 { text += String(repeating: " ", count: depth) + "k\(depth):\n" }
        #expect(KubeText.parse(text).resources.services.count == 1)
    }
}

/// Kinds whose describe text kubehops does not read are named; the kinds it reads beside them are read.
@Suite("Describe of kinds not read")
struct DescribeUnreadKindTests {
    @Test("a NetworkPolicy describe block is read; a custom resource is a note; a Gateway is read")
    func unreadKinds() throws {
        let result = KubeText.parse("""
            Name:         access-nginx
            Namespace:    default
            Created on:   2016-12-13 17:36:00 -0800 PST
            Labels:       <none>
            Annotations:  <none>
            Spec:
              PodSelector:     app=nginx
              Allowing ingress traffic:
                To Port: <any> (traffic allowed to all ports)
                From:
                  PodSelector: access=true
              Not affecting egress traffic
              Policy Types: Ingress
            Name:         web-tls
            Namespace:    default
            API Version:  cert-manager.io/v1
            Kind:         Certificate
            Spec:
              Secret Name:  web-tls
            Name:         eg
            Namespace:    default
            API Version:  gateway.networking.k8s.io/v1
            Kind:         Gateway
            Spec:
              Gateway Class Name:  eg
            """)
        #expect(result.diagnostics.map(\.line) == [14])
        #expect(result.diagnostics.allSatisfy { $0.severity == .note })
        #expect(result.diagnostics.last?.message.contains("Certificate") == true)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(policy.podSelector.description == "app=nginx" && policy.policyTypes == [.ingress])
        #expect(policy.ingress.first?.peers.first?.podSelector?.description == "access=true")
        #expect(result.resources.gateways.first?.className == "eg")
    }
}
