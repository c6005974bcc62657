import Testing

@testable import TestSupport

/// The diff a failing golden prints: it must show what changed, where, and nothing that did not.
@Suite struct LineDiffTests {
    @Test func aChangedLineIsAMinusPlusPairWithItsContextAndLineNumber() {
        let golden = "one\ntwo\nthree\nfour\nfive\nsix\nseven\n"
        let now = "one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n"
        #expect(LineDiff.text(from: golden, to: now) == """
            @@ golden line 2
              two
              three
            - four
            + FOUR
              five
              six
            """)
    }

    @Test func anInsertedLineDoesNotMarkTheLinesAfterItAsChanged() {
        let edits = LineDiff.script(["a", "b", "c", "d"], ["a", "new", "b", "c", "d"])
        #expect(edits.map(\.mark) == [" ", "+", " ", " ", " "])
    }

    @Test func separateChangesGetSeparateHunks() {
        let golden = (1...20).map(String.init).joined(separator: "\n")
        let now = golden.replacingOccurrences(of: "\n3\n", with: "\nthree\n")
            .replacingOccurrences(of: "\n17\n", with: "\nseventeen\n")
        let hunks = LineDiff.text(from: golden, to: now).split(separator: "\n").filter { $0.hasPrefix("@@") }
        #expect(hunks == ["@@ golden line 1", "@@ golden line 15"])
    }

    @Test func equalTextsHaveAnEmptyDiff() {
        #expect(LineDiff.text(from: "same\n", to: "same\n").isEmpty)
    }

    @Test func longTextsFallBackToTheFirstDifferentLine() {
        let golden = (1...3000).map(String.init).joined(separator: "\n")
        let now = golden.replacingOccurrences(of: "\n2500\n", with: "\nchanged\n")
        #expect(LineDiff.text(from: golden, to: now) == "@@ golden line 2500\n- 2500\n+ changed")
    }
}
