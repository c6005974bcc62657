import ClusterModel
import FlowEngine
import Foundation
import KubeText
import ModelBuilders
import Testing

@testable import ProxyRules

/// `kubehops rules`' whole-node text for every sample and for generated clusters is real
/// `iptables-save` syntax: the real `iptables-restore --test` (ip6tables for IPv6) accepts it.
@Suite struct NodeRulesToolTests {
    static let packageRoot = ProxyRulesFixtures.dataDirectory
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var sampleNames: [String] {
        let directory = packageRoot.appendingPathComponent("samples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }

    static func cluster(sample name: String) throws -> Cluster {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("samples").appendingPathComponent(name), encoding: .utf8)
        let parsed = KubeText.parse(text, source: name)
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    /// Every node's text in every family of the cluster, with the node's name.
    static func texts(_ cluster: Cluster) throws -> [(node: String, family: IPPrefix.Family, text: String)] {
        let names = cluster.nodes.isEmpty ? ["some-node"] : cluster.nodes.map(\.name)
        var out: [(String, IPPrefix.Family, String)] = []
        for name in names {
            let state = try FlowEngine(cluster: cluster).proxyState(onNode: name)
            for family in state.families { out.append((name, family, NodeRulesText.iptablesSave(state, family: family))) }
        }
        return out
    }

    static func check(_ text: String, family: IPPrefix.Family, _ what: String) throws {
        let name = family == .ipv6 ? "ip6tables-restore" : "iptables-restore"
        guard let tool = RealTool.path(name) else {
            Issue.record("\(name) is not installed")
            return
        }
        let (status, errors) = try RealTool.run(tool, ["--test"], input: text)
        #expect(status == 0, "\(name) --test refused \(what): \(errors)")
    }

    static let toolsPresent = RealTool.path("iptables-restore") != nil && RealTool.path("ip6tables-restore") != nil

    @Test(
        .enabled(if: toolsPresent, "iptables-restore / ip6tables-restore not installed (apt-get install iptables)"),
        arguments: sampleNames)
    func everySampleNodesRulesAreAcceptedByIptablesRestore(sample: String) throws {
        let cluster = try Self.cluster(sample: sample)
        let texts = try Self.texts(cluster)
        #expect(!texts.isEmpty)
        for (node, family, text) in texts { try Self.check(text, family: family, "\(sample) node \(node)") }
    }

    @Test(.enabled(if: toolsPresent, "iptables-restore / ip6tables-restore not installed (apt-get install iptables)"))
    func generatedClustersAreAcceptedByIptablesRestore() throws {
        var shapes: Set<String> = []
        for seed in 1...12 {
            let cluster = GeneratedCluster(seed: UInt64(seed)).cluster
            for (node, family, text) in try Self.texts(cluster) {
                try Self.check(text, family: family, "generated cluster \(seed) node \(node)")
                if family == .ipv6 { shapes.insert("ipv6") }
                for shape in [":KUBE-FW-", ":KUBE-SVL-", "--rcheck", "-j REJECT", "KUBE-SVC-?", "-p udp"]
                where text.contains(shape) {
                    shapes.insert(shape)
                }
            }
        }
        #expect(shapes.count == 7, "generated shapes: \(shapes.sorted())")
    }

    /// The structure `iptables-save` prints: both tables, every chain used declared, one COMMIT each.
    @Test(arguments: 1...6)
    func everyChainUsedIsDeclaredInItsTable(seed: Int) throws {
        let cluster = GeneratedCluster(seed: UInt64(seed)).cluster
        for (_, _, text) in try Self.texts(cluster) {
            var declared: Set<String> = []
            var tables: [String] = []
            for line in text.split(separator: "\n") {
                if line.hasPrefix("*") { tables.append(String(line.dropFirst())); declared = [] }
                if line.hasPrefix(":") { declared.insert(String(line.dropFirst().prefix { $0 != " " })) }
                if line.hasPrefix("-A ") {
                    let words = line.split(separator: " ")
                    #expect(declared.contains(String(words[1])), "\(line)")
                    if let jump = words.firstIndex(of: "-j"), words[jump + 1].hasPrefix("KUBE-") {
                        #expect(declared.contains(String(words[jump + 1])), "\(line)")
                    }
                }
            }
            #expect(tables == ["filter", "nat"])
            #expect(text.components(separatedBy: "\nCOMMIT\n").count == 3)
        }
    }

    @Test func aClusterWithoutPodsHasTheCIDRRulesCommentedOutWithAPlaceholder() throws {
        var web = service("web", ns: "shop", clusterIP: "10.96.3.3", selector: nil)
        web.selector = [:]
        let cluster = Cluster(
            resources: resources(
                nodes: [node("n1", "192.168.1.10")], services: [web],
                endpoints: [endpoints("web", ns: "shop", ["10.244.1.5:8080", "10.244.2.6:8080"])]))
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: "n1")
        let text = NodeRulesText.iptablesSave(state, family: .ipv4)
        #expect(text.contains("# The cluster CIDR (kube-proxy's --cluster-cidr) is not known"))
        #expect(
            text.split(separator: "\n").contains {
                $0.hasPrefix("# -A KUBE-SVC-") && $0.contains(" ! -s <cluster CIDR> -d 10.96.3.3/32 ")
                    && $0.hasSuffix("-j KUBE-MARK-MASQ")
            })
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("-A") && $0.contains("<cluster CIDR>") })
        let given = try FlowEngine(cluster: cluster).proxyState(
            onNode: "n1", options: NodeProxyOptions(clusterCIDRs: ["10.244.0.0/16"]))
        #expect(NodeRulesText.iptablesSave(given, family: .ipv4).contains(" ! -s 10.244.0.0/16 -d 10.96.3.3/32 "))
    }

    @Test func anUnknownNodeIsRefusedWithTheNodesThatExist() throws {
        let cluster = GeneratedCluster(seed: 3).cluster
        #expect(throws: FlowError.self) { try FlowEngine(cluster: cluster).proxyState(onNode: "nope") }
    }
}
