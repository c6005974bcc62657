import ClusterModel
import FlowEngine
import Foundation
import KubeText
import ProxyRules

/// `--rules-parse`: issue 14's target, "a 10,000-service `iptables-save` (about 100k rules) parses within
/// 2.5× of awk's time over the same file". The node's dumps are made by kubehops' own generator
/// (`kubehops rules`' path: `FlowEngine.proxyState`, `NodeRulesText`) from a generated cluster of
/// 10,000 services with 2–3 endpoints each, written to files; then reading and parsing each file
/// (IptablesSaveParser, NftListParser) is timed against `awk '{print $7}'` over the same file, alternated.
enum RulesParseMode {
    static let services = 10_000
    static let nodes = 10

    static func run(runs: Int, root: String) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let files = try generate(into: root)
        print("kubehops-bench --rules-parse: median of \(runs) runs, parse and awk alternated; cpu = user+system")
        for (label, path) in files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.utf8.count { $0 == 0x0A }
            var walls: [Double] = [], cpus: [Double] = [], awkWalls: [Double] = [], awkCPUs: [Double] = []
            var summary = ""
            for _ in 0..<runs {
                // The dump is freed after the timing, as the command keeps it (like the other stages' results).
                var kept: NodeRulesDump?
                let parsed = try Timing.measure(runs: 1, release: { kept = nil }) {
                    let dump = try read(path)
                    summary = describe(dump)
                    kept = try? dump.get()
                    return 0
                }
                _ = kept
                walls.append(parsed.wall); cpus.append(parsed.cpu)
                let awk = try Timing.awk(path, runs: 1)
                awkWalls.append(awk.wall); awkCPUs.append(awk.cpu)
            }
            let wall = Timing.median(walls), cpu = Timing.median(cpus)
            let awkWall = Timing.median(awkWalls), awkCPU = Timing.median(awkCPUs)
            print(
                pad(label, 28)
                    + String(
                        format: " %7d lines  wall %7.1f ms vs awk %6.1f ms (%4.2f×)  cpu %7.1f ms vs %6.1f ms (%4.2f×)",
                        lines, wall * 1000, awkWall * 1000, wall / awkWall, cpu * 1000, awkCPU * 1000,
                        cpu / max(awkCPU, 1e-9)))
            print(pad("", 28) + " " + summary)
        }
    }

    /// Reads `path` as the command reads a `--node-rules` file (the whole file, then the dump) and says what
    /// it held.
    static func parseOnce(_ path: String) throws -> String { describe(try read(path)) }

    static func read(_ path: String) throws -> Result<NodeRulesDump, NodeRulesDump.NotADump> {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        return NodeRulesDump.read(String(decoding: bytes, as: UTF8.self), source: path)
    }

    static func describe(_ dump: Result<NodeRulesDump, NodeRulesDump.NotADump>) -> String {
        switch dump {
        case .success(.iptables(let dump)):
            let rules = dump.ruleset.tables.reduce(0) { sum, table in
                sum + table.rulesByChain.values.reduce(0) { $0 + $1.count }
            }
            return "\(rules) rules, \(dump.diagnostics.count) diagnostics"
        case .success(.nftables(let dump)):
            let rules = dump.tables.reduce(0) { sum, table in sum + table.chains.reduce(0) { $0 + $1.rules.count } }
            let elements = dump.tables.reduce(0) { sum, table in sum + table.sets.reduce(0) { $0 + $1.elements.count } }
            return "\(rules) rules, \(elements) set and map elements, \(dump.diagnostics.count) diagnostics"
        case .success(.ipvs(let dump)): return "\(dump.services.count) virtual servers"
        case .failure(let why): return why.diagnostic.message
        }
    }

    /// The cluster as kubectl prints it (nodes, services, endpoints), then node 1's iptables-save and
    /// nft list table as `kubehops rules` writes them.
    static func generate(into root: String) throws -> [(String, String)] {
        let generator = DumpGenerator(nodes: nodes, podsPerNode: 30, services: services)
        try generator.writeNodes(to: root + "/nodes.txt")
        try writeServices(to: root + "/services.txt", generator: generator)
        try writeEndpoints(to: root + "/endpoints.txt", generator: generator)
        var resources = Resources()
        for name in ["nodes.txt", "services.txt", "endpoints.txt"] {
            let (result, _) = try Scenario.parseFile(root + "/" + name)
            resources.merge(result.resources)
        }
        let engine = FlowEngine(cluster: Cluster(resources: resources))
        var options = NodeProxyOptions(clusterCIDRs: ["10.64.0.0/10"])
        let iptablesState = try engine.proxyState(onNode: generator.nodeName(1), options: options)
        options.kubeVersion = KubeVersion(major: 1, minor: 34)
        let nftablesState = try engine.proxyState(onNode: generator.nodeName(1), options: options)
        let iptables = root + "/node.iptables-save", nft = root + "/node.nft"
        try NodeRulesText.iptablesSave(iptablesState, family: .ipv4).write(toFile: iptables, atomically: false, encoding: .utf8)
        try NodeRulesText.nftList(nftablesState, family: .ipv4).write(toFile: nft, atomically: false, encoding: .utf8)
        return [("iptables-save (10k services)", iptables), ("nft list table (10k services)", nft)]
    }

    /// One port a service (NodePort every tenth), so every chain name has kube-proxy's hash.
    static func writeServices(to path: String, generator: DumpGenerator) throws {
        let writer = try DumpGenerator.TableWriter(path: path, widths: [9, 34, 9, 14, 11, 26, 5, 40])
        writer.row(["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"])
        for index in 0..<services {
            let nodePort = index % 10 == 0
            writer.row([
                generator.namespace(index), name(index), nodePort ? "NodePort" : "ClusterIP",
                "10.96.\(index / 250).\(index % 250 + 1)", "<none>", nodePort ? "80:\(30000 + index % 2767)/TCP" : "80/TCP",
                "41d", "app=app-\(index % 1000),tier=web",
            ])
        }
        try writer.close()
    }

    /// `kubectl get endpoints -A`: two endpoints a service, three for every third.
    static func writeEndpoints(to path: String, generator: DumpGenerator) throws {
        let writer = try DumpGenerator.TableWriter(path: path, widths: [9, 34, 60, 5])
        writer.row(["NAMESPACE", "NAME", "ENDPOINTS", "AGE"])
        for index in 0..<services {
            let count = index % 3 == 0 ? 3 : 2
            let addresses = (0..<count).map { slot in
                let pod = (index * 3 + slot) % (nodes * 30)
                return "10.\(64 + pod / 30 / 256).\(pod / 30 % 256).\(pod % 30 + 2):8080"
            }
            writer.row([generator.namespace(index), name(index), addresses.joined(separator: ","), "41d"])
        }
        try writer.close()
    }

    static func name(_ index: Int) -> String { "app-\(index % 1000)-svc-\(index / 1000)" }
}
