import CellCanvas

/// Cell-plane coordinates → SVG user units. The layout places everything on
/// a grid of terminal cells; an export keeps that grid (so the picture is the
/// one the terminal shows) and draws it with real lines and text.
struct PlaneScale: Sendable {
    var cellWidth: Double = 8.4
    var cellHeight: Double = 18

    func x(_ cell: Int) -> Double { Double(cell) * cellWidth }
    func y(_ cell: Int) -> Double { Double(cell) * cellHeight }
    /// The centre of a cell: where box borders and connector lines run.
    func center(_ point: Point) -> (x: Double, y: Double) {
        (Double(point.x) * cellWidth + cellWidth / 2, Double(point.y) * cellHeight + cellHeight / 2)
    }
    /// A text baseline inside cell row `row`.
    func baseline(_ row: Int) -> Double { Double(row) * cellHeight + cellHeight * 0.72 }
}

/// Numbers in SVG attributes: at most two decimals, no trailing zeros, so that
/// the output is small and the same on every machine.
func svgNumber(_ value: Double) -> String {
    let hundredths = (value * 100).rounded()
    let whole = Int(hundredths) / 100
    let fraction = abs(Int(hundredths) % 100)
    if fraction == 0 { return String(whole) }
    let sign = hundredths < 0 && whole == 0 ? "-" : ""
    let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
    return "\(sign)\(whole).\(digits)"
}

/// An SVG document built element by element; every text and attribute value
/// passes through `MarkupText.xml`.
struct SVGWriter {
    private(set) var body: [String] = []
    let scale: PlaneScale

    init(scale: PlaneScale) { self.scale = scale }

    mutating func raw(_ line: String) { body.append(line) }

    /// A gap in a box's top border under `cells` cells from `point`: a strip of the background
    /// just over the line (through the cells' centres), so a title there cuts the line as the
    /// terminal's `┌─ title ─┐` does without covering the box's inside.
    mutating func borderGap(at point: Point, cells: Int) {
        guard cells > 0 else { return }
        let lineY = scale.center(point).y
        body.append(
            "<rect class=\"border-gap\" x=\"\(svgNumber(scale.x(point.x)))\" y=\"\(svgNumber(lineY - 2))\" "
                + "width=\"\(svgNumber(scale.x(cells)))\" height=\"4\"/>")
    }

    /// Text made to fill exactly `cells` cells (SVG `textLength`), so it ends where the terminal's would.
    mutating func text(_ text: String, at point: Point, cells: Int, cssClass: String) {
        guard !text.isEmpty, cells > 0 else { return }
        body.append(
            "<text class=\"\(cssClass)\" x=\"\(svgNumber(scale.x(point.x)))\" "
                + "y=\"\(svgNumber(scale.baseline(point.y)))\" textLength=\"\(svgNumber(scale.x(cells)))\" "
                + "lengthAdjust=\"spacing\">" + MarkupText.xml(text) + "</text>")
    }

    /// A box with its border through the centres of its edge cells, as the
    /// terminal draws `┌─┐`.
    mutating func box(
        _ rect: Rect, cssClass: String, rounded: Bool = false, dashed: Bool = false, tooltip: String? = nil
    ) {
        guard rect.width > 0, rect.height > 0 else { return }
        let x = scale.x(rect.x) + scale.cellWidth / 2
        let y = scale.y(rect.y) + scale.cellHeight / 2
        let width = max(0, Double(rect.width - 1) * scale.cellWidth)
        let height = max(0, Double(rect.height - 1) * scale.cellHeight)
        var attributes =
            "x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\""
        if rounded { attributes += " rx=\"5\"" }
        if dashed { attributes += " stroke-dasharray=\"5 3\"" }
        if let tooltip {
            body.append("<rect class=\"\(cssClass)\" \(attributes)><title>\(MarkupText.xml(tooltip))</title></rect>")
        } else {
            body.append("<rect class=\"\(cssClass)\" \(attributes)/>")
        }
    }

    /// Text starting at a cell, on that cell row.
    mutating func text(_ text: String, at point: Point, cssClass: String) {
        guard !text.isEmpty else { return }
        body.append(
            "<text class=\"\(cssClass)\" x=\"\(svgNumber(scale.x(point.x)))\" "
                + "y=\"\(svgNumber(scale.baseline(point.y)))\">"
                + MarkupText.xml(text) + "</text>")
    }

    /// The SVG path data of a cell route (through cell centres).
    func pathData(_ points: [Point]) -> String {
        var parts: [String] = []
        for (index, point) in points.enumerated() {
            let c = scale.center(point)
            parts.append("\(index == 0 ? "M" : "L")\(svgNumber(c.x)) \(svgNumber(c.y))")
        }
        return parts.joined(separator: " ")
    }

    mutating func polyline(_ points: [Point], cssClass: String, arrow: Bool, dashed: Bool, id: String? = nil) {
        guard points.count > 1 else { return }
        var attributes = "class=\"\(cssClass)\" d=\"\(pathData(points))\""
        if let id { attributes = "id=\"\(id)\" " + attributes }
        if arrow { attributes += " marker-end=\"url(#arrow)\"" }
        if dashed { attributes += " stroke-dasharray=\"6 4\"" }
        body.append("<path \(attributes)/>")
    }
}
