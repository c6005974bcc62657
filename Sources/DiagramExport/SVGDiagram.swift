import CellCanvas
import ClusterModel
import DiagramLayout

/// Draws a `DiagramLayout` as SVG elements: the same boxes, panels, pods,
/// lanes and legend as the terminal picture, as vectors with real text, so it
/// stays sharp at any zoom and its text can be searched and copied.
struct SVGDiagram {
    let layout: DiagramLayout
    let showLegend: Bool

    func draw(into svg: inout SVGWriter) {
        svg.raw("<g class=\"diagram\">")
        for connector in layout.connectors {
            svg.polyline(connector.points, cssClass: "connector", arrow: connector.arrow, dashed: connector.dashed)
        }
        for actor in layout.actors { drawActor(actor, into: &svg) }
        for node in layout.nodes { drawNode(node, into: &svg) }
        if let panel = layout.unplacedServices { drawPanel(panel, cssClass: "panel-clusterip", into: &svg) }
        if showLegend { drawLegend(layout.legend, into: &svg) }
        svg.raw("</g>")
    }

    private func drawActor(_ actor: ActorBox, into svg: inout SVGWriter) {
        svg.raw("<g class=\"actor\" data-kind=\"\(actor.kind.rawValue)\">")
        svg.box(actor.rect, cssClass: "actor-box", rounded: true)
        title(actor.title, of: actor.rect, cssClass: "actor-title", into: &svg)
        for (index, line) in actor.lines.enumerated() where actor.rect.y + 1 + index < actor.rect.maxY - 1 {
            svg.text(line, at: Point(x: actor.rect.x + 2, y: actor.rect.y + 1 + index), cssClass: "label")
        }
        svg.raw("</g>")
    }

    private func drawNode(_ node: NodeBox, into svg: inout SVGWriter) {
        svg.raw("<g class=\"node\" data-node=\"\(MarkupText.xml(node.name))\">")
        svg.box(node.rect, cssClass: "node-box", dashed: node.kind != .node, tooltip: node.name)
        let titleClass = node.kind != .node ? "muted" : (node.isReady ? "node-title" : "not-ready")
        title(node.title, of: node.rect, cssClass: titleClass, into: &svg)
        if let panel = node.nodePortPanel { drawPanel(panel, cssClass: "panel-nodeport", into: &svg) }
        if let panel = node.clusterIPPanel { drawPanel(panel, cssClass: "panel-clusterip", into: &svg) }
        for group in node.groups {
            svg.text("╌╌ \(group.label)", at: group.labelRect.origin, cssClass: "namespace")
            for pod in group.pods { drawPod(pod, into: &svg) }
        }
        for note in node.notes { svg.text(note.text, at: note.rect.origin, cssClass: "muted") }
        svg.raw("</g>")
    }

    private func drawPod(_ pod: PodBox, into svg: inout SVGWriter) {
        let health = "health-\(pod.health.rawValue)"
        svg.raw("<g class=\"pod \(health)\" data-pod=\"\(MarkupText.xml(pod.key.description))\">")
        svg.box(pod.rect, cssClass: "pod-box", rounded: true, tooltip: "\(pod.key) · \(pod.health.label) · \(pod.ip)")
        title(pod.title, of: pod.rect, cssClass: "pod-title", into: &svg)
        svg.text(pod.ip, at: Point(x: pod.rect.x + 2, y: pod.rect.y + 1), cssClass: "label")
        svg.raw("</g>")
    }

    private func drawPanel(_ panel: Panel, cssClass: String, into svg: inout SVGWriter) {
        svg.raw("<g class=\"\(cssClass)\">")
        svg.box(panel.rect, cssClass: "panel-box")
        title(panel.title, of: panel.rect, cssClass: "panel-title", into: &svg)
        for line in panel.lines {
            svg.text(line.text, at: line.rect.origin, cssClass: line.inferred ? "inferred" : "label")
        }
        svg.raw("</g>")
    }

    private func drawLegend(_ legend: LegendTable, into svg: inout SVGWriter) {
        svg.raw("<g class=\"legend\">")
        svg.box(legend.rect, cssClass: "legend-box")
        title("IP scheme of this cluster", of: legend.rect, cssClass: "node-title", into: &svg)
        var y = legend.rect.y + 1
        for (rowIndex, row) in ([legend.header] + legend.rows).enumerated() {
            var x = legend.rect.x + 2
            for (column, value) in row.enumerated() {
                svg.text(value, at: Point(x: x, y: y), cssClass: rowIndex == 0 || column == 0 ? "node-title" : "label")
                x += (legend.columnWidths[checked: column] ?? 0) + 2
            }
            y += 1
        }
        for line in legend.keyLines {
            svg.text(line, at: Point(x: legend.rect.x + 2, y: y), cssClass: "muted")
            y += 1
        }
        svg.raw("</g>")
    }

    /// A title on a box's top border, cutting the border line as the terminal's `┌─ title ─┐`
    /// does: a gap in the line as wide as the title's cells (a glyph halo alone leaves the line
    /// crossing the spaces between words), the text spread over exactly those cells.
    private func title(_ text: String, of rect: Rect, cssClass: String, into svg: inout SVGWriter) {
        guard !text.isEmpty, rect.width > 4 else { return }
        let shown = " \(text) "
        let cells = DisplayWidth.of(shown)
        let start = Point(x: rect.x + 1, y: rect.y)
        svg.borderGap(at: start, cells: min(cells, rect.width - 2))
        svg.text(shown, at: start, cells: cells, cssClass: "\(cssClass) on-border")
    }
}
