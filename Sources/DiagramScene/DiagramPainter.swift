import CellCanvas
import ClusterModel
import DiagramLayout
import TerminalText

/// Draws the laid-out diagram into a buffer: plane coordinates are shifted by
/// `offset` and everything is clipped to `clip`, so only what the viewport
/// shows costs anything.
struct DiagramPainter {
    var buffer: Buffer
    let offset: Point
    let clip: Rect
    let palette: Palette
    let glyphs: GlyphSet

    /// Plane rect → screen rect.
    func screen(_ rect: Rect) -> Rect { rect.offsetBy(dx: offset.x, dy: offset.y) }
    func screen(_ point: Point) -> Point { Point(x: point.x + offset.x, y: point.y + offset.y) }

    /// The part of the plane that is visible.
    var visiblePlane: Rect { clip.offsetBy(dx: -offset.x, dy: -offset.y) }

    mutating func box(_ rect: Rect, kind: BoxKind, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        let area = screen(rect)
        guard area.intersects(clip) else { return }
        buffer.drawBox(area, kind: kind, style: style, glyphs: glyphs, title: title, titleStyle: titleStyle, clip: clip)
    }

    /// A heavy outline over an already drawn box: line cells turn heavy and
    /// take the style; text in the border (the title) is left as it is.
    mutating func outline(_ rect: Rect, style: Style) {
        let area = screen(rect)
        guard area.width >= 2, area.height >= 2, area.intersects(clip) else { return }
        var border: [(Point, LineArms)] = []
        for x in area.x..<area.maxX {
            border.append(
                (
                    Point(x: x, y: area.y),
                    LineArms(
                        down: x == area.x || x == area.maxX - 1 ? .heavy : .none,
                        left: x > area.x ? .heavy : .none, right: x < area.maxX - 1 ? .heavy : .none)
                ))
            border.append(
                (
                    Point(x: x, y: area.maxY - 1),
                    LineArms(
                        up: x == area.x || x == area.maxX - 1 ? .heavy : .none,
                        left: x > area.x ? .heavy : .none, right: x < area.maxX - 1 ? .heavy : .none)
                ))
        }
        for y in (area.y + 1)..<max(area.y + 1, area.maxY - 1) {
            border.append((Point(x: area.x, y: y), LineArms(up: .heavy, down: .heavy)))
            border.append((Point(x: area.maxX - 1, y: y), LineArms(up: .heavy, down: .heavy)))
        }
        for (point, arms) in border where clip.contains(point) {
            // Text in the border (a title, a pod's status symbol) keeps its own look.
            guard !BoxGlyphs.arms(of: buffer[point.x, point.y].grapheme, glyphs: glyphs).isEmpty else { continue }
            buffer.addArms(arms, x: point.x, y: point.y, style: style, glyphs: glyphs)
        }
    }

    mutating func connector(
        _ points: [Point], weight: LineArms.Weight = .light, dashed: Bool = false, arrow: Bool = true, style: Style
    ) {
        buffer.drawConnector(
            points.map(screen), weight: weight, dashed: dashed, arrow: arrow, style: style, glyphs: glyphs, clip: clip)
    }

    mutating func put(_ character: Character, at point: Point, style: Style) {
        buffer.put(character, x: point.x + offset.x, y: point.y + offset.y, style: style, clip: clip)
    }

    mutating func drawLayout(_ layout: DiagramLayout, showLegend: Bool) {
        let visible = visiblePlane
        for connector in layout.connectors(in: visible) {
            self.connector(connector.points, dashed: connector.dashed, arrow: connector.arrow, style: palette.connector)
        }
        for actor in layout.actors where actor.rect.intersects(visible) {
            drawActor(actor)
        }
        for node in layout.nodes(in: visible) {
            drawNode(node)
        }
        if let panel = layout.unplacedServices, panel.rect.intersects(visible) {
            drawPanel(panel, style: palette.clusterIPPanel)
        }
        if showLegend, layout.legend.rect.intersects(visible) {
            drawLegend(layout.legend)
        }
    }

