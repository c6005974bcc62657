import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine

/// Terminals too small for boxes: a text summary down to 20×5, and below
/// that a plain message, never a crash or a garbled half-box.
enum TinyScreen {
    static func drawTooSmall(into buffer: inout Buffer) {
        let words = ["terminal too small", "need \(Scene.minimumSize.width)x\(Scene.minimumSize.height)"]
        for (index, line) in words.enumerated() where index < buffer.height {
            buffer.drawText(
                line, in: Rect(x: 0, y: index, width: buffer.width, height: 1), style: Style(attributes: .bold))
        }
    }

    static func drawSummary(of scene: Scene, flowFrame: FlowFrame?, into buffer: inout Buffer) {
        let glyphs = scene.options.glyphs
        let ellipsis = glyphs == .ascii ? "~" : "…"
        let layout = scene.layout
        let podCount = layout.shownPodCount
        var lines: [(String, Style)] = [
            ("\(layout.nodeCount) nodes \(podCount) pods \(scene.cluster.services.count) svc", Style(attributes: .bold))
        ]
        var footer: [(String, Style)] = []
        if let flowFrame, let hop = flowFrame.flow.hops[checked: flowFrame.position.hopIndex] {
            let arrow = glyphs == .ascii ? ">" : "→"
            footer.append(
                (
                    "\(flowFrame.position.hopIndex + 1)/\(flowFrame.flow.hops.count) \(CaptionName.of(hop.to))",
                    scene.options.palette.accent
                ))
            footer.append(("\(arrow) \(hop.packet.destination)", .plain))
        }
        let room = max(0, buffer.height - lines.count - footer.count)
        for node in layout.nodes.prefix(room) {
            switch node.kind {
            case .node:
                let mark = node.isReady ? PodHealth.running.symbol(glyphs) : PodHealth.failing.symbol(glyphs)
                lines.append(
                    ("\(mark) \(node.name) \(node.podCount)p", node.isReady ? .plain : scene.options.palette.notReady))
            case .unscheduled:
                lines.append(
                    ("\(PodHealth.pending.symbol(glyphs)) unscheduled \(node.podCount)p", scene.options.palette.muted))
            case .nodeNotShown:
                lines.append(("? node unknown \(node.podCount)p", scene.options.palette.muted))
            }
        }
        if layout.nodes.count > room, room > 0 {
            lines[lines.count - 1] = ("+\(layout.nodes.count - room + 1) more nodes", scene.options.palette.muted)
        }
        var all = lines + footer
        if all.count < buffer.height { all.append(("bigger terminal: boxes", scene.options.palette.muted)) }
        for (index, line) in all.prefix(buffer.height).enumerated() {
            buffer.drawText(
                line.0, in: Rect(x: 0, y: index, width: buffer.width, height: 1), style: line.1, truncation: .end,
                ellipsis: ellipsis)
        }
    }
}
