import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import PolicyVerdicts

/// `p`: NetworkPolicy isolation drawn on the diagram.
///
/// Each pod box on screen that a policy isolates gets a tag in its bottom edge (`[in]`, `[out]`, `[in out]`; `?` where
/// a policy's rules are not in the input) and a coloured frame; a legend row at the top of the diagram says what the
/// tags mean and counts them.
enum IsolationOverlay {
    static let isolatedStyle = Style(foreground: .indexed(203), attributes: [.bold])
    static let unknownStyle = Style(foreground: .indexed(177), attributes: [.bold])

    /// `[in out]`, `[in ?out]`; nil for a pod open both ways.
    static func tag(_ isolation: PodIsolation) -> String? {
        guard !isolation.isOpen else { return nil }
        let parts = PolicyDirection.allCases.compactMap { direction -> String? in
            let word = direction == .ingress ? "in" : "out"
            switch isolation.state(direction) {
            case .open: return nil
            case .isolated: return word
            case .unknown: return "?" + word
            }
        }
        return "[" + parts.joined(separator: " ") + "]"
    }

    static func draw(_ state: AppState, diagram: Rect, into buffer: inout Buffer) {
        var painter = Painter(buffer: buffer, ascii: state.ascii)
        let viewport = Rect(x: state.scroll.x, y: state.scroll.y, width: diagram.width, height: diagram.height)
        var shown = 0
        var isolated = 0
        for node in state.scene.layout.nodes(in: viewport) {
            for pod in node.groups.flatMap(\.pods) {
                guard let record = state.cluster.pod(pod.key) else { continue }
                shown += 1
                let isolation = state.policies.isolation(of: .pod(record))
                guard let tag = tag(isolation) else { continue }
                isolated += 1
                let sure = isolation.ingress != .unknown && isolation.egress != .unknown
                mark(pod.rect, tag: tag, style: sure ? isolatedStyle : unknownStyle, state: state, diagram: diagram,
                     into: &painter)
            }
        }
        legend(state, shown: shown, isolated: isolated, diagram: diagram, into: &painter)
        buffer = painter.buffer
    }

    private static func mark(
        _ rect: Rect, tag: String, style: Style, state: AppState, diagram: Rect, into painter: inout Painter
    ) {
        let box = outline(rect, colour: style.foreground, state: state, diagram: diagram, into: &painter.buffer)
        let bottom = box.maxY - 1
        guard bottom >= diagram.y, bottom < diagram.maxY else { return }
        painter.text(tag, x: max(box.x + 2, diagram.x), y: bottom, style: style, limit: min(box.maxX - 1, diagram.maxX))
    }

    private static func legend(
        _ state: AppState, shown: Int, isolated: Int, diagram: Rect, into painter: inout Painter
    ) {
        guard diagram.height > 0 else { return }
        let counts =
            state.cluster.resources.networkPolicies.isEmpty
            ? "no NetworkPolicy in the input: every pod is open"
            : "\(isolated) of \(shown) pods on screen isolated"
        let enforcement = state.policies.enforcement
        let ignored = enforcement.isEnforced ? "" : " · \(enforcement.cni ?? "the CNI") enforces none"
        // The count first: a narrow screen cuts the key to the tags, not the answer.
        let key = "[in] ingress, [out] egress isolated, ? rules unknown · p hides"
        let text = " NetworkPolicy: \(counts)\(ignored) · \(key) "
        let row = Rect(x: diagram.x, y: diagram.y, width: diagram.width, height: 1)
        painter.fill(row, style: Palette.Chrome.panelTitle)
        painter.text(text, x: diagram.x, y: diagram.y, style: Palette.Chrome.panelTitle, limit: diagram.maxX)
    }
}
