import TerminalText

/// Lines, boxes and connectors, all drawn by adding arms to cells so that
/// crossings and junctions merge (see `BoxGlyphs`).
extension Buffer {
    /// Adds `arms` to the cell at (x, y), merging with a line glyph already
    /// there; text under a line is replaced.
    public mutating func addArms(
        _ arms: LineArms, x: Int, y: Int, style: Style,
        glyphs: GlyphSet = .unicode, rounded: Bool = false, clip: Rect? = nil
    ) {
        if let clip, !clip.contains(Point(x: x, y: y)) { return }
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let existing = BoxGlyphs.arms(of: self[x, y].grapheme, glyphs: glyphs)
        let merged = existing.merged(with: arms)
        // A rounded corner stays rounded unless something joins it.
        let keepRounded = rounded && (existing.isEmpty || existing == arms)
        guard let glyph = BoxGlyphs.glyph(for: merged, glyphs: glyphs, rounded: keepRounded) else { return }
        setCell(Cell(grapheme: String(glyph), style: style), x: x, y: y)
    }

    /// A horizontal line on row `y` from `x0` to `x1` (inclusive, either
    /// order).
    ///
    /// Its ends get half arms so that they join what they touch.
    public mutating func drawHorizontalLine(
        y: Int, from x0: Int, to x1: Int, weight: LineArms.Weight = .light,
        dashed: Bool = false, style: Style, glyphs: GlyphSet = .unicode, clip: Rect? = nil
    ) {
        let (a, b) = (min(x0, x1), max(x0, x1))
        guard a < b else { return }
        // Only the cells that can show: a lane down a 5,000-node plane is 100,000 rows long.
        let visible = clip.map { $0.intersection(bounds) } ?? bounds
        guard y >= visible.y, y < visible.maxY else { return }
        let first = max(a, visible.x)
        let last = min(b, visible.maxX - 1)
        guard first <= last else { return }
        for x in first...last {
            let arms = LineArms(left: x > a ? weight : .none, right: x < b ? weight : .none, dashed: dashed)
            addArms(arms, x: x, y: y, style: style, glyphs: glyphs, clip: clip)
        }
    }

    /// A vertical line in column `x` from `y0` to `y1` (inclusive, either order).
    public mutating func drawVerticalLine(
        x: Int, from y0: Int, to y1: Int, weight: LineArms.Weight = .light,
        dashed: Bool = false, style: Style, glyphs: GlyphSet = .unicode, clip: Rect? = nil
    ) {
        let (a, b) = (min(y0, y1), max(y0, y1))
        guard a < b else { return }
        let visible = clip.map { $0.intersection(bounds) } ?? bounds
        guard x >= visible.x, x < visible.maxX else { return }
        let first = max(a, visible.y)
        let last = min(b, visible.maxY - 1)
        guard first <= last else { return }
        for y in first...last {
            let arms = LineArms(up: y > a ? weight : .none, down: y < b ? weight : .none, dashed: dashed)
            addArms(arms, x: x, y: y, style: style, glyphs: glyphs, clip: clip)
        }
    }

    /// The outline of `rect` with an optional title in the top edge, placed as `titlePlacement` says
    /// (`┌ title ───┐` by default).
    ///
    /// The inside is left as it is: fill it first if needed.
    public mutating func drawBox(
        _ rect: Rect, kind: BoxKind = .light, style: Style, glyphs: GlyphSet = .unicode,
        title: String? = nil, titleStyle: Style? = nil, titlePlacement: BoxTitlePlacement = .tight,
        clip: Rect? = nil
    ) {
        guard rect.width >= 2, rect.height >= 2 else {
            if rect.width >= 1, rect.height >= 1 {
                drawHorizontalLine(y: rect.y, from: rect.x, to: rect.maxX - 1, style: style, glyphs: glyphs, clip: clip)
            }
            return
        }
        let weight: LineArms.Weight = kind == .heavy ? .heavy : .light
        let dashed = kind == .dashed
        let rounded = kind == .rounded
        let (left, right, top, bottom) = (rect.x, rect.maxX - 1, rect.y, rect.maxY - 1)
        for x in (left + 1)..<right {
            addArms(
                LineArms(left: weight, right: weight, dashed: dashed), x: x, y: top, style: style, glyphs: glyphs,
                clip: clip)
            addArms(
                LineArms(left: weight, right: weight, dashed: dashed), x: x, y: bottom, style: style, glyphs: glyphs,
                clip: clip)
        }
        for y in (top + 1)..<bottom {
            addArms(
                LineArms(up: weight, down: weight, dashed: dashed), x: left, y: y, style: style, glyphs: glyphs,
                clip: clip)
            addArms(
                LineArms(up: weight, down: weight, dashed: dashed), x: right, y: y, style: style, glyphs: glyphs,
                clip: clip)
        }
        addArms(
            LineArms(down: weight, right: weight), x: left, y: top, style: style, glyphs: glyphs, rounded: rounded,
            clip: clip)
        addArms(
            LineArms(down: weight, left: weight), x: right, y: top, style: style, glyphs: glyphs, rounded: rounded,
            clip: clip)
        addArms(
            LineArms(up: weight, right: weight), x: left, y: bottom, style: style, glyphs: glyphs, rounded: rounded,
            clip: clip)
        addArms(
            LineArms(up: weight, left: weight), x: right, y: bottom, style: style, glyphs: glyphs, rounded: rounded,
            clip: clip)
        if let title, rect.width >= 5 {
            drawBoxTitle(
                title, rect, style: titleStyle ?? style, edgeStyle: style, glyphs: glyphs,
                placement: titlePlacement, clip: clip)
        }
    }

