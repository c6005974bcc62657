import ClusterModel
import Foundation
import Testing

@testable import ProxyRules

/// `rules --compare` on an nftables node: a listing of the predicted table compares equal, an older
/// kube-proxy's real table differs where that version writes other rules, and each kind of drift made in
/// a listing is found once, in its service, with its cause.
@Suite struct NftablesComparisonTests {
    static func node(_ version: String, podRange: Bool = true) -> ProxyNode {
        ProxyNode(
            name: "test-node", kubeVersion: KubeVersion(version),
            localDetector: podRange ? .clusterCIDR(["10.0.0.0/8"]) : nil, addresses: ["192.168.0.2"])
    }

    /// The node's real listing made from `real` services, compared with the prediction for `expected`.
    static func compare(
        _ expected: [ServicePortSpec], _ real: [ServicePortSpec], version: String = "v1.33.0",
        edit: (String) -> String = { $0 }
    ) -> RulesComparison {
        let generator = KubeProxyNftables(node: node(version))
        let listing = edit(generator.table(for: real).listing)
        return NftablesComparison.compare(
            expected: generator.table(for: expected), dump: NftListParser.parse(listing, source: "node.nft"),
            node: "test-node")
    }

    static func differences(_ comparison: RulesComparison, _ service: String?) -> [RulesDifference] {
        comparison.groups.first { $0.service == service }?.differences ?? []
    }

    @Test(arguments: ["v1.33.0", "v1.36.0"])
    func theListingOfThePredictedTableComparesEqual(_ version: String) {
        let services = ProxyRulesFixtures.overallServices
        let comparison = Self.compare(services, services, version: version)
        #expect(comparison.isSame, "\(comparison.groups)")
        #expect(comparison.notCompared.isEmpty)
    }

    /// TestOverallNFTablesRules' table as nft lists it is an older proxier's (before 1.33: cluster-ips-check
    /// jumped to from filter-output, no `tcp dport` in the masquerade rule, no comments on firewall elements):
    /// exactly those show, node-wide and per service, and nothing else. Its drop of unallocated ClusterIPs
    /// (ServiceCIDR 172.30.0.0/16) is the prediction's too.
    @Test func anOlderKubeProxysRealTableDiffersWhereThatVersionWritesOtherRules() throws {
        let dump = NftListParser.parse(try ProxyRulesFixtures.text("dumps/overall.nft-list-table"), source: "x")
        let table = KubeProxyNftables(node: NftablesGeneratorTests.overallNode)
            .table(for: ProxyRulesFixtures.overallServices)
        let comparison = NftablesComparison.compare(expected: table, dump: dump, node: "test-node")
        let nodeWide = Self.differences(comparison, nil)
        #expect(nodeWide.contains { $0.chain == "filter-output" && $0.mark == "+" && $0.line != nil })
        #expect(!nodeWide.contains { $0.chain == "cluster-ips-check" }, "\(nodeWide)")
        #expect(nodeWide.allSatisfy { $0.cause.contains("--kube-version") })
        for (index, service) in ["ns1/svc1", "ns2/svc2", "ns3/svc3", "ns4/svc4", "ns5/svc5"].enumerated() {
            let masquerade = Self.differences(comparison, service).filter { $0.detail.contains("mark-for-masquerade") }
            #expect(masquerade.map(\.mark) == ["+", "-"], "\(service)")
            #expect(masquerade.last?.detail.contains("tcp dport 80 ip saddr != 10.0.0.0/8") == true)
            #expect(masquerade.first?.detail.contains("172.30.0.4\(index + 1) ip saddr") == true)
        }
        #expect(!comparison.groups.contains { $0.service == "ns6/svc6" })
    }

    /// The drop of unallocated ClusterIPs (1.33+) against a real table: without the ServiceCIDRs the prediction's
    /// placeholder takes the dump's rule and says its CIDRs; a kube-proxy before 1.33 writes none, so the dump's
    /// rule is a difference; a wrong --service-cidr is a changed rule.
    @Test func theUnallocatedDropIsLearntWhenTheServiceCIDRsAreNotKnown() throws {
        let dump = NftListParser.parse(try ProxyRulesFixtures.text("dumps/overall.nft-list-table"), source: "x")
        func compare(_ version: String, _ cidrs: [String]) -> RulesComparison {
            var node = NftablesGeneratorTests.overallNode
            node.kubeVersion = KubeVersion(version)
            node.serviceCIDRs = cidrs
            let table = KubeProxyNftables(node: node, generation: .endpointChains)
                .table(for: ProxyRulesFixtures.overallServices)
            return NftablesComparison.compare(expected: table, dump: dump, node: "test-node")
        }
        let unknown = compare("v1.34.0", [])
        #expect(!Self.differences(unknown, nil).contains { $0.chain == "cluster-ips-check" })
        #expect(unknown.notes.contains { $0.contains("ServiceCIDRs are 172.30.0.0/16") && $0.contains("--service-cidr") })
        let older = Self.differences(compare("v1.32.0", []), nil).filter { $0.chain == "cluster-ips-check" }
        #expect(older.map(\.mark) == ["+"])
        #expect(older.first?.detail.contains("drop comment \"Drop traffic to unallocated ClusterIPs\"") == true)
        let wrong = Self.differences(compare("v1.34.0", ["10.96.0.0/12"]), nil).filter { $0.chain == "cluster-ips-check" }
        #expect(wrong.map(\.mark).sorted() == ["+", "-"], "\(wrong)")
    }

