import TerminalText

/// Text drawing. Every write goes through `put`, which sanitises, measures
/// and keeps wide characters whole: a wide grapheme always has its
/// continuation cell, and overwriting either half blanks the other half, so a
/// row can never be left with half a character that shifts the terminal.
extension Buffer {
    /// The buffer's own rect.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Writes one grapheme at (x, y) if it fits inside `clip` (and the
    /// buffer), and returns how many columns it advances: 0 for a zero-width
    /// mark, 1, or 2.
    ///
    /// A wide grapheme that would straddle the right edge of the clip becomes a blank so the row stays aligned.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        let safe = ShownText.safe(character)
        let columns = DisplayWidth.of(safe)
        guard columns > 0 else { return 0 }
        guard y >= area.y, y < area.maxY else { return columns }
        if columns == 2 {
            guard x >= area.x, x < area.maxX else { return 2 }
            guard x + 1 < area.maxX else {
                setCell(Cell(grapheme: " ", style: style), x: x, y: y)
                return 2
            }
            setCell(Cell(grapheme: String(safe), style: style), x: x, y: y)
            setCell(Cell(grapheme: "", style: style), x: x + 1, y: y)
            return 2
        }
        if x >= area.x, x < area.maxX {
            setCell(Cell(grapheme: String(safe), style: style), x: x, y: y)
        }
        return 1
    }

    /// Draws `text` on one row from (x, y), clipped to `clip`; returns the x
    /// after the last column written (or skipped by clipping).
    @discardableResult
    public mutating func drawText<S: StringProtocol>(_ text: S, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int
    {
        var column = x
        let limit = (clip.map { $0.intersection(bounds) } ?? bounds).maxX
        for character in text {
            if column >= limit { break }
            column += put(character, x: column, y: y, style: style, clip: clip)
        }
        return column
    }

    /// Draws `text` on the first row of `rect`, shortened to fit with an
    /// ellipsis, aligned inside the rect.
    public mutating func drawText<S: StringProtocol>(
        _ text: S, in rect: Rect, style: Style, alignment: TextAlignment = .left,
        truncation: TextFit.Truncation = .end, ellipsis: String = "…"
    ) {
        guard !rect.isEmpty else { return }
        let fitted = TextFit.truncate(
            ShownText.safe(text), toWidth: rect.width, at: truncation, ellipsis: ellipsis)
        let used = DisplayWidth.of(fitted)
        let x: Int
        switch alignment {
        case .left: x = rect.x
        case .center: x = rect.x + (rect.width - used) / 2
        case .right: x = rect.maxX - used
        }
        drawText(fitted, x: x, y: rect.y, style: style, clip: rect)
    }

    /// Paints every cell of `rect` (clipped to the buffer) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let grapheme: Character = cell.grapheme.first ?? " "
        let isWide = DisplayWidth.of(grapheme) == 2
        for y in area.y..<area.maxY {
            if isWide {
                var x = area.x
                while x < area.maxX {
                    _ = put(grapheme, x: x, y: y, style: cell.style, clip: area)
                    x += 2
                }
            } else {
                for x in area.x..<area.maxX { setCell(cell, x: x, y: y) }
            }
        }
    }

    /// Changes the style of the cells of `rect`, keeping their graphemes:
    /// how highlights and dimming are applied over drawn content.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                var cell = self[x, y]
                change(&cell.style)
                self[x, y] = cell
            }
        }
    }

    /// Stores a cell, blanking the other half of any wide character it
    /// overwrites.
    mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let old = self[x, y]
        if old.isContinuation, x > 0, !cell.isContinuation {
            var lead = self[x - 1, y]
            lead.grapheme = " "
            self[x - 1, y] = lead
        }
        if !old.isContinuation, x + 1 < width, self[x + 1, y].isContinuation {
            var tail = self[x + 1, y]
            tail.grapheme = " "
            self[x + 1, y] = tail
        }
        self[x, y] = cell
    }
}

public enum TextAlignment: Sendable, Hashable {
    case left, center, right
}

/// Fitting text into a number of columns.
public enum TextFit {
    public enum Truncation: Sendable, Hashable {
        /// `nginx-deployment-7b…`: keeps the start.
        case end
        /// `nginx-dep…5hrgb`: keeps both ends, where generated pod names
        /// carry the part that tells replicas apart.
        case middle
    }

    /// `text` unchanged when it fits in `width` columns, else shortened with
    /// `ellipsis` so that the result is at most `width` columns.
    public static func truncate(
        _ text: String, toWidth width: Int, at truncation: Truncation = .end, ellipsis: String = "…"
    ) -> String {
        guard width > 0 else { return "" }
        let total = DisplayWidth.of(text)
        if total <= width { return text }
        let mark = DisplayWidth.of(ellipsis)
        guard width > mark else { return take(text, columns: width) }
        let room = width - mark
        switch truncation {
        case .end:
            return take(text, columns: room) + ellipsis
        case .middle:
            let tail = room / 2
            let head = room - tail
            return take(text, columns: head) + ellipsis + takeLast(text, columns: tail)
        }
    }

    /// The longest prefix of `text` that fits in `columns`.
    public static func take(_ text: String, columns: Int) -> String {
        // Printable ASCII (nearly every name) is a column a byte: a prefix of the bytes.
        if DisplayWidth.isPrintableASCII(text) { return String(Substring(text.utf8.prefix(max(0, columns)))) }
        var out = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > columns { break }
            out.append(character)
            used += w
        }
        return out
    }

    /// The longest suffix of `text` that fits in `columns`.
    public static func takeLast(_ text: String, columns: Int) -> String {
        if DisplayWidth.isPrintableASCII(text) { return String(Substring(text.utf8.suffix(max(0, columns)))) }
        var out: [Character] = []
        var used = 0
        for character in text.reversed() {
            let w = DisplayWidth.of(character)
            if used + w > columns { break }
            out.append(character)
            used += w
        }
        return String(out.reversed())
    }

    /// Splits `text` into lines of at most `width` columns, breaking at
    /// spaces when it can and inside a word when it must.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var piece = String(word)
            var pieceWidth = DisplayWidth.of(piece)
            if lineWidth > 0, lineWidth + 1 + pieceWidth <= width {
                line += " " + piece
                lineWidth += 1 + pieceWidth
                continue
            }
            if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
            while pieceWidth > width {
                let head = take(piece, columns: width)
                lines.append(head)
                piece = String(piece.dropFirst(head.count))
                pieceWidth = DisplayWidth.of(piece)
                if head.isEmpty { piece = ""; pieceWidth = 0 }
            }
            line = piece
            lineWidth = pieceWidth
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }
}