    /// A box's title in its top edge, as `drawBox`'s `titlePlacement` says; `rect` is at least 5 wide.
    private mutating func drawBoxTitle(
        _ title: String, _ rect: Rect, style titleStyle: Style, edgeStyle style: Style, glyphs: GlyphSet,
        placement: BoxTitlePlacement, clip: Rect?
    ) {
        let (left, top) = (rect.x, rect.y)
        switch placement {
        case .inset:
            // The panels' title: the spaces are part of the text, cut (not shortened) at the edge's
            // last but one column.
            let titleRect = Rect(x: left + 2, y: top, width: rect.width - 4, height: 1)
            let text = TextFit.take(" " + ShownText.safe(title) + " ", columns: rect.width - 4)
            let area = clip.map { titleRect.intersection($0) } ?? titleRect
            drawText(text, x: left + 2, y: top, style: titleStyle, clip: area)
        case .tight:
            let titleRect = Rect(x: left + 1, y: top, width: rect.width - 2, height: 1)
            let area = clip.map { titleRect.intersection($0) } ?? titleRect
            let text = TextFit.truncate(
                ShownText.safe(title), toWidth: rect.width - 4,
                ellipsis: glyphs == .ascii ? "~" : "…")
            guard !text.isEmpty else { return }
            let end = drawText(" ", x: left + 1, y: top, style: style, clip: area)
            let after = drawText(text, x: end, y: top, style: titleStyle, clip: area)
            drawText(" ", x: after, y: top, style: style, clip: area)
        }
    }

    /// An orthogonal connector through `points` (each consecutive pair on a
    /// row or a column), with an arrowhead on the last point when `arrow`.
    ///
    /// The first point joins whatever line it starts on (`├`).
    public mutating func drawConnector(
        _ points: [Point], weight: LineArms.Weight = .light, dashed: Bool = false,
        arrow: Bool = true, style: Style, glyphs: GlyphSet = .unicode, clip: Rect? = nil
    ) {
        guard points.count >= 2 else { return }
        for (a, b) in zip(points, points.dropFirst()) {
            if a.y == b.y {
                drawHorizontalLine(
                    y: a.y, from: a.x, to: b.x, weight: weight, dashed: dashed, style: style, glyphs: glyphs, clip: clip
                )
            } else if a.x == b.x {
                drawVerticalLine(
                    x: a.x, from: a.y, to: b.y, weight: weight, dashed: dashed, style: style, glyphs: glyphs, clip: clip
                )
            } else {
                // Not orthogonal: go across, then down.
                drawHorizontalLine(
                    y: a.y, from: a.x, to: b.x, weight: weight, dashed: dashed, style: style, glyphs: glyphs, clip: clip
                )
                drawVerticalLine(
                    x: b.x, from: a.y, to: b.y, weight: weight, dashed: dashed, style: style, glyphs: glyphs, clip: clip
                )
            }
        }
        guard arrow, let last = points.last, let before = points.dropLast().last else { return }
        let head = Arrowhead.pointing(from: before, to: last)
        if let clip, !clip.contains(last) { return }
        put(head.glyph(glyphs), x: last.x, y: last.y, style: style, clip: clip)
    }

    /// Every cell a connector through `points` covers, in travel order: what
    /// a packet glyph moves along.
    public static func cells(along points: [Point]) -> [Point] {
        guard var current = points.first else { return [] }
        var out = [current]
        for target in points.dropFirst() {
            let corner = Point(x: target.x, y: current.y)
            for waypoint in [corner, target] {
                while current != waypoint {
                    if current.x != waypoint.x {
                        current.x += waypoint.x > current.x ? 1 : -1
                    } else {
                        current.y += waypoint.y > current.y ? 1 : -1
                    }
                    out.append(current)
                }
            }
        }
        return out
    }
}

public enum Arrowhead: Sendable, Hashable {
    case right, left, up, down

    public static func pointing(from a: Point, to b: Point) -> Arrowhead {
        if b.x > a.x && b.y == a.y { return .right }
        if b.x < a.x && b.y == a.y { return .left }
        return b.y < a.y ? .up : .down
    }

    public func glyph(_ glyphs: GlyphSet) -> Character {
        switch (self, glyphs) {
        case (.right, .unicode): "▶"
        case (.left, .unicode): "◀"
        case (.up, .unicode): "▲"
        case (.down, .unicode): "▼"
        case (.right, .ascii): ">"
        case (.left, .ascii): "<"
        case (.up, .ascii): "^"
        case (.down, .ascii): "v"
        }
    }
}
