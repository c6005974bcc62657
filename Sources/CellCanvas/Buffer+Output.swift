/// Turning a buffer into text: plain lines for snapshots and `print`, ANSI
/// SGR text for `print --color always`, and the list of changed cells for a
/// terminal backend that redraws only what changed.
extension Buffer {
    /// Each row as text, continuation cells skipped; trailing blanks are
    /// trimmed so snapshots do not depend on invisible spaces.
    public func lines(trimmingTrailingSpaces: Bool = true) -> [String] {
        (0..<height).map { y in
            var row = ""
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation { continue }
                row += cell.grapheme
            }
            if trimmingTrailingSpaces {
                while row.last == " " { row.removeLast() }
            }
            return row
        }
    }

    /// The rows joined with newlines (no trailing newline).
    public var text: String { lines().joined(separator: "\n") }

    /// Each row with SGR escape sequences for colours and attributes, reset at
    /// the end of every row so that a cut-off row cannot bleed into the shell.
    public func ansiLines() -> [String] {
        (0..<height).map { y in
            var row = ""
            var current = Style.plain
            // Trailing plain blanks are dropped, as in `lines()`.
            var lastVisible = -1
            for x in 0..<width where self[x, y] != .blank { lastVisible = x }
            for x in 0..<(lastVisible + 1) {
                let cell = self[x, y]
                if cell.isContinuation { continue }
                if cell.style != current {
                    row += SGR.sequence(for: cell.style)
                    current = cell.style
                }
                row += cell.grapheme
            }
            if current != .plain { row += SGR.reset }
            return row
        }
    }

    /// Cells of `self` that differ from `previous`; every cell when the size
    /// changed.
    ///
    /// A wide character's continuation travels with its lead cell.
    public func diff(from previous: Buffer) -> [CellChange] {
        var changes: [CellChange] = []
        let sameSize = previous.width == width && previous.height == height
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if sameSize && previous[x, y] == cell { continue }
                changes.append(CellChange(x: x, y: y, cell: cell))
            }
        }
        return changes
    }

    /// Copies `source` into this buffer with its top-left at `origin`,
    /// clipped to this buffer.
    public mutating func blit(_ source: Buffer, at origin: Point) {
        for y in 0..<source.height {
            for x in 0..<source.width {
                let target = Point(x: origin.x + x, y: origin.y + y)
                guard bounds.contains(target) else { continue }
                setCell(source[x, y], x: target.x, y: target.y)
            }
        }
    }
}

/// One cell to redraw.
public struct CellChange: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var cell: Cell
    public init(x: Int, y: Int, cell: Cell) { self.x = x; self.y = y; self.cell = cell }
}

/// ANSI Select Graphic Rendition codes.
public enum SGR {
    public static let reset = "\u{1B}[0m"

    /// A full reset followed by the style's attributes and colours, so each
    /// sequence is correct whatever came before.
    public static func sequence(for style: Style) -> String {
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        if case .indexed(let n) = style.foreground { codes.append(colorCode(n, base: 30, bright: 90, extended: 38)) }
        if case .indexed(let n) = style.background { codes.append(colorCode(n, base: 40, bright: 100, extended: 48)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func colorCode(_ n: UInt8, base: Int, bright: Int, extended: Int) -> String {
        if n < 8 { return String(base + Int(n)) }
        if n < 16 { return String(bright + Int(n) - 8) }
        return "\(extended);5;\(n)"
    }
}
