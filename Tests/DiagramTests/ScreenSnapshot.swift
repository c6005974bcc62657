import CellCanvas
import ClusterModel
import Foundation
import KubeText
import SnapshotTesting
import Testing

/// Whole screens compared with committed text files in `__Snapshots__`: the
/// snapshot is exactly what a user sees (trailing blanks trimmed), so a review
/// reads the picture. Re-record locally with SNAPSHOT_TESTING_RECORD=all; in
/// CI (CI set) a missing snapshot fails instead of being written.
func assertScreen(_ buffer: Buffer, named name: String, fileID: StaticString = #fileID, file: StaticString = #filePath,
                  testName: String = #function, line: UInt = #line, column: UInt = #column) {
    let text = buffer.lines().joined(separator: "\n") + "\n"
    let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
    assertSnapshot(of: text, as: .lines, named: name, record: inCI ? .never : nil,
                   fileID: fileID, file: file, testName: testName, line: line, column: column)
}

/// The repository's samples/, found from this file's path.
enum Samples {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    /// The files parsed and merged as `kubehops print FILE…` would.
    static func cluster(_ names: String...) throws -> Cluster {
        var resources = Resources()
        var diagnostics: [Diagnostic] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            let result = KubeText.parse(text, source: name)
            resources.merge(result.resources)
            diagnostics += result.diagnostics
        }
        return Cluster(resources: resources, diagnostics: diagnostics)
    }
}
