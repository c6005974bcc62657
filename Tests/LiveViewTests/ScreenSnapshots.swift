import CellCanvas
import Foundation
import TestSupport
import Testing

/// Whole screens compared with files in `Screens/` (one per name): the text of every row, trailing blanks
/// cut, checked and re-recorded by the suite's one golden rule (`Golden`; `KUBEHOPS_RECORD=1` re-records).
enum ScreenSnapshots {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Screens")

    static func text(_ buffer: Buffer) -> String {
        buffer.lines().joined(separator: "\n") + "\n"
    }

    static func assertScreen(_ buffer: Buffer?, named name: String,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let buffer else {
            Issue.record("no screen was captured as \(name)", sourceLocation: sourceLocation)
            return
        }
        Golden.assertMatches(text(buffer), file: directory.appendingPathComponent(name + ".txt"),
                             sourceLocation: sourceLocation)
    }
}
