import CellCanvas
import ClusterModel
import FlowEngine

/// The screen for a state: the diagram seen through the scroll position, the
/// flow being played, the open overlay and the status bar. Pure: the same
/// state always gives the same cells.
public func view(_ state: AppState) -> Buffer {
    let size = state.size
    var painter = Painter(buffer: Buffer(width: size.width, height: size.height), ascii: state.ascii)
    guard size.width > 0, size.height > 0 else { return painter.buffer }

    let diagram = state.diagramArea
    if state.cluster.nodes.isEmpty, state.cluster.pods.isEmpty, state.cluster.services.isEmpty {
        EmptyScreen.draw(state, into: &painter, area: diagram)
    } else {
        state.scene.draw(into: &painter, viewport: state.scroll, area: diagram)
        highlightSelection(state, &painter, diagram)
        if let playback = state.playback { FlowCaption.drawPacket(playback, scene: state.scene, scroll: state.scroll, into: &painter, area: diagram) }
    }
    var row = diagram.maxY
    if let playback = state.playback {
        FlowCaption.draw(playback, into: &painter, area: Area(x: 0, y: row, width: size.width, height: FlowCaption.height))
        row += FlowCaption.height
    }
    if let message = state.message {
        painter.fill(Area(x: 0, y: row, width: size.width, height: 1), style: Palette.panelTitle)
        painter.text(message, x: 1, y: row, style: Palette.panelTitle)
    }
    if let overlay = state.overlay { Overlays.draw(overlay, state: state, into: &painter) }
    StatusBar.draw(state, into: &painter, y: size.height - 1)
    return state.ascii ? Painter.asciified(painter.buffer) : painter.buffer
}

private func highlightSelection(_ state: AppState, _ painter: inout Painter, _ diagram: Area) {
    guard let selection = state.selection, let area = state.scene.area(of: selection) else { return }
    let onScreen = Area(x: area.x - state.scroll.x + diagram.x, y: area.y - state.scroll.y + diagram.y, width: area.width, height: area.height)
    let clipped = Area(x: max(onScreen.x, diagram.x), y: max(onScreen.y, diagram.y),
                       width: min(onScreen.maxX, diagram.maxX) - max(onScreen.x, diagram.x),
                       height: min(onScreen.maxY, diagram.maxY) - max(onScreen.y, diagram.y))
    switch selection {
    case .node:
        // A whole node in reverse video would hide its pods: mark its frame only.
        painter.restyle(Area(x: clipped.x, y: onScreen.y, width: clipped.width, height: 1).clipped(to: diagram)) { $0.attributes.insert(.reverse) }
    case .pod, .service:
        painter.restyle(clipped) { $0.attributes.insert(.reverse) }
    }
}

extension Area {
    func clipped(to bounds: Area) -> Area {
        let x0 = max(x, bounds.x), y0 = max(y, bounds.y)
        return Area(x: x0, y: y0, width: min(maxX, bounds.maxX) - x0, height: min(maxY, bounds.maxY) - y0)
    }
}

/// What the screen says before any table arrived.
enum EmptyScreen {
    static func draw(_ state: AppState, into painter: inout Painter, area: Area) {
        let lines: [String]
        switch state.live {
        case .waiting, .reading: lines = ["Waiting for input…", "kubehops shows nodes, pods and services as soon as a table is read."]
        case .polled(_, let error?): lines = ["kubectl failed:"] + error.split(separator: "\n").prefix(6).map(String.init)
        case .polled(nil, nil): lines = ["Running kubectl…"]
        case .failed(let message): lines = ["Cannot read the input:", message]
        default:
            lines = ["No nodes, pods or services were found in the input.",
                     "Try: kubectl get nodes,pods,svc,endpoints -A -o wide | kubehops",
                     state.cluster.diagnostics.isEmpty ? "" : "Press d to see why lines were not used."]
        }
        let box = area.centred(width: min(area.width, 76), height: lines.count + 2)
        for (index, line) in lines.enumerated() {
            painter.text(line, x: box.x + 1, y: box.y + 1 + index, limit: box.maxX - 1)
        }
    }
}
