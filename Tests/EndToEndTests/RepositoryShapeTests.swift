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

    /// The function-length check counts from the keyword to the closing brace, skips braces in strings
    /// and comments, and lists functions, initialisers, computed properties, closure-initialised
    /// properties and nested functions over the limit, and nothing at or under it.
    @Test func theFunctionLengthCheckCountsKnownCases() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fn-length-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        /// `count` lines in all: a header line, filler, a closing brace.
        func body(_ header: String, _ count: Int, filler: String = "        _ = 0", close: String = "    }") -> String {
            ([header] + Array(repeating: filler, count: count - 2) + [close]).joined(separator: "\n")
        }
        let tricky = [
            #"        let a = "{ not a brace""#, "        // } nor this", "        /* { nested /* } */ { */",
            ##"        let b = #"}"# + "\(values.map { "}\($0)" })""##,
            #"        let c = """"#, "        }}}", #"        """"#,
        ].joined(separator: "\n")
        let text = [
            "struct Known {",
            body("    func sixty() {", 60),
            body("    func sixtyOne() {\n" + tricky, 61 - 7),
            body("    var computed: Int {", 61),
            body("    static let table: [Int] = {", 62, close: "    }()"),
            "    init(x: Int) {",
            body("        func nested() {", 61, filler: "            _ = 0", close: "        }"),
            "    }",
            "}",
            "extension Known.Inner {",
            body("    subscript(i: Int) -> Int {", 70),
            "}",
        ].joined(separator: "\n") + "\n"
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try text.write(to: root.appendingPathComponent("Known.swift"), atomically: true, encoding: .utf8)
        let script = PrintRun.packageRoot.appendingPathComponent("scripts/check-function-length.sh").path
        let run = try PrintRun(executable: "/bin/bash", [script, root.path])
        #expect(run.status == 1)
        let file = root.appendingPathComponent("Known.swift").path
        // Line numbers: sixty 2-61, sixtyOne 62-122, computed 123-183, table 184-245, init 246-308, subscript 311-380.
        let expected = [
            "\(file):311: Known.Inner.subscript (subscript) 70 lines",
            "\(file):246: Known.init (init) 63 lines",
            "\(file):184: Known.table (closure) 62 lines",
            "\(file):123: Known.computed (property) 61 lines",
            "\(file):247: Known.init.nested (func) 61 lines",
            "\(file):62: Known.sixtyOne (func) 61 lines",
        ]
        #expect(run.stdout == expected.joined(separator: "\n") + "\n", "\(run.stdout)")
        let report = try PrintRun(executable: "/bin/bash", [script, "--report", root.path])
        #expect(report.status == 0 && report.stdout == run.stdout)
    }
}
