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
        case .human: print(Self.summary(resources, diagnostics), terminator: "")
        case .json: print(try Self.json(resources, diagnostics))
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
    static func summary(_ resources: Resources, _ diagnostics: [Diagnostic]) -> String {
        var sections = UnderstoodTables.sections(resources)
        if sections.isEmpty { sections.append("Nothing understood.") }
        var text = sections.joined(separator: "\n\n") + "\n"
        if !diagnostics.isEmpty {
            let bySeverity = Dictionary(grouping: diagnostics, by: \.severity)
            text +=
                "\n\(diagnostics.count) diagnostics (\(bySeverity[.error]?.count ?? 0) errors, "
                + "\(bySeverity[.warning]?.count ?? 0) warnings, \(bySeverity[.note]?.count ?? 0) notes):\n"
            for diagnostic in diagnostics { text += diagnostic.description + "\n" }
        }
        return text
    }

    /// The JSON shape scripts rely on: one object, an array per kind.
    struct Report: Encodable {
        var nodes: [Node]
        var pods: [Pod]
        var services: [Service]
        var endpoints: [EndpointSet]
        var ingresses: [Ingress]
        var workloads: [Workload]
        var gatewayClasses: [GatewayClass]
        var gateways: [Gateway]
        /// HTTPRoutes and GRPCRoutes (`kind` says which).
        var routes: [HTTPRoute]
        var referenceGrants: [ReferenceGrant]
        var diagnostics: [Diagnostic]
    }

    static func json(_ resources: Resources, _ diagnostics: [Diagnostic]) throws -> String {
        let report = Report(
            nodes: resources.nodes, pods: resources.pods, services: resources.services, endpoints: resources.endpoints,
            ingresses: resources.ingresses, workloads: resources.workloads,
            gatewayClasses: resources.gatewayClasses, gateways: resources.gateways, routes: resources.routes,
            referenceGrants: resources.referenceGrants, diagnostics: diagnostics)
        let encoded = try JSONEncoder().encode(report)
        let tree = CleanJSON.tidy(try JSONSerialization.jsonObject(with: encoded))
        let data = try JSONSerialization.data(
            withJSONObject: tree, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// Swift's synthesized Codable writes enums as `{"nodePort": {}}` and `{"number": {"_0": 80}}`; scripts want
/// `"nodePort"` and `{"number": 80}` (Kubernetes' own shape for a port by number or by name).
enum CleanJSON {
    static func tidy(_ value: Any) -> Any {
        if let array = value as? [Any] { return array.map(tidy) }
        guard let object = value as? [String: Any] else { return value }
        if object.count == 1, let (key, payload) = object.first, let inner = payload as? [String: Any] {
            if inner.isEmpty { return key }
            if let unnamed = positional(inner) { return [key: unnamed.count == 1 ? unnamed[0] : unnamed] }
        }
        if let unnamed = positional(object) { return unnamed.count == 1 ? unnamed[0] : unnamed }
        return object.mapValues(tidy)
    }

    /// The values of `{"_0": a, "_1": b}` in order (an enum case's unnamed payload), else nil.
    static func positional(_ object: [String: Any]) -> [Any]? {
        guard !object.isEmpty else { return nil }
        let values = (0..<object.count).compactMap { object["_\($0)"] }
        return values.count == object.count ? values.map(tidy) : nil
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
