import ClusterModel
import FlowEngine
import Foundation
import KubeText
import Testing

@testable import ProxyRules

/// `kubehops rules --proxy-mode ipvs`'s ipset and iptables parts are what the real tools hold and print:
/// in a private network namespace `ipset restore` takes the sets, `iptables-restore` the rules (it
/// refuses a rule naming a set that does not exist), and `iptables-save` / `ipset save` print them back
/// as kubehops printed them, for every sample node and for generated clusters.
@Suite struct NodeIPVSToolTests {
    /// A new network namespace (`unshare -n` as root, `-rn` otherwise), where the rules do nothing.
    static let unshare: (String, [String])? = {
        guard RealTool.path("ipset") != nil, RealTool.path("iptables-restore") != nil,
            let unshare = RealTool.path("unshare")
        else { return nil }
        return (unshare, getuid() == 0 ? ["-n"] : ["-rn"])
    }()
    static let toolsPresent = unshare != nil

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// ipset save's members in sorted order and without the random `bucketsize … initval …`.
    static func normalizedSets(_ text: String) -> [String] {
        var out: [String] = [], members: [String] = []
        func flush() { out += members.sorted(); members = [] }
        for line in lines(text) {
            if line.hasPrefix("add ") { members.append(line); continue }
            flush()
            out.append(line.components(separatedBy: " bucketsize ").first ?? line)
        }
        flush()
        return out
    }

    /// Restores both parts in a fresh namespace and compares what the tools print back.
    static func check(_ state: NodeProxyState, family: IPPrefix.Family, _ what: String) throws {
        guard let (unshare, flags) = unshare else { return }
        let sets = NodeRulesIPVSText.ipsetSave(state, families: [family])
        var rules = NodeRulesIPVSText.iptablesSave(state, family: family)
        // xt_ipvs is a kernel module this machine may lack; its rule is checked by text in the unit tests.
        let ipvsMatch = "-m ipvs "
        if !FileManager.default.fileExists(atPath: "/proc/net/ip_vs") {
            rules = lines(rules).filter { !$0.contains(ipvsMatch) }.joined(separator: "\n") + "\n"
        }
        let directory = FileManager.default.temporaryDirectory
        let unique = UUID().uuidString
        let setFile = directory.appendingPathComponent("kubehops-\(unique).ipset")
        let ruleFile = directory.appendingPathComponent("kubehops-\(unique).rules")
        try sets.write(to: setFile, atomically: true, encoding: .utf8)
        try rules.write(to: ruleFile, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: setFile)
            try? FileManager.default.removeItem(at: ruleFile)
        }
        let tool = family == .ipv6 ? "ip6tables" : "iptables"
        let script = "ipset restore < \(setFile.path) && \(tool)-restore < \(ruleFile.path) && \(tool)-save "
            + "&& echo '#---' && ipset save"
        let (status, output, errors) = try RealTool.capture(unshare, flags + ["sh", "-c", script])
        #expect(status == 0, "\(what): \(errors)")
        guard status == 0, let cut = output.range(of: "#---\n") else { return }
        let savedRules = lines(String(output[..<cut.lowerBound])), savedSets = String(output[cut.upperBound...])
        #expect(savedRules == lines(rules), "\(what): iptables-save printed\n\(savedRules.joined(separator: "\n"))")
        #expect(normalizedSets(savedSets) == normalizedSets(sets), "\(what): ipset save printed\n\(savedSets)")
    }

    static func states(_ cluster: Cluster) throws -> [NodeProxyState] {
        try (cluster.nodes.isEmpty ? ["some-node"] : cluster.nodes.map(\.name)).map {
            try FlowEngine(cluster: cluster).proxyState(onNode: $0)
        }
    }

    @Test(.enabled(if: toolsPresent, "ipset or iptables not installed"), arguments: NodeRulesToolTests.sampleNames)
    func everySampleNodesIPVSRulesAreWhatTheToolsPrintBack(sample: String) throws {
        for state in try Self.states(try NodeRulesToolTests.cluster(sample: sample)) {
            for family in state.families { try Self.check(state, family: family, "\(sample) \(state.node.name)") }
        }
    }

    @Test(.enabled(if: toolsPresent, "ipset or iptables not installed"))
    func generatedClustersIPVSRulesAreWhatTheToolsPrintBack() throws {
        var shapes: Set<String> = []
        for seed in 1...6 {
            for state in try Self.states(GeneratedCluster(seed: UInt64(seed)).cluster).prefix(2) {
                for family in state.families {
                    try Self.check(state, family: family, "generated \(seed) \(state.node.name) \(family)")
                    let text = NodeRulesIPVSText.text(state, families: [family])
                    for shape in [
                        "add KUBE-LOOP-BACK", "add KUBE-LOAD-BALANCER ", "add KUBE-NODE-PORT-LOCAL-", "KUBE-6-",
                        "--match-set KUBE-EXTERNAL-IP", "add KUBE-LOAD-BALANCER-SOURCE-CIDR", "add KUBE-NODE-PORT-UDP",
                    ] where text.contains(shape) {
                        shapes.insert(shape)
                    }
                }
            }
        }
        #expect(shapes.count >= 6, "generated shapes: \(shapes.sorted())")
    }
}

