import AppCore
import CellCanvas
import Testing

/// AppCore's panels are boxed by CellCanvas's `drawBox` (title placement `.inset`), the one box drawing:
/// these pin the panel edge as Painter drew it with its own glyph table before (issue 12).
struct PainterTests {
    static func panel(width: Int, height: Int = 3, title: String, ascii: Bool = false) -> [String] {
        var painter = Painter(buffer: Buffer(width: width + 2, height: height + 1), ascii: ascii)
        painter.buffer.fill(painter.buffer.bounds, with: Cell(grapheme: "x", style: .plain))
        painter.panel(Rect(x: 1, y: 0, width: width, height: height), title: title, style: .plain)
        return painter.buffer.lines()
    }

    @Test func aPanelsTitleSitsTwoColumnsInAndIsCutAtTheEdge() {
        #expect(Self.panel(width: 14, title: "Keys") == ["x┌─ Keys ─────┐x", "x│            │x", "x└────────────┘x", "xxxxxxxxxxxxxxxx"])
        #expect(Self.panel(width: 12, title: "Keys (Esc closes)")[0] == "x┌─ Keys (E─┐x")
        #expect(Self.panel(width: 4, title: "Keys")[0] == "x┌──┐x")
        #expect(Self.panel(width: 5, title: "Keys")[0] == "x┌─ ─┐x")
    }

    @Test func aWideCharacterThatDoesNotFitLeavesTheEdge() {
        #expect(Self.panel(width: 8, title: "ab漢")[0] == "x┌─ ab──┐x")
    }

    @Test func asciiPanelsUsePlusMinusBarAndReplaceTheTitlesGlyphs() {
        #expect(Self.panel(width: 12, title: "a → b", ascii: true) == ["x+- a > b --+x", "x|          |x", "x+----------+x", "xxxxxxxxxxxxxx"])
        #expect(Self.panel(width: 8, title: "ab漢", ascii: true)[0] == "x+- ab?-+x")
    }

    @Test func aBoxUnderTwoByTwoIsNotDrawn() {
        var painter = Painter(buffer: Buffer(width: 3, height: 1))
        painter.box(Rect(x: 0, y: 0, width: 3, height: 1), title: "t")
        #expect(painter.buffer.lines() == [""])
    }
}
