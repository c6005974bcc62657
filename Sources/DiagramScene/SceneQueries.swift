import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine

/// What the TUI asks besides pictures: what is under the mouse, what Tab
/// walks through, where a flow's place is.
extension Scene {
    /// The innermost selectable thing at a plane point: a pod before the
    /// service line of a panel, before its node, or an actor.
    public func selection(at point: Point) -> Selection? {
        let probe = Rect(x: point.x, y: point.y, width: 1, height: 1)
        for node in layout.nodes(in: probe) {
            for group in node.groups {
                if let pod = group.pods.first(where: { $0.rect.contains(point) }) { return .pod(pod.key) }
            }
            for panel in [node.clusterIPPanel, node.nodePortPanel].compactMap({ $0 }) {
                if let key = panel.lines.first(where: { $0.rect.contains(point) })?.service { return .service(key) }
            }
            // A box of pods without a node is no node to describe.
            return node.kind == .node ? .node(node.name) : nil
        }
        if let panel = layout.unplacedServices, panel.rect.contains(point),
            let key = panel.lines.first(where: { $0.rect.contains(point) })?.service
        {
            return .service(key)
        }
        return layout.actors.first { $0.rect.contains(point) }.map { .actor($0.kind) }
    }

    /// Everything selectable in reading order: the actors, then each node
    /// followed by its services and pods, then services without pods.
    ///
    /// A service listed on several nodes comes once, at its first node. Builds every node box: Tab uses
    /// `selection(after:step:)`, which does not.
    public var selectionOrder: [Selection] {
        (0..<selectionSegmentCount).flatMap(selectionSegment)
    }

    /// The selection `step` places after `current` in `selectionOrder`
    /// (wrapping; from nothing, the first or the last), found by walking the
    /// order one node at a time from the current one, so that Tab on a
    /// 5,000-node cluster builds a box or two instead of all of them.
    public func selection(after current: Selection?, step: Int) -> Selection? {
        let direction = step < 0 ? -1 : 1
        var segment = direction > 0 ? 0 : selectionSegmentCount - 1
        var list = selectionSegment(segment)
        var position = direction > 0 ? -1 : list.count
        var remaining = max(1, abs(step))
        if let current, let found = selectionSegment(containing: current) {
            let candidates = selectionSegment(found)
            if let index = candidates.firstIndex(of: current) {
                segment = found
                list = candidates
                position = index
            } else {
                remaining = 1
            }
        } else {
            remaining = 1
        }
        while remaining > 0 {
            position += direction
            var visited = 0
            while !list.indices.contains(position) {
                visited += 1
                if visited > selectionSegmentCount { return nil }
                segment = (segment + direction + selectionSegmentCount) % selectionSegmentCount
                list = selectionSegment(segment)
                position = direction > 0 ? 0 : list.count - 1
            }
            remaining -= 1
        }
        return list[checked: position]
    }

    /// The order in parts: the actors, one part per node, the services without pods.
    private var selectionSegmentCount: Int { layout.nodes.count + 2 }

    private func selectionSegment(_ index: Int) -> [Selection] {
        if index == 0 { return layout.actors.map { .actor($0.kind) } }
        if let node = layout.nodes[checked: index - 1] {
            var part: [Selection] = node.kind == .node ? [.node(node.name)] : []
            for line in node.clusterIPPanel?.lines ?? [] {
                // A service comes at the first node that lists it.
                if let key = line.service, !part.contains(.service(key)),
                    layout.firstNode(listingService: key)?.name == node.name
                {
                    part.append(.service(key))
                }
            }
            for group in node.groups { part += group.pods.map { .pod($0.key) } }
            return part
        }
        var part: [Selection] = []
        for line in layout.unplacedServices?.lines ?? [] {
            if let key = line.service, !part.contains(.service(key)), layout.firstNode(listingService: key) == nil {
                part.append(.service(key))
            }
        }
        return part
    }

    private func selectionSegment(containing selection: Selection) -> Int? {
        switch selection {
        case .actor: return 0
        case .node(let name): return layout.index(ofNode: name).map { $0 + 1 }
        case .pod(let key): return layout.node(ofPod: key).flatMap { layout.index(ofNode: $0.name) }.map { $0 + 1 }
        case .service(let key):
            if let node = layout.firstNode(listingService: key) {
                return layout.index(ofNode: node.name).map { $0 + 1 }
            }
            return selectionSegmentCount - 1
        }
    }

    /// The box a flow place is drawn at (a ClusterIP without a context is
    /// shown on the first node that lists it).
    public func rect(of place: Place) -> Rect? {
        PlaceMap(layout: layout, cluster: cluster).rect(for: place)
    }
}
