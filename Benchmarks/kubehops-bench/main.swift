import ClusterModel
import DiagramScene
import FlowEngine
import Foundation
import KubeText

// kubehops-bench: generates dumps at Kubernetes' published limits and times
// each stage. Run with `swift run -c release kubehops-bench [MODE]`:
//
//   (no mode)         for 10 / 1,000 / 5,000 nodes (30 pods a node, up to 10,000
//                     services): every stage below, median of 7 runs, then one
//                     `--pipeline` child per scenario for its own peak memory.
//   --quick           the same with 3 runs.
//   --scenario NAME   (repeatable, with the modes above) only 10-nodes, 1000-nodes or 5000-nodes.
//   --parse FILE      parse one file once and exit (for profilers such as callgrind).
//   --model FILE...   parse and merge the files, build the Cluster once: its CPU time and peak.
//   --generate DIR    write the 5,000-node dumps into DIR/5000-nodes and exit.
//   --profile-frames N / --profile-layout N / --profile-export N
//                     the 5,000-node scene built once, then N flow frames, N
//                     layouts or N SVG exports with a NodePort flow (DiagramStages.swift), for a profiler.
//   --profile-flows N the 5,000-node cluster (plus an ingress controller, a TLS
//                     ingress and an ExternalName service) built once, then each
//                     flow kind and the tour N times, with their CPU times (FlowStages.swift).
//   --rules           `kubehops rules --node` on the 5,000-node cluster (150,000 pods, 10,000 services):
//                     the node's proxy state and its whole text in each proxy mode, median of the runs
//                     (RulesStages.swift; issue 21's target: under 2 s each); --rules-only iptables|nftables|ipvs
//                     times one mode; --rules-write DIR writes each mode's text once into DIR (to cmp outputs).
//   --policy          the NetworkPolicy reachability matrix (`kubehops policy`) for 5,000 pods and
//                     500 policies: engine build, grouped matrix, its text (PolicyStages.swift).
//   --rules-parse     a 10,000-service node's iptables-save and nft list table (kubehops' own
//                     generator) read and parsed, against awk '{print $7}' on the same files (issue 14,
//                     RulesParseStages.swift); --rules-generate DIR writes the two files,
//                     --rules-parse-once FILE reads and parses one once (for profilers).
//   --pipeline [DIR]  once, in this fresh process: the first frame of DIR's
//                     nodes.txt, pods.txt, services.txt (the 5,000-node dumps,
//                     generated, when no DIR), the first partial frame of its
//                     pods.txt, and the process's peak memory (VmHWM: ru_maxrss would
//                     carry the parent's peak over fork and exec).
//
// Stages are a list (see `stages` below): parsing here, model build, layout and
// frames in DiagramStages.swift, flows in FlowStages.swift, and the whole
// pipeline in PipelineStages.swift:
//   "first frame from parse"      nodes+pods+services read in the view's 64 KiB
//                                 chunks, merged, one Cluster, the scene laid out
//                                 at width 200 through AppCore, one 200×60 frame
//                                 drawn by AppCore's view: what the live view does
//                                 before its complete picture.
//   "first partial frame (pods)"  the first picture the view shows while the pods
//                                 file streams in: the first chunk that adds
//                                 records, pictured the same way.

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
    /// What the last timed run produced, freed between runs outside the timing.
    var kept: ParseResult?
    /// Filled by the diagram stages (DiagramStages.swift).
    var cluster: Cluster?
    var scene: Scene?
    var flow: Flow?
    /// A timed stage's result, freed untimed between runs (like `kept`).
    var keptAlive: Any?

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
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(descriptor) }
        var stream = KubeTextStream(source: path)
        let bytes = try stream.feed(fileDescriptor: descriptor)
        stream.finish()
        return (stream.result, bytes)
    }
}

func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

/// Runs one single-shot mode and ends the process: exit 0 when it finished, 1 with `label: error` on stderr
/// when it threw.
func runMode(_ label: String, _ body: () throws -> Void) -> Never {
    do {
        try body()
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("kubehops-bench: \(label): \(error)\n".utf8))
        exit(1)
    }
}

// `--parse FILE`: parse one file once and exit (for profilers such as callgrind).
if let flag = CommandLine.arguments.firstIndex(of: "--parse"), flag + 1 < CommandLine.arguments.count {
    let path = CommandLine.arguments[flag + 1]
    runMode("cannot parse \(path)") {
        let (result, bytes) = try Scenario.parseFile(path)
        print("\(bytes) bytes: \(result.resources.count) records, \(result.diagnostics.count) diagnostics")
    }
}

// `--model FILE...`: parse the files, merge them and build the `Cluster` once,
// printing the build's CPU time and the process's peak memory (for callgrind
// and `/usr/bin/time -v`). `--generate DIR`: write the 5,000-node dumps there.
/// The resident memory now (`VmRSS`), to see what the model keeps.
func residentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kib / 1024
}

