import Foundation
import Testing

/// Text compared with a committed golden file: explain output, export formats, whole screens. The one
/// rule for every golden in the suite, so a reviewer reads the same kind of diff everywhere:
/// - equal: passes;
/// - different: fails with a line diff (`-` golden, `+` now) and the re-record command;
/// - missing: fails, and outside CI writes the file so the next run checks it (under `CI` nothing is
///   written: a clean clone must not pass by recording its own output);
/// - `KUBEHOPS_RECORD=1`: writes every golden and passes, for an intended change read in `git diff`.
public enum Golden {
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["KUBEHOPS_RECORD"] == "1" }

    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
    }

    /// Checks `actual` against `file` as the rule above says.
    public static func assertMatches(_ actual: String, file: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOf: file, encoding: .utf8)
        if actual == expected, !isRecording { return }
        if isRecording || (expected == nil && !isCI) {
            do {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot write \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            if isRecording { return }
        }
        guard let expected else {
            Issue.record("no golden \(file.path)\(isCI ? "" : " (now recorded: check it and run again)")",
                         sourceLocation: sourceLocation)
            return
        }
        Issue.record("""
            \(file.lastPathComponent) differs from its golden (- golden, + now; KUBEHOPS_RECORD=1 re-records):
            \(LineDiff.text(from: expected, to: actual))
            """, sourceLocation: sourceLocation)
    }
}

/// A line diff by longest common subsequence, printed as hunks with two lines of context and their line
/// numbers; enough to read a changed screen or explanation in a test log.
public enum LineDiff {
    public static func text(from old: String, to new: String, context: Int = 2, maxLines: Int = 80) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        guard a.count * b.count <= 4_000_000 else { return firstDifference(a, b) }
        let edits = script(a, b)
        let changed = edits.indices.filter { edits[$0].mark != " " }
        let shown = Set(changed.flatMap { max(0, $0 - context)...min(edits.count - 1, $0 + context) })
        var out: [String] = []
        var previous = -2
        for index in shown.sorted() {
            if index != previous + 1 { out.append("@@ golden line \(edits[index].oldLine + 1)") }
            out.append("\(edits[index].mark) \(edits[index].text)")
            previous = index
        }
        if out.count > maxLines { out = Array(out.prefix(maxLines)) + ["… \(out.count - maxLines) more lines"] }
        return out.joined(separator: "\n")
    }

    /// For texts too long to diff cheaply: the first line that differs.
    static func firstDifference(_ a: [Substring], _ b: [Substring]) -> String {
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let was = line < a.count ? a[line] : "<end>", now = line < b.count ? b[line] : "<end>"
        return "@@ golden line \(line + 1)\n- \(was)\n+ \(now)"
    }

    struct Edit { var mark: Character; var text: Substring; var oldLine: Int }

    /// The edit script: a table of common-suffix lengths, then one walk from the top.
    static func script(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(Edit(mark: " ", text: a[i], oldLine: i)); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                edits.append(Edit(mark: "-", text: a[i], oldLine: i)); i += 1
            } else {
                edits.append(Edit(mark: "+", text: b[j], oldLine: i)); j += 1
            }
        }
        return edits
    }
}
