import ClusterModel
import FlowEngine
import Foundation
import KubeText
import TestSupport
import Testing

@testable import ProxyRules

/// `rules --compare`: real dumps of known origin compare equal to their prediction, and each kind of
/// drift made in a generated dump is found once, in its service, with its cause.
@Suite struct RulesComparisonTests {
    static func dump(_ text: String) -> IptablesDump { IptablesSaveParser.parse(text, source: "node.dump") }

    static func compare(_ expected: [ServicePortSpec], _ real: [ServicePortSpec], edit: (String) -> String = { $0 })
        -> RulesComparison
    {
        let generator = ProxyRulesFixtures.overallGenerator
        let text = edit(generator.ruleset(for: real).saveText)
        return IptablesComparison.compare(
            expected: generator.ruleset(for: expected), dump: dump(text), node: "test-node")
    }

    static func differences(_ comparison: RulesComparison, _ service: String?) -> [RulesDifference] {
        comparison.groups.first { $0.service == service }?.differences ?? []
    }

    /// kube-proxy's own expected iptables-restore input of TestOverallIPTablesRules, restored and saved
    /// by the real iptables: every service compares equal. That input lacks only the jumps from the
    /// built-in chains (kube-proxy adds them with `iptables -I`, outside the restore), so exactly those
    /// are found missing, as node-wide rules.
    @Test func kubeProxysOwnRulesCompareEqualToThePrediction() throws {
        let real = Self.dump(try ProxyRulesFixtures.text("iptables/overall.save"))
        let generator = ProxyRulesFixtures.overallGenerator
        let comparison = IptablesComparison.compare(
            expected: generator.ruleset(for: ProxyRulesFixtures.overallServices), dump: real, node: "test-node")
        #expect(comparison.groups.map(\.service) == [nil], "\(comparison.groups)")
        let jumps = KubeProxyIptables.jumpRules(family: .ipv4).map(\.rule).filter { $0.target != .jump("KUBE-FIREWALL") }
        let missing = Self.differences(comparison, nil)
        #expect(missing.allSatisfy { $0.kind == .ruleOnlyExpected })
        #expect(Set(missing.map(\.detail)) == Set(jumps.map { IptablesSaveFormat.line($0) }))
        #expect(missing.count == jumps.count)
        #expect(ProxyOptions.read(from: real.ruleset) == generator.options)
    }

