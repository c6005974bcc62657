@testable import AppCore
import CellCanvas
import ClusterModel
import FlowEngine
import KubeText
import ProxyRules
import Testing

/// `view --node-rules`: flows the view plays walk the node's own dump, as `explain` does.
@Suite struct NodeRulesViewTests {
    @Test func aPlayedFlowWalksTheNodesDumpAndNamesTheDisagreement() throws {
        let parsed = DemoCluster.parse()
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let node = "worker-node1"
        var predicted = try FlowEngine(cluster: cluster).proxyState(onNode: node, options: NodeProxyOptions())
        // The node's kube-proxy has not synced the service's endpoints: its dump has none of them.
        predicted.ports = predicted.ports.map { port in
            var stale = port
            stale.endpoints = []
            return stale
        }
        let text = NodeRulesText.iptablesSave(predicted, family: .ipv4)
        let dump = try NodeRulesDump.read(text, source: "worker-node1.rules").get()

        var state = AppState(cluster: cluster, input: .demo, live: .ended, size: Size(width: 120, height: 40))
        let choice = FlowChoice(kind: .nodePort, target: nil, label: "")
        state.play(choice, request: 0)
        let walkedPredicted = try #require(state.playback?.flow)
        state.nodeRules = [node: NodeRulesInput(dump: dump, source: "worker-node1.rules")]
        state.play(choice, request: 0)
        let walkedDump = try #require(state.playback?.flow)
        let said = walkedDump.hops.flatMap(\.details).joined(separator: "\n")
        #expect(said.contains("worker-node1.rules"), "\(said)")
        #expect(walkedDump.hops.map(\.details) != walkedPredicted.hops.map(\.details))
    }
}
