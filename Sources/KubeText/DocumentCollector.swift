import ClusterModel
import Foundation
import TerminalText

/// Collects the lines of a `kubectl get -o json` or `-o yaml` document that
/// appears in the input (alone, or between tables), then decodes it.
///
/// JSON ends where its braces balance; YAML ends at the first line that cannot be YAML (a table header, a prompt) or at
/// the end of input.
struct DocumentCollector: Sendable {
    enum Format: Sendable { case json, yaml }

    enum Progress: Equatable {
        /// The line belongs to the document, which goes on.
        case needMore
        /// The document ended on this line; bytes from `rest` on are not part of it.
        case complete(rest: Int?)
        /// The line is not part of the document, which ended before it.
        case ended
    }

    let format: Format
    let startLine: Int
    private(set) var bytes: [UInt8] = []
    private var lines = 0
    private var depth = 0
    private var maxDepth = 0
    private var inString = false
    private var escaped = false
    private var started = false
    private var overflowed = false

    /// Documents larger than this are not kept (bounded memory for hostile input).
    static let sizeLimit = 256 << 20
    /// Deeper nesting than this is refused before any recursive decoder sees it.
    static let depthLimit = 200

    /// The first line, for diagnostics about the whole document.
    let excerpt: String

    init(format: Format, startLine: Int, excerpt: String = "") {
        self.format = format
        self.startLine = startLine
        self.excerpt = excerpt
    }

    /// `[` opens a JSON array only when what follows is JSON (`[{`, `["`, `[]`,
    /// or nothing on this line); a shell prompt like `[user@host ~]$` is not one.
    static func opensJSONArray(_ line: [UInt8], at start: Int, end: Int) -> Bool {
        var index = start + 1
        while index < end, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        guard index < end else { return true }
        let next = line[index]
        return next == UInt8(ascii: "{") || next == UInt8(ascii: "\"") || next == UInt8(ascii: "]")
            || next == UInt8(ascii: "[")
    }

    /// A YAML document starts with one of kubectl's top-level keys or `---`.
    static func startsYAML(_ line: [UInt8], end: Int) -> Bool {
        guard end >= 3, let lead = line.first,
            lead == UInt8(ascii: "a") || lead == UInt8(ascii: "k") || lead == UInt8(ascii: "-")
                || lead == UInt8(ascii: "i") || lead == UInt8(ascii: "m")
        else { return false }
        let prefixes: [StaticString] = ["apiVersion:", "kind: ", "---", "items:", "metadata:"]
        return prefixes.contains { prefix in
            let count = prefix.utf8CodeUnitCount
            return end >= count && CellValues.equals(line, 0..<count, prefix)
        }
    }

    mutating func append(_ line: [UInt8], end: Int) -> Progress {
        lines += 1
        switch format {
        case .json: return appendJSON(line, end: end)
        case .yaml: return appendYAML(line, end: end)
        }
    }

    private mutating func store(_ line: [UInt8], _ range: Range<Int>) {
        guard !overflowed else { return }
        guard bytes.count + range.count < Self.sizeLimit else { overflowed = true; bytes = []; return }
        bytes.append(contentsOf: line[range])
        bytes.append(0x0A)
    }

    private mutating func appendJSON(_ line: [UInt8], end: Int) -> Progress {
        var index = 0
        var from = 0
        // kubectl indents everything inside a document; a line at column 0 that
        // cannot be JSON (a header, a prompt) means the document was cut off.
        if started && !inString && end > 0 {
            let lead = line[0]
            let canContinue =
                lead == 0x20 || lead == 0x09 || lead == UInt8(ascii: "{") || lead == UInt8(ascii: "}")
                || lead == UInt8(ascii: "[") || lead == UInt8(ascii: "]") || lead == UInt8(ascii: "\"")
                || lead == UInt8(ascii: ",")
            if !canContinue { return .ended }
        }
        if !started {
            while index < end, line[index] != UInt8(ascii: "{") && line[index] != UInt8(ascii: "[") { index += 1 }
            from = index
        }
        while index < end {
            let byte = line[index]
            index += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                started = true
                maxDepth = max(maxDepth, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 {
                    store(line, from..<index)
                    return .complete(rest: index)
                }
            default: break
            }
        }
        store(line, from..<end)
        return .needMore
    }

