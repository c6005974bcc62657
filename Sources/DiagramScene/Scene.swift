import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine

/// The diagram of one cluster, ready to draw any frame.
///
/// Build it once per cluster or option change (the layout is the expensive part and is kept); `render` then costs only
/// what the viewport shows, so the TUI can call it every frame.
public struct Scene: Sendable {
    public let cluster: Cluster
    public let options: SceneOptions
    public let layout: DiagramLayout
    /// The picture under a playing flow and its caption, made once per viewport, selection and hop.
    private let kept = SceneFrameCaches()

    /// Below this the screen says it is too small instead of drawing.
    public static let minimumSize = Size(width: 20, height: 5)
    /// Below this (but above the minimum) a text summary replaces the boxes.
    public static let reducedViewBelow = Size(width: 40, height: 12)
    static let captionHeight = 6

    public init(cluster: Cluster, options: SceneOptions = SceneOptions()) {
        self.cluster = cluster
        self.options = options
        layout = DiagramLayout(cluster: cluster, options: options.layout)
    }

    /// Where the diagram goes on a screen of `size`: everything above the
    /// caption (when a flow plays) and the status line (when there is one).
    public static func diagramArea(size: Size, hasFlow: Bool, hasStatus: Bool) -> Rect {
        let caption = hasFlow ? captionHeight : 0
        let status = hasStatus ? 1 : 0
        return Rect(x: 0, y: 0, width: size.width, height: size.height - caption - status)
    }

    /// Rows the caption of `frame` takes on a screen of `size`: as many as
    /// its text needs (at least `captionHeight`), but never more than a third
    /// of the screen, so the diagram stays the main thing.
    public func captionHeight(for frame: FlowFrame, size: Size) -> Int {
        let key = CaptionRowsKey(flow: frame.flow, hopIndex: frame.position.hopIndex, width: size.width)
        let wanted = kept.captionRows.value(for: key) {
            Caption.height(frame, width: size.width, glyphs: options.glyphs)
        }
        return min(max(Self.captionHeight, wanted), max(Self.captionHeight, size.height / 3))
    }

    /// The diagram's part of a screen of `size` while `flowFrame` plays.
    public func diagramArea(size: Size, flowFrame: FlowFrame?, hasStatus: Bool) -> Rect {
        let caption = flowFrame.map { captionHeight(for: $0, size: size) } ?? 0
        let status = hasStatus ? 1 : 0
        return Rect(x: 0, y: 0, width: size.width, height: size.height - caption - status)
    }

    /// One frame.
    ///
    /// `viewport` is the plane point shown at the top left of the diagram area; `status` is a one-line text for the
    /// bottom row.
    public func render(
        viewport: Point = .zero, selection: Selection? = nil, flowFrame: FlowFrame? = nil,
        status: String? = nil, size: Size
    ) -> Buffer {
        var buffer = Buffer(width: size.width, height: size.height)
        if size.width < Self.minimumSize.width || size.height < Self.minimumSize.height {
            TinyScreen.drawTooSmall(into: &buffer)
            return buffer
        }
        if size.width < Self.reducedViewBelow.width || size.height < Self.reducedViewBelow.height {
            TinyScreen.drawSummary(of: self, flowFrame: flowFrame, into: &buffer)
            return buffer
        }
        let area = diagramArea(size: size, flowFrame: flowFrame, hasStatus: status != nil)
        draw(into: &buffer, area: area, viewport: viewport, selection: selection, flowFrame: flowFrame)
        if let flowFrame {
            let caption = Rect(x: 0, y: area.maxY, width: size.width, height: captionHeight(for: flowFrame, size: size))
            drawCaption(flowFrame, in: caption, into: &buffer)
        }
        if let status {
            buffer.drawText(
                status, in: Rect(x: 0, y: size.height - 1, width: size.width, height: 1),
                style: options.palette.muted, ellipsis: options.glyphs == .ascii ? "~" : "…")
        }
        return buffer
    }

    /// Draws only the diagram (no caption, no status) into `area` of a buffer
    /// the caller composes: the plane point `viewport` lands at the area's top left.
    public func draw(
        into buffer: inout Buffer, area: Rect, viewport: Point, selection: Selection? = nil, flowFrame: FlowFrame? = nil
    ) {
        let clip = area.intersection(buffer.bounds)
        guard !clip.isEmpty else { return }
        let offset = Point(x: area.x - viewport.x, y: area.y - viewport.y)
        guard let flowFrame else { return drawBase(into: &buffer, clip: clip, offset: offset, selection: selection) }
        // While a flow plays only the packet and its hops change: the picture under them is painted once.
        let base = kept.base.value(for: DiagramBaseKey(clip: clip, offset: offset, selection: selection)) {
            var blank = Buffer(width: buffer.width, height: buffer.height)
            drawBase(into: &blank, clip: clip, offset: offset, selection: selection)
            return blank.cropped(to: clip)
        }
        buffer.paste(base, at: Point(x: clip.x, y: clip.y))
        paint(&buffer, clip: clip, offset: offset) { painter in
            var overlay = FlowOverlay(placeMap: PlaceMap(layout: layout, cluster: cluster), frame: flowFrame)
            overlay.draw(painter: &painter)
        }
    }

    /// The diagram without a flow: the area cleared, the layout and the selection painted.
    private func drawBase(into buffer: inout Buffer, clip: Rect, offset: Point, selection: Selection?) {
        buffer.fill(clip)
        paint(&buffer, clip: clip, offset: offset) { painter in
            painter.drawLayout(layout, showLegend: options.showLegend)
            if let selection { drawSelection(selection, painter: &painter) }
        }
    }

