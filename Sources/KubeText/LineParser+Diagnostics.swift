import ClusterModel
import TerminalText

/// How LineParser tells what it could not use: capped, with the line's excerpt.
extension LineParser {
    /// A diagnostic about the line being read, with its excerpt.
    mutating func report(_ severity: Diagnostic.Severity, line: [UInt8], _ message: String) {
        append(
            Diagnostic(
                severity: severity, source: source, line: lineNumber, excerpt: Self.excerpt(line), message: message))
    }

    mutating func append(_ diagnostic: Diagnostic) {
        guard result.diagnostics.count < Self.diagnosticLimit else {
            suppressedDiagnostics += 1
            return
        }
        result.diagnostics.append(diagnostic)
        changes += 1
    }

    /// The line as shown in a diagnostic: clean text, tabs as spaces, at most 160 characters.
    static func excerpt(_ line: [UInt8]) -> String {
        let limit = min(line.count, 640)
        var text = String(decoding: line[0..<limit], as: UTF8.self)
        text = InputCleaner.clean(text).trimmingCharacters(inSet: " ")
        if text.count > 160 { text = String(text.prefix(159)) + "…" }
        return text
    }
}

extension String {
    fileprivate func trimmingCharacters(inSet set: Character) -> String {
        var slice = Substring(self)
        while slice.last == set { slice = slice.dropLast() }
        while slice.first == set { slice = slice.dropFirst() }
        return String(slice)
    }
}
