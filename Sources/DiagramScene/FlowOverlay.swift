import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine
import TerminalText

/// Draws a flow over the diagram: hops already travelled dimmed, the current
/// hop bold with the packet glyph at its progress, the hops still to come
/// faint; the boxes at both ends of the current hop outlined heavy.
struct FlowOverlay {
    let placeMap: PlaceMap
    let frame: FlowFrame

    mutating func draw(painter: inout DiagramPainter) {
        let hops = frame.flow.hops
        let current = min(max(0, frame.position.hopIndex), max(0, hops.count - 1))
        var currentRoute: [Point] = []
        var currentEnds: (from: Rect?, to: Rect?) = (nil, nil)
        for index in hops.indices {
            // Replies run back over the request's route: draw them only while they play.
            if index != current, hops[index].isReply { continue }
            if index > current, !painter.palette.showsFutureRoute { continue }
            let ends = placeMap.ends(of: hops, at: index)
            guard let from = ends.from, let to = ends.to else { continue }
            let route = self.route(hops, index, from: from, to: to)
            let style: Style
            // A flow that ended on a failure keeps that hop drawn, with the ✗ where the packet died.
            let endedHere = index == current && hops[index].failure != nil
            if index < current || (frame.position.isFinished && !endedHere) {
                style = painter.palette.routePast
            } else if index > current {
                style = painter.palette.routeFuture
            } else {
                currentRoute = route
                currentEnds = ends
                continue
            }
            painter.connector(route, dashed: isGuess(hops[index]), style: style)
        }
        // The current hop last, so that it wins where routes overlap; a hop that fails is drawn in the
        // failure colour, its packet stopping where it dies as ✗.
        let failing = hops[checked: current]?.failure != nil
        let accent = failing ? painter.palette.failure : painter.palette.accent
        if let from = currentEnds.from { painter.outline(from, style: accent) }
        if let to = currentEnds.to { painter.outline(to, style: accent) }
        if !currentRoute.isEmpty, let hop = hops[checked: current] {
            painter.connector(currentRoute, weight: .heavy, dashed: isGuess(hop), style: accent)
            if let (point, stopped) = packetPosition() {
                let ascii = painter.glyphs == .ascii
                let glyph: Character = stopped ? (ascii ? "x" : "✗") : (ascii ? "@" : "●")
                painter.put(glyph, at: point, style: accent)
            }
        }
    }

    /// The packet's cell on the current hop's route, and whether it has stopped there because the hop
    /// fails: a packet dropped by its own pod's egress policy never leaves it, any other failure
    /// happens where the hop arrives.
    func packetPosition() -> (Point, stopped: Bool)? {
        let hops = frame.flow.hops
        let current = min(max(0, frame.position.hopIndex), max(0, hops.count - 1))
        let ends = placeMap.ends(of: hops, at: current)
        guard let from = ends.from, let to = ends.to, let hop = hops[checked: current] else { return nil }
        let cells = Buffer.cells(along: route(hops, current, from: from, to: to))
        var progress = frame.position.isFinished ? 1 : min(1, max(0, frame.position.progress))
        var stopped = false
        if hop.failure != nil {
            let deniedOnLeaving = hop.policy.contains { $0.direction == .egress && $0.verdict == .denied }
            let stop = deniedOnLeaving ? 0 : 1.0
            if progress >= stop { progress = stop; stopped = true }
        }
        guard let point = cells[checked: Int((progress * Double(max(0, cells.count - 1))).rounded())] else {
            return nil
        }
        return (point, stopped)
    }

    /// The overlay is not a box: a hop into it draws the first half of the
    /// gutter route to the pod on the other node, the hop out of it the second.
    func route(_ hops: [Hop], _ index: Int, from: Rect, to: Rect) -> [Point] {
        let layout = placeMap.layout
        guard let hop = hops[checked: index] else { return [] }
        if case .overlay = hop.to, let far = placeMap.ends(of: hops, at: index + 1).to {
            let full = Router.route(from: from, to: far, layout: layout)
            if full.count == 6 { return Array(full.prefix(4)) }
        }
        if case .overlay = hop.from, index > 0, let near = placeMap.ends(of: hops, at: index - 1).from {
            let full = Router.route(from: near, to: to, layout: layout)
            if full.count == 6 { return Array(full.suffix(3)) }
        }
        return Router.route(from: from, to: to, layout: layout)
    }

