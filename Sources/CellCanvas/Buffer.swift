/// A rectangle of cells: everything that is drawn is drawn here first, so that
/// drawing is testable as text and the terminal backend only copies cells.
public struct Buffer: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Out-of-range reads give a blank cell and writes are ignored: drawing
    /// code may overshoot at small sizes without crashing.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }
}

extension Buffer {
    /// The cells of `rect` (clipped to the buffer) as a buffer of their own, to be pasted back later.
    public func cropped(to rect: Rect) -> Buffer {
        let area = rect.intersection(bounds)
        var piece = Buffer(width: area.width, height: area.height)
        for row in 0..<area.height {
            let start = (area.y + row) * width + area.x
            let target = row * area.width
            piece.cells.replaceSubrange(target..<target + area.width, with: cells[start..<start + area.width])
        }
        return piece
    }

    /// Writes `piece` with its top-left cell at `origin`; what falls outside the buffer is dropped.
    public mutating func paste(_ piece: Buffer, at origin: Point) {
        let area = Rect(x: origin.x, y: origin.y, width: piece.width, height: piece.height).intersection(bounds)
        guard !area.isEmpty else { return }
        let (dx, dy, width) = (area.x - origin.x, area.y - origin.y, width)
        // Cell by cell through the storage: replaceSubrange copied each cell through its generic witness.
        piece.cells.withUnsafeBufferPointer { source in
            cells.withUnsafeMutableBufferPointer { target in
                for row in 0..<area.height {
                    let from = (dy + row) * piece.width + dx, to = (area.y + row) * width + area.x
                    for column in 0..<area.width { target[to + column] = source[from + column] }
                }
            }
        }
    }
}
