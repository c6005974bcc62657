import ClusterModel

/// What one input gave: the records and every line that could not be used.
public struct ParseResult: Sendable, Equatable {
    public var resources: Resources
    public var diagnostics: [Diagnostic]
    public init(resources: Resources = Resources(), diagnostics: [Diagnostic] = []) {
        self.resources = resources
        self.diagnostics = diagnostics
    }
}

/// Entry points of the kubectl text parser.
public enum KubeText {
    /// Parses a whole input (tables, JSON or YAML, concatenated in any order).
    public static func parse(_ text: String, source: String = "-") -> ParseResult {
        parse(bytes: Array(text.utf8), source: source)
    }

    /// Parses raw bytes: invalid UTF-8 and binary data yield diagnostics, never a crash.
    public static func parse(bytes: [UInt8], source: String = "-") -> ParseResult {
        var stream = KubeTextStream(source: source)
        stream.feed(bytes)
        stream.finish()
        return stream.result
    }
}

/// Incremental parser for live input (`kubectl get pods -w | kubehops`): feed
/// chunks as they arrive; `result` always reflects every complete line so far.
/// Memory stays bounded for endless input: rows for the same object replace
/// each other, a line longer than `lineLimit` is cut, diagnostics are capped.
public struct KubeTextStream: Sendable {
    public let source: String
    private var parser: LineParser
    /// The unfinished last line of what was fed so far.
    private var pending: [UInt8] = []
    /// Length of the line being skipped after its first `lineLimit` bytes.
    private var overflow = 0
    private var finished = false

    /// Lines longer than this are cut: kubectl lines are short, and a pipe
    /// from `/dev/zero` must not grow memory. A compact JSON document on one
    /// line may be longer, up to the document limit.
    public static let lineLimit = 1 << 20

    public init(source: String) {
        self.source = source
        self.parser = LineParser(source: source)
    }

    public var result: ParseResult { parser.result }
    /// Increases whenever `result` changes, so a UI can redraw only then.
    public var version: Int { parser.changes }
    /// Lines read so far.
    public var linesRead: Int { parser.lineNumber }

    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        guard !finished else { return }
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in feedContiguous(buffer) }
        if handled == nil { Array(bytes).withUnsafeBufferPointer { feedContiguous($0) } }
    }

    private mutating func feedContiguous(_ buffer: UnsafeBufferPointer<UInt8>) {
        var lineStart = 0
        var index = 0
        let count = buffer.count
        while index < count {
            // The newline search is the loop every byte of input goes through.
            if buffer[index] != 0x0A { index += 1; continue }
            if pending.isEmpty && overflow == 0 {
                let line = Array(UnsafeBufferPointer(rebasing: buffer[lineStart..<index]))
                parser.consume(line)
            } else {
                appendPending(UnsafeBufferPointer(rebasing: buffer[lineStart..<index]))
                endPendingLine()
            }
            index += 1
            lineStart = index
        }
        if lineStart < count {
            appendPending(UnsafeBufferPointer(rebasing: buffer[lineStart..<count]))
        }
    }

    private var currentLimit: Int {
        // A line that opens a JSON document may be as long as a document.
        if let first = pending.first(where: { $0 != 0x20 && $0 != 0x09 }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return DocumentCollector.sizeLimit
        }
        return Self.lineLimit
    }

    private mutating func appendPending(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = max(0, currentLimit - pending.count)
        if overflow == 0 && bytes.count <= room {
            pending.append(contentsOf: bytes)
            return
        }
        if overflow == 0 { pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<room])) }
        overflow += bytes.count - (overflow == 0 ? room : 0)
    }

    private mutating func endPendingLine() {
        let line = pending
        pending = []
        if overflow > 0 {
            parser.consume(line, cutAt: line.count)
            overflow = 0
        } else {
            parser.consume(line)
        }
    }

    /// End of input: parses a last line without a newline, and a pending JSON/YAML document.
    public mutating func finish() {
        guard !finished else { return }
        if !pending.isEmpty || overflow > 0 { endPendingLine() }
        parser.finish()
        finished = true
    }
}
