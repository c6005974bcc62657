import ArgumentParser
import ClusterModel
import Foundation
import KubeText

/// `kubehops parse`: shows what the parser understood of kubectl output, so
/// a user can check a dump before viewing it (and scripts can read JSON).
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what kubehops understands of kubectl output: records per kind and every line it could not use.",
        discussion:
            "Reads each FILE, or standard input when there is none or FILE is '-'. Exits non-zero when nothing was " +
            "understood."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    @OptionGroup var input: InputFileArguments
    var files: [String] { input.all }

    @Option(help: "Output format: human or json.")
    var format: Format = .human

    func run() async throws {
        try InputFiles.requireReadable(files)
        if files.isEmpty, isatty(STDIN_FILENO) == 1 {
            // Nothing piped in: say what is expected instead of waiting silently for typed input.
            FileHandle.standardError.write(
                Data(
                    ("kubehops parse: no input: pipe kubectl output in (kubectl get nodes,pods,svc -A -o wide | "
                        + "kubehops parse) or name FILEs; - reads what you type.\n").utf8))
            throw ExitCode(1)
        }
        let inputs = files.isEmpty ? ["-"] : files
        var resources = Resources()
        // The process ends after this command: its records are left to it rather than freed one by one.
        defer { KeptUntilExit.keep(resources) }
        var diagnostics: [Diagnostic] = []
        var unreadable: [String] = []
        for input in inputs {
            do {
                let result = try InputReader.parse(path: input)
                resources.merge(result.resources)
                diagnostics += result.diagnostics
            } catch {
                unreadable.append(error.message)
                FileHandle.standardError.write(Data("kubehops parse: \(error.message)\n".utf8))
            }
        }
        // Nothing could be read at all: the one line per input already said why.
        if unreadable.count == inputs.count { throw ExitCode(1) }
        switch format {
        case .human:
            var output = OutputBytes()
            Self.writeSummary(resources, diagnostics, to: &output)
            output.flush()
        case .json:
            // Streamed a slice of records at a time: a 150,000-pod report is 106 MB of text.
            var output = OutputBytes()
            try ParseReport(resources, diagnostics: diagnostics).write { output.append(bytes: $0) }
            output.append("\n")
            output.flush()
        }
        if resources.isEmpty {
            let what =
                inputs.count == 1
                ? (inputs[0] == "-" ? "standard input" : "'\(inputs[0])'") : "the \(inputs.count) inputs"
            FileHandle.standardError.write(
                Data(
                    """
                    kubehops parse: nothing understood in \(what): expected output of 'kubectl get' \
                    (tables with a NAME header, or -o json / -o yaml).\n
                    """.utf8))
            throw ExitCode(1)
        }
        if !unreadable.isEmpty { throw ExitCode(1) }
    }

    /// What was understood, kubectl-style: a table per kind (as `kubectl get` prints it), then the diagnostics.
    static func writeSummary(_ resources: Resources, _ diagnostics: [Diagnostic], to output: inout OutputBytes) {
        let tables = UnderstoodTables.tables(resources)
        if tables.isEmpty { output.append("Nothing understood.") }
        UnderstoodTables.write(tables, to: &output)
        output.append("\n")
        if !diagnostics.isEmpty {
            let bySeverity = Dictionary(grouping: diagnostics, by: \.severity)
            output.append(
                "\n\(diagnostics.count) diagnostics (\(bySeverity[.error]?.count ?? 0) errors, "
                    + "\(bySeverity[.warning]?.count ?? 0) warnings, \(bySeverity[.note]?.count ?? 0) notes):\n")
            for diagnostic in diagnostics { output.append(diagnostic.description + "\n") }
        }
    }
}

/// Reads a file or standard input in chunks into a `KubeTextStream`, so
/// memory does not grow with the size of the input beyond what it describes.
enum InputReader {
    struct ReadError: Error {
        var message: String
    }

    static func parse(path: String) throws(ReadError) -> ParseResult {
        var descriptor: Int32 = 0
        if path != "-" {
            if let problem = InputFiles.problem(path) { throw ReadError(message: problem) }
            if let refusal = BinaryInput.refusal(path: path) { throw ReadError(message: refusal) }
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw ReadError(message: "cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
        }
        defer { if path != "-" { close(descriptor) } }
        var stream = KubeTextStream(source: path)
        do {
            try stream.feed(fileDescriptor: descriptor)
        } catch {
            throw ReadError(message: "cannot read '\(path)': \(error)")
        }
        stream.finish()
        return stream.result
    }
}
