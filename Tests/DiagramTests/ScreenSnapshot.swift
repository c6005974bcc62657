import CellCanvas
import ClusterModel
import Foundation
import KubeText
import TestSupport
import Testing

/// Whole screens compared with committed text files in `__Snapshots__/<test file>/<test>.<name>.txt`: the
/// snapshot is exactly what a user sees (trailing blanks trimmed), so a review reads the picture. Checked
/// and re-recorded by the suite's one golden rule (`Golden`; `KUBEHOPS_RECORD=1` re-records).
func assertScreen(_ buffer: Buffer, named name: String, file: StaticString = #filePath,
                  testName: String = #function, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let text = buffer.lines().joined(separator: "\n") + "\n"
    let testFile = URL(fileURLWithPath: "\(file)")
    let directory = testFile.deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        .appendingPathComponent(testFile.deletingPathExtension().lastPathComponent)
    Golden.assertMatches(text, file: directory.appendingPathComponent("\(fileSafe(testName)).\(name).txt"),
                         sourceLocation: sourceLocation)
}

/// A test function's name as a file name: `hops(hop:)` → `hops-hop` (runs of other characters become `-`).
func fileSafe(_ name: String) -> String {
    let words = name.split { !($0.isLetter || $0.isNumber || $0 == "_") }
    return words.joined(separator: "-")
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
