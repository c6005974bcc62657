import CellCanvas
import TerminalText

/// Text and box drawing on a `Buffer`, clipped to the buffer and to an area:
/// the overlays and the status bar are drawn with it.
public struct Painter {
    public var buffer: Buffer
    public var ascii: Bool

    public init(buffer: Buffer, ascii: Bool = false) { self.buffer = buffer; self.ascii = ascii }

    /// Paints on `buffer` in place: the cells are moved into the painter and back, where a painter made from a
    /// copy of `buffer` copied every cell of the screen on its first stroke (copy on write), every frame.
    public static func paint(_ buffer: inout Buffer, ascii: Bool, _ strokes: (inout Painter) -> Void) {
        var painter = Painter(buffer: Buffer(width: 0, height: 0), ascii: ascii)
        swap(&painter.buffer, &buffer)
        strokes(&painter)
        swap(&painter.buffer, &buffer)
    }

    /// Columns a character takes: the canvas' table, so panels and the diagram agree.
    public static func width(of character: Character) -> Int { DisplayWidth.of(character) }

    /// Replaces control characters, escape sequences and bidi overrides so
    /// that input text can never reach the terminal raw.
    public static func sanitized(_ text: some StringProtocol) -> String { ShownText.safe(text) }

    /// Writes `text` from (x, y), never past `limit` (exclusive) or the buffer edge.
    ///
    /// Returns the column after the last character written.
    @discardableResult
    public mutating func text(
        _ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, limit: Int? = nil
    ) -> Int {
        let end = min(limit ?? buffer.width, buffer.width)
        var column = x
        for character in Self.sanitized(text) {
            let glyph = ascii && !character.isASCII ? Self.asciiFallback(character) : character
            let w = Self.width(of: glyph)
            if w == 0 { continue }
            if column + w > end { break }
            if column >= 0 {
                buffer[column, y] = Cell(grapheme: String(glyph), style: style)
                if w == 2 { buffer[column + 1, y] = Cell(grapheme: "", style: style) }
            }
            column += w
        }
        return column
    }

    /// Fills `area` with blanks of `style`.
    public mutating func fill(_ area: Rect, style: Style = .plain) {
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { buffer[x, y] = Cell(grapheme: " ", style: style) }
        }
    }

    /// A single-line box around `area` with an optional title in the top edge (`┌─ title ─┐`), drawn by
    /// CellCanvas's `drawBox` as the diagram's boxes are; a box under 2×2 is not drawn.
    public mutating func box(_ area: Rect, title: String? = nil, style: Style = .plain, heavy: Bool = false) {
        guard area.width >= 2, area.height >= 2 else { return }
        // In ASCII, the title's glyphs are replaced before they are measured, as `text` does.
        let shown = title.map { ascii ? String(Self.sanitized($0).map(Self.asciiCharacter)) : $0 }
        buffer.drawBox(
            area, kind: heavy ? .heavy : .light, style: style, glyphs: ascii ? .ascii : .unicode, title: shown,
            titlePlacement: .inset)
    }

    /// A framed panel: cleared inside, boxed, titled.
    public mutating func panel(_ area: Rect, title: String, style: Style) {
        fill(area, style: style)
        box(area, title: title, style: style, heavy: false)
    }

    /// Restyles every cell of `area` (keeping its glyph): highlights selections and hops.
    public mutating func restyle(_ area: Rect, _ change: (inout Style) -> Void) { buffer.restyle(area, change) }

    /// `character`, or its ASCII stand-in when it is not ASCII.
    private static func asciiCharacter(_ character: Character) -> Character {
        character.isASCII ? character : asciiFallback(character)
    }

    /// The ASCII stand-in for a box-drawing or arrow glyph (`--ascii`, or a non-UTF-8 locale).
    public static func asciiFallback(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first else { return "?" }
        switch scalar.value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550: return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551: return "|"
        case 0x250C...0x254B, 0x2552...0x256C: return "+"
        case 0x256D...0x2570: return "+"
        case 0x2192, 0x25B6, 0x25B8, 0x27F6: return ">"
        case 0x2190, 0x25C0, 0x25C2: return "<"
        case 0x2191, 0x25B2: return "^"
        case 0x2193, 0x25BC: return "v"
        case 0x2022, 0x25CF, 0x25C9, 0x25A0: return "*"
        case 0x2026: return "~"
        case 0x00B7: return "."
        default: return "?"
        }
    }

    /// Maps every non-ASCII cell of `buffer` to its ASCII stand-in.
    public static func asciified(_ buffer: Buffer) -> Buffer {
        var result = buffer
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                var cell = buffer[x, y]
                if cell.isContinuation {
                    cell.grapheme = " "
                } else if let c = cell.grapheme.first, !c.isASCII || cell.grapheme.count > 1 {
                    cell.grapheme = String(asciiFallback(c))
                } else {
                    continue
                }
                result[x, y] = cell
            }
        }
        return result
    }
}
