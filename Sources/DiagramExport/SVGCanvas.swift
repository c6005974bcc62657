import CellCanvas

/// Cell-plane coordinates → SVG user units.
///
/// The layout places everything on a grid of terminal cells; an export keeps that grid (so the picture is the one the
/// terminal shows) and draws it with real lines and text.
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

/// An SVG document built element by element, one per line, straight into its UTF-8 bytes (not a String
/// per element joined at the end: a big cluster has an element per pod, panel line and title); every
/// text and attribute value passes through `MarkupText.xml`.
struct SVGWriter {
    /// The lines written so far, each ended by a newline.
    private(set) var bytes: [UInt8] = []
    let scale: PlaneScale

    init(scale: PlaneScale) { self.scale = scale }

    /// The document as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ line: String) {
        put(line)
        endLine()
    }

    private mutating func put(_ piece: String) { bytes.append(contentsOf: piece.utf8) }
    private mutating func endLine() { bytes.append(0x0A) }

    /// `svgNumber(value)`, written without making a String.
    private mutating func put(number value: Double) {
        let hundredths = (value * 100).rounded()
        let whole = Int(hundredths) / 100
        let fraction = abs(Int(hundredths) % 100)
        if fraction != 0, hundredths < 0, whole == 0 { bytes.append(UInt8(ascii: "-")) }
        if whole < 0 { bytes.append(UInt8(ascii: "-")) }
        put(digitsOf: whole.magnitude)
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }

    private mutating func put(digitsOf value: UInt) {
        if value >= 10 { put(digitsOf: value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// ` name="number"`.
    private mutating func put(_ name: String, _ value: Double) {
        put(name)
        put(number: value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A gap in a box's top border under `cells` cells from `point`: a strip of the background
    /// just over the line (through the cells' centres), so a title there cuts the line as the
    /// terminal's `┌─ title ─┐` does without covering the box's inside.
    mutating func borderGap(at point: Point, cells: Int) {
        guard cells > 0 else { return }
        let lineY = scale.center(point).y
        put("<rect class=\"border-gap\"")
        put(" x=\"", scale.x(point.x))
        put(" y=\"", lineY - 2)
        put(" width=\"", scale.x(cells))
        put(" height=\"4\"/>")
        endLine()
    }

    /// Text made to fill exactly `cells` cells (SVG `textLength`), so it ends where the terminal's would.
    mutating func text(_ text: String, at point: Point, cells: Int, cssClass: String) {
        guard !text.isEmpty, cells > 0 else { return }
        put("<text class=\"")
        put(cssClass)
        put("\" x=\"", scale.x(point.x))
        put(" y=\"", scale.baseline(point.y))
        put(" textLength=\"", scale.x(cells))
        put(" lengthAdjust=\"spacing\">")
        put(MarkupText.xml(text))
        put("</text>")
        endLine()
    }

    /// A box with its border through the centres of its edge cells, as the
    /// terminal draws `┌─┐`.
    mutating func box(
        _ rect: Rect, cssClass: String, rounded: Bool = false, dashed: Bool = false, tooltip: String? = nil
    ) {
        guard rect.width > 0, rect.height > 0 else { return }
        put("<rect class=\"")
        put(cssClass)
        put("\" x=\"", scale.x(rect.x) + scale.cellWidth / 2)
        put(" y=\"", scale.y(rect.y) + scale.cellHeight / 2)
        put(" width=\"", max(0, Double(rect.width - 1) * scale.cellWidth))
        put(" height=\"", max(0, Double(rect.height - 1) * scale.cellHeight))
        if rounded { put(" rx=\"5\"") }
        if dashed { put(" stroke-dasharray=\"5 3\"") }
        if let tooltip {
            put("><title>")
            put(MarkupText.xml(tooltip))
            put("</title></rect>")
        } else {
            put("/>")
        }
        endLine()
    }

    /// Text starting at a cell, on that cell row.
    mutating func text(_ text: String, at point: Point, cssClass: String) {
        guard !text.isEmpty else { return }
        put("<text class=\"")
        put(cssClass)
        put("\" x=\"", scale.x(point.x))
        put(" y=\"", scale.baseline(point.y))
        put(">")
        put(MarkupText.xml(text))
        put("</text>")
        endLine()
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
        put("<path ")
        if let id { put("id=\"\(id)\" ") }
        put("class=\"")
        put(cssClass)
        put("\" d=\"")
        for (index, point) in points.enumerated() {
            let center = scale.center(point)
            put(index == 0 ? "M" : " L")
            put(number: center.x)
            bytes.append(UInt8(ascii: " "))
            put(number: center.y)
        }
        bytes.append(UInt8(ascii: "\""))
        if arrow { put(" marker-end=\"url(#arrow)\"") }
        if dashed { put(" stroke-dasharray=\"6 4\"") }
        put("/>")
        endLine()
    }
}