    /// Paints on `buffer` in place (moved into the painter and back: a painter holding a copy copied the
    /// whole screen on its first stroke).
    private func paint(
        _ buffer: inout Buffer, clip: Rect, offset: Point, _ strokes: (inout DiagramPainter) -> Void
    ) {
        var painter = DiagramPainter(
            buffer: Buffer(width: 0, height: 0), offset: offset, clip: clip, palette: options.palette,
            glyphs: options.glyphs)
        swap(&painter.buffer, &buffer)
        strokes(&painter)
        swap(&painter.buffer, &buffer)
    }

    /// The caption panel of a flow frame (current hop's addresses, who
    /// rewrote them, the sentence), `captionHeight` rows fit it best.
    public func drawCaption(_ frame: FlowFrame, in rect: Rect, into buffer: inout Buffer) {
        // A caption too short to draw leaves the buffer as it was.
        guard rect.height >= 3 else { return }
        let panel = rect.intersection(buffer.bounds)
        let key = CaptionKey(flow: frame.flow, hopIndex: frame.position.hopIndex, rect: rect)
        let cells = kept.caption.value(for: key) {
            var blank = Buffer(width: buffer.width, height: buffer.height)
            let hop = frame.flow.hops[checked: frame.position.hopIndex]
            Caption.draw(frame, hop: hop, in: rect, palette: options.palette, glyphs: options.glyphs, into: &blank)
            return blank.cropped(to: panel)
        }
        buffer.paste(cells, at: Point(x: panel.x, y: panel.y))
    }

    /// The plane rect of a selectable thing, for scrolling to it.
    public func rect(of selection: Selection) -> Rect? {
        switch selection {
        case .node(let name): return layout.node(named: name)?.rect
        case .pod(let key): return layout.podBox(key)?.rect
        case .actor(let kind): return layout.actor(kind)?.rect
        case .service(let key):
            return serviceLine(key)?.rect
        }
    }

    /// The panel line that stands for a service: in its first node's ClusterIP
    /// panel, or in the panel of services without a node box.
    func serviceLine(_ key: ObjectKey) -> PanelLine? {
        let panels = [layout.firstNode(listingService: key)?.clusterIPPanel, layout.unplacedServices]
        for panel in panels.compactMap({ $0 }) {
            if let line = panel.lines.first(where: { $0.service == key }) { return line }
        }
        return nil
    }

    /// The plane rects a flow's current hop joins (both ends), for scrolling.
    public func rect(ofHopIn frame: FlowFrame) -> Rect? {
        let ends = PlaceMap(layout: layout, cluster: cluster).ends(of: frame.flow.hops, at: frame.position.hopIndex)
        switch (ends.from, ends.to) {
        case let (a?, b?): return a.union(b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return nil
        }
    }

    /// Where the packet glyph of `frame` is drawn on the plane, if anywhere.
    public func packetPosition(in frame: FlowFrame) -> Point? {
        FlowOverlay(placeMap: PlaceMap(layout: layout, cluster: cluster), frame: frame).packetPosition()?.0
    }

    /// The scroll for a flow frame: both ends of the current hop in view
    /// when they fit, and the packet in view always (routes between nodes
    /// can be longer than the screen).
    public func viewport(
        following frame: FlowFrame, size: Size, from current: Point = .zero, hasStatus: Bool = false
    ) -> Point {
        let area = diagramArea(size: size, flowFrame: frame, hasStatus: hasStatus)
        var viewport = rect(ofHopIn: frame).map { self.viewport(showing: $0, in: area.size, from: current) } ?? current
        if let packet = packetPosition(in: frame),
            !Rect(origin: viewport, size: area.size).contains(packet)
        {
            let around = Rect(x: packet.x - 10, y: packet.y - 3, width: 21, height: 7)
            viewport = self.viewport(showing: around, in: area.size, from: viewport)
        }
        return viewport
    }

    /// The smallest scroll from `current` that shows `target` in an area of
    /// `size` (its top left first when it is bigger than the area), kept
    /// inside the plane.
    public func viewport(showing target: Rect, in size: Size, from current: Point = .zero) -> Point {
        var x = current.x
        var y = current.y
        if target.maxX > x + size.width { x = target.maxX - size.width }
        if target.x < x { x = target.x }
        if target.maxY > y + size.height { y = target.maxY - size.height }
        if target.y < y { y = target.y }
        x = max(0, min(x, max(0, layout.size.width - size.width)))
        y = max(0, min(y, max(0, layout.size.height - size.height)))
        return Point(x: x, y: y)
    }

    /// Boxes get a heavy outline; a service, one line of a panel, is shown in reverse video.
    private func drawSelection(_ selection: Selection, painter: inout DiagramPainter) {
        guard let rect = rect(of: selection) else { return }
        if case .service = selection {
            let style = options.palette.selection
            painter.buffer.restyle(painter.screen(rect).intersection(painter.clip)) {
                $0.attributes.formUnion(style.attributes.union(.reverse))
                if style.foreground != .default { $0.foreground = style.foreground }
            }
        } else {
            painter.outline(rect, style: options.palette.selection)
        }
    }
}

/// The old single-call entry point: a whole frame of the diagram at the top left.
public enum DiagramScene {
    public static func render(cluster: Cluster, width: Int, height: Int) -> Buffer {
        var options = SceneOptions()
        options.layout.width = width
        return Scene(cluster: cluster, options: options).render(size: Size(width: width, height: height))
    }
}