    /// The kind node's dumps (whole, `-t nat -c`, legacy backend) against `rules` for the same sample.
    @Test(arguments: [
        "kind-worker2.iptables-save", "kind-worker2-nat-counters.iptables-save", "kind-worker2-nat-legacy.iptables-save",
    ])
    func aKindNodesDumpsCompareEqualToTheirPrediction(_ name: String) throws {
        let cluster = try NodeRulesToolTests.cluster(sample: "kind-with-kube-system.txt")
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: "kind-worker2")
        let input = NodeRulesInput(
            dump: .iptables(Self.dump(try ProxyRulesFixtures.text("dumps/" + name))), source: name)
        let comparison = NodeRulesComparison.compare(state, given: input, mode: .iptables)
        #expect(comparison.isSame, "\(comparison.groups)")
        let natOnly = name.contains("-nat-")
        #expect(comparison.notes.contains { $0.contains("no *filter table") } == natOnly)
        #expect(comparison.notCompared.map(\.owner) == (natOnly ? [] : ["kubelet"]))
        // kube-dns's port names are hidden by the table: it is compared by its endpoints only, and said so.
        let dns = comparison.groups.first { $0.service == "kube-system/kube-dns" }
        #expect(dns?.notes == [DifferenceCause.hiddenPortNames] && dns?.differences.isEmpty == true)
    }

    @Test func aStaleEndpointIsOneDifferenceAndTheLadderFollows() {
        var stale = ProxyRulesFixtures.overallServices
        stale[3].endpoints.append(EndpointSpec(ip: "10.180.0.9", port: 80))
        let comparison = Self.compare(ProxyRulesFixtures.overallServices, stale)
        let svc4 = Self.differences(comparison, "ns4/svc4")
        let endpoint = svc4.filter { $0.kind == .endpointOnlyInDump }
        #expect(endpoint.map(\.detail) == ["endpoint 10.180.0.9:80"])
        #expect(endpoint.first?.cause.hasPrefix("Stale") == true)
        #expect(endpoint.first?.line != nil)
        // Two endpoints became three: the two remaining rules have other probabilities (1/3, 1/2).
        let ladder = svc4.filter { $0.kind == .probability }
        #expect(ladder.count == 2)
        #expect(ladder.allSatisfy { $0.cause.hasPrefix("Follows from the endpoints: the dump's chain spreads over 3") })
        #expect(ladder.map(\.detail).contains { $0.hasPrefix("probability 0.33333333349 in the dump, 0.50000000000 predicted, of the rule to KUBE-SEP-") })
        #expect(svc4.count == 3, "\(svc4)")
        #expect(comparison.groups.map(\.service) == ["ns4/svc4"])
    }

    @Test func aMissingAndAnExtraServiceAreOneDifferenceEach() {
        let all = ProxyRulesFixtures.overallServices
        let comparison = Self.compare(all, Array(all.dropFirst()) + [Self.extraService])
        let missing = Self.differences(comparison, "ns1/svc1")
        #expect(missing.map(\.kind) == [.serviceOnlyExpected])
        #expect(missing.first?.cause.contains("has not synced since the service was created") == true)
        let extra = Self.differences(comparison, "ns9/extra")
        #expect(extra.map(\.kind) == [.serviceOnlyInDump])
        #expect(extra.first?.detail.hasPrefix("5 rules in KUBE-SEP-") == true, "\(extra)")
        #expect(comparison.differenceCount == 2)
    }

    static let extraService = ServicePortSpec(
        service: ProxyRulesFixtures.key("ns9", "extra"), portName: .named("web"), port: 8080,
        clusterIPs: ["172.30.0.99"], endpoints: [EndpointSpec(ip: "10.180.0.99", port: 80)])

    @Test func aProbabilityThatIsNotOneOverNIsSaidAsSuch() {
        let all = ProxyRulesFixtures.overallServices
        let comparison = Self.compare(all, all) {
            $0.replacingOccurrences(of: "--probability 0.5000000000", with: "--probability 0.2500000000")
        }
        let svc4 = Self.differences(comparison, "ns4/svc4")
        #expect(svc4.map(\.kind) == [.probability])
        #expect(svc4.first?.detail.hasPrefix("probability 0.25000000000 in the dump, 0.50000000000 predicted") == true)
        #expect(svc4.first?.cause.hasPrefix("Not the 1/n") == true)
    }

    @Test func otherToolsChainsAreNamedAndNotCounted() {
        let all = ProxyRulesFixtures.overallServices
        let comparison = Self.compare(all, all) { text in
            text.replacingOccurrences(
                of: "*nat\n",
                with: "*nat\n:cali-PREROUTING - [0:0]\n:CNI-HOSTPORT-DNAT - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\n"
                    + "-A PREROUTING -j cali-PREROUTING\n-A cali-PREROUTING -j ACCEPT\n"
                    + "-A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE\n")
        }
        #expect(comparison.isSame, "\(comparison.groups)")
        let owners = Dictionary(uniqueKeysWithValues: comparison.notCompared.map { ($0.owner, $0) })
        #expect(owners["Calico"]?.chains == ["nat/PREROUTING", "nat/cali-PREROUTING"])
        #expect(owners["Calico"]?.ruleCount == 2)
        #expect(owners["the CNI plugins (portmap, bridge, firewall)"]?.chains == ["nat/CNI-HOSTPORT-DNAT"])
        #expect(owners["other tools (rules in the built-in chains)"]?.ruleCount == 1)
        #expect(owners.keys.contains { $0.contains("canary") })
    }

    @Test func aDumpOfAnotherModeIsOneDifferenceNamingTheMode() {
        let ipvs = """
            *nat
            :KUBE-SERVICES - [0:0]
            :KUBE-NODE-PORT - [0:0]
            -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
            COMMIT
            """
        let expected = ProxyRulesFixtures.overallGenerator.ruleset(for: ProxyRulesFixtures.overallServices)
        let comparison = IptablesComparison.compare(expected: expected, dump: Self.dump(ipvs), node: "n1")
        #expect(comparison.differenceCount == 1)
        #expect(comparison.groups.first?.differences.first?.kind == .otherMode)
        #expect(comparison.groups.first?.differences.first?.cause.contains("runs in IPVS mode") == true)
        let none = IptablesComparison.compare(
            expected: expected, dump: Self.dump("*nat\n:KUBE-KUBELET-CANARY - [0:0]\nCOMMIT\n"), node: "n1")
        #expect(none.groups.first?.differences.first?.cause.contains("writes no iptables rules") == true)
    }

    /// The prediction cannot know the cluster CIDR; the dump's `! -s` rules match its placeholders
    /// and the value is said.
    @Test func theClusterCIDRIsLearntFromTheDump() {
        let generator = ProxyRulesFixtures.overallGenerator
        var unknown = generator
        unknown.node.localDetector = nil
        let expected = unknown.ruleset(for: ProxyRulesFixtures.overallServices)
        let real = Self.dump(generator.ruleset(for: ProxyRulesFixtures.overallServices).saveText)
        let comparison = IptablesComparison.compare(expected: expected, dump: real, node: "test-node")
        #expect(comparison.isSame, "\(comparison.groups)")
        #expect(comparison.notes.contains { $0.contains("10.0.0.0/8") && $0.contains("--cluster-cidr") })
    }

    /// Hostile dumps: control bytes in a comment never reach the output, and any text compares
    /// without a crash; a dump held against itself has no difference.
    @Test func hostileDumpsCompareSafely() {
        let expected = ProxyRulesFixtures.overallGenerator.ruleset(for: ProxyRulesFixtures.overallServices)
        let evil = "*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-SVC-X - [0:0]\n"
            + "-A KUBE-SERVICES -m comment --comment \"ns/a\u{1B}[2J\u{202E} cluster IP\" -j KUBE-SVC-X\nCOMMIT\n"
        let comparison = IptablesComparison.compare(expected: expected, dump: Self.dump(evil), node: "n")
        let text = NodeRulesComparisonText.render(comparison, node: "n", source: "e\u{7}vil", mode: .iptables)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 7 })
        #expect(!comparison.isSame)
        var random = SplitMix(seed: 7)
        let pieces = ["*nat", "*filter", "COMMIT", ":KUBE-SVC-A - [0:0]", "-A KUBE-SVC-A -j KUBE-SEP-B", ":KUBE-SEP-B - [0:0]",
            "-A KUBE-SEP-B -p tcp -j DNAT --to-destination 1.2.3.4:80", "-A PREROUTING -j KUBE-SERVICES",
            "-A KUBE-SERVICES -m comment --comment \"a/b cluster IP\" -j KUBE-SVC-A", "-m statistic --mode random",
            "--probability 0.5", "-A KUBE-SVC-A -m recent --rcheck --name KUBE-SEP-B", "\u{0}", "é"]
        for _ in 0..<200 {
            let text = (0..<Int(random.next() % 30)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined(separator: random.next() % 3 == 0 ? " " : "\n")
            let parsed = Self.dump(text)
            _ = IptablesComparison.compare(expected: expected, dump: parsed, node: "n")
            let itself = IptablesComparison.compare(expected: parsed.ruleset, dump: parsed, node: "n")
            let otherMode = itself.groups.first?.differences.first?.kind == .otherMode
            #expect(itself.isSame || otherMode, "\(text.debugDescription): \(itself.groups)")
        }
    }
}
