import ClusterModel
import Foundation
import KubeText
import TestSupport
import Testing

/// The policy readers (PolicyObjects, PolicyRows, namespace labels, DescribeNetworkPolicy) on their fuzz seeds
/// (Tests/Data/Policy, the describe networkpolicy file) and on those seeds broken in every way a cut paste or a
/// hostile byte breaks them: no crash, every diagnostic at a line of the input, nothing unsafe on a terminal.
@Suite("Hostile policy input")
struct PolicyHostileTests {
    static let seeds = [
        "Tests/Data/Policy/policy-list.json", "Tests/Data/Policy/get-netpol.txt", "Tests/Data/Policy/get-ns-labels.txt",
        "Tests/Data/Describe/kubectl-describe-test-networkpolicy.txt",
    ]

    static func seed(_ path: String) throws -> [UInt8] {
        try TestFiles.bytes(TestFiles.packageRoot.appendingPathComponent(path))
    }

    /// Every text of the policy records, for the terminal-safety check.
    static func texts(_ resources: Resources) -> [String] {
        var all: [String] = []
        for policy in resources.networkPolicies {
            all += [policy.name, policy.namespace, policy.podSelector.description]
            for rule in policy.ingress + policy.egress {
                all += rule.ports.map(\.description) + rule.peers.flatMap { peer in
                    [peer.podSelector?.description ?? "", peer.namespaceSelector?.description ?? "",
                     peer.ipBlock?.description ?? ""]
                }
            }
        }
        for namespace in resources.namespaces {
            all += [namespace.name] + (namespace.labels ?? [:]).flatMap { [$0.key, $0.value] }
        }
        for policy in resources.clusterNetworkPolicies {
            all += [policy.name, policy.subject.description] + (policy.ingress + policy.egress).compactMap(\.name)
        }
        return all
    }

    static func check(_ bytes: [UInt8], _ what: String) {
        let result = KubeText.parse(bytes: bytes, source: "hostile")
        let lines = max(1, bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count)
        for diagnostic in result.diagnostics {
            #expect((0...lines).contains(diagnostic.line), "\(what): line \(diagnostic.line) of \(lines)")
            #expect(HostileInputTests.isInert(diagnostic.message) && HostileInputTests.isInert(diagnostic.excerpt), "\(what)")
        }
        #expect(texts(result.resources).allSatisfy(HostileInputTests.isInert), "\(what)")
    }

    @Test("the seeds are read whole, without a warning")
    func seedsRead() throws {
        let list = KubeText.parse(bytes: try Self.seed(Self.seeds[0]), source: "list.json")
        #expect(list.diagnostics.filter { $0.severity != .note }.isEmpty, "\(list.diagnostics)")
        #expect(list.resources.networkPolicies.count == 2 && list.resources.namespaces.count == 2)
        #expect(list.resources.clusterNetworkPolicies.map(\.sourceKind).sorted()
            == ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"])
        let table = KubeText.parse(bytes: try Self.seed(Self.seeds[1]), source: "netpol.txt")
        #expect(table.diagnostics.isEmpty, "\(table.diagnostics)")
        #expect(table.resources.networkPolicies.map(\.rulesKnown) == [false, false, false, false])
        let namespaces = KubeText.parse(bytes: try Self.seed(Self.seeds[2]), source: "ns.txt")
        #expect(namespaces.diagnostics.isEmpty && namespaces.resources.namespaces.last?.labels?["env"] == "prod")
    }

    @Test("every seed cut short at every line, and with hostile bytes put in, never crashes", arguments: seeds)
    func brokenSeeds(_ path: String) throws {
        let bytes = try Self.seed(path)
        let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
        for cut in newlines { Self.check(Array(bytes[..<cut]), "\(path) cut at byte \(cut)") }
        var generator = SplitMix(seed: UInt64(bytes.count))
        let hostile: [[UInt8]] = [[0x1B, 0x5B, 0x32, 0x4A], [0x1B, 0x5D, 0x30, 0x3B, 0x78, 0x07], [0xC2, 0x9B], [0x00],
                                  [0xE2, 0x80, 0xAE], [0xFF, 0xFE], Array(":,()[]{}\"-/".utf8), [0x09, 0x0D]]
        for round in 0..<200 {
            var mutated = bytes
            for _ in 0..<(1 + round % 5) {
                let at = Int.random(in: 0..<mutated.count, using: &generator)
                let insert = hostile[Int.random(in: 0..<hostile.count, using: &generator)]
                if round % 3 == 0 { mutated.remove(at: at) }
                mutated.insert(contentsOf: insert, at: min(at, mutated.count))
            }
            Self.check(mutated, "\(path) mutation \(round)")
        }
    }

    @Test("namespace labels and describe selectors with control bytes come out clean; huge lists are read")
    func hostileLabels() throws {
        let escape = KubeText.parse("""
            NAME   STATUS   AGE   LABELS
            shop   Active   3d    team=\u{1B}[31mred,kubernetes.io/metadata.name=shop
            """)
        #expect(Self.texts(escape.resources).allSatisfy(HostileInputTests.isInert))
        let many = (0..<5_000).map { "k\($0)=v" }.joined(separator: ",")
        let big = KubeText.parse("NAME   STATUS   AGE   LABELS\nbig    Active   3d    \(many)\n")
        #expect(big.resources.namespaces.first?.labels?.count == 5_000)
        let described = KubeText.parse("""
            Name:         x\u{1B}]0;pwned\u{07}
            Namespace:    d
            Spec:
              PodSelector:     app=\u{1B}[2Jweb
              Allowing ingress traffic:
                To Port: h\u{9B}ttp/TCP
                From:
                  PodSelector: a=\u{202E}b
              Policy Types: Ingress
            """)
        #expect(Self.texts(described.resources).allSatisfy(HostileInputTests.isInert))
        #expect(described.diagnostics.allSatisfy { HostileInputTests.isInert($0.message) && HostileInputTests.isInert($0.excerpt) })
        #expect(described.resources.networkPolicies.count == 1)
    }

    @Test("odd describe networkpolicy blocks never crash", arguments: [
        "Name: p\nSpec:\n  PodSelector:\n", "Name: p\nSpec:\n  PodSelector: <none>\n  Allowing ingress traffic:\n    From:\n",
        "Name: p\nSpec:\n  PodSelector: a=b\n  Allowing egress traffic:\n    To:\n      IPBlock:\n        Except: ,,,\n",
        "Name: p\nSpec:\n  PodSelector: a=b\n  Allowing ingress traffic:\n    To Port Range: 9-1/TCP\n    ----------\n    ----------\n",
        "Name: p\nSpec:\n  PodSelector: a=b\n  Policy Types: ,\n  Allowing ingress traffic:\n    - From:\n",
        "Name: p\nSpec:\n  PodSelector: (((\n  Allowing ingress traffic:\n    To Port: /\n    From: <any>\n",
    ])
    func oddDescribe(_ text: String) {
        Self.check(Array(text.utf8), text)
        #expect(KubeText.parse(text).resources.networkPolicies.count == 1)
    }
}

