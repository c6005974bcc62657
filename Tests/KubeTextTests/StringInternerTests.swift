import Testing
@testable import KubeText

/// The interner must hand back exactly the cell's text, whatever it caches.
@Suite("String interner")
struct StringInternerTests {
    /// Cells laid out in one line, as a row would hold them.
    static func line(_ cells: [String]) -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for cell in cells {
            let start = bytes.count
            bytes += Array(cell.utf8)
            ranges.append(start..<bytes.count)
            bytes += Array("   ".utf8)
        }
        return (bytes, ranges)
    }

    @Test("repeated, alternating and distinct values read back exactly, at every length")
    func readsBack() {
        var interner = StringInterner()
        var expected: [String] = []
        // Lengths around the word size, the inline-string limit and the cache limit.
        for length in [1, 7, 8, 9, 15, 16, 17, 24, 47, 48, 49, 80] {
            for variant in 0..<3 {
                expected.append(String(repeating: "n", count: max(0, length - 1)) + String(variant))
            }
        }
        for round in 0..<3 {
            let order = round == 1 ? expected.reversed() : expected
            let (bytes, ranges) = Self.line(Array(order))
            for (text, range) in zip(order, ranges) {
                #expect(interner.string(bytes, range, field: .node) == text)
                #expect(interner.string(bytes, range, field: .node) == text, "the same value twice in a row")
            }
        }
    }

    @Test("thousands of distinct node names (table growth) and each field's last value")
    func manyValues() {
        var interner = StringInterner()
        let names = (0..<6_000).map { "ip-10-0-\($0 / 250)-\($0 % 250 + 1).ec2.internal" }
        for _ in 0..<2 {
            let (bytes, ranges) = Self.line(names)
            for (name, range) in zip(names, ranges) {
                #expect(interner.string(bytes, range, field: .node) == name)
            }
        }
        // The same bytes under another field, and a shorter value sharing a prefix.
        let (bytes, ranges) = Self.line(["Running", "Runnin", "Running", "team-1"])
        #expect(interner.string(bytes, ranges[0], field: .status) == "Running")
        #expect(interner.string(bytes, ranges[1], field: .status) == "Runnin")
        #expect(interner.string(bytes, ranges[2], field: .status) == "Running")
        #expect(interner.string(bytes, ranges[3], field: .namespace) == "team-1")
        #expect(interner.string(bytes, ranges[2], field: .namespace) == "Running")
    }

    @Test("a cell at the very end of the line (no bytes after it to read)")
    func endOfLine() {
        var interner = StringInterner()
        for text in ["a", "ip-10-0-1-2.ec2.internal", "abcdefghijklmnopq"] {
            let bytes = Array(("x  " + text).utf8)
            #expect(interner.string(bytes, 3..<bytes.count, field: .node) == text)
            #expect(interner.string(bytes, 3..<bytes.count, field: .node) == text)
        }
    }
}
