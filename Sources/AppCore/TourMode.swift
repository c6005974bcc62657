import CellCanvas
import ClusterModel
import DiagramScene
import FlowEngine

/// The guided tour in progress: the flow engine's nine steps for this
/// cluster, and which one is shown.
///
/// One step per key; a step about a flow plays it hop by hop.
public struct TourProgress: Sendable {
    public var steps: [TourStep]
    public var index: Int

    public init(steps: [TourStep], index: Int = 0) {
        self.steps = steps; self.index = index
    }

    public var step: TourStep? { steps.indices.contains(index) ? steps[index] : nil }
}

/// Drawing and keys of the tour, kept apart from the free-exploring keys.
enum TourPanel {
    static let maxHeight = 12

    /// The caption lines of a step, wrapped to `width`.
    static func lines(_ progress: TourProgress, width: Int) -> [String] {
        guard let step = progress.step else { return [] }
        var paragraphs = step.caption
        if !step.isAvailable, let suggestion = step.suggestion {
            paragraphs.append("Not in this input. To see it, run: \(suggestion)")
        }
        var lines = paragraphs.flatMap { TextFit.wrap($0, width: max(10, width)) }
        if !step.table.isEmpty { lines += table(step.table) }
        return lines
    }

    /// Columns padded to their widest cell.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { $0.indices.contains(column) ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                cell
                    + String(
                        repeating: " ",
                        count: max(0, (widths.indices.contains(column) ? widths[column] : 0) - DisplayWidth.of(cell)))
            }.joined(separator: "  ")
        }
    }

    /// Rows the panel takes on a screen of `size` (a third of it at most).
    static func height(_ progress: TourProgress, size: Size) -> Int {
        let wanted = lines(progress, width: size.width - 4).count + 2
        return max(3, min(wanted, maxHeight, size.height / 3))
    }

    static func title(_ progress: TourProgress) -> String {
        guard let step = progress.step else { return "Tour" }
        return "Tour \(step.number)/\(progress.steps.count): \(step.title)"
    }

    static func draw(_ progress: TourProgress, into painter: inout Painter, area: Rect) {
        guard area.height >= 2 else { return }
        painter.panel(area, title: title(progress), style: Palette.Chrome.panelTitle)
        painter.fill(area.insetBy(dx: 1, dy: 1), style: Palette.Chrome.panel)
        let keys = " Space/→ next · ← back · q leaves "
        painter.text(
            keys, x: max(area.x + 2, area.maxX - keys.count - 2), y: area.maxY - 1, style: Palette.Chrome.panelTitle,
            limit: area.maxX - 1)
        for (index, line) in lines(progress, width: area.width - 4).prefix(max(0, area.height - 2)).enumerated() {
            painter.text(line, x: area.x + 2, y: area.y + 1 + index, style: Palette.Chrome.panel, limit: area.maxX - 2)
        }
    }

    /// The plane rects a step points at: its nodes, pods, services and outside places.
    static func highlightedRects(_ step: TourStep, scene: Scene) -> [Rect] {
        let highlight = step.highlight
        var rects: [Rect] = []
        rects += highlight.nodes.compactMap { scene.rect(of: Selection.node($0)) }
        rects += highlight.pods.compactMap { scene.rect(of: Selection.pod($0)) }
        rects += highlight.services.compactMap { scene.rect(of: Selection.service($0)) }
        rects += highlight.places.compactMap { scene.rect(of: $0) }
        if !highlight.ingresses.isEmpty, let ingress = scene.rect(of: Selection.actor(.ingress)) {
            rects.append(ingress)
        }
        return rects
    }
}

extension AppState {
    /// `t`, or `kubehops tour`: the tour on the cluster as it is now.
    mutating func startTour() {
        let steps = Tour.steps(for: cluster)
        guard !steps.isEmpty else { message = "The tour has no steps for this input."; return }
        overlay = nil
        tour = TourProgress(steps: steps)
        enterTourStep()
    }

    mutating func handleTour(_ key: Key) -> [Effect] {
        guard var progress = tour else { return [] }
        switch key {
        case .character(" "), .right, .enter, .character("l"), .pageDown:
            guard progress.index + 1 < progress.steps.count else {
                message = "That was the last step: ← goes back, q leaves the tour."
                return []
            }
            progress.index += 1
        case .left, .backspace, .character("h"), .pageUp:
            guard progress.index > 0 else { return [] }
            progress.index -= 1
        case .character("q"), .escape, .character("t"):
            // Into the diagram, as in the view after `t`: a second q quits.
            tour = nil
            playback = nil
            clampScroll()
            message = "Left the tour: t starts it again, q quits."
            return []
        case .character("."), .character(","), .character("+"), .character("-"):
            // Flow steps: the same stepping keys as a played flow.
            switch key {
            case .character("."): playback?.stepForward()
            case .character(","): playback?.stepBack()
            case .character("+"): playback?.changeSpeed(faster: true)
            default: playback?.changeSpeed(faster: false)
            }
            followPacket()
            return []
        case .up, .character("k"): pan(dx: 0, dy: -2); return []
        case .down, .character("j"): pan(dx: 0, dy: 2); return []
        default:
            return []
        }
        message = nil
        tour = progress
        enterTourStep()
        return []
    }

    /// Shows the current step: its flow starts playing, its objects come into view.
    mutating func enterTourStep() {
        guard let step = tour?.step else { return }
        playback = nil
        clampScroll()
        if let flow = step.flow, !flow.hops.isEmpty {
            var playback = FlowPlayback(
                choice: FlowChoice(kind: flow.kind, target: nil, label: flow.title), flow: flow, request: 0)
            playback.lastTime = time
            self.playback = playback
            clampScroll()
            followPacket()
        } else if let first = TourPanel.highlightedRects(step, scene: scene).first {
            scrollToShow(first)
        }
    }
}

extension AppState {
    /// The state with the tour started, for `kubehops tour` (q leaves it into the diagram).
    public func startingTour() -> AppState {
        var state = self
        state.startTour()
        return state
    }
}
