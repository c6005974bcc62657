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
/// STUB: the parser work replaces these bodies; the signatures are the contract.
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
public struct KubeTextStream: Sendable {
    public let source: String
    public private(set) var result = ParseResult()
    /// Increases whenever `result` changes, so a UI can redraw only then.
    public private(set) var version = 0

    public init(source: String) { self.source = source }

    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {}

    /// End of input: parses a last line without a newline, and a pending JSON/YAML document.
    public mutating func finish() {}
}