    @Test func aStaleEndpointIsOneEndpointAndTheNumgenRuleFollows() {
        var stale = ProxyRulesFixtures.overallServices
        stale[3].endpoints.append(EndpointSpec(ip: "10.180.0.9", port: 80))
        let svc4 = Self.differences(Self.compare(ProxyRulesFixtures.overallServices, stale), "ns4/svc4")
        let endpoint = svc4.filter { $0.kind == .endpointOnlyInDump }
        #expect(endpoint.map(\.detail) == ["endpoint 10.180.0.9:80"])
        #expect(endpoint.first?.cause.hasPrefix("Stale") == true)
        #expect(endpoint.first?.line != nil)
        let numgen = svc4.filter { $0.kind == .probability }
        #expect(numgen.map(\.detail) == ["numgen random mod 3 in the dump, mod 2 predicted"])
        #expect(svc4.count == 2, "\(svc4)")
    }

    /// 1.36+ writes the endpoints into the service chain's `dnat … numgen … map`: the endpoint is still told.
    @Test func anInlinedLayoutsMissingEndpointIsToldFromTheDnatMap() {
        var missing = ProxyRulesFixtures.overallServices
        let gone = missing[3].endpoints.removeLast()
        let svc4 = Self.differences(
            Self.compare(ProxyRulesFixtures.overallServices, missing, version: "v1.36.0"), "ns4/svc4")
        #expect(svc4.filter { $0.kind == .endpointOnlyExpected }.map(\.detail) == ["endpoint \(gone.ip):80"])
        #expect(svc4.contains { $0.detail == "numgen random mod 1 in the dump, mod 2 predicted" })
    }

    @Test func aServiceOnOneSideIsOneDifference() {
        var real = ProxyRulesFixtures.overallServices
        let removed = real.remove(at: 0)
        var extra = removed
        extra.service = ProxyRulesFixtures.key("ns9", "gone")
        extra.clusterIPs = ["172.30.0.99"]
        real.append(extra)
        let comparison = Self.compare(ProxyRulesFixtures.overallServices, real)
        let missing = Self.differences(comparison, "ns1/svc1")
        #expect(missing.map(\.kind) == [.serviceOnlyExpected], "\(missing)")
        let stale = Self.differences(comparison, "ns9/gone")
        #expect(stale.map(\.kind) == [.serviceOnlyInDump], "\(stale)")
        #expect(stale.first?.cause.contains("not in the kubectl input") == true)
        #expect(Self.differences(comparison, nil).isEmpty, "\(Self.differences(comparison, nil))")
    }

    @Test func aChangedRuleIsAPairInItsService() {
        let comparison = Self.compare(ProxyRulesFixtures.overallServices, ProxyRulesFixtures.overallServices) {
            $0.replacingOccurrences(of: "ip daddr 172.30.0.41 tcp dport 80", with: "ip daddr 172.30.0.41 tcp dport 81")
        }
        let svc1 = Self.differences(comparison, "ns1/svc1")
        #expect(svc1.map(\.mark) == ["+", "-"], "\(svc1)")
        #expect(svc1.allSatisfy { $0.cause.hasPrefix("The service's settings differ") })
    }

    @Test func affinitySetsAreRuntimeStateAndNeverCompared() {
        var edited = false
        let comparison = Self.compare(ProxyRulesFixtures.overallServices, ProxyRulesFixtures.overallServices) {
            let seen = $0.replacingOccurrences(
                of: "flags dynamic,timeout\n\t\ttimeout 3h",
                with: "flags dynamic,timeout\n\t\ttimeout 3h\n\t\telements = { 203.0.113.7 expires 2h59m }")
            edited = seen != $0
            return seen
        }
        #expect(edited)
        #expect(comparison.isSame, "\(comparison.groups)")
    }

    @Test func aListingWithoutKubeProxysTableSaysWhichModeToCompare() {
        let comparison = Self.compare(ProxyRulesFixtures.overallServices, []) { _ in
            "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n"
        }
        #expect(comparison.groups.first?.differences.map(\.kind) == [.otherMode])
        #expect(comparison.groups.first?.differences.first?.cause.contains("--proxy-mode iptables") == true)
        #expect(comparison.notCompared.map(\.owner) == ["other tools"])
    }

    /// Without --cluster-cidr the prediction cannot write the rules that tell pod traffic by its range:
    /// the node's are learnt from, not differences.
    @Test func thePodRangeIsLearntFromTheDumpWhenTheInputCannotTellIt() {
        let services = ProxyRulesFixtures.overallServices
        let listing = KubeProxyNftables(node: Self.node("v1.33.0")).table(for: services).listing
        let blind = KubeProxyNftables(node: Self.node("v1.33.0", podRange: false)).table(for: services)
        let comparison = NftablesComparison.compare(
            expected: blind, dump: NftListParser.parse(listing, source: "node.nft"), node: "test-node",
            podRangeKnown: false)
        #expect(Self.differences(comparison, nil).isEmpty, "\(Self.differences(comparison, nil))")
        #expect(comparison.notes.contains { $0.contains("10.0.0.0/8") })
    }
}
