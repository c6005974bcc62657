import ClusterModel
import FlowEngine
import ProxyRules
import Testing

/// A node's own rules dump tells kube-proxy's mode: without `--proxy-mode` the flow takes the dump's mode as
/// detected (and labels the hop with it); a chosen mode stays chosen, and the dump's own mode is said.
@Suite struct NodeRulesModeTests {
    static func flow(_ given: NodeRulesInput, mode: Dataplane?) throws -> Flow {
        var engine = FlowEngine(cluster: NodeRulesWalkTests.nftCluster())
        engine.nodeRules = ["test-node": given]
        return try engine.flow(
            .clusterIP, target: "ns4/svc4", request: 0,
            options: FlowOptions(clientPod: "ns4/client", includeReply: false, proxyMode: mode))
    }

    static func dnat(_ flow: Flow) throws -> Hop { try #require(flow.hops.first { $0.rewrite == .dnat }) }

    @Test func anNftDumpMakesTheFlowNftablesDetected() throws {
        let file = "dumps/overall.nft-list-table"
        let flow = try Self.flow(try NodeRulesWalkTests.dump(file), mode: nil)
        let mode = try #require(flow.proxyMode)
        #expect(mode.mode == .nftables && mode.source == .detected, "\(mode)")
        #expect(mode.evidence.contains("\(file) is an nft listing from test-node"), "\(mode.evidence)")
        #expect(mode.label == "nftables (detected)")
        let dnat = try Self.dnat(flow)
        #expect(dnat.actor == .kubeProxyRules(node: "test-node", dataplane: .nftables), "\(dnat.actor)")
        #expect(!dnat.sentence.contains("iptables"), "\(dnat.sentence)")
        #expect(!dnat.details.joined().contains("not iptables"), "no mode disagreement when the dump decided")
    }

    @Test func anIpvsadmListingMakesTheFlowIPVSDetected() throws {
        let flow = try Self.flow(try NodeRulesWalkTests.dump("dumps/kubernetes-readme.ipvsadm"), mode: nil)
        #expect(flow.proxyMode?.mode == .ipvs && flow.proxyMode?.source == .detected)
    }

    /// `nft list ruleset` of a node whose kube-proxy runs iptables mode through iptables-nft: iptables, detected.
    @Test func anNftRulesetOfIptablesNftTablesMakesTheFlowIptablesDetected() throws {
        let file = "dumps/kind-worker2-iptables-nft.nft-list-ruleset"
        let flow = try Self.flow(try NodeRulesWalkTests.dump(file), mode: nil)
        #expect(flow.proxyMode?.mode == .iptables && flow.proxyMode?.source == .detected, "\(flow)")
        #expect(flow.proxyMode?.evidence.contains("an nft listing of iptables-nft tables") == true)
        // The listing's iptables rules are walked: it has no rule for ns4/svc4, which is said.
        let hop = try #require(flow.hops.first { $0.details.contains { $0.contains("read as iptables rules") } })
        #expect(hop.handledBy == .kubeProxyRules(node: "test-node", dataplane: .iptables), "\(hop)")
        #expect(hop.details.contains { $0.hasPrefix("Missing service: test-node's KUBE-SERVICES has no rule for") })
    }

    @Test func aChosenModeStaysChosenAndTheDumpsModeIsSaid() throws {
        let file = "dumps/overall.nft-list-table"
        let flow = try Self.flow(try NodeRulesWalkTests.dump(file), mode: .iptables)
        #expect(flow.proxyMode?.mode == .iptables && flow.proxyMode?.source == .option)
        let dnat = try Self.dnat(flow)
        // The rules walked are the node's nft table, so the hop is labelled with nftables all the same.
        #expect(dnat.actor == .kubeProxyRules(node: "test-node", dataplane: .nftables), "\(dnat.actor)")
        let said = dnat.details.joined(separator: "\n")
        #expect(said.contains("test-node's kube-proxy runs in nftables mode, not iptables as chosen"), "\(said)")
    }

    @Test func dumpsOfTwoModesDecideNothing() throws {
        var engine = FlowEngine(cluster: NodeRulesWalkTests.nftCluster())
        engine.nodeRules = [
            "test-node": try NodeRulesWalkTests.dump("dumps/overall.nft-list-table"),
            "other-node": try NodeRulesWalkTests.dump("dumps/kind-worker2.iptables-save"),
        ]
        let flow = try engine.flow(
            .clusterIP, target: "ns4/svc4", request: 0, options: FlowOptions(clientPod: "ns4/client"))
        #expect(flow.proxyMode?.source == .assumed, "\(String(describing: flow.proxyMode))")
        let said = try Self.dnat(flow).details.joined(separator: "\n")
        #expect(said.contains("runs in nftables mode, not iptables as the flow assumed"), "\(said)")
    }
}
