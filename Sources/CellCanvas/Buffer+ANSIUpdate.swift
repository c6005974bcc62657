/// Escape sequences that turn a terminal showing `previous` into this
/// buffer: what a recording (asciicast) stores per frame. Only changed runs
/// of cells are written, each after an absolute cursor move, so a frame of a
/// moving packet costs a few bytes instead of a whole screen.
extension Buffer {
    public func ansiUpdate(from previous: Buffer?, color: Bool = true) -> String {
        var out = ""
        let full = previous.map { $0.width != width || $0.height != height } ?? true
        if full { out += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
        for y in 0..<height {
            var x = 0
            while x < width {
                guard full || changed(x, y, previous) else { x += 1; continue }
                // Start a run on a whole character: step back from a continuation.
                var start = x
                if self[start, y].isContinuation, start > 0 { start -= 1 }
                var end = start
                while end < width, full || changed(end, y, previous) || self[end, y].isContinuation { end += 1 }
                out += "\u{1B}[\(y + 1);\(start + 1)H"
                var current: Style?
                for column in start..<end {
                    let cell = self[column, y]
                    if cell.isContinuation { continue }
                    let style = color ? cell.style : Style(attributes: cell.style.attributes)
                    if style != current {
                        out += SGR.sequence(for: style)
                        current = style
                    }
                    out += cell.grapheme
                }
                out += SGR.reset
                x = end
            }
        }
        return out
    }

    private func changed(_ x: Int, _ y: Int, _ previous: Buffer?) -> Bool {
        guard let previous else { return true }
        return previous[x, y] != self[x, y]
    }
}
