import ClusterModel
import TerminalText

/// `kubectl describe` output among the other input: a block starts at a `Name:` line and runs while lines are
/// indented under it or are further `Key:` fields at its indentation; a table header, a prompt or any other
/// line at or left of its indentation ends it.
///
/// Several blocks follow one another (`kubectl describe pods`).
struct DescribeCollector: Sendable {
    let startLine: Int
    let baseIndent: Int
    let excerpt: String
    private(set) var lines: [DescribeTree.Line] = []
    private(set) var overflowed = false

    /// Lines kept per block: a describe block is a few hundred lines; hostile input must not grow memory.
    static let lineLimit = 20_000

    init(startLine: Int, baseIndent: Int, excerpt: String) {
        self.startLine = startLine
        self.baseIndent = baseIndent
        self.excerpt = excerpt
    }

    mutating func append(number: Int, indent: Int, text: String) {
        guard lines.count < Self.lineLimit else { overflowed = true; return }
        lines.append(DescribeTree.Line(number: number, indent: indent - baseIndent, text: text))
    }

    /// `Name:` and a value at the start of `text`.
    static func startsBlock(_ text: Substring) -> Bool {
        guard text.hasPrefix("Name:"), let (key, value, _) = DescribeTree.keyValue(text) else { return false }
        return key == "Name" && !value.isEmpty
    }
}

extension LineParser {
    /// Display indentation of `line` up to `start` (tabs to 8 columns) and the rest as text with tabs expanded.
    static func describeLine(_ line: [UInt8], margin: Int, start: Int, end: Int) -> (indent: Int, text: String) {
        var indent = 0
        for byte in line[min(margin, start)..<start] { indent = byte == 0x09 ? (indent / 8 + 1) * 8 : indent + 1 }
        var text = String(decoding: line[start..<end], as: UTF8.self)
        if text.contains("\t") {
            var expanded = ""
            var column = indent
            for character in text {
                if character == "\t" {
                    let next = (column / 8 + 1) * 8
                    expanded += String(repeating: " ", count: next - column)
                    column = next
                } else {
                    expanded.append(character)
                    column += 1
                }
            }
            text = expanded
        }
        return (indent, text)
    }

    /// Feeds a line to the open describe block; false when the line is not part of it (the block was closed).
    mutating func continueDescribe(_ line: [UInt8], margin: Int, start: Int, end: Int) -> Bool {
        guard start < end else { return describe != nil }
        // Moved out and back, so that appending a line does not copy the block's lines.
        guard var collector = describe.take() else { return false }
        let (indent, text) = Self.describeLine(line, margin: margin, start: start, end: end)
        let continues: Bool
        if indent > collector.baseIndent || text == "..." {
            // `...`: where a paste left lines out.
            continues = true
        } else if indent == collector.baseIndent, !DescribeCollector.startsBlock(Substring(text)),
            DescribeTree.keyValue(Substring(text)) != nil
        {
            continues = true
        } else {
            continues = false
        }
        guard continues else {
            decodeDescribe(collector)
            return false
        }
        collector.append(number: lineNumber, indent: indent, text: text)
        describe = collector
        return true
    }

    /// Opens a describe block at a `Name:` line; false when the line is not one.
    mutating func beginDescribe(_ line: [UInt8], margin: Int, start: Int, end: Int) -> Bool {
        let (indent, text) = Self.describeLine(line, margin: margin, start: start, end: end)
        guard DescribeCollector.startsBlock(Substring(text)) else { return false }
        unreadDescribeTail = nil
        layout = nil
        recognisedOutput = true
        var collector = DescribeCollector(startLine: lineNumber, baseIndent: indent, excerpt: Self.excerpt(line))
        collector.append(number: lineNumber, indent: indent, text: text)
        describe = collector
        return true
    }

    mutating func decodeDescribe(_ collector: DescribeCollector) {
        let tree = DescribeTree(lines: collector.lines)
        var decoder = DescribeDecoder(tree: tree, source: source)
        let origin = SourceLocation(source: source, line: collector.startLine)
        let label = decoder.name.map { "'\($0)'" } ?? "without a name"
        if collector.overflowed {
            noteDescribe(collector, .warning, line: collector.startLine,
                 "describe block \(label) has more than \(DescribeCollector.lineLimit) lines; the rest was not read")
        }
        unreadDescribeTail = nil
        if storeDescribedGatewayObject(tree, decoder, origin: origin)
            || storeDescribedPolicy(tree, collector, decoder, label: label, origin: origin)
        {
            changes += 1
            return
        }
        guard let record = decoder.decode(origin: origin) else {
            noteUnreadDescribe(collector, decoder, label: label)
            changes += 1
            return
        }
        sawDescribe = true
        store(record)
        for problem in decoder.problems {
            noteDescribe(collector, .warning, line: problem.line, "describe \(label) read, but \(problem.message)")
        }
        changes += 1
    }

