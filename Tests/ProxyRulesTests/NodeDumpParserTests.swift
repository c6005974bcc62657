import ClusterModel
import Foundation
import Testing

@testable import ProxyRules

/// The parsers of node dumps read the real tools' own output (Tests/Data/ProxyRules/dumps, origins in
/// SOURCES) completely: every rule printed back is the line it came from.
@Suite struct NodeDumpParserTests {
    static let iptablesDumps = [
        "dumps/kind-worker2.iptables-save", "dumps/kind-worker2-nat-counters.iptables-save",
        "dumps/kind-worker2-nat-legacy.iptables-save", "iptables/overall.save",
    ]

    /// `[0:0] -A …` → `-A …`.
    static func withoutCounter(_ line: Substring) -> Substring {
        guard line.hasPrefix("["), let end = line.firstIndex(of: "]") else { return line }
        return line[line.index(end, offsetBy: 2)...]
    }

    @Test(arguments: iptablesDumps)
    func everyRuleOfARealIptablesSaveIsReadAndPrintedBackAsItWas(file: String) throws {
        let text = try ProxyRulesFixtures.text(file)
        let dump = IptablesSaveParser.parse(text, source: file)
        #expect(dump.diagnostics.isEmpty, "\(dump.diagnostics.map(\.description))")
        #expect(dump.hasCounters == file.contains("counters"))
        let expected = text.split(separator: "\n").filter { $0.hasPrefix("-A") || $0.hasPrefix("[") }
            .map { String(Self.withoutCounter($0)) }
        let printed = dump.ruleset.tables.flatMap { table in
            table.allRules.map { IptablesSaveFormat.line($0, family: dump.ruleset.family) }
        }
        #expect(printed.count == expected.count)
        for (ours, theirs) in zip(printed, expected) where ours != theirs {
            Issue.record("printed back\n\(ours)\ninstead of\n\(theirs)")
            break
        }
        #expect(!dump.ruleset.tables.flatMap(\.allRules).contains { rule in
            rule.matches.contains { if case .other = $0 { true } else { false } }
        }, "every match of kube-proxy's rules is modelled")
    }

    @Test func lineNumbersPointAtTheRulesLine() throws {
        let text = try ProxyRulesFixtures.text("iptables/overall.save")
        let dump = IptablesSaveParser.parse(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let nat = try #require(dump.ruleset.table("nat"))
        for rule in nat.allRules {
            let number = try #require(dump.line(of: rule, table: "nat"))
            #expect(lines[number - 1] == IptablesSaveFormat.line(rule))
        }
    }

    /// A parsed dump walks like the generated rules it came from.
    @Test func aWalkOfTheParsedDumpEndsWhereTheGeneratedOneDoes() throws {
        let generator = ProxyRulesFixtures.overallGenerator
        let generated = generator.ruleset(for: ProxyRulesFixtures.overallServices)
        let parsed = IptablesSaveParser.parse(generated.saveText).ruleset
        #expect(parsed.tables.map(\.name) == ["filter", "nat"])
        let local = [IPPrefix("192.168.0.2")!]
        for (destination, port) in [("172.30.0.41", 80), ("172.30.0.44", 80), ("172.30.0.46", 80), ("192.168.0.2", 3003)] {
            let packet = IptablesPacket(
                source: IPPrefix("203.0.113.9")!, destination: IPPrefix(destination)!, protocol: "tcp",
                destinationPort: port)
            let choices = WalkChoices(draws: [0.7, 0.7])
            let ours = IptablesWalker(ruleset: parsed, localAddresses: local) { _ in .observed("dump") }
            let theirs = IptablesWalker(ruleset: generated, localAddresses: local) { _ in .observed("dump") }
            #expect(ours.walk(packet, choices: choices).outcome == theirs.walk(packet, choices: choices).outcome)
        }
    }

    @Test func kubeProxysNftablesTableIsReadWithItsMapsAndChains() throws {
        let text = try ProxyRulesFixtures.text("dumps/overall.nft-list-table")
        let dump = NftListParser.parse(text)
        #expect(dump.diagnostics.isEmpty, "\(dump.diagnostics.map(\.description))")
        let table = try #require(dump.kubeProxyTable())
        #expect(table.set("service-ips")?.elements.count == 9)
        #expect(table.set("cluster-ips")?.elements.count == 6)
        #expect(table.set("service-ips")?.elements.contains("172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80") == true)
        let svc4 = try #require(table.chain("service-LAUZTJTB-ns4/svc4/tcp/p80"))
        #expect(svc4.rules.last?.text.hasPrefix("numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC") == true)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[svc4.rules[0].line - 1].contains(svc4.rules[0].text))
        #expect(table.chain("nat-prerouting")?.hook?.hasPrefix("type nat hook prerouting") == true)
        #expect((try? NodeRulesDump.read(text).get())?.dataplane == .nftables)
    }

    @Test func nftListRulesetOfAnIptablesModeNodeIsIptablesMode() throws {
        let text = try ProxyRulesFixtures.text("dumps/kind-worker2-iptables-nft.nft-list-ruleset")
        let dump = NftListParser.parse(text)
        #expect(dump.diagnostics.isEmpty, "\(dump.diagnostics.map(\.description))")
        #expect(dump.tables.map(\.name) == ["filter", "nat"])
        #expect(dump.tables.allSatisfy { $0.managedByIptablesNft })
        #expect((try? NodeRulesDump.read(text).get())?.dataplane == .iptables)
    }

    @Test func ipvsadmListingOfKubernetesReadme() throws {
        let text = try ProxyRulesFixtures.text("dumps/kubernetes-readme.ipvsadm")
        let dump = IpvsadmParser.parse(text)
        #expect(dump.diagnostics.isEmpty)
        #expect(dump.services.map(\.address) == ["10.0.0.1:443", "10.0.0.10:53", "10.0.0.10:53"])
        #expect(dump.services.map(\.protocol) == ["TCP", "TCP", "UDP"])
        #expect(dump.services[0].persistentSeconds == 10800)
        #expect(dump.services[0].scheduler == "rr")
        #expect(dump.services[0].realServers.map(\.address) == ["192.168.0.1:6443"])
        #expect(dump.services[0].realServers[0].activeConnections == 1)
        #expect((try? NodeRulesDump.read(text).get())?.dataplane == .ipvs)
    }

    @Test func ipvsadmStatsListingHasCountersInsteadOfWeights() {
        let text = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
              -> RemoteAddress:Port
            TCP  10.96.0.10:53                       8      132        0    34840        0
              -> 10.244.0.7:53                       4       90        0    24476        0
              -> 10.244.0.8:53                       4       42        0    10364        0
            TCP  [fd00:10:96::a]:53                 12    8939K    8953K  830843K    1135M
              -> [fd00:10:244::7]:53                12    8939K    8953K  830843K    1135M
            """
        let dump = IpvsadmParser.parse(text)
        #expect(dump.hasStats)
        #expect(dump.diagnostics.isEmpty)
        #expect(dump.services.map(\.realServers.count) == [2, 1])
        #expect(dump.services[0].connections == "8")
        #expect(dump.services[1].address == "[fd00:10:96::a]:53")
        #expect(dump.services[0].realServers[0].weight == nil)
    }

    @Test func kubectlOutputIsNoRulesDump() {
        let result = NodeRulesDump.read("NAME   READY   STATUS\nweb-1  1/1     Running\n", source: "pods.txt")
        guard case .failure(let problem) = result else {
            Issue.record("kubectl output taken for a rules dump")
            return
        }
        #expect(problem.diagnostic.message.contains("iptables-save"))
    }
}