if let flag = CommandLine.arguments.firstIndex(of: "--model") {
    let paths = CommandLine.arguments.dropFirst(flag + 1)
    runMode("cannot parse") {
        var resources = Resources()
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let (result, _) = try Scenario.parseFile(path)
            resources.merge(result.resources)
            diagnostics += result.diagnostics
        }
        let parsedPeak = Timing.peakMemoryMiB()
        let residentBefore = residentMiB()
        let start = Timing.cpuSeconds(Timing.selfUsage)
        let cluster = Cluster(resources: consume resources, diagnostics: diagnostics)
        let elapsed = Timing.cpuSeconds(Timing.selfUsage) - start
        let residentAfter = residentMiB()
        print(String(format: "model build: %.1f ms cpu; %d nodes, %d pods, %d services; peak %.0f MiB (%.0f MiB after parsing); "
                     + "resident %.1f MiB before, %.1f MiB after",
                     elapsed * 1000, cluster.nodes.count, cluster.pods.count, cluster.services.count, Timing.peakMemoryMiB(), parsedPeak,
                     residentBefore, residentAfter))
        let flowsStart = Timing.cpuSeconds(Timing.selfUsage)
        let engine = FlowEngine(cluster: cluster)
        for kind in FlowKind.allCases { _ = try? engine.flow(kind) }
        _ = Tour.steps(for: cluster)
        print(String(format: "every flow kind + tour: %.1f ms cpu", (Timing.cpuSeconds(Timing.selfUsage) - flowsStart) * 1000))
    }
}
if let flag = CommandLine.arguments.firstIndex(of: "--generate"), flag + 1 < CommandLine.arguments.count {
    runMode("cannot generate") {
        _ = try Scenario(name: "5000-nodes", generator: DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000),
                         root: CommandLine.arguments[flag + 1])
    }
}

// `--pipeline [DIR]`: one whole-pipeline run in this fresh process (PipelineStages.swift).
if let flag = CommandLine.arguments.firstIndex(of: "--pipeline") {
    let directory = flag + 1 < CommandLine.arguments.count ? CommandLine.arguments[flag + 1] : nil
    runMode("--pipeline") {
        try PipelineMode.run(directory: directory)
    }
}

let quick = CommandLine.arguments.contains("--quick")
let runs = quick ? 3 : 7

// `--policy`: the NetworkPolicy reachability matrix at 5,000 pods and 500 policies (PolicyStages.swift).
if CommandLine.arguments.contains("--policy") {
    PolicyMode.run(runs: runs)
    exit(0)
}

// `--rules-parse`: a 10,000-service node's rules dumps parsed against awk (RulesParseStages.swift).
// `--rules-generate DIR` writes them into DIR; `--rules-parse-once FILE` parses one once (for profilers).
if let flag = CommandLine.arguments.firstIndex(of: "--rules-generate"), flag + 1 < CommandLine.arguments.count {
    runMode("--rules-generate") {
        for (_, path) in try RulesParseMode.generate(into: CommandLine.arguments[flag + 1]) { print(path) }
    }
}
if let flag = CommandLine.arguments.firstIndex(of: "--rules-parse-once"), flag + 1 < CommandLine.arguments.count {
    runMode("--rules-parse-once") {
        print(try RulesParseMode.parseOnce(CommandLine.arguments[flag + 1]))
    }
}
if CommandLine.arguments.contains("--rules-parse") {
    let directory = NSTemporaryDirectory() + "kubehops-bench-rules-\(ProcessInfo.processInfo.processIdentifier)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
        try RulesParseMode.run(runs: runs, root: directory)
    } catch {
        FileHandle.standardError.write(Data("kubehops-bench: --rules-parse: \(error)\n".utf8))
    }
    try? FileManager.default.removeItem(atPath: directory)
    exit(0)
}

let stages: [Stage] = [
    Stage(name: "parse pods (-A -o wide)") { scenario in
        let (result, bytes) = try Scenario.parseFile(scenario.podsPath)
        precondition(result.resources.pods.count == scenario.generator.podCount, "parsed \(result.resources.pods.count) pods")
        scenario.kept = result
        return bytes
    },
    Stage(name: "parse nodes+pods+svc") { scenario in
        var total = 0
        var resources = Resources()
        for path in [scenario.nodesPath, scenario.podsPath, scenario.servicesPath] {
            let (result, bytes) = try Scenario.parseFile(path)
            resources.merge(result.resources)
            total += bytes
        }
        // The first run's result stays for later stages; the others are freed untimed.
        if scenario.parsed == nil { scenario.parsed = ParseResult(resources: resources) } else { scenario.kept = ParseResult(resources: resources) }
        return total
    },
    // Later stages go here, e.g.:
    // Stage(name: "model build") { scenario in _ = Cluster(resources: scenario.parsed!.resources); return 0 },
] + diagramStages() + flowStages() + pipelineStages()

let root = NSTemporaryDirectory() + "kubehops-bench-\(ProcessInfo.processInfo.processIdentifier)"
defer { try? FileManager.default.removeItem(atPath: root) }