    /// A diagnostic on a describe block, its excerpt the block's first line.
    private mutating func noteDescribe(
        _ collector: DescribeCollector, _ severity: Diagnostic.Severity, line: Int, _ message: String
    ) {
        append(
            Diagnostic(
                severity: severity, source: source, line: line, excerpt: collector.excerpt,
                message: InputCleaner.clean(message)))
    }

    /// A Gateway API object's describe block, stored; false when the block is not one.
    private mutating func storeDescribedGatewayObject(
        _ tree: DescribeTree, _ decoder: DescribeDecoder, origin: SourceLocation
    ) -> Bool {
        guard let kind = decoder.printedKind, let name = decoder.name,
            let object = DescribeGatewayObjects.object(tree, kind: kind),
            let record = GatewayObjects.decode(
                object, kind: kind, key: ObjectKey(namespace: decoder.namespace, name: name), origin: origin)
        else { return false }
        storeGatewayObject(record)
        return true
    }

    /// A NetworkPolicy's describe block, stored with a warning per problem; false when the block is not one.
    private mutating func storeDescribedPolicy(
        _ tree: DescribeTree, _ collector: DescribeCollector, _ decoder: DescribeDecoder, label: String,
        origin: SourceLocation
    ) -> Bool {
        guard decoder.printedKind == "NetworkPolicy", let name = decoder.name else { return false }
        var reader = DescribeNetworkPolicy(tree: tree)
        let policy = reader.policy(key: ObjectKey(namespace: decoder.namespace, name: name), origin: origin)
        result.resources.upsert(policy)
        recognisedOutput = true
        for problem in reader.problems {
            // The excerpt is the line at fault, not the block's Name: line.
            let text = collector.lines.first { $0.number == problem.line }?.text ?? ""
            append(
                Diagnostic(
                    severity: .warning, source: source, line: problem.line, excerpt: Self.excerpt(Array(text.utf8)),
                    message: InputCleaner.clean("describe networkpolicy \(label) read, but \(problem.message)")))
        }
        return true
    }

    /// A block no decoder read: its body is skipped with it (`unreadDescribeTail`), with a note of its kind or a
    /// warning of what was expected.
    private mutating func noteUnreadDescribe(
        _ collector: DescribeCollector, _ decoder: DescribeDecoder, label: String
    ) {
        unreadDescribeTail = decoder.name ?? "?"
        if let kind = decoder.printedKind {
            noteDescribe(collector, .note, line: collector.startLine,
                 "kubectl describe of a \(kind) \(label): a kind kubehops does not read from describe; skipped")
        } else {
            noteDescribe(collector, .warning, line: collector.startLine,
                 "describe block \(label) is not one kubehops can read: expected the fields of a service " +
                 "(Type, IP, Port, Session Affinity), pod (Node, Containers), node (Roles, System Info), " +
                 "endpoints (Subsets), endpointslice (AddressType), ingress (Rules) or networkpolicy " +
                 "(Spec: PodSelector)")
        }
    }

    /// A Gateway API object read from describe text; a table row of the same object keeps its own columns.
    private mutating func storeGatewayObject(_ record: DecodedRecord) {
        switch record {
        case .gatewayClass(let value): result.resources.upsert(value)
        case .gateway(let value): result.resources.upsert(value)
        case .route(let value): result.resources.upsert(value)
        case .referenceGrant(let value): result.resources.upsert(value)
        default: break
        }
        recognisedOutput = true
    }

    private mutating func store(_ record: DescribeDecoder.Record) {
        switch record {
        case .service(let service, let endpoints):
            result.resources.join(service)
            if let endpoints,
                !result.resources.endpoints.contains(where: {
                    $0.serviceName == endpoints.serviceName && $0.key.namespace == endpoints.key.namespace
                })
            {
                result.resources.upsert(endpoints)
            }
        case .pod(let pod): result.resources.join(pod)
        case .node(let node): result.resources.join(node)
        case .endpoints(let set): result.resources.upsert(set)
        case .ingress(let ingress): result.resources.upsert(ingress)
        }
    }
}