    private mutating func appendYAML(_ line: [UInt8], end: Int) -> Progress {
        if lines > 1 && !Self.continuesYAML(line, end: end) { return .ended }
        var indent = 0
        while indent < end, line[indent] == 0x20 || line[indent] == UInt8(ascii: "-") { indent += 1 }
        maxDepth = max(maxDepth, indent / 2)
        var flow = 0
        for byte in line[0..<end] {
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                flow += 1; maxDepth = max(maxDepth, indent / 2 + flow)
            }
        }
        store(line, 0..<end)
        return .needMore
    }

    /// Lines inside a YAML document: blank, indented, list items, comments,
    /// `---`/`...`, or `key:` at the top level.
    static func continuesYAML(_ line: [UInt8], end: Int) -> Bool {
        guard end > 0 else { return true }
        let lead = line[0]
        if lead == 0x20 || lead == UInt8(ascii: "-") || lead == UInt8(ascii: "#") || lead == UInt8(ascii: ".") {
            return true
        }
        var index = 0
        while index < end {
            let byte = line[index]
            if byte == UInt8(ascii: ":") { return index > 0 && (index + 1 == end || line[index + 1] == 0x20) }
            let isKeyByte =
                (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            guard isKeyByte else { return false }
            index += 1
        }
        return false
    }

    // MARK: Decoding

    struct Outcome {
        var records: [DecodedRecord] = []
        var diagnostics: [Diagnostic] = []
    }

    func decode(source: String) -> Outcome {
        var outcome = Outcome()
        let what = format == .json ? "JSON" : "YAML"
        func fail(_ message: String, line: Int? = nil) {
            outcome.diagnostics.append(
                Diagnostic(
                    severity: .warning, source: source, line: line ?? startLine, excerpt: excerpt, message: message))
        }
        if overflowed {
            fail("\(what) document starting here is larger than \(Self.sizeLimit >> 20) MiB; skipped")
            return outcome
        }
        if maxDepth > Self.depthLimit {
            fail("\(what) document starting here is nested more than \(Self.depthLimit) levels deep; skipped")
            return outcome
        }
        var values: [KubeValue] = []
        switch format {
        case .json:
            if depth > 0 || inString {
                fail(
                    "JSON document starting here is cut off: it ends before its closing brace (\(depth) still open); " +
                    "skipped"
                )
                return outcome
            }
            do {
                values = [try JSONDecoder().decode(KubeValue.self, from: Data(bytes))]
            } catch {
                fail("JSON document starting here is not valid JSON (\(Self.describe(error))); skipped")
                return outcome
            }
        case .yaml:
            do {
                values = try YAMLDocuments.decode(String(decoding: bytes, as: UTF8.self))
            } catch {
                fail(
                    error.tooLarge
                        ? "YAML document starting here is too large to decode (\(error.message)); skipped"
                        : "YAML document starting here is not valid YAML (\(error.message)); skipped")
                return outcome
            }
        }
        var decoder = ObjectDecoder(source: source, line: startLine, excerpt: excerpt)
        for value in values where !value.isNull { decoder.decode(value) }
        outcome.records = decoder.records
        outcome.diagnostics += decoder.diagnostics
        return outcome
    }

    private static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context): return context.debugDescription
            case .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
                return context.debugDescription
            @unknown default: return "unreadable"
            }
        }
        let text = InputCleaner.clean(String(describing: error))
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}

/// A record decoded from a document, before it is stored.
enum DecodedRecord: Sendable {
    case node(ClusterModel.Node)
    case pod(Pod)
    case service(Service)
    case endpoints(EndpointSet)
    case ingress(Ingress)
    case workload(Workload)
    case networkPolicy(NetworkPolicy)
    case namespace(NamespaceRecord)
    case clusterNetworkPolicy(ClusterNetworkPolicy)
    case gatewayClass(GatewayClass)
    case gateway(Gateway)
    case route(HTTPRoute)
    case referenceGrant(ReferenceGrant)
}
