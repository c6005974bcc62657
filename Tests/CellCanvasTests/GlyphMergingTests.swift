import CellCanvas
import Testing

@Suite struct GlyphMergingTests {
    @Test func crossingLinesMakeACross() {
        var buffer = Buffer(width: 5, height: 5)
        buffer.drawHorizontalLine(y: 2, from: 0, to: 4, style: .plain)
        buffer.drawVerticalLine(x: 2, from: 0, to: 4, style: .plain)
        #expect(buffer.lines() == ["  ╷", "  │", "╶─┼─╴", "  │", "  ╵"])
    }

    @Test func connectorEndingOnABoxEdgeMakesATee() {
        var buffer = Buffer(width: 8, height: 3)
        buffer.drawBox(Rect(x: 3, y: 0, width: 5, height: 3), style: .plain)
        buffer.drawConnector([Point(x: 0, y: 1), Point(x: 3, y: 1)], arrow: false, style: .plain)
        #expect(buffer.lines() == ["   ┌───┐", "╶──┤   │", "   └───┘"])
    }

    @Test func boxesSharingAnEdgeMergeTheirCorners() {
        var buffer = Buffer(width: 7, height: 3)
        buffer.drawBox(Rect(x: 0, y: 0, width: 4, height: 3), style: .plain)
        buffer.drawBox(Rect(x: 3, y: 0, width: 4, height: 3), style: .plain)
        #expect(buffer.lines() == ["┌──┬──┐", "│  │  │", "└──┴──┘"])
    }

    @Test func everyLightJunctionComesFromItsArms() {
        let cases: [(LineArms, Character)] = [
            (LineArms(up: .light, down: .light, right: .light), "├"),
            (LineArms(up: .light, down: .light, left: .light), "┤"),
            (LineArms(down: .light, left: .light, right: .light), "┬"),
            (LineArms(up: .light, left: .light, right: .light), "┴"),
            (LineArms(up: .light, down: .light, left: .light, right: .light), "┼"),
        ]
        for (arms, glyph) in cases {
            #expect(BoxGlyphs.glyph(for: arms) == glyph)
            #expect(BoxGlyphs.arms(of: String(glyph)) == arms)
        }
    }

    @Test func heavyOutlineOverALightJunctionKeepsTheLightArm() {
        var buffer = Buffer(width: 5, height: 3)
        buffer.drawHorizontalLine(y: 1, from: 0, to: 2, style: .plain)
        buffer.drawBox(Rect(x: 2, y: 0, width: 3, height: 3), kind: .heavy, style: .plain)
        #expect(buffer.lines() == ["  ┏━┓", "╶─┨ ┃", "  ┗━┛"])
    }

    @Test func roundedAndHeavyAndDashedBoxes() {
        var buffer = Buffer(width: 12, height: 3)
        buffer.drawBox(Rect(x: 0, y: 0, width: 4, height: 3), kind: .rounded, style: .plain)
        buffer.drawBox(Rect(x: 4, y: 0, width: 4, height: 3), kind: .heavy, style: .plain)
        buffer.drawBox(Rect(x: 8, y: 0, width: 4, height: 3), kind: .dashed, style: .plain)
        #expect(buffer.lines() == ["╭──╮┏━━┓┌┄┄┐", "│  │┃  ┃┆  ┆", "╰──╯┗━━┛└┄┄┘"])
    }

    @Test func asciiFallbackUsesPlusMinusBar() {
        var buffer = Buffer(width: 10, height: 3)
        buffer.drawBox(Rect(x: 0, y: 0, width: 10, height: 3), style: .plain, glyphs: .ascii, title: "web")
        buffer.drawConnector([Point(x: 5, y: 1), Point(x: 8, y: 1)], style: .plain, glyphs: .ascii)
        #expect(buffer.lines() == ["+ web ---+", "|    --->|", "+--------+"])
    }

    @Test func titleIsShortenedToFitTheEdge() {
        var buffer = Buffer(width: 10, height: 2)
        buffer.drawBox(Rect(x: 0, y: 0, width: 10, height: 2), style: .plain, title: "worker-node-123")
        #expect(buffer.lines() == ["┌ worke… ┐", "└────────┘"])
    }

    @Test func connectorWithCornersAndArrowhead() {
        var buffer = Buffer(width: 6, height: 4)
        buffer.drawConnector([Point(x: 0, y: 0), Point(x: 3, y: 0), Point(x: 3, y: 3)], style: .plain)
        #expect(buffer.lines() == ["╶──┐", "   │", "   │", "   ▼"])
        #expect(Buffer.cells(along: [Point(x: 0, y: 0), Point(x: 2, y: 0), Point(x: 2, y: 1)])
                == [Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 2, y: 0), Point(x: 2, y: 1)])
    }
}