func countAfter(_ flag: String) -> Int {
    guard let index = CommandLine.arguments.firstIndex(of: flag) else { return 0 }
    return CommandLine.arguments.indices.contains(index + 1) ? Int(CommandLine.arguments[index + 1]) ?? 100 : 100
}
if ["--profile-frames", "--profile-layout", "--profile-export"].contains(where: CommandLine.arguments.contains) {
    do {
        try profile(frames: countAfter("--profile-frames"), layouts: countAfter("--profile-layout"),
                    exports: countAfter("--profile-export"), root: root, stages: stages)
    } catch {
        print("kubehops-bench: \(error)")
    }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}

// `--profile-flows N`: each flow kind and the tour N times on the 5,000-node cluster (FlowStages.swift).
if CommandLine.arguments.contains("--profile-flows") {
    do {
        try FlowProfile.run(iterations: countAfter("--profile-flows"), root: root)
    } catch {
        print("kubehops-bench: \(error)")
    }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}

// `--rules`: `kubehops rules --node` in each proxy mode on the 5,000-node cluster (RulesStages.swift);
// `--rules-only iptables|nftables|ipvs` times one mode; `--rules-write DIR` writes each mode's text into DIR.
if let flag = CommandLine.arguments.firstIndex(of: "--rules-write"), flag + 1 < CommandLine.arguments.count {
    runMode("--rules-write") {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try RulesMode.write(into: CommandLine.arguments[flag + 1], root: root)
    }
}
if CommandLine.arguments.contains("--rules") {
    let only = CommandLine.arguments.firstIndex(of: "--rules-only").flatMap {
        CommandLine.arguments.indices.contains($0 + 1) ? CommandLine.arguments[$0 + 1] : nil
    }
    do {
        try RulesMode.run(runs: runs, root: root, only: only)
    } catch {
        print("kubehops-bench: \(error)")
    }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}

let sizes: [(String, DumpGenerator)] = [
    ("10-nodes", DumpGenerator(nodes: 10, podsPerNode: 30, services: 20)),
    ("1000-nodes", DumpGenerator(nodes: 1_000, podsPerNode: 30, services: 2_000)),
    ("5000-nodes", DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000)),
].filter { size in
    // `--scenario NAME` (repeatable) runs only the named sizes, e.g. for a profiler.
    let chosen = CommandLine.arguments.indices.filter { CommandLine.arguments[$0] == "--scenario" }
        .compactMap { CommandLine.arguments.indices.contains($0 + 1) ? CommandLine.arguments[$0 + 1] : nil }
    return chosen.isEmpty || chosen.contains(size.0)
}

print("kubehops-bench: median of \(runs) runs per measurement; wall = elapsed, cpu = user+system\n")
print("scenario     stage                        wall ms   cpu ms    MB/s  peak MiB | awk $7 wall  cpu ms | ratio wall   cpu")
/// Kept for the `--pipeline` children; the scenarios themselves are freed one by one.
var directories: [String] = []
do {
    for (name, generator) in sizes {
        let scenario = try Scenario(name: name, generator: generator, root: root)
        let podsSize = (try FileManager.default.attributesOfItem(atPath: scenario.podsPath)[.size] as? Int) ?? 0
        let awk = try Timing.awk(scenario.podsPath, runs: runs)
        for stage in stages {
            let result = try Timing.measure(runs: runs, release: { scenario.kept = nil; scenario.keptAlive = nil }) { try stage.run(scenario) }
            let throughput = result.bytes > 0 ? Double(result.bytes) / 1e6 / result.wall : 0
            var line = pad(name, 12) + " " + pad(stage.name, 26)
            line += String(format: " %9.1f %8.1f %7.1f %9.0f", result.wall * 1000, result.cpu * 1000, throughput, Timing.peakMemoryMiB())
            if stage.name.hasPrefix("parse pods") {
                line += String(format: " | %11.1f %7.1f | %9.2f× %5.2f×", awk.wall * 1000, awk.cpu * 1000,
                               result.wall / awk.wall, result.cpu / max(awk.cpu, 1e-9))
            }
            print(line)
        }
        print(pad(name, 12) + String(format: " (pods file %.1f MB: %d pods on %d nodes; %d services)",
                                     Double(podsSize) / 1e6, generator.podCount, generator.nodes, generator.services))
        directories.append(scenario.directory)
    }
    print("\nThe whole pipeline once per scenario, each in a fresh process (its own peak memory):")
    for directory in directories {
        // The parent's prints must come out before the child's.
        fflush(nil)
        try PipelineMode.spawn(directory: directory)
    }
    print("\npeak MiB is the process's ru_maxrss after the stage (it only grows): the first")
    print("stage's value for the 5000-node scenario is the peak of parsing the 150,000-pod dump.")
} catch {
    FileHandle.standardError.write(Data("kubehops-bench: \(error)\n".utf8))
    exit(1)
}
