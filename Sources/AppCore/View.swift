import CellCanvas
import ClusterModel
import DiagramScene
import FlowEngine

/// The screen for a state: the diagram seen through the scroll position, the
/// flow being played with its caption, the open overlay and the status bar.
///
/// Pure: the same state always gives the same cells.
public func view(_ state: AppState) -> Buffer {
    let size = state.size
    var buffer = Buffer(width: size.width, height: size.height)
    guard size.width > 0, size.height > 0 else { return buffer }
    let status = StatusBar.text(state)
    let isEmpty = state.cluster.nodes.isEmpty && state.cluster.pods.isEmpty && state.cluster.services.isEmpty
    // The first layout of a large input is still running: say so rather than show an empty plane.
    let awaitsFirstLayout = state.pendingScene != nil && state.scene.cluster.drawnObjectCount == 0
    if !isEmpty, size.width < Scene.reducedViewBelow.width || size.height < Scene.reducedViewBelow.height {
        // Too small for boxes: the scene's own summary (or "too small").
        buffer = state.scene.render(
            viewport: state.scroll, selection: state.selection, flowFrame: state.flowFrame, status: nil,
            size: state.sceneSize)
    } else {
        let diagram = state.diagramArea
        if isEmpty || awaitsFirstLayout {
            Painter.paint(&buffer, ascii: state.ascii) { EmptyScreen.draw(state, into: &$0, area: diagram) }
        } else {
            state.scene.draw(
                into: &buffer, area: diagram, viewport: state.scroll, selection: state.selection,
                flowFrame: state.flowFrame)
            if state.showsIsolation { IsolationOverlay.draw(state, diagram: diagram, into: &buffer) }
            if let step = state.tour?.step {
                for rect in TourPanel.highlightedRects(step, scene: state.scene) {
                    outline(rect, colour: .indexed(221), state: state, diagram: diagram, into: &buffer)
                }
            }
            for (selection, mark) in state.comparison?.marks ?? [] {
                guard let rect = state.scene.rect(of: selection) else { continue }
                outline(rect, colour: DiffComparison.colour(mark), state: state, diagram: diagram, into: &buffer)
            }
        }
        var row = diagram.maxY
        if let message = state.message {
            Painter.paint(&buffer, ascii: state.ascii) { painter in
                painter.fill(Rect(x: 0, y: row, width: size.width, height: 1), style: Palette.Chrome.panelTitle)
                painter.text(message, x: 1, y: row, style: Palette.Chrome.panelTitle)
            }
            row += 1
        }
        let tourRows = state.tour.map { TourPanel.height($0, size: size) } ?? 0
        if let frame = state.flowFrame {
            let height = max(0, size.height - 1 - row - tourRows)
            state.scene.drawCaption(frame, in: Rect(x: 0, y: row, width: size.width, height: height), into: &buffer)
        }
        if let tour = state.tour {
            Painter.paint(&buffer, ascii: state.ascii) { painter in
                TourPanel.draw(
                    tour, into: &painter,
                    area: Rect(x: 0, y: size.height - 1 - tourRows, width: size.width, height: tourRows))
            }
        }
    }
    Painter.paint(&buffer, ascii: state.ascii) { painter in
        if let overlay = state.overlay { Overlays.draw(overlay, state: state, into: &painter) }
        StatusBar.draw(status, into: &painter, y: size.height - 1)
    }
    return state.ascii ? Painter.asciified(buffer) : buffer
}

/// Outlines a diagram box in bold `colour`, clipped to the diagram's area on screen: what a tour step
/// talks about, what changed under `--diff`, an isolated pod (`p`).
///
/// Returns where the box is on screen.
@discardableResult
func outline(_ rect: Rect, colour: Color, state: AppState, diagram: Rect, into buffer: inout Buffer) -> Rect {
    let onScreen = rect.offsetBy(dx: diagram.x - state.scroll.x, dy: diagram.y - state.scroll.y)
    let edges = [
        Rect(x: onScreen.x, y: onScreen.y, width: onScreen.width, height: 1),
        Rect(x: onScreen.x, y: onScreen.maxY - 1, width: onScreen.width, height: 1),
        Rect(x: onScreen.x, y: onScreen.y, width: 1, height: onScreen.height),
        Rect(x: onScreen.maxX - 1, y: onScreen.y, width: 1, height: onScreen.height),
    ]
    for edge in edges {
        buffer.restyle(edge.intersection(diagram)) {
            $0.foreground = colour
            $0.attributes.insert(.bold)
        }
    }
    return onScreen
}

/// What the screen says before any table arrived.
enum EmptyScreen {
    static func draw(_ state: AppState, into painter: inout Painter, area: Rect) {
        let lines: [String]
        let cluster = state.cluster
        if state.pendingScene != nil, cluster.drawnObjectCount > 0 {
            lines = [
                "Laying out \(cluster.nodes.count) nodes, \(cluster.pods.count) pods and \(cluster.services.count) " +
                "services…",
                "Keys work meanwhile: q quits, ? shows the help.",
            ]
        } else {
            lines = waitingText(state)
        }
        let box = area.centred(width: min(area.width, 76), height: lines.count + 2)
        for (index, line) in lines.enumerated() {
            painter.text(line, x: box.x + 1, y: box.y + 1 + index, limit: box.maxX - 1)
        }
    }

    /// Before any picture: waiting, kubectl's error, or why nothing was found.
    static func waitingText(_ state: AppState) -> [String] {
        switch state.live {
        case .waiting, .reading:
            ["Waiting for input…", "kubehops shows nodes, pods and services as soon as a table is read."]
        case .polled(_, let error?):
            ["kubectl failed:"] + error.split(separator: "\n").prefix(6).flatMap { wrapped(String($0), width: 74) }
        case .polled(nil, nil): ["Running kubectl…"]
        case .failed(let message): ["Cannot read the input:", message]
        default:
            [
                "No nodes, pods or services were found in the input.",
                "Try: kubectl get nodes,pods,svc,endpoints -A -o wide | kubehops",
                state.cluster.diagnostics.isEmpty ? "" : "Press d to see why lines were not used.",
            ]
        }
    }

    /// A long line (kubectl's error) in lines of at most `width` columns, broken at spaces.
    static func wrapped(_ line: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
            while current.count > width {
                lines.append(String(current.prefix(width)))
                current = String(current.dropFirst(width))
            }
        }
        return lines + [current]
    }
}
