import ClusterModel
import Testing

@testable import ProxyRules

/// Connections walked through kube-proxy's nftables table as netfilter runs it.
@Suite struct NftablesWalkTests {
    static let node = ProxyNode(
        name: "n1", kubeVersion: KubeVersion("v1.34.0"), localDetector: .clusterCIDR(["10.244.0.0/16"]),
        addresses: ["192.168.1.10"])

    static func port(
        endpoints: [EndpointSpec], nodePort: Int? = nil, local: Bool = false, affinity: Int? = nil
    ) -> ServicePortSpec {
        ServicePortSpec(
            service: ProxyRulesFixtures.key("shop", "web"), portName: .named("http"), port: 80,
            clusterIPs: ["10.96.0.20"], nodePort: nodePort, externalTrafficPolicyLocal: local,
            affinityTimeoutSeconds: affinity, endpoints: endpoints)
    }

    static let two = [
        EndpointSpec(ip: "10.244.1.5", port: 8080, nodeName: "n1"), EndpointSpec(ip: "10.244.2.7", port: 8080, nodeName: "n2"),
    ]

    @Test func numgenDrawsOneSlotPerEndpoint() throws {
        let walk = try #require(
            KubeProxyNftables(node: Self.node).walk(
                Self.port(endpoints: Self.two), entry: .clusterIP, source: .pod(ip: "10.244.1.9"), draws: [0.7]))
        #expect(walk.outcome == .dnat(destination: "10.244.2.7:8080", endpointChain: "endpoint-"
            + NftablesNames.endpointBase(Self.port(endpoints: Self.two), Self.two[1])!))
        #expect(walk.endpointIndex == 1)
        #expect(walk.slot?.drawn == 1 && walk.slot?.count == 2)
        #expect(walk.markedBy == nil)
        #expect(walk.walked.contains { $0.matched && $0.rule.text.hasPrefix("numgen random mod 2 vmap { 0 : goto ") })
    }

    @Test func theSecondGenerationDNATsInTheServiceChainAndCatchesHairpins() throws {
        let generator = KubeProxyNftables(node: Self.node, generation: .inlined)
        let walk = try #require(
            generator.walk(
                Self.port(endpoints: Self.two), entry: .clusterIP, source: .pod(ip: "10.244.1.5"), draws: [0.1]))
        #expect(walk.outcome == .dnat(destination: "10.244.1.5:8080", endpointChain: "service-"
            + NftablesNames.serviceBase(Self.port(endpoints: Self.two))!))
        #expect(walk.markedBy?.text.contains("@hairpin-connections") == true)
        #expect(walk.walked.contains {
            $0.matched && $0.rule.text == "meta l4proto tcp dnat ip to numgen random mod 2 map { 0 : 10.244.1.5 . 8080, "
                + "1 : 10.244.2.7 . 8080 }"
        })
        #expect(!walk.walked.contains { $0.rule.chain.hasPrefix("endpoint-") })
    }

    @Test func noEndpointsIsRejectedByTheFilterChains() throws {
        let walk = try #require(
            KubeProxyNftables(node: Self.node).walk(
                Self.port(endpoints: []), entry: .clusterIP, source: .pod(ip: "10.244.1.9")))
        #expect(walk.outcome == .reject(reason: "shop/web:http has no endpoints"))
        #expect(walk.walked.contains { $0.matched && $0.rule.chain == "no-endpoint-services" })
    }

    @Test func aLocalPolicyWithoutALocalEndpointDropsTheNodePort() throws {
        let remote = [EndpointSpec(ip: "10.244.2.7", port: 8080, nodeName: "n2")]
        let walk = try #require(
            KubeProxyNftables(node: Self.node).walk(
                Self.port(endpoints: remote, nodePort: 30080, local: true), entry: .nodePort(nodeIP: "192.168.1.10"),
                source: .outside(ip: "203.0.113.10")))
        #expect(walk.outcome == .drop(reason: "shop/web:http has no local endpoints"))
        #expect(walk.noLocalEndpointsDrop == true)
    }

    @Test func affinityGoesStraightToTheRememberedEndpoint() throws {
        let spec = Self.port(endpoints: Self.two, affinity: 600)
        let walk = try #require(
            KubeProxyNftables(node: Self.node).walk(
                spec, entry: .clusterIP, source: .pod(ip: "10.244.1.9"), draws: [0.1], affinityEndpoint: 1))
        #expect(walk.endpointIndex == 1)
        #expect(walk.slot == nil)
        #expect(walk.walked.contains { $0.matched && $0.rule.text.contains("update @affinity-") })
    }
}
