import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine

/// `kubehops export --format svg`: the diagram as one standalone SVG file
/// (no external fonts, scripts or images), and with a flow the packet
/// travelling hop by hop, animated with SMIL so that it plays in a browser or
/// on a slide with nothing else installed.
public enum SVGExport {
    /// Seconds each hop takes in the animation.
    public static let secondsPerHop = 2.0

    public static func document(scene: Scene, flow: Flow? = nil, title: String) -> String {
        let scale = PlaneScale()
        var svg = SVGWriter(scale: scale)
        let plane = scene.layout.size
        // The caption's height is known before anything is drawn, so the header is written first.
        let animation = flow.map { flow in
            SVGFlowAnimation(
                flow: flow, routes: scene.hopRoutes(of: flow), width: plane.width, captionTop: plane.height + 1)
        }
        let height = animation.map { plane.height + 1 + $0.captionRows } ?? plane.height
        let width = svgNumber(scale.x(max(1, plane.width)))
        let pixelHeight = svgNumber(scale.y(max(1, height)))
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.raw(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(width)\" height=\"\(pixelHeight)\" "
                + "viewBox=\"0 0 \(width) \(pixelHeight)\" role=\"img\">")
        svg.raw("<title>\(MarkupText.xml(title))</title>")
        svg.raw(SVGStyle.defs)
        svg.raw("<rect class=\"background\" x=\"0\" y=\"0\" width=\"100%\" height=\"100%\"/>")
        SVGDiagram(layout: scene.layout, showLegend: scene.options.showLegend).draw(into: &svg)
        animation?.draw(into: &svg)
        svg.raw("</svg>")
        return svg.text
    }
}

/// Colours (Okabe–Ito, as the terminal palette) and fonts, inline so the file
/// needs nothing else.
enum SVGStyle {
    static let defs = """
        <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
        orient="auto-start-reverse">\
        <path d="M0 0 L10 5 L0 10 z" fill="#999999"/></marker>
        <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" \
        orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#E69F00"/></marker>
        </defs>
        <style>
        text { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; \
        fill: #1a1a1a; white-space: pre; }
        .background { fill: #ffffff; }
        rect { fill: none; stroke-width: 1.2; }
        .node-box { stroke: #444444; }
        .actor-box { stroke: #B8A800; fill: #FFFBE0; }
        .panel-nodeport .panel-box { stroke: #CC79A7; }
        .panel-nodeport .panel-title { fill: #A0457A; font-weight: bold; }
        .panel-clusterip .panel-box { stroke: #56B4E9; }
        .panel-clusterip .panel-title { fill: #2A7FB0; font-weight: bold; }
        .legend-box { stroke: #999999; }
        .pod-box { stroke: #009E73; fill: #F2FBF8; }
        .health-notReady .pod-box { stroke: #B8A800; fill: #FFFCE5; }
        .health-pending .pod-box { stroke: #56B4E9; fill: #EEF7FD; }
        .health-failing .pod-box { stroke: #D55E00; fill: #FDF0E6; stroke-width: 2; }
        .health-succeeded .pod-box, .health-unknown .pod-box { stroke: #999999; fill: #F6F6F6; }
        .health-terminating .pod-box { stroke: #CC79A7; fill: #FBF1F7; }
        .pod-title { font-weight: bold; }
        .border-gap { fill: #ffffff; stroke: none; }
        .on-border { stroke: #ffffff; stroke-width: 4px; paint-order: stroke; }
        .node-title, .actor-title { font-weight: bold; }
        .not-ready { fill: #D55E00; font-weight: bold; }
        .muted, .namespace { fill: #777777; }
        .inferred { fill: #B35000; }
        .connector { fill: none; stroke: #999999; stroke-width: 1.2; }
        .hop-route { fill: none; stroke: #E69F00; stroke-opacity: 0.35; stroke-width: 2; }
        .hop-active { fill: none; stroke: #E69F00; stroke-width: 3.5; }
        .packet { fill: #E69F00; stroke: #8A5A00; stroke-width: 1; }
        .caption-box { fill: #FFF8EC; stroke: #E69F00; }
        .caption-title { font-weight: bold; }
        .caption-failure { fill: #D55E00; font-weight: bold; }
        </style>
        """
}
