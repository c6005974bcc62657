import Foundation
import Testing

/// `kubehops rules` run as a user runs it: the built binary on the samples.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct RulesCommandTests {
    static func sample(_ name: String) -> String { PrintRun.packageRoot.appendingPathComponent("samples/\(name)").path }

    @Test func printsTheNodesWholeIptablesSave() throws {
        let run = try PrintRun(["rules", "--node", "worker-node1", Self.sample("notes-nginx-nodeport.txt")])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("# kubehops: what `iptables-save` on node worker-node1 should print") == true)
        #expect(lines.filter { $0 == "COMMIT" }.count == 2)
        #expect(lines.contains("*nat") && lines.contains("*filter"))
        #expect(lines.contains { $0.hasPrefix("-A KUBE-NODEPORTS -p tcp") && $0.hasSuffix("-j KUBE-EXT-7EKCV6CHM5FQ364Q") })
        // The service with no selector and no listed endpoints is said, not given made-up REJECT rules.
        #expect(lines.contains { $0.hasPrefix("#   - default/kubernetes: it has no selector") })
        #expect(!run.stdout.contains("default/kubernetes has no endpoints"))
    }

    @Test func filtersAndOverridesChangeTheRules() throws {
        let run = try PrintRun([
            "rules", "--node", "worker-node1", "--cluster-cidr", "10.0.0.0/8", "--kube-version", "1.16", "-n", "nope",
            Self.sample("notes-nginx-nodeport.txt"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("KUBE-SVC-"))
        #expect(run.stdout.contains("for kube-proxy 1.16 in iptables"))
        #expect(run.stdout.contains("kube-proxy 1.16 wrote KUBE-XLB chains"))
        let full = try PrintRun([
            "rules", "--node", "worker-node1", "--cluster-cidr", "10.0.0.0/8", "--kube-version", "1.16",
            Self.sample("notes-nginx-nodeport.txt"),
        ])
        #expect(full.stdout.contains("! -s 10.0.0.0/8 -d 10.101.63.221/32"))
        #expect(full.stdout.contains("--probability 0.33332999982"))
    }

    @Test func anUnknownNodeNamesTheNodesThatExist() throws {
        let run = try PrintRun(["rules", "--node", "nope", Self.sample("notes-nginx-nodeport.txt")])
        #expect(run.status != 0)
        #expect(run.stderr.contains("no node nope. The input has nodes: master-node, worker-node1"), "\(run.stderr)")
    }

    @Test func badValuesAreRefusedWithWhatIsExpected() throws {
        let version = try PrintRun(["rules", "--node", "n", "--kube-version", "new", Self.sample("notes-nginx-nodeport.txt")])
        #expect(version.status != 0)
        #expect(version.stderr.contains("--kube-version must look like 1.31"))
        let cidr = try PrintRun(["rules", "--node", "n", "--cluster-cidr", "10.0.0/8", Self.sample("notes-nginx-nodeport.txt")])
        #expect(cidr.stderr.contains("--cluster-cidr must be a CIDR"))
    }

    @Test func printsTheNodesNftablesTableInItsGeneration() throws {
        let old = try PrintRun([
            "rules", "--node", "worker-node1", "--proxy-mode", "nftables", "--kube-version", "1.34",
            Self.sample("notes-nginx-nodeport.txt"),
        ])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout.contains("# kubehops: what `nft list table ip kube-proxy` on node worker-node1"))
        #expect(old.stdout.contains("\tchain mark-for-masquerade {"))
        let new = try PrintRun([
            "rules", "--node", "worker-node1", "--proxy-mode", "nftables", "--kube-version", "1.36",
            Self.sample("notes-nginx-nodeport.txt"),
        ])
        #expect(new.stdout.contains("\tset hairpin-connections {"))
        #expect(!new.stdout.contains("chain mark-for-masquerade"))
        let v6 = try PrintRun(["rules", "--node", "v6-w1", "--proxy-mode", "nftables", Self.sample("ipv6-only.txt")])
        #expect(v6.stdout.contains("table ip6 kube-proxy {"), "\(v6.stderr)")
    }

    /// kube-proxy 1.33+ drops traffic to unallocated addresses of the ServiceCIDRs (cluster-ips-check): written from
    /// --service-cidr, commented out with a placeholder and said when the input cannot tell, absent before 1.33.
    @Test func theServiceCIDRDropIsWrittenFromTheOptionOrSaidUnknown() throws {
        let arguments = ["rules", "--node", "worker-node1", "--proxy-mode", "nftables"]
        let known = try PrintRun(
            arguments + ["--kube-version", "1.34", "--service-cidr", "10.96.0.0/12", Self.sample("notes-nginx-nodeport.txt")])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains(
            "\t\tip daddr 10.96.0.0/12 drop comment \"Drop traffic to unallocated ClusterIPs\"\n"))
        let unknown = try PrintRun(arguments + ["--kube-version", "1.33", Self.sample("notes-nginx-nodeport.txt")])
        #expect(unknown.stdout.contains("\t\t# ip daddr { <service CIDRs> } drop comment"))
        #expect(unknown.stdout.contains("# The cluster's ServiceCIDRs are not in the input"))
        let old = try PrintRun(
            arguments + ["--kube-version", "1.32", "--service-cidr", "10.96.0.0/12", Self.sample("notes-nginx-nodeport.txt")])
        #expect(!old.stdout.contains("Drop traffic to unallocated ClusterIPs"))
        let bad = try PrintRun(arguments + ["--service-cidr", "10.96/12", Self.sample("notes-nginx-nodeport.txt")])
        #expect(bad.stderr.contains("--service-cidr must be a CIDR"))
    }

    @Test func printsTheNodesIpvsadmListing() throws {
        let run = try PrintRun([
            "rules", "--node", "worker-node1", "--proxy-mode", "ipvs", Self.sample("notes-nginx-nodeport.txt"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("Prot LocalAddress:Port Scheduler Flags"))
        #expect(lines.contains("TCP  10.101.63.221:80 rr"))
        #expect(lines.contains { $0.hasPrefix("  -> ") && $0.contains("Masq    1 ") })
        // Then the ipsets and the iptables rules testing them; --only prints one part.
        #expect(lines.contains("add KUBE-CLUSTER-IP 10.101.63.221,tcp:80"))
        #expect(lines.contains { $0.contains("--match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT") })
        #expect(run.stdout.contains("(deprecated since 1.35"))
        let sets = try PrintRun([
            "rules", "--node", "worker-node1", "--proxy-mode", "ipvs", "--only", "ipset",
            Self.sample("notes-nginx-nodeport.txt"),
        ])
        #expect(sets.status == 0 && !sets.stdout.contains("*nat") && !sets.stdout.contains("Prot LocalAddress"))
        #expect(sets.stdout.contains("create KUBE-NODE-PORT-TCP bitmap:port range 0-65535"))
        let wrong = try PrintRun(["rules", "--node", "worker-node1", "--only", "ipset", Self.sample("notes-nginx-nodeport.txt")])
        #expect(wrong.status != 0 && wrong.stderr.contains("--only picks a part of IPVS mode's state"))
    }
}

/// `kubehops rules --compare DUMP`: exit status as diff(1), the differences by service.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct RulesCompareCommandTests {
    static let sample = RulesCommandTests.sample("kind-with-kube-system.txt")
    static let dump = PrintRun.packageRoot.appendingPathComponent(
        "Tests/Data/ProxyRules/dumps/kind-worker2.iptables-save")

    @Test func theNodesOwnDumpIsTheSameAndExitsZero() throws {
        let run = try PrintRun(["rules", "--node", "kind-worker2", "--compare", Self.dump.path, Self.sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("no differences."))
        #expect(run.stdout.contains("Not kube-proxy's, so not compared:\n  kubelet: filter/INPUT"))
    }

    @Test func aDriftedDumpExitsOneAndSaysWhatAndWhy() throws {
        let text = try String(contentsOf: Self.dump, encoding: .utf8)
        // The pod 10.244.2.8 is gone from the node's rules: its KUBE-SEP chain and ladder rule.
        let drifted = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("KUBE-SEP-BWXCJ3A7NKFVPZJS") }.joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(getpid())-drift.ipt")
        try drifted.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try PrintRun(["rules", "--node", "kind-worker2", "--compare", file.path, Self.sample])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("1 difference in 1 service"))
        #expect(run.stdout.contains("\ndefault/hello\n  - endpoint 10.244.2.8:8080  (nat KUBE-SEP-BWXCJ3A7NKFVPZJS)\n"))
        #expect(run.stdout.contains("has not written it"))
    }

    /// An `ipvsadm -Ln` dump is compared in IPVS mode (it was refused with exit status 2 before).
    @Test func anIpvsadmDumpIsComparedInIPVSMode() throws {
        let dump = PrintRun.packageRoot.appendingPathComponent("Tests/Data/ProxyRules/dumps/kind-worker2.ipvsadm")
        let run = try PrintRun(["rules", "--node", "kind-worker2", "--compare", dump.path, Self.sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(kube-proxy in ipvs mode):\n  no differences."), "\(run.stdout)")
        #expect(run.stdout.contains("`ipset list`"))
    }

    @Test func troubleExitsTwo() throws {
        let missing = try PrintRun(["rules", "--node", "kind-worker2", "--compare", "/nonexistent/dump", Self.sample])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read /nonexistent/dump"), "\(missing.stderr)")
        let notADump = try PrintRun(["rules", "--node", "kind-worker2", "--compare", Self.sample, Self.sample])
        #expect(notADump.status == 2)
        #expect(notADump.stderr.contains("not a rules dump kubehops reads"), "\(notADump.stderr)")
        let node = try PrintRun(["rules", "--node", "nope", "--compare", Self.dump.path, Self.sample])
        #expect(node.status == 2)
        #expect(node.stderr.contains("no node nope"))
    }
}
