import Foundation
import Testing

/// The ledger of Tests/Data/TeachingFacts (see its README) names, for every statement of TEACHING-FACTS, the
/// tests that fail if kubehops teaches it wrong. These checks keep the ledger honest: every bullet quoted
/// almost whole, every quote really in the facts, every named test really there, every gap explained.
@Suite struct TeachingFactsLedgerTests {
    struct Row {
        var line: Int
        var statement: String
        var tests: [String]
        var note: String
    }

    static let directory = SampleFiles.packageRoot.appendingPathComponent("Tests/Data/TeachingFacts")

    static func normalized(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The bullets of TEACHING-FACTS.md, each with its continuation lines, whitespace collapsed.
    static func bullets() throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent("TEACHING-FACTS.md"), encoding: .utf8)
        var bullets: [String] = []
        var open = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("- ") {
                bullets.append(String(line.dropFirst(2)))
                open = true
            } else if open, line.hasPrefix("  ") {
                bullets[bullets.count - 1] += " " + line
            } else {
                open = false
            }
        }
        return bullets.map { normalized($0) }
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: directory.appendingPathComponent("LEDGER.tsv"), encoding: .utf8)
        return text.split(separator: "\n").enumerated().dropFirst().map { index, line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let tests = cells.count > 1 ? cells[1].split(separator: " ").map(String.init).filter { $0 != "-" } : []
            return Row(
                line: index + 1, statement: normalized(cells[0]), tests: tests,
                note: cells.count > 2 ? cells[2] : "")
        }
    }

    /// The suites and functions each Swift file under Tests/ declares (`struct NAME`, `func NAME(`), read once.
    static let declarations: [(suites: Set<Substring>, functions: Set<Substring>)] = {
        let root = SampleFiles.packageRoot.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.map { source in
            let words = source.split(whereSeparator: { $0.isWhitespace })
            var suites = Set<Substring>(), functions = Set<Substring>()
            for (keyword, name) in zip(words, words.dropFirst()) {
                if keyword == "struct" { suites.insert(name.hasSuffix(":") ? name.dropLast() : name) }
                if keyword == "func", let open = name.firstIndex(of: "(") { functions.insert(name[..<open]) }
            }
            return (suites, functions)
        }
    }()

    @Test func everyQuotedStatementIsInTheFacts() throws {
        let bullets = try Self.bullets()
        let rows = try Self.rows()
        #expect(rows.count > 50)
        for row in rows where !bullets.contains(where: { $0.contains(row.statement) }) {
            Issue.record("LEDGER.tsv line \(row.line) quotes what TEACHING-FACTS.md does not say: \(row.statement)")
        }
    }

    /// Each bullet is quoted but for connecting words: no stretch of 40 characters or more is left out.
    @Test func everyBulletIsQuotedAlmostWhole() throws {
        let rows = try Self.rows()
        for bullet in try Self.bullets() {
            let characters = Array(bullet)
            var covered = [Bool](repeating: false, count: characters.count)
            for row in rows {
                for range in bullet.ranges(of: row.statement) {
                    let start = bullet.distance(from: bullet.startIndex, to: range.lowerBound)
                    let end = bullet.distance(from: bullet.startIndex, to: range.upperBound)
                    for index in start..<end { covered[index] = true }
                }
            }
            var run = 0
            for index in characters.indices {
                run = covered[index] ? 0 : run + 1
                if run == 40 {
                    Issue.record("TEACHING-FACTS.md says what no LEDGER.tsv row quotes: …\(String(characters[index - 39...index]))…")
                }
            }
        }
    }

    @Test func everyNamedTestExistsInItsSuite() throws {
        for row in try Self.rows() {
            for reference in row.tests {
                let parts = reference.split(separator: ".")
                guard parts.count == 2 else {
                    Issue.record("LEDGER.tsv line \(row.line): \(reference) is not Suite.function")
                    continue
                }
                let found = Self.declarations.contains { $0.suites.contains(parts[0]) && $0.functions.contains(parts[1]) }
                #expect(found, "LEDGER.tsv line \(row.line): no test \(reference) in Tests/")
            }
        }
    }

    @Test func aStatementWithoutTestsSaysWhy() throws {
        for row in try Self.rows() where row.tests.isEmpty {
            #expect(row.note.count > 20, "LEDGER.tsv line \(row.line) names no test and gives no reason")
        }
    }
}