/// The parts of IPVS mode's state that follow from kube-proxy's source, checked against it.
@Suite struct IPVSIptablesTests {
    static let node = ProxyNode(
        name: "n1", localDetector: .clusterCIDR(["10.244.0.0/16"]), addresses: ["192.168.0.2"])

    static func port(_ ranges: [String], local: Bool = false) -> ServicePortSpec {
        ServicePortSpec(
            service: ProxyRulesFixtures.key("web", "lb"), portName: .named("http"), port: 80,
            clusterIPs: ["10.96.0.50"], nodePort: 30080, loadBalancerIPs: ["203.0.113.9"],
            loadBalancerSourceRanges: ranges, externalTrafficPolicyLocal: local, healthCheckNodePort: local ? 31000 : nil,
            endpoints: [EndpointSpec(ip: "10.244.1.7", port: 8080, nodeName: "n1")])
    }

    @Test func aLoadBalancerTheNodeMayNotReachGetsAnIPVSMatchDrop() {
        let generator = KubeProxyIPVS(node: Self.node)
        let ports = [Self.port(["198.51.100.0/24"])]
        let rules = generator.iptablesRuleset(for: ports, sets: generator.ipsets(for: ports)).saveText
        // libxt_ipvs saves --vproto as a number and --vaddr with its mask, in that order.
        #expect(
            rules.contains(
                "-A KUBE-IPVS-OUT-FILTER -s 203.0.113.9/32 -m ipvs --vproto 6 --vaddr 203.0.113.9/32 --vport 80 -j DROP"))
        // A range holding the node's IP lets the node in through KUBE-LOAD-BALANCER-SOURCE-IP instead.
        let covered = [Self.port(["192.168.0.0/16"])]
        let sets = generator.ipsets(for: covered)
        #expect(sets.first { $0.name == "KUBE-LOAD-BALANCER-SOURCE-IP" }?.entries == ["203.0.113.9,tcp:80,203.0.113.9"])
        #expect(!generator.iptablesRuleset(for: covered, sets: sets).saveText.contains("KUBE-IPVS-OUT-FILTER -s"))
    }

    @Test func localTrafficPolicyFillsTheLocalSetsAndTheirReturnRules() {
        let generator = KubeProxyIPVS(node: Self.node)
        let ports = [Self.port([], local: true)]
        let sets = Dictionary(uniqueKeysWithValues: generator.ipsets(for: ports).map { ($0.name, $0.entries) })
        #expect(sets["KUBE-NODE-PORT-LOCAL-TCP"] == ["30080"] && sets["KUBE-NODE-PORT-TCP"] == ["30080"])
        #expect(sets["KUBE-LOAD-BALANCER-LOCAL"] == ["203.0.113.9,tcp:80"])
        #expect(sets["KUBE-HEALTH-CHECK-NODE-PORT"] == ["31000"])
        #expect(sets["KUBE-LOOP-BACK"] == ["10.244.1.7,tcp:8080,10.244.1.7"])
        #expect(sets["KUBE-IPVS-IPS"] == ["10.96.0.50", "203.0.113.9"])
        let rules = generator.iptablesRuleset(for: ports, sets: generator.ipsets(for: ports))
        let nodePort = rules.table("nat")?.rules("KUBE-NODE-PORT").map { IptablesSaveFormat.line($0) } ?? []
        // The RETURN of the local set stands before the masquerade of the whole set.
        #expect(nodePort.map { $0.hasSuffix("-j RETURN") } == [true, false])
    }

    @Test func ipv6SetsAreNamedAsKubeProxyCutsThem() {
        let names = KubeProxyIPVS(node: Self.node, family: .ipv6).ipsets(for: []).map(\.name)
        #expect(names.contains("KUBE-6-CLUSTER-IP"))
        #expect(names.contains("KUBE-6-LOAD-BALANCER-SOURCE-CID"))
        #expect(names.allSatisfy { $0.count <= 31 })
    }

    /// Every iptables rule the IPVS walk shows is a line of the whole ruleset `rules` prints.
    @Test func theWalksRulesAreLinesOfTheRuleset() throws {
        let generator = KubeProxyIPVS(node: Self.node)
        let ports = [Self.port([])]
        let ruleset = generator.iptablesRuleset(for: ports, sets: generator.ipsets(for: ports)).saveText
        let lines = Set(ruleset.split(separator: "\n").map(String.init))
        for entry in [ServiceEntry.clusterIP, .nodePort(nodeIP: "192.168.0.2"), .loadBalancer(ip: "203.0.113.9")] {
            let walk = try #require(
                generator.walk(ports[0], entry: entry, source: .outside(ip: "198.51.100.7"), connection: 0))
            for walked in walk.walked where walked.rule.dataplane == .iptables {
                #expect(lines.contains(walked.rule.text), "\(entry): \(walked.rule.text)")
            }
        }
    }
}
