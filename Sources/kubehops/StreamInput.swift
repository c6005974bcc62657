import AppCore
import ClusterModel
import Foundation
import KubeText

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
    /// At most this often a new picture is built while data streams in:
    /// rebuilding the cluster per chunk would cost more than the parse.
    static let minimumInterval = 0.1

    static func start(_ files: [InputFile], follow: Bool, mailbox: Mailbox) {
        let thread = Thread {
            var results: [ParseResult] = []
            for file in files {
                guard let result = read(file, earlier: results, mailbox: mailbox) else { continue }
                results.append(result)
            }
            mailbox.post(.inputArrived(snapshot(results)))
            if follow { followFiles(files, results: results, mailbox: mailbox) } else { mailbox.post(.inputEnded) }
        }
        thread.name = "kubehops-input"
        thread.start()
    }

    /// Reads one input to its end, posting pictures on the way. nil when it could not be opened.
    static func read(_ file: InputFile, earlier: [ParseResult], mailbox: Mailbox) -> ParseResult? {
        let descriptor = file.isStdin ? STDIN_FILENO : open(file.name, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            mailbox.post(.inputFailed("cannot open \(file.name): \(String(cString: strerror(errno)))"))
            return nil
        }
        defer { if !file.isStdin { close(descriptor) } }
        var stream = KubeTextStream(source: file.name)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var postedVersion = stream.version
        var lastPost = 0.0
        // Grows with the cost of a picture, so that building pictures of a huge
        // input never takes more than a fifth of the reading time.
        var interval = minimumInterval
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
            if stream.version != postedVersion, now - lastPost >= interval {
                postedVersion = stream.version
                mailbox.post(.inputArrived(snapshot(earlier + [stream.result])))
                lastPost = Date().timeIntervalSince1970
                interval = max(minimumInterval, (lastPost - now) * 4)
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
        return InputSnapshot(cluster: Cluster(resources: consume resources, diagnostics: diagnostics), time: Date().timeIntervalSince1970)
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
                    return ParseResult(diagnostics: [Diagnostic(severity: .error, source: file.name, line: 0,
                                                                message: "cannot read the file any more: \(String(cString: strerror(error.code)))")])
                }
            }
            mailbox.post(.inputArrived(snapshot(results)))
        }
    }

    struct Stamp: Equatable { var size: Int; var modified: Int; var nanoseconds: Int }

    static func stamp(_ file: InputFile) -> Stamp? {
        var info = stat()
        guard stat(file.name, &info) == 0 else { return nil }
        return Stamp(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
