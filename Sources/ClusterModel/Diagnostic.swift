/// A problem found in the input, kept beside the records so that nothing is
/// silently dropped: the user sees which line was not used and why.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Not a problem: a line that is not a table (prompt, `No resources found`, a warning).
        case note
        /// Part of the input could not be used; the rest still was.
        case warning
        /// Nothing usable came out of a whole input.
        case error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// File name, or `-` for standard input.
    public var source: String
    /// 1-based line number in `source`; 0 when the problem is not tied to a line.
    public var line: Int
    /// The offending line, sanitised and shortened for display.
    public var excerpt: String
    /// What was wrong and what was expected, in words a user can act on.
    public var message: String

    public init(severity: Severity, source: String, line: Int, excerpt: String = "", message: String) {
        self.severity = severity
        self.source = source
        self.line = line
        self.excerpt = excerpt
        self.message = message
    }
}

extension Diagnostic: CustomStringConvertible {
    /// The compiler-style line: `pods.txt:3: warning: expected 5 columns … | <excerpt>`.
    public var description: String {
        var text = "\(source):\(line): \(severity.rawValue): \(message)"
        if !excerpt.isEmpty { text += "\n    | \(excerpt)" }
        return text
    }
}
