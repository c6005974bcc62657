import ClusterModel
import Testing

@testable import ProxyRules

@Suite struct IptablesWalkTests {
    let generator = ProxyRulesFixtures.overallGenerator
    func port(_ namespace: String) -> ServicePortSpec {
        ProxyRulesFixtures.overallServices.first { $0.service.namespace == namespace }!
    }

    @Test func podToClusterIPWalksTheWholeLadderAndTheMatchedRule() throws {
        let walk = try #require(
            generator.walk(
                port("ns4"), entry: .clusterIP, source: .pod(ip: "10.0.1.5"),
                draws: [0.71]))
        #expect(walk.result.outcome == .dnat(destination: "10.180.0.5:80", endpointChain: "KUBE-SEP-C6EBXVWJJZMIWKLZ"))
        #expect(walk.endpointIndex == 1)
        let svc = walk.result.walked.filter { $0.rule.chain == "KUBE-SVC-4SW47YFZTEDKD3PK" }
        #expect(svc.map(\.matched) == [false, false, true])
        #expect(svc[0].whyNot == "source 10.0.1.5 is in 10.0.0.0/8")
        #expect(svc[1].whyNot == "probability 0.50000000000 not drawn (draw 0.71)")
        #expect(svc[1].rule.text.hasSuffix("--probability 0.50000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC"))
        #expect(walk.result.walked.first?.rule.chain == "PREROUTING")
        #expect(walk.result.markedForMasqueradeBy == nil)
        #expect(walk.result.masqueradedBy == nil)
        // Other services' KUBE-SERVICES rules are not listed: they are for other destinations.
        #expect(!walk.result.walked.contains { $0.rule.text.contains("ns1/svc1") })
    }

    @Test func outsideClientToNodePortIsMarkedInKubeExtAndMasqueraded() throws {
        let walk = try #require(
            generator.walk(
                port("ns3"), entry: .nodePort(nodeIP: "192.168.0.2"),
                source: .outside(ip: "198.51.100.9")))
        #expect(walk.result.outcome == .dnat(destination: "10.180.0.3:80", endpointChain: "KUBE-SEP-OYPFS5VJICHGATKP"))
        let chains = walk.result.walked.filter(\.matched).map(\.rule.chain)
        #expect(
            chains.starts(with: [
                "PREROUTING", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXT-X27LE4BHSL4DOUIK",
                "KUBE-MARK-MASQ", "KUBE-EXT-X27LE4BHSL4DOUIK", "KUBE-SVC-X27LE4BHSL4DOUIK",
            ]))
        #expect(walk.result.markedForMasqueradeBy?.text.contains("masquerade traffic for ns3/svc3:p80") == true)
        #expect(walk.result.masqueradedBy?.text.hasSuffix("-j MASQUERADE") == true)
        #expect(walk.result.walked.contains { $0.rule.chain == "KUBE-FORWARD" && $0.matched })
    }

    @Test func localPolicyWithoutLocalEndpointDropsOutsideClientsButShortCircuitsPods() throws {
        let outside = try #require(
            generator.walk(
                port("ns2"), entry: .loadBalancer(ip: "1.2.3.4"),
                source: .outside(ip: "198.51.100.9")))
        #expect(outside.result.outcome == .drop(reason: "ns2/svc2:p80 has no local endpoints"))
        #expect(!outside.result.walked.contains { $0.rule.chain == "KUBE-SVL-GNZBNJ2PO5MGZ6GT" })
        let pod = try #require(
            generator.walk(
                port("ns2"), entry: .loadBalancer(ip: "1.2.3.4"),
                source: .pod(ip: "10.0.3.3")))
        #expect(pod.result.outcome == .dnat(destination: "10.180.0.2:80", endpointChain: "KUBE-SEP-RS4RBKLTHTF2IUXJ"))
        #expect(pod.result.walked.contains { $0.matched && $0.rule.text.contains("pod traffic for ns2/svc2:p80") })
        let node = try #require(
            generator.walk(
                port("ns2"), entry: .nodePort(nodeIP: "192.168.0.2"),
                source: .node(ip: "192.168.0.2")))
        #expect(node.result.markedForMasqueradeBy?.text.contains("masquerade LOCAL traffic") == true)
        #expect(node.result.walked.first?.rule.chain == "OUTPUT")
    }

    @Test func noEndpointsIsRejectedByTheFilterTable() throws {
        let walk = try #require(generator.walk(port("ns6"), entry: .clusterIP, source: .pod(ip: "10.0.1.5")))
        #expect(walk.result.outcome == .reject(reason: "ns6/svc6:p80 has no endpoints"))
        #expect(!walk.result.walked.contains { $0.rule.table == "nat" && $0.rule.chain.hasPrefix("KUBE-SVC-") })
        let reject = walk.result.walked.last { $0.matched }
        #expect(reject?.rule.table == "filter")
        #expect(reject?.rule.text.hasSuffix("-j REJECT --reject-with icmp-port-unreachable") == true)
    }

    @Test func sourceRangesLetListedClientsInAndTheFirewallDropsTheRest() throws {
        let allowed = try #require(
            generator.walk(
                port("ns5"), entry: .loadBalancer(ip: "5.6.7.8"),
                source: .outside(ip: "203.0.113.5")))
        #expect(allowed.endpointIndex == 0)
        let denied = try #require(
            generator.walk(
                port("ns5"), entry: .loadBalancer(ip: "5.6.7.8"),
                source: .outside(ip: "198.51.100.1")))
        #expect(
            denied.result.outcome
                == .drop(reason: "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C"))
        #expect(denied.result.walked.contains { $0.whyNot == "source 198.51.100.1 is not in 203.0.113.0/25" })
    }

    @Test func affinityHitJumpsStraightToTheRememberedEndpoint() throws {
        let first = try #require(generator.walk(port("ns5"), entry: .clusterIP, source: .pod(ip: "10.0.1.5")))
        #expect(first.result.affinityRecorded == ["KUBE-SEP-I77PXRDZVX7PMWMN"])
        let rcheck = first.result.walked.first { $0.rule.text.contains("--rcheck") }
        #expect(rcheck?.matched == false)
        #expect(rcheck?.whyNot == "no affinity entry for 10.0.1.5 in KUBE-SEP-I77PXRDZVX7PMWMN")
        let again = try #require(
            generator.walk(
                port("ns5"), entry: .clusterIP, source: .pod(ip: "10.0.1.5"),
                affinityEndpoint: 0))
        #expect(again.result.walked.first { $0.rule.text.contains("--rcheck") }?.matched == true)
    }

    @Test func hairpinToItselfIsMasqueradedByTheSepRule() throws {
        let walk = try #require(generator.walk(port("ns1"), entry: .clusterIP, source: .pod(ip: "10.180.0.1")))
        #expect(
            walk.result.markedForMasqueradeBy?.text
                == "-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment \"ns1/svc1:p80\" -j KUBE-MARK-MASQ"
        )
        #expect(walk.result.masqueradedBy != nil)
    }

    @Test func nodeProcessToClusterIPIsMasqueradedByTheNotPodCIDRRule() throws {
        let walk = try #require(generator.walk(port("ns1"), entry: .clusterIP, source: .node(ip: "192.168.0.2")))
        #expect(
            walk.result.markedForMasqueradeBy?.text.hasPrefix("-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8") == true)
        #expect(walk.result.outcome == .dnat(destination: "10.180.0.1:80", endpointChain: "KUBE-SEP-SXIVWICOYRO3J4NJ"))
    }
}
