import AppCore
import ClusterModel
import Foundation
import KubeText
import LiveView

/// One thing to read: a file or standard input.
struct InputFile: Sendable, Hashable {
    /// As named on the command line; `-` is standard input.
    var name: String
    var isStdin: Bool { name == "-" }
}

/// Reads files or stdin on a background thread, chunk by chunk, so the
/// picture appears as soon as the first table is parsed and grows while
/// more arrives (`kubectl get pods -w | kubehops`).
enum StreamInput {
    static let chunkSize = 64 * 1024

    static func start(_ files: [InputFile], follow: Bool, mailbox: Mailbox) {
        let thread = Thread {
            var results: [ParseResult] = []
            var pacing = PicturePacing()
            for file in files {
                pacing.startFile(recordsSoFar: results.reduce(0) { $0 + $1.resources.count })
                guard let result = read(file, earlier: results, pacing: &pacing, mailbox: mailbox) else { continue }
                results.append(result)
            }
            mailbox.post(.inputArrived(snapshot(results)))
            if follow { followFiles(files, results: results, mailbox: mailbox) } else { mailbox.post(.inputEnded) }
        }
        thread.name = "kubehops-input"
        thread.start()
    }

    /// Reads one input to its end, posting pictures on the way.
    ///
    /// nil when it could not be opened.
    static func read(
        _ file: InputFile, earlier: [ParseResult], pacing: inout PicturePacing, mailbox: Mailbox
    ) -> ParseResult? {
        let descriptor = file.isStdin ? STDIN_FILENO : open(file.name, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            mailbox.post(.inputFailed("cannot open \(file.name): \(String(cString: strerror(errno)))"))
            return nil
        }
        defer { if !file.isStdin { close(descriptor) } }
        var info = stat()
        let isRegularFile = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        var stream = KubeTextStream(source: file.name)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var postedVersion = stream.version
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, chunkSize) }
            if count < 0, errno == EINTR { continue }
            if count < 0 {
                mailbox.post(.inputFailed("cannot read \(file.name): \(String(cString: strerror(errno)))"))
                break
            }
            if count == 0 { break }
            stream.feed(chunk.prefix(count))
            let now = Date().timeIntervalSince1970
            if stream.version != postedVersion, pacing.isDue(at: now) {
                postedVersion = stream.version
                mailbox.post(.inputArrived(snapshot(earlier + [stream.result])))
                pacing.posted(startedAt: now, endedAt: Date().timeIntervalSince1970, fromRegularFile: isRegularFile)
            }
        }
        stream.finish()
        return stream.result
    }

    static func snapshot(_ results: [ParseResult]) -> InputSnapshot {
        var resources = Resources()
        var diagnostics: [Diagnostic] = []
        for result in results {
            resources.merge(result.resources)
            diagnostics += result.diagnostics
        }
        return InputSnapshot(
            cluster: Cluster(resources: consume resources, diagnostics: diagnostics), time: Date().timeIntervalSince1970
        )
    }

    /// `--follow`: re-reads every file whose size or modification time changed.
    static func followFiles(_ files: [InputFile], results: [ParseResult], mailbox: Mailbox) {
        var results = results
        let named = files.filter { !$0.isStdin }
        var stamps = named.map(stamp)
        while true {
            Thread.sleep(forTimeInterval: 0.5)
            let now = named.map(stamp)
            guard now != stamps else { continue }
            stamps = now
            results = named.map { file in
                do throws(FileBytes.Failure) {
                    return KubeText.parse(bytes: try FileBytes.read(path: file.name), source: file.name)
                } catch {
                    return ParseResult(diagnostics: [
                        Diagnostic(
                            severity: .error, source: file.name, line: 0,
                            message: error.refusal
                                ?? "cannot read the file any more: \(String(cString: strerror(error.code)))")
                    ])
                }
            }
            mailbox.post(.inputArrived(snapshot(results)))
        }
    }

    struct Stamp: Equatable { var size: Int; var modified: Int; var nanoseconds: Int }

    static func stamp(_ file: InputFile) -> Stamp? {
        var info = stat()
        guard stat(file.name, &info) == 0 else { return nil }
        return Stamp(
            size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}

/// When the reader builds the next picture while input streams in.
///
/// The first comes at once. Later ones wait long enough that building pictures (a whole cluster each) never takes more
/// than a fifth of the reading time, and at least 0.1 s on a pipe (`kubectl get pods -w`), 1 s on a regular file: a
/// file read at disk speed is complete in well under a second, and pictures on the way would only delay the complete
/// one and hold more memory. A new file's first picture comes at once too while what was read before is small (a node
/// list read before the pods), as it costs little.
struct PicturePacing {
    static let pipeInterval = 0.1
    static let fileInterval = 1.0
    static let cheapPicture = 20_000
    private var lastPost = -Double.infinity
    private var interval = 0.0

    func isDue(at now: Double) -> Bool { now - lastPost >= interval }

    mutating func startFile(recordsSoFar: Int) {
        if recordsSoFar < Self.cheapPicture { interval = 0 }
    }

    mutating func posted(startedAt start: Double, endedAt end: Double, fromRegularFile: Bool) {
        lastPost = end
        interval = max(fromRegularFile ? Self.fileInterval : Self.pipeInterval, (end - start) * 4)
    }
}
