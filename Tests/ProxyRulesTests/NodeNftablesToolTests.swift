import ClusterModel
import FlowEngine
import Foundation
import KubeText
import ModelBuilders
import Testing

@testable import ProxyRules

/// `kubehops rules --proxy-mode nftables` is real `nft` syntax (the real `nft -c -f` accepts every
/// node's table of every sample and generated cluster, in both generations), and `--proxy-mode ipvs`
/// reads back through IpvsadmParser as the same virtual and real servers the generator made.
@Suite struct NodeNftablesToolTests {
    /// `nft -c` needs CAP_NET_ADMIN even to check: as root it runs as is; otherwise in a new user and
    /// network namespace (`unshare -rn`), where the caller is root of an empty netns.
    static let nftCommand: (tool: String, prefix: [String])? = {
        guard let nft = RealTool.path("nft") else { return nil }
        if getuid() == 0 { return (nft, []) }
        guard let unshare = RealTool.path("unshare") else { return nil }
        return (unshare, ["-rn", nft])
    }()

    static func check(_ text: String, _ what: String) throws {
        guard let (tool, prefix) = nftCommand else {
            Issue.record("nft is not installed")
            return
        }
        let (status, errors) = try RealTool.run(tool, prefix + ["-c", "-f", "-"], input: text)
        #expect(status == 0, "nft -c -f refused \(what): \(errors)")
    }

    /// Every node's nft text in every family and both generations (1.34 and 1.36).
    static func texts(_ cluster: Cluster) throws -> [(what: String, text: String)] {
        let names = cluster.nodes.isEmpty ? ["some-node"] : cluster.nodes.map(\.name)
        var out: [(String, String)] = []
        for name in names {
            for version in ["1.34", "1.36"] {
                let options = NodeProxyOptions(kubeVersion: KubeVersion(version))
                let state = try FlowEngine(cluster: cluster).proxyState(onNode: name, options: options)
                for family in state.families {
                    out.append(("node \(name) \(version) \(family)", NodeRulesText.nftList(state, family: family)))
                }
            }
        }
        return out
    }

    static let nftPresent = nftCommand != nil

    @Test(.enabled(if: nftPresent, "nft not installed (apt-get install nftables)"), arguments: NodeRulesToolTests.sampleNames)
    func everySampleNodesTableIsAcceptedByNft(sample: String) throws {
        let texts = try Self.texts(try NodeRulesToolTests.cluster(sample: sample))
        #expect(!texts.isEmpty)
        for (what, text) in texts {
            #expect(text.contains("table ip") && text.contains(" kube-proxy {"))
            try Self.check(text, "\(sample) \(what)")
        }
    }

    @Test(.enabled(if: nftPresent, "nft not installed (apt-get install nftables)"))
    func generatedClustersAreAcceptedByNft() throws {
        var shapes: Set<String> = []
        for seed in 1...8 {
            for (what, text) in try Self.texts(GeneratedCluster(seed: UInt64(seed)).cluster) {
                try Self.check(text, "generated cluster \(seed) \(what)")
                for shape in [
                    "table ip6 ", "chain mark-for-masquerade", "set hairpin-connections", "chain firewall-",
                    "numgen random mod", "chain local-", "flags dynamic,timeout", "udp",
                ] where text.contains(shape) {
                    shapes.insert(shape)
                }
            }
        }
        #expect(shapes.count == 8, "generated shapes: \(shapes.sorted())")
    }

    @Test func theTableIsTheOneTheWalkUses() throws {
        let cluster = GeneratedCluster(seed: 2).cluster
        let name = try #require(cluster.nodes.first?.name)
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: name)
        let table = KubeProxyNftables(node: state.node, family: .ipv4).table(for: state.ports)
        #expect(NodeRulesText.nftList(state, family: .ipv4).hasSuffix(table.listing))
        #expect(NftListParser.recognises(Substring(table.listing)))
    }

    @Test func hiddenPortNamesGetAnNftIdentifierPlaceholder() throws {
        let ports = RealToolTests.hiddenNamePorts
        let node = ProxyNode(name: "n", localDetector: .clusterCIDR(["10.244.0.0/16"]))
        let listing = KubeProxyNftables(node: node).table(for: ports).listing
        #expect(listing.contains("chain service-_"))
        #expect(listing.contains("/tcp/port443-name-unknown"))
        if Self.nftPresent { try Self.check(listing, "hidden port names") }
    }

    @Test(arguments: 1...6)
    func ipvsadmListingReadsBackAsTheSameServers(seed: Int) throws {
        let cluster = GeneratedCluster(seed: UInt64(seed)).cluster
        let name = try #require(cluster.nodes.first?.name)
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: name)
        let text = NodeRulesText.ipvsadmList(state, families: state.families)
        let dump = IpvsadmParser.parse(text)
        #expect(dump.diagnostics.isEmpty, "\(dump.diagnostics)")
        let expected = state.families.flatMap { family in
            state.ports.flatMap { KubeProxyIPVS(node: state.node, family: family).virtualServers($0) }
        }
        #expect(!expected.isEmpty)
        let read = Set(dump.services.map { "\($0.protocol) \($0.address) \($0.scheduler ?? "") \($0.persistentSeconds ?? 0) "
            + $0.realServers.map { "\($0.address) \($0.forward ?? "") \($0.weight ?? 0)" }.joined(separator: ",") })
        let made = Set(expected.map { "\($0.protocol) \($0.hostPortText) rr \($0.persistence ?? 0) "
            + $0.realServers.map { "\($0) Masq 1" }.joined(separator: ",") })
        #expect(read == made)
        #expect(dump.services.count == expected.count)
    }
}
