import AppCore
import CellCanvas
import ClusterModel
import Foundation
import KubeText

/// The live view's whole path from bytes to a picture, timed end to end:
/// the files read in the view's 64 KiB chunks through `KubeTextStream`,
/// merged into one `Cluster`, handed to `AppState` as a snapshot (which lays
/// the scene out at the screen's width) and one frame drawn with AppCore's
/// `view`. The threads of the real view are left out: they change who does
/// the work, not how much of it there is before the first picture.
enum Pipeline {
    /// `StreamInput.chunkSize` in the executable.
    static let chunkSize = 64 * 1024
    static let screen = Size(width: 200, height: 60)

    struct Picture {
        var state: AppState
        var frame: Buffer
        var bytes: Int
    }

    /// Feeds `path` to `stream` chunk by chunk; `afterChunk` returns false to stop early.
    static func read(_ path: String, into stream: inout KubeTextStream, afterChunk: (KubeTextStream) -> Bool = { _ in true }) throws -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var total = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw BenchError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return total }
            total += count
            stream.feed(chunk.prefix(count))
            if !afterChunk(stream) { return total }
        }
    }

    /// What the view does with a snapshot: one cluster of everything read
    /// (as `StreamInput.snapshot`), the scene laid out, a frame drawn.
    static func picture(of results: [ParseResult], bytes: Int) -> Picture {
        var resources = Resources()
        var diagnostics: [Diagnostic] = []
        for result in results {
            resources.merge(result.resources)
            diagnostics += result.diagnostics
        }
        let cluster = Cluster(resources: consume resources, diagnostics: diagnostics)
        let empty = AppState(cluster: Cluster(resources: Resources()), input: .files(["bench"]), live: .reading, size: screen)
        let state = update(empty, .inputArrived(InputSnapshot(cluster: cluster, time: 0))).0
        return Picture(state: state, frame: view(state), bytes: bytes)
    }

    /// The first frame of the whole input: every file parsed to its end.
    static func fullFrame(paths: [String]) throws -> Picture {
        var results: [ParseResult] = []
        var bytes = 0
        for path in paths {
            var stream = KubeTextStream(source: path)
            bytes += try read(path, into: &stream)
            stream.finish()
            results.append(stream.result)
        }
        return picture(of: results, bytes: bytes)
    }

    /// The first picture the view shows while a file streams in: the view
    /// posts a snapshot as soon as a chunk has added records (later ones
    /// at adaptive intervals), so this is one chunk's parse plus a picture
    /// of what it held.
    static func firstPartialFrame(path: String) throws -> Picture {
        var stream = KubeTextStream(source: path)
        let start = stream.version
        let bytes = try read(path, into: &stream) { $0.version == start }
        return picture(of: [stream.result], bytes: bytes)
    }
}

func pipelineStages() -> [Stage] { [
    Stage(name: "first frame from parse") { scenario in
        let picture = try Pipeline.fullFrame(paths: [scenario.nodesPath, scenario.podsPath, scenario.servicesPath])
        precondition(picture.state.cluster.pods.count == scenario.generator.podCount, "pictured \(picture.state.cluster.pods.count) pods")
        scenario.keptAlive = picture
        return picture.bytes
    },
    Stage(name: "first partial frame (pods)") { scenario in
        let picture = try Pipeline.firstPartialFrame(path: scenario.podsPath)
        precondition(!picture.state.cluster.pods.isEmpty, "the first chunk pictured no pods")
        scenario.keptAlive = picture
        return picture.bytes
    },
] }

/// `--pipeline [DIR]`: the first frame of DIR's nodes.txt, pods.txt and
/// services.txt (generated at 5,000 nodes when no DIR is given), once, in this
/// fresh process, with this process's peak memory: the main run's peak
/// includes every scenario it keeps alive.
enum PipelineMode {
    static func run(directory given: String?) throws {
        var directory = given ?? ""
        var generated: String?
        if given == nil {
            let root = NSTemporaryDirectory() + "kubehops-bench-pipeline-\(ProcessInfo.processInfo.processIdentifier)"
            let generator = DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000)
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try generator.writeNodes(to: root + "/nodes.txt")
            try generator.writePods(to: root + "/pods.txt")
            try generator.writeServices(to: root + "/services.txt")
            directory = root
            generated = root
        }
        defer { if let generated { try? FileManager.default.removeItem(atPath: generated) } }
        let clock = ContinuousClock()
        let cpuStart = Timing.cpuSeconds(Timing.selfUsage)
        let start = clock.now
        let picture = try Pipeline.fullFrame(paths: ["nodes", "pods", "services"].map { "\(directory)/\($0).txt" })
        let wall = Timing.seconds(clock.now - start)
        let cpu = Timing.cpuSeconds(Timing.selfUsage) - cpuStart
        let cluster = picture.state.cluster
        let partialStart = clock.now
        let partial = try Pipeline.firstPartialFrame(path: directory + "/pods.txt")
        let partialWall = Timing.seconds(clock.now - partialStart)
        let name = URL(fileURLWithPath: directory).lastPathComponent
        print("pipeline \(name): " + String(format: "first frame %.1f ms wall, %.1f ms cpu (%d nodes, %d pods, %d svc); "
                     + "first partial frame %.1f ms (%d pods); peak %.0f MiB",
                     wall * 1000, cpu * 1000, cluster.nodes.count, cluster.pods.count,
                     cluster.services.count, partialWall * 1000, partial.state.cluster.pods.count, peakOfThisProgramMiB()))
        withExtendedLifetime((picture, partial)) {}
    }

    /// The peak resident memory of this program since it started (`VmHWM`).
    /// Not `ru_maxrss`: Linux carries that over from the parent across fork
    /// and exec, so a child of the main bench would report the parent's peak.
    static func peakOfThisProgramMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return Timing.peakMemoryMiB() }
        return kib / 1024
    }

    /// Runs `--pipeline DIR` in a child process (this same executable) and waits for it.
    static func spawn(directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--pipeline", directory]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("--pipeline \(directory) exited with \(process.terminationStatus)") }
    }
}
