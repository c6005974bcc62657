import CellCanvas
import Testing

/// A tiny terminal: enough of ECMA-48 (CUP, ED, SGR ignored) to replay what
/// `ansiUpdate` writes, so the test checks the screen a player would show.
struct ReplayScreen {
    var buffer: Buffer
    var x = 0
    var y = 0

    init(width: Int, height: Int) { buffer = Buffer(width: width, height: height) }

    mutating func feed(_ text: String) {
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            guard character == "\u{1B}" else {
                x += buffer.put(character, x: x, y: y, style: .plain)
                continue
            }
            guard characters.popFirst() == "[" else { continue }
            var parameters = ""
            while let next = characters.popFirst() {
                if next.isLetter {
                    apply(next, parameters)
                    break
                }
                parameters.append(next)
            }
        }
    }

    mutating func apply(_ command: Character, _ parameters: String) {
        let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
        switch command {
        case "H":
            y = max(0, (numbers.first ?? 1) - 1)
            x = max(0, (numbers.dropFirst().first ?? 1) - 1)
        case "J": buffer = Buffer(width: buffer.width, height: buffer.height)
        default: break
        }
    }
}

@Suite struct ANSIUpdateTests {
    @Test func replayingUpdatesRebuildsEachFrame() {
        var a = Buffer(width: 12, height: 3)
        a.drawBox(Rect(x: 0, y: 0, width: 12, height: 3), style: Style(foreground: .indexed(36)), title: "웹")
        var b = a
        b.drawText("●", x: 3, y: 1, style: Style(attributes: .bold))
        b.drawText("日本", x: 6, y: 1, style: .plain)
        var c = b
        c.drawText("x", x: 7, y: 1, style: .plain)  // overwrites half of 日

        var screen = ReplayScreen(width: 12, height: 3)
        screen.feed(a.ansiUpdate(from: nil))
        #expect(screen.buffer.lines() == a.lines())
        let step = b.ansiUpdate(from: a)
        screen.feed(step)
        #expect(screen.buffer.lines() == b.lines())
        #expect(!step.contains("\u{1B}[2J"))
        #expect(step.count < a.ansiUpdate(from: nil).count)
        screen.feed(c.ansiUpdate(from: b))
        #expect(screen.buffer.lines() == c.lines())
        #expect(c.ansiUpdate(from: c).isEmpty)
    }

    @Test func withoutColorOnlyAttributesRemain() {
        var a = Buffer(width: 4, height: 1)
        a.drawText("ab", x: 0, y: 0, style: Style(foreground: .indexed(166), attributes: .bold))
        let text = a.ansiUpdate(from: nil, color: false)
        #expect(!text.contains("38;5"))
        #expect(text.contains("\u{1B}[0;1m"))
    }
}
