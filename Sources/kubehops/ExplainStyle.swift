import Foundation

/// `explain`'s text fitted to a terminal: long lines wrapped at spaces to its width (continuations indented
/// under their line), and colour when it is wanted (`--color`, NO_COLOR): hop lines bold, matched rules
/// green, failures red.
///
/// Into a pipe or a file the text stays as rendered, one hop line per line, for grep.
struct ExplainStyle {
    var width: Int?
    var color: Bool

    func apply(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = lines.last == "" ? lines.dropLast() : lines[...]
        return body.flatMap { line in wrapped(line).map(colored) }.joined(separator: "\n") + "\n"
    }

    /// `line` in pieces of at most `width` columns, broken at spaces; continuations indented 4 more.
    func wrapped(_ line: String) -> [String] {
        guard let width, width > 20, line.count > width else { return [line] }
        let leading = String(line.prefix { $0 == " " })
        let indent = leading + "    "
        var pieces: [String] = [], current = leading, started = false
        for word in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            if started, current.count + 1 + word.count > width {
                pieces.append(current)
                current = indent
                started = false
            }
            current += (started ? " " : "") + word
            started = true
        }
        return pieces + [current]
    }

    func colored(_ line: String) -> String {
        guard color else { return line }
        let trimmed = line.drop { $0 == " " }
        let code: String? =
            if line.range(of: #"^[ \d]\d\. "#, options: .regularExpression) != nil { "1" }
            else if trimmed.hasPrefix("✗") { "31" }
            else if trimmed.hasPrefix("✓") { "32" }
            else { nil }
        return code.map { "\u{1B}[\($0)m\(line)\u{1B}[0m" } ?? line
    }
}