    mutating func drawActor(_ actor: ActorBox) {
        box(
            actor.rect, kind: .rounded, style: palette.actor, title: actor.title,
            titleStyle: palette.actor.adding(.bold))
        for (index, line) in actor.lines.enumerated() {
            let row = Rect(x: actor.rect.x + 2, y: actor.rect.y + 1 + index, width: actor.rect.width - 4, height: 1)
            guard row.maxY < actor.rect.maxY else { break }
            textClipped(line, in: row, style: .plain)
        }
    }

    mutating func drawNode(_ node: NodeBox) {
        let titleStyle = node.kind != .node ? palette.muted : (node.isReady ? palette.nodeTitle : palette.notReady)
        // A box of pods without a node is not a machine: dashed, like other guesses.
        box(
            node.rect, kind: node.kind == .node ? .light : .dashed, style: palette.nodeFrame, title: node.title,
            titleStyle: titleStyle)
        if let panel = node.nodePortPanel { drawPanel(panel, style: palette.nodePortPanel) }
        if let panel = node.clusterIPPanel { drawPanel(panel, style: palette.clusterIPPanel) }
        for group in node.groups {
            let rule = glyphs == .ascii ? "-" : "╌"
            let label = "\(rule)\(rule) \(group.label) "
            let fill = String(repeating: rule, count: max(0, group.labelRect.width - DisplayWidth.of(label)))
            textClipped(label + fill, in: group.labelRect, style: palette.namespaceLabel)
            for pod in group.pods { drawPod(pod) }
        }
        for note in node.notes {
            textClipped(note.text, in: note.rect, style: palette.muted)
        }
    }

    mutating func drawPod(_ pod: PodBox) {
        let style = palette.style(for: pod.health)
        box(pod.rect, kind: .rounded, style: style, title: pod.title, titleStyle: style)
        textClipped(
            pod.ip, in: Rect(x: pod.rect.x + 2, y: pod.rect.y + 1, width: pod.rect.width - 2, height: 1), style: .plain)
    }

    mutating func drawPanel(_ panel: Panel, style: Style) {
        box(panel.rect, kind: .light, style: style, title: panel.title, titleStyle: style.adding(.bold))
        for line in panel.lines {
            textClipped(line.text, in: line.rect, style: line.inferred ? palette.notReady : .plain)
        }
    }

    mutating func drawLegend(_ legend: LegendTable) {
        box(
            legend.rect, kind: .light, style: palette.muted, title: "IP scheme of this cluster",
            titleStyle: palette.nodeTitle)
        var y = legend.rect.y + 1
        let cells = [legend.header] + legend.rows
        for (rowIndex, row) in cells.enumerated() {
            var x = legend.rect.x + 2
            for (column, value) in row.enumerated() {
                let width = legend.columnWidths[checked: column] ?? 0
                let style = rowIndex == 0 || column == 0 ? palette.nodeTitle : Style.plain
                textClipped(value, in: Rect(x: x, y: y, width: width, height: 1), style: style)
                x += width + 2
            }
            y += 1
        }
        for line in legend.keyLines {
            textClipped(
                line, in: Rect(x: legend.rect.x + 2, y: y, width: legend.rect.width - 4, height: 1),
                style: palette.muted)
            y += 1
        }
    }

    /// Text in a plane rect, clipped both to the rect and the viewport.
    mutating func textClipped(_ text: String, in rect: Rect, style: Style) {
        let area = screen(rect)
        let visible = area.intersection(clip)
        guard !visible.isEmpty else { return }
        let fitted = TextFit.truncate(
            ShownText.safe(text), toWidth: area.width, ellipsis: glyphs == .ascii ? "~" : "…")
        buffer.drawText(fitted, x: area.x, y: area.y, style: style, clip: visible)
    }
}

extension Style {
    func adding(_ attributes: Attributes) -> Style {
        var copy = self
        copy.attributes.formUnion(attributes)
        return copy
    }
}
