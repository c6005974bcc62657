import Foundation
import Testing

/// `kubehops explain` run as a user runs it: the built binary, sample files, no terminal.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct ExplainCommandTests {
    static func sample(_ name: String) -> String { PrintRun.packageRoot.appendingPathComponent("samples/\(name)").path }

    @Test func numberedHopsWithAddressesFromAFile() throws {
        let run = try PrintRun(["explain", "--flow", "nodeport:nginx-demo/nginx-nodeport", "--entry-node", "worker-node2",
                                Self.sample("notes-nginx-nodeport.txt")])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NodePort: User → DNS → External LB → worker-node2:30007 → Pod") == true)
        #expect(lines.contains { $0.hasPrefix(" 4. External LB → NodePort worker-node2:30007: 203.0.113.10:") && $0.contains("→ 192.168.1.183:30007 TCP") })
        #expect(lines.contains("      iptables rules walked (✓ matched):"))
        #expect(lines.contains {
            $0.hasPrefix("        ✓ [nat] -A KUBE-NODEPORTS -p tcp") && $0.hasSuffix("--dport 30007 -j KUBE-EXT-7EKCV6CHM5FQ364Q")
        })
        #expect(lines.contains("Reply:"))
        #expect(!run.stdout.contains("\u{1B}"))
    }

    /// `--brief`: the same hops as the full text, one line each, nothing else.
    @Test func briefIsOneLinePerHop() throws {
        let arguments = ["explain", "--flow", "nodeport", Self.sample("notes-nginx-nodeport.txt")]
        let full = try PrintRun(arguments).stdout.split(separator: "\n").map(String.init)
        let brief = try PrintRun(arguments + ["--brief"])
        #expect(brief.status == 0, "\(brief.stderr)")
        let lines = brief.stdout.split(separator: "\n").map(String.init)
        let numbered = full.filter { $0.range(of: #"^[ \d]\d\. "#, options: .regularExpression) != nil }
        #expect(lines.count == numbered.count + 1, "\(brief.stdout)")
        #expect(lines.first == full.first)
        #expect(lines.dropFirst().allSatisfy { $0.range(of: #"^[ \d]\d\. "#, options: .regularExpression) != nil })
        #expect(lines.contains { $0.hasPrefix(" 5. NodePort worker-node1:30007 → kube-proxy rules on worker-node1: ")
            && $0.hasSuffix("[DNAT by kube-proxy's iptables rules on worker-node1]") }, "\(brief.stdout)")
        #expect(lines.contains { $0.hasPrefix(" 8. reply ") && $0.contains("[un-NAT by conntrack on worker-node1]") })
    }

    @Test func colorAlwaysMarksHopsBoldAndMatchedRulesGreen() throws {
        let run = try PrintRun(["explain", "--flow", "nodeport", "--color", "always", Self.sample("notes-nginx-nodeport.txt")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\u{1B}[1m 1. User → DNS: "), "\(run.stdout)")
        #expect(run.stdout.contains("\u{1B}[32m        ✓ [nat]"))
    }

    @Test func proxyModeNftablesShowsTheTableAndSaysSo() throws {
        let run = try PrintRun(["explain", "--flow", "nodeport", "--proxy-mode", "nftables", "--format", "json",
                                Self.sample("notes-nginx-nodeport.txt")])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let mode = object?["proxyMode"] as? [String: Any]
        #expect(mode?["mode"] as? String == "nftables")
        #expect(mode?["source"] as? String == "option")
        #expect(run.stdout.contains("numgen random mod 3 vmap"))
        let bad = try PrintRun(["explain", "--flow", "nodeport", "--proxy-mode", "userspace", Self.sample("notes-nginx-nodeport.txt")])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--proxy-mode must be one of iptables, nftables"), "\(bad.stderr)")
    }

    @Test func jsonIsMachineReadable() throws {
        let run = try PrintRun(["explain", "--flow", "pod:web-1,web-2", "--format", "json", Self.sample("notes-six-pods-nodeport.txt")])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let hops = object?["hops"] as? [[String: Any]]
        let from = hops?.first?["from"] as? [String: Any]
        #expect(from?["type"] as? String == "pod")
        #expect(from?["pod"] as? [String: String] == ["name": "web-1", "namespace": "demo"])
        #expect((hops?.first?["packet"] as? [String: Any]).flatMap { $0["destination"] as? [String: Any] }?["host"] as? String == "10.244.0.2")
    }

    @Test func unknownTargetListsWhatExistsWithoutUsageText() throws {
        let run = try PrintRun(["explain", "--flow", "clusterip:nope", Self.sample("notes-nginx-nodeport.txt")])
        #expect(run.status != 0)
        #expect(run.stderr.contains("no service named nope"))
        #expect(run.stderr.contains("nginx-demo/nginx-nodeport (NodePort)"))
        #expect(!run.stderr.contains("USAGE"))
    }

    @Test func demoClusterWhenNoInputAndPipedInputOtherwise() throws {
        let demo = try PrintRun(["explain", "--flow", "ingress"], stdin: "")
        #expect(demo.status == 0)
        #expect(demo.stdout.contains("nginx.example.com → 192.168.1.240"))
        let piped = try PrintRun(["explain", "--flow", "nodeport:web-3"], stdin: try TextFile.read(Self.sample("notes-six-pods-nodeport.txt")))
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("10.100.11.12:32003"))
    }

    @Test func badFlowKindIsAUsageError() throws {
        let run = try PrintRun(["explain", "--flow", "teleport"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("Unknown flow kind"))
    }
}
