import ClusterModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        stream.expectSize(bytes.count)
        stream.feed(bytes)
        stream.finish()
        return stream.result
    }
}

/// Incremental parser for live input (`kubectl get pods -w | kubehops`): feed
/// chunks as they arrive; `result` always reflects every complete line so far.
///
/// Memory stays bounded for endless input: rows for the same object replace each other, a line longer than `lineLimit`
/// is cut, diagnostics are capped.
public struct KubeTextStream: Sendable {
    public let source: String
    private var parser: LineParser
    /// The unfinished last line of what was fed so far.
    private var pending: [UInt8] = []
    /// Reused for every complete line, so reading a line allocates nothing.
    private var lineBuffer: [UInt8] = []
    /// Length of the line being skipped after its first `lineLimit` bytes.
    private var overflow = 0
    private var finished = false

    /// Lines longer than this are cut: kubectl lines are short, and a pipe
    /// from `/dev/zero` must not grow memory.
    ///
    /// A compact JSON document on one line may be longer, up to the document limit.
    public static let lineLimit = 1 << 20

    public init(source: String) {
        self.source = source
        self.parser = LineParser(source: source)
    }

    public var result: ParseResult { parser.result }

    /// Says how many bytes the whole input has (a file's size), so that big
    /// tables get room for their rows up front instead of growing.
    public mutating func expectSize(_ bytes: Int) {
        parser.expectedSize = bytes
    }
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
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        var lineStart = 0
        while lineStart < count {
            // memchr: the one loop every byte of input goes through, vectorised by libc.
            guard let found = memchr(base + lineStart, 0x0A, count - lineStart) else { break }
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard newline >= lineStart, newline < count else { break }
            let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<newline])
            if pending.isEmpty && overflow == 0 {
                if line.count <= Self.lineLimit {
                    lineBuffer.removeAll(keepingCapacity: true)
                    lineBuffer.append(contentsOf: line)
                    parser.consume(lineBuffer)
                } else {
                    appendPending(line)
                    endPendingLine()
                }
            } else {
                appendPending(line)
                endPendingLine()
            }
            lineStart = newline + 1
        }
        if lineStart < count {
            appendPending(UnsafeBufferPointer(rebasing: buffer[lineStart..<count]))
        }
    }

    /// The cap for the line in `pending` (continued by `next`): a line that
    /// opens a JSON document may be as long as a document.
    private func limit(continuingWith next: UnsafeBufferPointer<UInt8>) -> Int {
        let first =
            pending.first(where: { $0 != 0x20 && $0 != 0x09 }) ?? next.first(where: { $0 != 0x20 && $0 != 0x09 })
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? DocumentCollector.sizeLimit : Self.lineLimit
    }

    private mutating func appendPending(_ bytes: UnsafeBufferPointer<UInt8>) {
        if overflow > 0 {
            overflow += bytes.count
            return
        }
        let room = max(0, limit(continuingWith: bytes) - pending.count)
        if bytes.count <= room {
            pending.append(contentsOf: bytes)
        } else {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<room]))
            overflow = bytes.count - room
        }
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

    /// Why reading a file descriptor failed (`errno` and its text).
    public struct ReadFailure: Error, Sendable, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// Reads `descriptor` to its end through one reused 1 MiB buffer (no
    /// allocation per read, which matters for large dumps) and returns the
    /// number of bytes read.
    ///
    /// Does not call `finish()`.
    @discardableResult
    public mutating func feed(fileDescriptor descriptor: Int32) throws(ReadFailure) -> Int {
        var status = stat()
        if parser.expectedSize == nil, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            expectSize(Int(status.st_size))
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(code: errno)
            }
            if count == 0 { return total }
            total += count
            buffer.withUnsafeBufferPointer { all in
                feedContiguous(UnsafeBufferPointer(rebasing: all[0..<min(count, all.count)]))
            }
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
