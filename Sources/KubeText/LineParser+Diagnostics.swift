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

    /// A line with no table above it that is not a header, a document or a describe block: noise (a prompt, `No
    /// resources found`), the body of an unread describe block, a comment, or a warning.
    mutating func reportOutsideTable(_ line: [UInt8], start: Int, end: Int) {
        let text = Substring(String(decoding: line[start..<end], as: UTF8.self))
        if let noise = NoiseLine.classify(text) {
            unreadDescribeTail = nil
            if noise == .prompt { commandNamespace = CommandNamespace.of(text) }
            if noise == .noResources { recognisedOutput = true }
            if noise != .prompt || !NoiseLine.isCommandLine(text) { report(.note, line: line, noise.message) }
        } else if let name = unreadDescribeTail {
            // The body of a describe block kubehops cannot read (a ConfigMap's Data, a Secret's keys) is part of
            // that block: one note for all of it, not a warning per line.
            if !name.isEmpty {
                report(.note, line: line, "lines after the describe block '\(name)' belong to it; skipped with it")
            }
            unreadDescribeTail = ""
        } else if lineIsComment {
            report(.note, line: line, "a # comment, not kubectl output; skipped")
        } else {
            report(
                .warning, line: line,
                "not kubectl output: expected a table header starting with NAME or NAMESPACE, a row under one, or a " +
                "JSON/YAML object"
            )
        }
    }

    /// A line under a header that is not one of its rows: noise (a prompt
    /// ends the table), or a warning saying why it is not a row.
    mutating func reportUnusedLine(
        _ line: [UInt8], start: Int, end: Int, layout: TableLayout, rejection: String
    ) {
        let text = Substring(String(decoding: line[start..<end], as: UTF8.self))
        if let noise = NoiseLine.classify(text) {
            if noise == .prompt {
                self.layout = nil
                commandNamespace = CommandNamespace.of(text)
            }
            if noise == .noResources { recognisedOutput = true }
            if noise != .prompt || !NoiseLine.isCommandLine(text) { report(.note, line: line, noise.message) }
        } else {
            report(.warning, line: line, "not a row of the \(layout.summary) table above: \(rejection)")
        }
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
