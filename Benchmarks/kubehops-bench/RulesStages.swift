import ClusterModel
import FlowEngine
import Foundation
import ProxyRules

/// `--rules`: `kubehops rules --node NODE` at Kubernetes' limits (issue 21: "at 10,000 services and 150,000
/// pods the full ruleset is produced in under 2 seconds"). The 5,000-node dumps (150,000 pods, 10,000
/// services) are parsed and the Cluster built once, untimed; then, per proxy mode, the node's proxy state
/// (`FlowEngine.proxyState`, what `rules` computes first) and its whole text (iptables-save, nft list
/// table, and ipvsadm -Ln + ipset save + iptables-save for IPVS) are timed together, median of the runs,
/// in CPU and wall seconds.
enum RulesMode {
    static let modes: [(name: String, file: String, text: @Sendable (NodeProxyState) -> String)] = [
        ("iptables-save", "iptables.txt", { NodeRulesText.iptablesSave($0, family: .ipv4) }),
        ("nft list table", "nftables.txt", { NodeRulesText.nftList($0, family: .ipv4) }),
        ("ipvsadm+ipset+iptables", "ipvs.txt", { NodeRulesIPVSText.text($0, families: [.ipv4]) }),
    ]

    /// The 5,000-node cluster (one deployment per service: each of the 150,000 pods backs one service, 15
    /// endpoints a service, as at the limits; the other stages' 1,000 deployments give every service 150) and
    /// the node whose rules are written.
    static func cluster(root: String) throws -> (Cluster, String) {
        let generator = DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000, apps: 10_000)
        let scenario = try Scenario(name: "5000-nodes", generator: generator, root: root)
        var resources = Resources()
        for path in [scenario.nodesPath, scenario.podsPath, scenario.servicesPath] {
            resources.merge(try Scenario.parseFile(path).0.resources)
        }
        return (Cluster(resources: consume resources), generator.nodeName(7))
    }

    /// `--rules-write DIR`: each mode's whole text written once into DIR, to compare outputs byte for byte
    /// (`cmp`) across a change of the generators.
    static func write(into directory: String, root: String) throws {
        let (cluster, node) = try cluster(root: root)
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: node)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for mode in modes {
            let path = directory + "/" + mode.file
            try Data(mode.text(state).utf8).write(to: URL(fileURLWithPath: path))
            say(path)
        }
    }

    static func run(runs: Int, root: String, only: String? = nil) throws {
        let (cluster, node) = try cluster(root: root)
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: node)
        let endpoints = state.ports.reduce(0) { $0 + $1.endpoints.count }
        say(
            "cluster: \(cluster.nodes.count) nodes, \(cluster.pods.count) pods, \(cluster.services.count) services; "
                + "node \(node): \(state.ports.count) service ports, \(endpoints) endpoints")
        for mode in modes where only.map({ mode.file.hasPrefix($0) }) ?? true {
            var cpu: [Double] = []
            var wall: [Double] = []
            var bytes = 0
            var lines = 0
            for _ in 0..<max(1, runs) {
                let startCPU = Timing.cpuSeconds(Timing.selfUsage)
                let start = Date()
                let state = try FlowEngine(cluster: cluster).proxyState(onNode: node)
                let text = mode.text(state)
                wall.append(Date().timeIntervalSince(start))
                cpu.append(Timing.cpuSeconds(Timing.selfUsage) - startCPU)
                bytes = text.utf8.count
                lines = text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            }
            let median = { (values: [Double]) in values.sorted()[values.count / 2] }
            say(
                pad("rules " + mode.name, 30)
                    + String(format: " %7.3f s cpu %7.3f s wall  ", median(cpu), median(wall))
                    + "\(lines) lines, \(bytes / 1024) KiB" + (median(wall) < 2 ? "" : "  OVER 2 s"))
        }
    }

    /// One line written at once (not held in print's buffer when stdout is a pipe), as it is measured.
    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}
