import Foundation
import Testing

/// `explain --node-rules NODE=FILE`: a flow through that node walks the node's own rules and names each
/// disagreement with the kubectl picture.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct NodeRulesExplainTests {
    static let sample = PrintRun.packageRoot.appendingPathComponent("samples/notes-nginx-nodeport.txt").path

    static func write(_ text: String, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(UUID())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aStaleNodeDumpIsWalkedAndItsDisagreementsNamed() throws {
        let rules = try PrintRun(["rules", "--node", "worker-node1", Self.sample])
        #expect(rules.status == 0)
        // The node lost one endpoint's rules and kept a 1/2 ladder: what a stale kube-proxy leaves.
        let stale = rules.stdout.split(separator: "\n").filter { !$0.contains("172.16.203.129") }
            .joined(separator: "\n").replacingOccurrences(of: "0.33333333349", with: "0.50000000000") + "\n"
        let dump = try Self.write(stale, "worker-node1.txt")
        let run = try PrintRun([
            "explain", "--flow", "nodeport", "--entry-node", "worker-node1", "--no-reply", "--node-rules",
            "worker-node1=\(dump)", Self.sample,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("The rules walked are worker-node1's own, read from \(dump) (iptables-save)."))
        #expect(run.stdout.contains("Endpoint 172.16.203.129:80 of nginx-demo/nginx-nodeport port 80 is not in worker-node1's rules"))
        #expect(run.stdout.contains("Rule 2 of KUBE-SVC-7EKCV6CHM5FQ364Q has probability 0.50000000000, but should have none"))
        #expect(!run.stdout.contains("-j DNAT --to-destination 172.16.203.129:80"))
        let json = try PrintRun([
            "explain", "--flow", "nodeport", "--entry-node", "worker-node1", "--format", "json", "--node-rules",
            "worker-node1=\(dump)", Self.sample,
        ])
        #expect(json.stdout.contains("\(dump):"), "walked rules carry their line in the dump")
    }

    /// `nft list ruleset` of an iptables-mode node (iptables-nft's tables): its rules are walked as iptables
    /// rules, each with its line in the listing.
    @Test func anNftRulesetOfAnIptablesNodeIsWalkedAsIptables() throws {
        let dump = PrintRun.packageRoot.appendingPathComponent(
            "Tests/Data/ProxyRules/dumps/kind-worker2-iptables-nft.nft-list-ruleset").path
        let sample = PrintRun.packageRoot.appendingPathComponent("samples/kind-with-kube-system.txt").path
        let arguments = [
            "explain", "--flow", "clusterip:default/hello", "--from", "default/hello-7d9c5b8f6b-9wq2r", "--no-reply",
            "--node-rules", "kind-worker2=\(dump)", sample,
        ]
        let run = try PrintRun(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(nft list ruleset, iptables-nft's tables read as iptables rules)"), "\(run.stdout)")
        #expect(run.stdout.contains("[DNAT by kube-proxy's iptables rules on kind-worker2]"))
        #expect(run.stdout.contains("✓ [nat] -A KUBE-SERVICES -d 10.96.140.21/32 -p tcp -m tcp --dport 8080 -j KUBE-SVC-STDNOFAI3EEZDIVA"))
        #expect(run.stdout.contains("-A KUBE-SVC-STDNOFAI3EEZDIVA -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-PTGTH6MLVIRSUTUV"))
        #expect(!run.stdout.contains("Paste `iptables-save`"))
        let json = try PrintRun(arguments + ["--format", "json"])
        #expect(json.stdout.contains("\(dump):139"), "the KUBE-SERVICES rule is line 139 of the listing")
    }

    @Test func aFileThatIsNoDumpIsRefused() throws {
        let run = try PrintRun([
            "explain", "--flow", "nodeport", "--node-rules", "worker-node1=\(Self.sample)", Self.sample,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("not a rules dump kubehops reads"))
        let bad = try PrintRun(["explain", "--flow", "nodeport", "--node-rules", "worker-node1", Self.sample])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--node-rules takes NODE=FILE"))
    }

    /// print and view take --node-rules too: print --rules shows the node's own rules on the DNAT hop; a
    /// file that is no dump stops view before any screen opens.
    @Test func printAndViewTakeTheNodesRules() throws {
        let rules = try PrintRun(["rules", "--node", "worker-node1", Self.sample])
        let stale = rules.stdout.split(separator: "\n").filter { !$0.contains("172.16.203.129") }
            .joined(separator: "\n") + "\n"
        let dump = try Self.write(stale, "worker-node1.txt")
        let run = try PrintRun([
            "print", "--flow", "nodeport", "--hop", "5", "--rules", "--width", "120", "--node-rules",
            "worker-node1=\(dump)", Self.sample,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("is not in worker-node1's rules"), "\(run.stdout)")
        let view = try PrintRun(["view", "--node-rules", "worker-node1=\(Self.sample)", Self.sample])
        #expect(view.status == 1)
        #expect(view.stderr.contains("not a rules dump kubehops reads"), "\(view.stderr)")
    }
}
