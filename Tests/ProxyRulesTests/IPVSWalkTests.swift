import ClusterModel
import Testing

@testable import ProxyRules

/// kube-proxy's IPVS mode: virtual servers as `ipvsadm -Ln` prints them, rr in turn, the ipset rules.
@Suite struct IPVSWalkTests {
    static let node = ProxyNode(
        name: "n1", kubeVersion: KubeVersion("v1.34.0"), localDetector: .clusterCIDR(["10.244.0.0/16"]),
        addresses: ["192.168.1.10"])
    static let endpoints = [
        EndpointSpec(ip: "10.244.1.5", port: 8080, nodeName: "n1"), EndpointSpec(ip: "10.244.2.7", port: 8080, nodeName: "n2"),
    ]

    static func port(nodePort: Int? = nil, affinity: Int? = nil, endpoints: [EndpointSpec] = endpoints) -> ServicePortSpec {
        ServicePortSpec(
            service: ProxyRulesFixtures.key("shop", "web"), portName: .named("http"), port: 80,
            clusterIPs: ["10.96.0.20"], nodePort: nodePort, affinityTimeoutSeconds: affinity, endpoints: endpoints)
    }

    @Test func virtualServersPrintAsIpvsadmDoes() {
        let servers = KubeProxyIPVS(node: Self.node).virtualServers(Self.port(nodePort: 30080, affinity: 10800))
        #expect(servers.map(\.line) == ["TCP  10.96.0.20:80 rr persistent 10800", "TCP  192.168.1.10:30080 rr persistent 10800"])
        // ipvsadm.c: "  -> %-28s %-7s %-6d %-10u %-10u".
        #expect(IPVSVirtualServer.realServerLine("10.244.1.5:8080")
            == "  -> 10.244.1.5:8080              Masq    1      0          0         ")
        let v6 = ServicePortSpec(
            service: ProxyRulesFixtures.key("v6", "dns"), portName: .named("dns"), protocol: "UDP", port: 53,
            clusterIPs: ["fd00:10:96::a"], endpoints: [EndpointSpec(ip: "fd00:10:244::5", port: 53)])
        let v6Node = ProxyNode(name: "n1", addresses: ["fd00::2"])
        #expect(KubeProxyIPVS(node: v6Node, family: .ipv6).virtualServers(v6).first?.line == "UDP  [fd00:10:96::a]:53 rr")
    }

    @Test func rrTakesTheRealServersInTurn() throws {
        let ipvs = KubeProxyIPVS(node: Self.node)
        let picks = try (0..<4).map { connection in
            try #require(ipvs.walk(Self.port(), entry: .clusterIP, source: .pod(ip: "10.244.1.9"), connection: connection))
                .endpointIndex
        }
        #expect(picks == [0, 1, 0, 1])
    }

    @Test func aNodePortIsMarkedAndMasqueraded() throws {
        let walk = try #require(
            KubeProxyIPVS(node: Self.node).walk(
                Self.port(nodePort: 30080), entry: .nodePort(nodeIP: "192.168.1.10"), source: .outside(ip: "203.0.113.9"),
                connection: 0))
        #expect(walk.markedBy?.chain == "KUBE-NODE-PORT")
        #expect(walk.walked.last?.rule.text.hasSuffix("-j MASQUERADE --random-fully") == true)
        #expect(walk.walked.last?.matched == true)
    }

    @Test func aHairpinIsMasqueradedByTheLoopBackSet() throws {
        let walk = try #require(
            KubeProxyIPVS(node: Self.node).walk(
                Self.port(), entry: .clusterIP, source: .pod(ip: "10.244.1.5"), connection: 0))
        #expect(walk.outcome == .dnat(destination: "10.244.1.5:8080", endpointChain: "TCP  10.96.0.20:80 rr"))
        #expect(walk.markedBy?.text.contains("KUBE-LOOP-BACK") == true)
    }

    @Test func noRealServerMeansRefused() throws {
        let walk = try #require(
            KubeProxyIPVS(node: Self.node).walk(
                Self.port(endpoints: []), entry: .clusterIP, source: .pod(ip: "10.244.1.9"), connection: 0))
        #expect(walk.outcome == .reject(reason: "TCP  10.96.0.20:80 rr has no real servers"))
    }
}
