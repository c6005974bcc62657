import CellCanvas
import FlowEngine

/// A flow drawn over the SVG diagram: every hop's route faint, then, hop by
/// hop on a looping clock, the current route bold, the packet moving along
/// it and the caption saying what the packet carries and who rewrote it.
///
/// Renderers without SMIL (some slide tools) show the faint routes and the first caption, which still tells the story's
/// start.
struct SVGFlowAnimation {
    let flow: Flow
    /// Per hop, its route on the cell plane (nil when an end has no box).
    let routes: [[Point]?]
    /// The caption's width in cells (the diagram's).
    let width: Int
    /// The cell row where the caption area starts.
    let captionTop: Int

    /// Rows the caption area takes: the tallest hop caption plus its frame.
    var captionRows: Int { (flow.hops.indices.map { captionLines(of: $0).count }.max() ?? 1) + 2 }

    private var duration: Double { Double(max(1, flow.hops.count)) * SVGExport.secondsPerHop }

    func draw(into svg: inout SVGWriter) {
        svg.raw("<g class=\"flow\" data-kind=\"\(flow.kind.rawValue)\">")
        // The clock: an invisible element whose loop every hop's timing hangs off.
        svg.raw(
            "<rect x=\"0\" y=\"0\" width=\"0\" height=\"0\"><animate id=\"clock\" attributeName=\"x\" "
                + "from=\"0\" to=\"0\" begin=\"0s;clock.end\" dur=\"\(svgNumber(duration))s\"/></rect>")
        for (index, route) in routes.enumerated() {
            guard let route, route.count > 1, !flow.hops[index].isReply else { continue }
            svg.polyline(route, cssClass: "hop-route", arrow: false, dashed: false)
        }
        svg.box(Rect(x: 0, y: captionTop, width: max(4, width), height: captionRows), cssClass: "caption-box")
        for index in flow.hops.indices { drawHop(index, into: &svg) }
        svg.raw("</g>")
    }

    private func window(_ index: Int) -> String {
        "begin=\"clock.begin+\(svgNumber(Double(index) * SVGExport.secondsPerHop))s\" "
            + "dur=\"\(svgNumber(SVGExport.secondsPerHop))s\""
    }

    private func drawHop(_ index: Int, into svg: inout SVGWriter) {
        let visibleWhilePlaying = "<set attributeName=\"visibility\" to=\"visible\" \(window(index))/>"
        if let route = routes[index], route.count > 1 {
            let path = svg.pathData(route)
            svg.raw(
                "<path class=\"hop-active\" d=\"\(path)\" marker-end=\"url(#flow-arrow)\" visibility=\"hidden\">"
                    + visibleWhilePlaying + "</path>")
            svg.raw(
                "<circle class=\"packet\" r=\"5\" cx=\"0\" cy=\"0\" visibility=\"hidden\">" + visibleWhilePlaying
                    + "<animateMotion path=\"\(path)\" \(window(index)) fill=\"remove\" calcMode=\"paced\"/></circle>")
        }
        // The first caption is visible without animation (static renderers).
        let initial = index == 0 ? "visible" : "hidden"
        svg.raw("<g class=\"caption\" data-hop=\"\(index + 1)\" visibility=\"\(initial)\">")
        if index == 0 {
            svg.raw(
                "<set attributeName=\"visibility\" to=\"hidden\" "
                    + "begin=\"clock.begin+\(svgNumber(SVGExport.secondsPerHop))s\" "
                    + "end=\"clock.end\"/>")
        } else {
            svg.raw(visibleWhilePlaying)
        }
        for (row, line) in captionLines(of: index).enumerated() {
            svg.text(line.text, at: Point(x: 2, y: captionTop + 1 + row), cssClass: line.cssClass)
        }
        svg.raw("</g>")
    }

    /// The caption of a hop: where it goes, the packet, the sentence, why it stopped.
    func captionLines(of index: Int) -> [(text: String, cssClass: String)] {
        let hop = flow.hops[index]
        let textWidth = max(10, width - 4)
        var lines: [(String, String)] = []
        let direction = hop.isReply ? "reply" : "hop"
        lines.append(
            (
                "\(flow.title) · \(direction) \(index + 1) of \(flow.hops.count): \(hop.from) → \(hop.to)",
                "caption-title"
            ))
        lines.append(("packet: \(hop.packet)", "label"))
        for line in TextFit.wrap(hop.sentence, width: textWidth) { lines.append((line, "label")) }
        if let failure = hop.failure {
            for line in TextFit.wrap("✗ " + failure.reason, width: textWidth) {
                lines.append((line, "caption-failure"))
            }
        }
        return lines
    }
}
