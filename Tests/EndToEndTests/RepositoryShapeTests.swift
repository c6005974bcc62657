import Foundation
import Testing

/// Rules about the repository's shape that a compiler does not check (issue 12), run by the
/// scripts CI runs, so that `swift test` fails on the same findings.
@Suite(.enabled(if: PrintRun.which("python3") != nil, "python3 is needed by the scripts/ checks"))
struct RepositoryShapeTests {
    static let script = PrintRun.packageRoot.appendingPathComponent("scripts/check-duplicate-types.sh").path

    /// One home for each idea: no type name declared in two targets (nested CodingKeys aside).
    @Test func noTypeNameIsDeclaredInTwoTargets() throws {
        let run = try PrintRun(executable: "/bin/bash", [Self.script])
        #expect(run.status == 0, "declared in two targets:\n\(run.stdout)\(run.stderr)")
    }

    /// The check can fail: two targets declaring the same name (top level and nested) are named,
    /// while nested CodingKeys, extensions and same-named nested types of different parents are not.
    @Test func theCheckNamesADuplicateAndNothingElse() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dup-types-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "One/A.swift": "public struct Shared {\n    enum CodingKeys: String {}\n    enum Kind {}\n}\n",
            "One/B.swift": "enum Outer {\n    struct Inner {}\n}\nextension Shared {}\n",
            "Two/C.swift": "final class Shared {\n    enum CodingKeys: String {}\n}\nenum Other {\n    enum Kind {}\n}\n",
            "Two/D.swift": "extension Outer {\n    struct Inner {}\n}\nlet text = \"\"\"\nstruct Quoted {}\n\"\"\"\n",
            "Three/E.swift": "struct Quoted {}\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let run = try PrintRun(executable: "/bin/bash", [Self.script, root.path])
        #expect(run.status == 1)
        let folder = root.lastPathComponent
        #expect(run.stdout == "Outer.Inner: \(folder)/One, \(folder)/Two\nShared: \(folder)/One, \(folder)/Two\n", "\(run.stdout)")
    }
}
