import TerminalText
import TestSupport
import Testing

/// The one table of forbidden scalars and its two uses: cleaning input as it is
/// read, and guarding what is shown.
@Suite struct TerminalTextTests {
    /// Every scalar of the table, one of each kind, and neighbours that must stay.
    static let forbidden: [UInt32] = [
        0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x9B, 0x9F,
        0x061C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069,
    ]
    static let allowed: [UInt32] = [0x20, 0x41, 0x7E, 0xA0, 0xE9, 0x200B, 0x200D, 0x2029, 0x206A, 0xFFFD, 0x1F600]

    @Test func theTableHoldsControlsAndBidiControlsOnly() {
        for value in Self.forbidden { #expect(ControlScalars.isForbidden(value), "U+\(String(value, radix: 16))") }
        for value in Self.allowed { #expect(!ControlScalars.isForbidden(value), "U+\(String(value, radix: 16))") }
        #expect(ControlScalars.isForbidden(Character("\r\n")))
        #expect(!ControlScalars.isForbidden(Character("e\u{301}")))
    }

    @Test func shownTextReplacesEachForbiddenGraphemeByOneQuestionMark() {
        #expect(ShownText.safe("web\u{1B}[2J\u{07}\r\n\u{202E}x\u{9B}\u{200F}") == "web?[2J???x??")
        #expect(ShownText.safe("ok-pod 웹 é") == "ok-pod 웹 é")
        #expect(ShownText.safe(Character("\u{1B}")) == "?")
        for value in Self.forbidden {
            let text = "a" + String(Character(Unicode.Scalar(value)!)) + "b"
            #expect(ShownText.safe(text) == "a?b", "U+\(String(value, radix: 16))")
        }
    }

    @Test func inputCleanerRemovesSequencesAndControlsAndSaysWhat() {
        func cleaned(_ bytes: [UInt8], keepTabs: Bool = true) -> (String, InputCleaner.Changes) {
            var out: [UInt8] = []
            let changes = InputCleaner.clean(bytes, from: 0, to: bytes.count, keepTabs: keepTabs, into: &out)
            return (String(decoding: out, as: UTF8.self), changes)
        }
        #expect(cleaned(Array("web\u{1B}[2Jpod\u{1B}]0;title\u{07}-1".utf8)) == ("webpod-1", .escapeSequences))
        #expect(cleaned(Array("a\u{202E}b\u{9B}c\u{061C}d".utf8)) == ("abcd", .controlCharacters))
        #expect(cleaned([0x61, 0xFF, 0x62]) == ("a\u{FFFD}b", .invalidUTF8))
        #expect(cleaned(Array("a\tb".utf8)) == ("a\tb", []))
        #expect(cleaned(Array("a\tb".utf8), keepTabs: false) == ("a b", []))
        #expect(InputCleaner.clean("name\u{1B}[31m\tred") == "name red")
        #expect(!InputCleaner.needsCleaning(Array("nginx-7b44  1/1\tRunning".utf8), from: 0, to: 22))
        #expect(InputCleaner.needsCleaning(Array("é".utf8), from: 0, to: 2))
    }

    /// Whatever bytes arrive, no forbidden scalar (tabs aside when kept) leaves the cleaner.
    @Test func noForbiddenScalarSurvivesCleaning() {
        var generator = SplitMix(seed: 12)
        let pieces: [[UInt8]] = Self.forbidden.map { Array(String(Character(Unicode.Scalar($0)!)).utf8) } + [
            [0x1B], [0x1B, 0x5B], [0x1B, 0x5D], [0xC2], [0xE2, 0x80], [0xFF], Array("a[m;0".utf8), [0xED, 0xA0, 0x80],
        ]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 12) {
                bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            var out: [UInt8] = []
            _ = InputCleaner.clean(bytes, from: 0, to: bytes.count, keepTabs: false, into: &out)
            let text = String(decoding: out, as: UTF8.self)
            #expect(Array(text.utf8) == out, "output is valid UTF-8")
            #expect(!text.unicodeScalars.contains { ControlScalars.isForbidden($0.value) }, "\(bytes)")
            #expect(ShownText.safe(text) == text)
        }
    }
}
