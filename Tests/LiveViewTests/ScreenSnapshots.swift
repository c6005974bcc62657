import CellCanvas
import Foundation
import Testing

/// Whole screens compared with files in `Screens/` (one per name): the text
/// of every row, trailing blanks cut. A missing file is written (the first
/// run records it, and the test fails so nobody mistakes it for a check);
/// KUBEHOPS_RECORD=1 rewrites them all after an intended change.
enum ScreenSnapshots {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens")

    static func text(_ buffer: Buffer) -> String {
        (0..<buffer.height).map { y in
            var row = ""
            for x in 0..<buffer.width where !buffer[x, y].isContinuation { row += buffer[x, y].grapheme }
            while row.last == " " { row.removeLast() }
            return row
        }.joined(separator: "\n") + "\n"
    }

    static func assertScreen(_ buffer: Buffer?, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let buffer else {
            Issue.record("no screen was captured as \(name)", sourceLocation: sourceLocation)
            return
        }
        let actual = text(buffer)
        let file = directory.appendingPathComponent(name + ".txt")
        let recording = ProcessInfo.processInfo.environment["KUBEHOPS_RECORD"] == "1"
        guard !recording, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            if !recording { Issue.record("recorded \(file.path); check it and run again", sourceLocation: sourceLocation) }
            return
        }
        guard actual != expected else { return }
        let shown = diff(expected: expected, actual: actual)
        Issue.record("screen \(name) differs (- expected, + actual; KUBEHOPS_RECORD=1 re-records):\n\(shown)",
                     sourceLocation: sourceLocation)
    }

    /// Row by row: equal rows once, different ones as a -/+ pair.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for row in 0..<max(old.count, new.count) {
            let was = row < old.count ? String(old[row]) : nil
            let now = row < new.count ? String(new[row]) : nil
            if was == now { lines.append("  " + (was ?? "")) } else {
                if let was { lines.append("- " + was) }
                if let now { lines.append("+ " + now) }
            }
        }
        return lines.joined(separator: "\n")
    }
}
