import ClusterModel
import FlowEngine
import Foundation
import KubeText

// kubehops-bench: generates dumps at Kubernetes' published limits and times
// each stage. Run with `swift run -c release kubehops-bench [--quick]`.
// Stages are a list (see `stages` below): later work adds model build,
// layout, first frame and animation frame as more entries.

/// One generated cluster: its dump files and what earlier stages produced.
final class Scenario {
    let name: String
    let generator: DumpGenerator
    let directory: String
    var nodesPath: String { directory + "/nodes.txt" }
    var podsPath: String { directory + "/pods.txt" }
    var servicesPath: String { directory + "/services.txt" }
    /// Filled by the parse stage, for stages that build on it.
    var parsed: ParseResult?
    /// Filled by the model stage.
    var cluster: Cluster?

    init(name: String, generator: DumpGenerator, root: String) throws {
        self.name = name
        self.generator = generator
        self.directory = root + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try generator.writeNodes(to: nodesPath)
        try generator.writePods(to: podsPath)
        try generator.writeServices(to: servicesPath)
    }

    /// Reads and parses a file the way `kubehops` does: in 1 MiB chunks through the stream.
    static func parseFile(_ path: String) throws -> (ParseResult, Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var stream = KubeTextStream(source: path)
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes += chunk.count
            stream.feed(chunk)
        }
        stream.finish()
        return (stream.result, bytes)
    }
}

func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

// `--parse FILE`: parse one file once and exit (for profilers such as callgrind).
if let flag = CommandLine.arguments.firstIndex(of: "--parse"), flag + 1 < CommandLine.arguments.count {
    let path = CommandLine.arguments[flag + 1]
    do {
        let (result, bytes) = try Scenario.parseFile(path)
        print("\(bytes) bytes: \(result.resources.count) records, \(result.diagnostics.count) diagnostics")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("kubehops-bench: cannot parse \(path): \(error)\n".utf8))
        exit(1)
    }
}

let quick = CommandLine.arguments.contains("--quick")
let runs = quick ? 3 : 7

let stages: [Stage] = [
    Stage(name: "parse pods (-A -o wide)") { scenario in
        let (result, bytes) = try Scenario.parseFile(scenario.podsPath)
        precondition(result.resources.pods.count == scenario.generator.podCount, "parsed \(result.resources.pods.count) pods")
        return bytes
    },
    Stage(name: "parse nodes+pods+services") { scenario in
        var total = 0
        var resources = Resources()
        for path in [scenario.nodesPath, scenario.podsPath, scenario.servicesPath] {
            let (result, bytes) = try Scenario.parseFile(path)
            resources.merge(result.resources)
            total += bytes
        }
        scenario.parsed = ParseResult(resources: resources)
        return total
    },
    Stage(name: "model build (Cluster)") { scenario in
        guard let parsed = scenario.parsed else { return 0 }
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        precondition(cluster.pods.count == scenario.generator.podCount, "model has \(cluster.pods.count) pods")
        scenario.cluster = cluster
        return 0
    },
    Stage(name: "every flow kind + tour") { scenario in
        guard let cluster = scenario.cluster else { return 0 }
        let engine = FlowEngine(cluster: cluster)
        for kind in FlowKind.allCases { _ = try? engine.flow(kind) }
        _ = Tour.steps(for: cluster)
        return 0
    },
    // Later stages go here (layout, first frame, animation frame).
]

let root = NSTemporaryDirectory() + "kubehops-bench-\(ProcessInfo.processInfo.processIdentifier)"
defer { try? FileManager.default.removeItem(atPath: root) }

let sizes: [(String, DumpGenerator)] = [
    ("10-nodes", DumpGenerator(nodes: 10, podsPerNode: 30, services: 20)),
    ("1000-nodes", DumpGenerator(nodes: 1_000, podsPerNode: 30, services: 2_000)),
    ("5000-nodes", DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000)),
]

print("kubehops-bench: median of \(runs) runs per measurement\n")
print("scenario      stage                          time (ms)     MB/s   peak MiB   awk $7 (ms)   ratio")
do {
    for (name, generator) in sizes {
        let scenario = try Scenario(name: name, generator: generator, root: root)
        let podsSize = (try FileManager.default.attributesOfItem(atPath: scenario.podsPath)[.size] as? Int) ?? 0
        let awk = try Timing.awk(scenario.podsPath, runs: runs)
        for stage in stages {
            let (time, bytes) = try Timing.measure(runs: runs) { try stage.run(scenario) }
            let throughput = bytes > 0 ? Double(bytes) / 1e6 / time : 0
            let isPodParse = stage.name.hasPrefix("parse pods")
            let awkColumn = isPodParse ? String(format: "%11.1f   %5.2f×", awk * 1000, time / awk) : ""
            print(pad(name, 13) + " " + pad(stage.name, 30) + String(format: " %9.1f %8.1f   %8.0f", time * 1000, throughput,
                         Timing.peakMemoryMiB()) + awkColumn)
        }
        print(pad(name, 13) + String(format: " pods file %.1f MB, %d pods, %d nodes, %d services",
                                     Double(podsSize) / 1e6, generator.podCount, generator.nodes, generator.services))
    }
    print("\npeak MiB is the process's ru_maxrss after the stage (it only grows): the first")
    print("stage's value for the 5000-node scenario is the peak of parsing the 150,000-pod dump.")
} catch {
    FileHandle.standardError.write(Data("kubehops-bench: \(error)\n".utf8))
    exit(1)
}