    /// A hop into a pod chosen by a guessed service link is drawn dashed.
    func isGuess(_ hop: Hop) -> Bool {
        guard case .pod(let pod) = hop.to else { return false }
        let service: ObjectKey?
        switch hop.from {
        case .clusterIP(let key): service = key
        default: service = nil
        }
        guard let service else { return false }
        return placeMap.cluster.backing(of: service).contains { $0.pod == pod && !$0.evidence.isCertain }
    }
}

/// The panel under the diagram that says what the packet looks like now.
enum Caption {
    static func draw(
        _ frame: FlowFrame, hop: Hop?, in rect: Rect, palette: Palette, glyphs: GlyphSet, into buffer: inout Buffer
    ) {
        guard rect.height >= 3 else { return }
        buffer.fill(rect)
        buffer.drawBox(
            rect, kind: .light, style: palette.accent, glyphs: glyphs, title: title(frame, hop: hop, glyphs: glyphs),
            titleStyle: palette.accent)
        let inner = rect.insetBy(dx: 2, dy: 1)
        for (index, line) in lines(hop, width: inner.width, palette: palette, glyphs: glyphs).prefix(inner.height)
            .enumerated()
        {
            buffer.drawText(
                line.0, in: Rect(x: inner.x, y: inner.y + index, width: inner.width, height: 1), style: line.1,
                ellipsis: glyphs == .ascii ? "~" : "…")
        }
    }

    /// Rows the caption wants at `width`: its lines plus the frame.
    static func height(_ frame: FlowFrame, width: Int, glyphs: GlyphSet) -> Int {
        let hop = frame.flow.hops[checked: frame.position.hopIndex]
        return lines(hop, width: max(1, width - 4), palette: .monochrome, glyphs: glyphs).count + 2
    }

    static func title(_ frame: FlowFrame, hop: Hop?, glyphs: GlyphSet) -> String {
        let hops = frame.flow.hops
        let number = min(frame.position.hopIndex + 1, hops.count)
        let arrow = glyphs == .ascii ? "->" : "→"
        // The hop first: when the width runs out, the flow's title gives way.
        var title = "hop \(number)/\(hops.count)"
        if let hop {
            title += ": \(CaptionName.of(hop.from)) \(arrow) \(CaptionName.of(hop.to))\(hop.isReply ? " (reply)" : "")"
        }
        return title + " \(glyphs == .ascii ? "-" : "·") \(frame.flow.title)"
    }

    static func lines(_ hop: Hop?, width: Int, palette: Palette, glyphs: GlyphSet) -> [(String, Style)] {
        guard let hop else { return [("this flow has no hops", palette.muted)] }
        let arrow = glyphs == .ascii ? "->" : "→"
        let packet = "src \(hop.packet.source) \(arrow) dst \(hop.packet.destination) (\(hop.packet.protocol))"
        var lines: [(String, Style)] = [
            (packet + (hop.isIllustrative ? " (example addresses)" : ""), palette.nodeTitle)
        ]
        if let outer = hop.encapsulation {
            lines.append(
                (
                    "outer header: src \(outer.source) \(arrow) dst \(outer.destination) (\(outer.protocol))",
                    palette.muted
                ))
        }
        if hop.rewrite != .none {
            let who = hop.rewrittenBy.map { " by \($0)" } ?? ""
            lines.append(("rewritten\(who): \(hop.rewrite.explanation)", palette.accent))
        } else if let who = hop.rewrittenBy {
            lines.append(("handled by \(who), addresses unchanged", palette.accent))
        }
        if let failure = hop.failure {
            for line in TextFit.wrap(
                ShownText.safe((glyphs == .ascii ? "x " : "✗ ") + failure.reason), width: max(1, width))
            {
                lines.append((line, palette.failure))
            }
        }
        for line in TextFit.wrap(ShownText.safe(hop.sentence), width: max(1, width)) {
            lines.append((line, palette.caption))
        }
        return lines + policyLines(hop, width: width, palette: palette)
    }

    /// The NetworkPolicy verdicts judged on the hop; a denial is already the failure line above.
    static func policyLines(_ hop: Hop, width: Int, palette: Palette) -> [(String, Style)] {
        hop.policy.filter { !($0.verdict == .denied && hop.failure != nil) }.flatMap { verdict in
            TextFit.wrap(ShownText.safe(verdict.caption), width: max(1, width)).map {
                ($0, verdict.verdict == .allowed ? palette.accent : palette.muted)
            }
        }
    }
}

/// Places named for a caption title or a tiny screen: the short form, each object name shortened in the
/// middle so a title keeps both ends of a hop, and made safe to show.
enum CaptionName {
    static func of(_ place: Place) -> String {
        place.name(.short) { NodeBoxBuilderNames.shorten(ShownText.safe($0), toWidth: 24) }
    }
}
