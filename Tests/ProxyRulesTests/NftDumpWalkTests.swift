import ClusterModel
import Testing

@testable import ProxyRules

/// A node's own `nft list table ip kube-proxy` walked instead of the prediction: every rule kube-proxy writes
/// is read back into what the walk tests, and the walk takes the dump's chains, numgen and endpoints.
@Suite struct NftDumpWalkTests {
    static let detectors: [LocalDetector?] = [
        .clusterCIDR(["10.0.0.0/8"]), .bridgeInterface("cni0"), .interfaceNamePrefix("veth"), nil,
    ]

    /// kube-proxy's own services (ProxyRulesFixtures.overallServices) in both generations and every local
    /// detector, with one ServiceCIDR, two or none (the drop of unallocated ClusterIPs as a bare prefix, a set,
    /// a placeholder): the listing parsed back and read gives the generator's own conditions and actions.
    @Test(arguments: [NftablesGeneration.endpointChains, .inlined], detectors)
    func everyRuleTheGeneratorWritesIsReadBack(generation: NftablesGeneration, detector: LocalDetector?) throws {
        let serviceCIDRs = detector == nil ? [] : generation == .inlined ? ["172.30.0.0/16", "10.96.0.0/12"] : ["172.30.0.0/16"]
        let node = ProxyNode(
            name: "test-node", kubeVersion: KubeVersion("v1.34.0"), localDetector: detector,
            addresses: ["192.168.0.2"], serviceCIDRs: serviceCIDRs)
        let predicted = KubeProxyNftables(node: node, generation: generation)
            .table(for: ProxyRulesFixtures.overallServices)
        let listed = try #require(NftListParser.parse(predicted.listing, source: "t").kubeProxyTable())
        let read = try #require(NftablesTable(listed: listed))
        #expect(read.chains.map(\.name) == predicted.chains.map(\.name))
        for chain in predicted.chains {
            let back = read.chain(chain.name)?.rules ?? []
            #expect(back.map(\.text) == chain.rules.map(\.text))
            for (ours, theirs) in zip(back, chain.rules) {
                let conditions = ours.conditions.filter { if case .l4proto = $0 { false } else { true } }
                #expect(conditions == theirs.conditions, "\(theirs.text)")
                #expect(ours.action == theirs.action, "\(theirs.text)")
            }
        }
        for set in predicted.sets {
            #expect(read.set(set.name)?.elements == set.elements)
            #expect(read.set(set.name)?.verdicts == set.verdicts, "\(set.name)")
        }
    }

    /// Real listings (origins in Tests/Data/ProxyRules/SOURCES): no word of any rule is left unread.
    @Test(arguments: ["dumps/overall.nft-list-table", "nftables/v1.36-kproxy-lab.nft"])
    func everyRuleOfARealListingIsRead(file: String) throws {
        let dump = NftListParser.parse(try ProxyRulesFixtures.text(file), source: file)
        let table = try #require(ObservedNftables.tables(of: dump).first)
        for rule in table.chains.flatMap(\.rules) {
            #expect(!rule.conditions.contains { if case .unread = $0 { true } else { false } }, "\(rule.text)")
            #expect(rule.action != .none, "\(rule.text)")
            #expect(rule.line != nil)
        }
    }

    /// The input says ns4/svc4 has three endpoints; the node's table (kube-proxy's own test table, listed by
    /// nft) has two: the walk draws numgen mod 2 over the dump's endpoint chains and says each rule's line.
    @Test func theWalkTakesTheDumpsChainsNumgenAndEndpoints() throws {
        let file = "dumps/overall.nft-list-table"
        let text = try ProxyRulesFixtures.text(file)
        let dump = NftListParser.parse(text, source: file)
        let observed = ObservedNftables(table: try #require(ObservedNftables.tables(of: dump).first), source: file)
        let port = ServicePortSpec(
            service: ProxyRulesFixtures.key("ns4", "svc4"), portName: .named("p80"), port: 80,
            clusterIPs: ["172.30.0.44"],
            endpoints: [
                EndpointSpec(ip: "10.180.0.4", port: 80), EndpointSpec(ip: "10.180.0.6", port: 80),
                EndpointSpec(ip: "10.180.0.7", port: 80),
            ])
        let node = ProxyNode(
            name: "test-node", kubeVersion: KubeVersion("v1.34.0"), localDetector: .clusterCIDR(["10.0.0.0/8"]),
            addresses: ["192.168.0.2"])
        let walk = try #require(
            KubeProxyNftables(node: node).walk(
                port, entry: .clusterIP, source: .pod(ip: "10.1.0.9"), draws: [0.7], observed: observed))
        #expect(walk.slot?.count == 2 && walk.slot?.drawn == 1)
        #expect(walk.outcome == .dnat(
            destination: "10.180.0.5:80", endpointChain: "endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80"))
        #expect(walk.endpointIndex == nil, "10.180.0.5 is only in the dump")
        let dnatLine = try #require(
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.hasSuffix("meta l4proto tcp dnat to 10.180.0.5:80") }) + 1
        let dnat = try #require(walk.walked.first { $0.matched && $0.rule.text.contains("dnat to 10.180.0.5:80") })
        #expect(dnat.provenance == .observed("\(file):\(dnatLine)"))
        #expect(walk.walked.contains { $0.matched && $0.rule.text.hasPrefix("numgen random mod 2 vmap") })
    }

    /// ClientIP affinity from the dump's own sets: a later connection is found in the set the first filled.
    @Test func affinityFollowsTheDumpsSets() throws {
        let dump = NftListParser.parse(try ProxyRulesFixtures.text("dumps/overall.nft-list-table"), source: "d")
        let observed = ObservedNftables(table: try #require(ObservedNftables.tables(of: dump).first), source: "d")
        let port = ServicePortSpec(
            service: ProxyRulesFixtures.key("ns5", "svc5"), portName: .named("p80"), port: 80,
            clusterIPs: ["172.30.0.45"], endpoints: [EndpointSpec(ip: "10.180.0.3", port: 80)])
        let generator = KubeProxyNftables(node: ProxyNode(name: "test-node", addresses: ["192.168.0.2"]))
        let first = try #require(
            generator.walk(port, entry: .clusterIP, source: .pod(ip: "10.1.0.9"), observed: observed))
        #expect(first.affinitySet == "affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80")
        let later = try #require(
            generator.walk(
                port, entry: .clusterIP, source: .pod(ip: "10.1.0.9"), affinitySet: first.affinitySet,
                observed: observed))
        #expect(later.slot == nil)
        #expect(later.walked.contains { $0.matched && $0.rule.text.hasPrefix("ip saddr @affinity-GTK6MW7G") })
    }

    /// A word kubehops does not read makes the rule one the walk does not take, and says so.
    @Test func anUnreadWordIsNeverAGuess() {
        let rule = NftRuleReader.rule("ip daddr 10.96.0.1 meta skuid 0 jump x", chain: "c", line: 3)
        #expect(rule.conditions.contains(.unread("meta skuid 0")))
        let counted = NftRuleReader.rule(
            "ip daddr 10.96.0.1 counter packets 4 bytes 240 goto service-x comment \"a b\"", chain: "c", line: 1)
        #expect(counted.conditions == [.daddr(IPPrefix("10.96.0.1")!)])
        #expect(counted.action == .goto("service-x"))
    }
}
