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
            return .node(node.name)
        }
        if let panel = layout.unplacedServices, panel.rect.contains(point),
           let key = panel.lines.first(where: { $0.rect.contains(point) })?.service {
            return .service(key)
        }
        return layout.actors.first { $0.rect.contains(point) }.map { .actor($0.kind) }
    }

    /// Everything selectable in reading order: the actors, then each node
    /// followed by its services and pods, then services without pods. A
    /// service listed on several nodes comes once, at its first node.
    public var selectionOrder: [Selection] {
        var order: [Selection] = layout.actors.map { .actor($0.kind) }
        var seen = Set<ObjectKey>()
        func service(_ key: ObjectKey?) {
            guard let key, seen.insert(key).inserted else { return }
            order.append(.service(key))
        }
        for node in layout.nodes {
            order.append(.node(node.name))
            node.clusterIPPanel?.lines.forEach { service($0.service) }
            for group in node.groups { order += group.pods.map { .pod($0.key) } }
        }
        layout.unplacedServices?.lines.forEach { service($0.service) }
        return order
    }

    /// The box a flow place is drawn at (a ClusterIP without a context is
    /// shown on the first node that lists it).
    public func rect(of place: Place) -> Rect? {
        PlaceMap(layout: layout, cluster: cluster).rect(for: place)
    }
}
