import ArgumentParser
import ClusterModel
import Foundation
import KubeText

/// Where a one-shot command's objects come from, and the one policy for reading them. `print`, `explain`,
/// `export`, `rules`, `policy` and `diff` each had their own loader, and they disagreed about an empty
/// pipe, the demo and a file that fails while read; now they share this:
/// - named files, in order (`-` is standard input), each checked first by `InputFiles.requireReadable`;
/// - none named: standard input when it is a pipe or a file, the built-in demo when it is a terminal or
///   closed, or when the pipe brings nothing (said on stderr, so a CI job without input knows why);
/// - a file that fails while read, or is binary, is an `InputFailure` naming it: each command ends with
///   its own wording and exit status (`kubehops: …` 1, or `Error: …` 2 where 1 means an answer).
/// `view` and `tour` stream their input instead (`StreamInput`), and `parse` writes as it reads; both use
/// the same file checks and binary refusal.
struct InputSource: Equatable {
    enum Origin: Equatable {
        case files([String])
        case standardInput
        case demo
    }

    var origin: Origin

    init(files: [String], standardInputIsTerminal: Bool = isatty(STDIN_FILENO) == 1) {
        if !files.isEmpty {
            origin = .files(files)
        } else if standardInputIsTerminal || !StandardInput.isOpen {
            origin = .demo
        } else {
            origin = .standardInput
        }
    }

    /// The inputs as messages name them (`-` for standard input; none for the demo).
    var names: [String] {
        switch origin {
        case .files(let files): files
        case .standardInput: ["-"]
        case .demo: []
        }
    }

    /// Every input parsed and merged in order.
    func load() throws(InputFailure) -> ParseResult {
        switch origin {
        case .demo:
            return DemoCluster.parse()
        case .standardInput:
            let bytes = try Self.bytes(of: "-")
            guard !bytes.isEmpty else {
                StandardError.write("kubehops: nothing on standard input; drawing the built-in demo cluster")
                return DemoCluster.parse()
            }
            return KubeText.parse(bytes: bytes, source: "-")
        case .files(let files):
            var merged = ParseResult()
            for name in files {
                let result = KubeText.parse(bytes: try Self.bytes(of: name), source: name)
                merged.resources.merge(result.resources)
                merged.diagnostics += result.diagnostics
            }
            return merged
        }
    }

    /// `load()` for the commands that answer `kubehops: …` with exit 1, as `parse` does: the named files
    /// checked first, a failure said in one line, and input with nothing Kubernetes in it refused.
    func loadForKubehops() throws -> ParseResult {
        try InputFiles.requireReadable(names)
        let parsed: ParseResult
        do { parsed = try load() } catch {
            StandardError.write("kubehops: \(error.message)")
            throw ExitCode(1)
        }
        if parsed.resources.isEmpty {
            StandardError.warn(about: parsed.diagnostics)
            StandardError.write("kubehops: \(nothingUnderstood)")
            throw ExitCode(1)
        }
        return parsed
    }

    /// What to say when no input held anything Kubernetes.
    var nothingUnderstood: String {
        let one = names.first.map { $0 == "-" ? "standard input" : "'\($0)'" }
        let what = names.count == 1 ? one ?? "" : "the \(names.count) inputs"
        return "nothing understood in \(what): expected output of 'kubectl get' "
            + "(tables with a NAME header, or -o json / -o yaml)."
    }

    /// One input's bytes: standard input for `-`, else the file (binary refused).
    static func bytes(of name: String) throws(InputFailure) -> [UInt8] {
        guard name != "-" else {
            let bytes = StandardInput.readAll() ?? []
            if let refusal = BinaryInput.refusal(bytes, name: "standard input") {
                throw InputFailure(message: refusal)
            }
            return bytes
        }
        do { return try FileBytes.read(path: name) } catch { throw InputFailure(message: error.description) }
    }
}

/// An input that could not be read, in `parse`'s words (`cannot read 'x': it is a binary file, …`).
struct InputFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Lines for the user on standard error, apart from the command's output.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The input's warnings and errors (not its notes), each named by file and line; the rest of the
    /// input is still used.
    static func warn(about diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics where diagnostic.severity != .note { write(diagnostic.description) }
    }
}
