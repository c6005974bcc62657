import CellCanvas
import TerminalText
import Testing

@Suite struct TextTests {
    @Test func displayWidthOfWideNarrowAndCombining() {
        #expect(DisplayWidth.of("nginx") == 5)
        #expect(DisplayWidth.of("웹서버") == 6)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute is one cell
        #expect(DisplayWidth.of("\u{200B}") == 0)
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2)  // emoji presentation selector
        #expect(DisplayWidth.of("🇩🇪") == 2)
        #expect(DisplayWidth.of("─│●") == 3)
    }

    @Test func wideCharactersTakeTwoCellsWithAContinuation() {
        var buffer = Buffer(width: 6, height: 1)
        let end = buffer.drawText("a웹b", x: 0, y: 0, style: .plain)
        #expect(end == 4)
        #expect(buffer[1, 0].grapheme == "웹")
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer.lines() == ["a웹b"])
    }

    @Test func wideCharacterAtTheRightEdgeBecomesABlank() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.drawText("abc웹", x: 0, y: 0, style: .plain)
        #expect(buffer.lines() == ["abc"])
        #expect(buffer[3, 0].grapheme == " ")
        var clipped = Buffer(width: 8, height: 1)
        clipped.drawText("웹웹웹", x: 0, y: 0, style: .plain, clip: Rect(x: 0, y: 0, width: 5, height: 1))
        #expect(clipped.lines() == ["웹웹"])
        #expect(!clipped[5, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.drawText("웹웹", x: 0, y: 0, style: .plain)
        buffer.drawText("x", x: 1, y: 0, style: .plain)
        #expect(buffer.lines() == [" x웹"])
        buffer.drawText("y", x: 2, y: 0, style: .plain)
        #expect(buffer.lines() == [" xy"])
        #expect(buffer.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func textIsClippedToItsRect() {
        var buffer = Buffer(width: 10, height: 3)
        buffer.drawText("0123456789", x: -3, y: 1, style: .plain, clip: Rect(x: 2, y: 0, width: 4, height: 3))
        #expect(buffer.lines() == ["", "  5678", ""])
        buffer.drawText("outside", x: 0, y: 5, style: .plain)
        buffer.drawText("outside", x: 20, y: 0, style: .plain)
        #expect(buffer.lines() == ["", "  5678", ""])
    }

    @Test func controlAndEscapeCharactersAreReplaced() {
        var buffer = Buffer(width: 20, height: 1)
        buffer.drawText("web\u{1B}[2J\u{07}\r\n\u{202E}x\u{9B}", x: 0, y: 0, style: .plain)
        #expect(buffer.lines() == ["web?[2J???x?"])
        #expect(!buffer.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x1B } })
        #expect(ShownText.safe("ok-pod") == "ok-pod")
    }

    @Test func truncationKeepsBothEndsInTheMiddleMode() {
        #expect(TextFit.truncate("nginx-deployment-7b44dc87c5-5hrgb", toWidth: 15, at: .middle) == "nginx-d…5-5hrgb")
        #expect(DisplayWidth.of(TextFit.truncate("웹서버웹서버", toWidth: 5)) <= 5)
        #expect(TextFit.truncate("short", toWidth: 10) == "short")
        #expect(TextFit.truncate("abcdef", toWidth: 4) == "abc…")
        #expect(TextFit.truncate("abcdef", toWidth: 0) == "")
    }

    @Test func wrapBreaksAtSpacesAndInsideLongWords() {
        #expect(TextFit.wrap("the packet goes to the node", width: 10) == ["the packet", "goes to", "the node"])
        #expect(TextFit.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }
}

@Suite struct OutputTests {
    @Test func ansiOutputColoursAndResetsEachRow() {
        var buffer = Buffer(width: 6, height: 2)
        buffer.drawText("ok", x: 0, y: 0, style: Style(foreground: .indexed(36), attributes: .bold))
        buffer.drawText("x", x: 3, y: 0, style: .plain)
        buffer.drawText("red", x: 0, y: 1, style: Style(foreground: .indexed(1)))
        #expect(buffer.ansiLines() == ["\u{1B}[0;1;38;5;36mok\u{1B}[0m x", "\u{1B}[0;31mred\u{1B}[0m"])
    }

    @Test func diffListsOnlyChangedCells() {
        var a = Buffer(width: 4, height: 2)
        a.drawText("abcd", x: 0, y: 0, style: .plain)
        var b = a
        b.drawText("X", x: 2, y: 1, style: .plain)
        #expect(b.diff(from: a) == [CellChange(x: 2, y: 1, cell: Cell(grapheme: "X"))])
        #expect(a.diff(from: a).isEmpty)
        #expect(b.diff(from: Buffer(width: 3, height: 2)).count == 8)
    }

    @Test func fillAndRestyle() {
        var buffer = Buffer(width: 4, height: 2)
        buffer.fill(Rect(x: 1, y: 0, width: 10, height: 1), with: Cell(grapheme: "#"))
        buffer.restyle(Rect(x: 0, y: 0, width: 2, height: 1)) { $0.attributes = .reverse }
        #expect(buffer.lines() == [" ###", ""])
        #expect(buffer[1, 0].style.attributes == .reverse)
        #expect(buffer[1, 0].grapheme == "#")
    }

    @Test func rectArithmeticNeverGoesNegative() {
        let r = Rect(x: 0, y: 0, width: 3, height: 3).insetBy(dx: 5, dy: 5)
        #expect(r.width == 0 && r.height == 0 && r.isEmpty)
        #expect(Rect(x: 0, y: 0, width: 4, height: 4).intersection(Rect(x: 6, y: 6, width: 2, height: 2)).isEmpty)
        #expect(Rect(x: 0, y: 0, width: 2, height: 2).union(Rect(x: 3, y: 1, width: 1, height: 4)) == Rect(x: 0, y: 0, width: 4, height: 5))
    }
}
