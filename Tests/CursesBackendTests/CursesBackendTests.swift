import CellCanvas
import Foundation
@testable import CursesBackend
import Testing

@Suite struct ColourChoice {
    @Test func noColorWinsOverAutoButNotOverAlways() {
        #expect(TerminalOptions(color: .auto, environment: [:]).wantsColor)
        #expect(!TerminalOptions(color: .auto, environment: ["NO_COLOR": "1"]).wantsColor)
        #expect(TerminalOptions(color: .auto, environment: ["NO_COLOR": ""]).wantsColor)
        #expect(TerminalOptions(color: .always, environment: ["NO_COLOR": "1"]).wantsColor)
        #expect(!TerminalOptions(color: .never, environment: [:]).wantsColor)
    }

    @Test func depthFollowsTheTerminal() {
        #expect(ColorDepth(colors: 256, wanted: true) == .indexed256)
        #expect(ColorDepth(colors: 8, wanted: true) == .basic8)
        #expect(ColorDepth(colors: 2, wanted: true) == .none)
        #expect(ColorDepth(colors: 256, wanted: false) == .none)
        #expect(ColorDepth.none.cursesColor(.indexed(4)) == -1)
        #expect(ColorDepth.indexed256.cursesColor(.indexed(178)) == 178)
        #expect(ColorDepth.indexed256.cursesColor(.default) == -1)
    }

    @Test func eightColoursKeepTheHue() {
        let basic = { (index: UInt8) in ColorDepth.basic8.cursesColor(.indexed(index)) }
        #expect((0..<8).map { basic(UInt8($0)) } == Array(0..<8))
        #expect(basic(9) == 1)
        #expect(basic(178) == 3)   // Okabe-Ito orange → yellow
        #expect(basic(166) == 1)   // vermillion → red
        #expect(basic(25) == 4)    // blue
        #expect(basic(175) == 5)   // reddish purple → magenta
        #expect(basic(74) == 6)    // sky blue → cyan
        #expect(basic(16) == 0)    // cube black
        #expect(basic(245) == 7)   // light grey
        #expect(basic(235) == 0)   // dark grey
    }
}

@Suite struct TerminalChecks {
    @Test func termMustAddressTheCursor() {
        #expect(throws: TerminalError.unsupportedTerminal(term: nil)) { try TerminalEnvironment.checkTerm(nil) }
        #expect(throws: TerminalError.unsupportedTerminal(term: "")) { try TerminalEnvironment.checkTerm("") }
        #expect(throws: TerminalError.unsupportedTerminal(term: "dumb")) { try TerminalEnvironment.checkTerm("dumb") }
        #expect(throws: Never.self) { try TerminalEnvironment.checkTerm("xterm-256color") }
    }

    @Test func everyRefusalPointsToPrint() {
        let errors: [TerminalError] = [.noTerminal(reason: "x"), .unsupportedTerminal(term: "dumb"), .unsupportedTerminal(term: nil), .unknownTerminal(term: "vt9000")]
        for error in errors { #expect(error.description.contains("kubehops print")) }
        #expect(TerminalError.unsupportedTerminal(term: nil).description.contains("TERM is not set"))
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let escape = CursesTerminal.wideCharacters("\u{1B}")
        #expect(escape == [0xFFFD, 0])
        #expect(CursesTerminal.wideCharacters("\u{9B}") == [0xFFFD, 0])
        #expect(CursesTerminal.wideCharacters("\u{202E}") == [0xFFFD, 0])
        #expect(CursesTerminal.wideCharacters("é") == [0xE9, 0])
        #expect(CursesTerminal.wideCharacters("") == [32, 0])
    }

    @Test func bytesBecomeKeys() {
        #expect(CursesTerminal.characterEvent(27) == .key(.escape))
        #expect(CursesTerminal.characterEvent(127) == .key(.backspace))
        #expect(CursesTerminal.characterEvent(13) == .key(.enter))
        #expect(CursesTerminal.characterEvent(9) == .key(.tab))
        #expect(CursesTerminal.characterEvent(3) == .key(.character("\u{3}")))
        #expect(CursesTerminal.characterEvent(0x71) == .key(.character("q")))
    }
}

/// ncurses is not thread-safe: one test draws on a virtual screen.
@Suite(.serialized) struct HeadlessDrawing {
    static func frame(_ lines: [String]) -> Buffer {
        var buffer = Buffer(width: 80, height: 24)
        for (y, line) in lines.enumerated() {
            for (x, character) in line.enumerated() { buffer[x, y] = Cell(grapheme: String(character)) }
        }
        return buffer
    }

    @Test func drawLeavesExactlyTheFrameIncludingTheLastColumn() throws {
        let terminal = try CursesTerminal.headless(options: TerminalOptions(color: .never, environment: [:]))
        defer { terminal.restore() }
        #expect(terminal.size.width == 80)
        let right = String(repeating: "─", count: 79) + "┐"
        terminal.draw(Self.frame(["┌ node-1 ─┐", "│ 10.0.0.1 │", right]))
        #expect(terminal.text(row: 0).hasPrefix("┌ node-1 ─┐"))
        #expect(terminal.text(row: 2) == right)
        // A second frame changes some cells: only they are sent, and what was there goes away.
        terminal.draw(Self.frame(["┌ node-2 ─┐", "", right]))
        #expect(terminal.text(row: 0).hasPrefix("┌ node-2 ─┐"))
        #expect(terminal.text(row: 1).trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(terminal.text(row: 2) == right)
        // Input text with an escape sequence is drawn inert.
        terminal.draw(Self.frame(["evil\u{1B}[2J"]))
        #expect(terminal.text(row: 0).hasPrefix("evil\u{FFFD}[2J"))
    }
}
