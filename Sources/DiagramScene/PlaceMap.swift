import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine

/// Where each `Place` of a flow is on the plane.
///
/// A ClusterIP exists on every node (it is only kube-proxy rules), so it is drawn on the node where the packet is when
/// it is rewritten: the node of the hop before, or after.
struct PlaceMap {
    let layout: DiagramLayout
    let cluster: Cluster

    func rect(for place: Place, context: [Place] = []) -> Rect? {
        switch place {
        case .user: return layout.actor(.user)?.rect
        case .dns, .externalHost: return layout.actor(.dns)?.rect
        case .externalLoadBalancer: return layout.actor(.externalLoadBalancer)?.rect
        case .ingressController(let pod):
            // The controller is a pod: when it is in view, the packet goes there.
            return pod.flatMap { layout.podBox($0)?.rect } ?? layout.actor(.ingress)?.rect
        case .gateway(_, let pod):
            // The proxy is a pod too; the Gateway box stands for it when the pod is not drawn.
            return pod.flatMap { layout.podBox($0)?.rect } ?? layout.actor(.gateway)?.rect
                ?? layout.actor(.ingress)?.rect
        case .nodePort(let node, _):
            guard let box = layout.node(named: node) else { return nil }
            return box.nodePortPanel?.rect ?? titleRow(box)
        case .kubeProxy(let node):
            guard let box = layout.node(named: node) else { return nil }
            return box.clusterIPPanel?.rect ?? box.nodePortPanel?.rect ?? titleRow(box)
        case .overlay(_, let to):
            return layout.node(named: to).map(titleRow)
        case .pod(let key):
            if let pod = layout.podBox(key) { return pod.rect }
            // Collapsed into `+N more` or filtered out: point at its node.
            guard let nodeName = cluster.resources.pod(key)?.nodeName, let box = layout.node(named: nodeName) else {
                return nil
            }
            return box.notes.last?.rect ?? titleRow(box)
        case .clusterIP(let service):
            for neighbour in context {
                guard let name = nodeName(of: neighbour), let box = layout.node(named: name) else { continue }
                if layout.node(named: name, listsService: service), let panel = box.clusterIPPanel { return panel.rect }
                return box.clusterIPPanel?.rect ?? box.nodePortPanel?.rect ?? titleRow(box)
            }
            if let first = layout.firstNode(listingService: service) {
                return first.clusterIPPanel?.rect ?? titleRow(first)
            }
            if let panel = layout.unplacedServices, panel.lines.contains(where: { $0.service == service }) {
                return panel.rect
            }
            return layout.nodes.first.map { $0.clusterIPPanel?.rect ?? titleRow($0) }
        }
    }

    /// The node a place is on, when it is on one.
    func nodeName(of place: Place) -> String? {
        switch place {
        case .ingressController(let pod?), .gateway(_, let pod?): return layout.node(ofPod: pod)?.name
        case .nodePort(let node, _), .kubeProxy(let node): return node
        case .overlay(_, let to): return to
        case .pod(let key): return layout.node(ofPod: key)?.name ?? cluster.resources.pod(key)?.nodeName
        default: return nil
        }
    }

    func titleRow(_ box: NodeBox) -> Rect { Rect(x: box.rect.x, y: box.rect.y, width: box.rect.width, height: 1) }

    /// The rects of a hop's two ends, each resolved with the hops around it.
    func ends(of hops: [Hop], at index: Int) -> (from: Rect?, to: Rect?) {
        guard let hop = hops[checked: index] else { return (nil, nil) }
        let before = hops[checked: index - 1]?.from
        let after = hops[checked: index + 1]?.to
        let from = rect(for: hop.from, context: [before, Optional(hop.to)].compactMap { $0 })
        let to = rect(for: hop.to, context: [Optional(hop.from), after].compactMap { $0 })
        return (from, to)
    }
}

/// Orthogonal routes between two boxes, ending with an arrowhead just
/// outside the target.
///
/// Routes between the outside world and the nodes, and between nodes, follow the gutters (the lanes of the static
/// diagram and the gap rows between grid rows) so that they do not cut through other nodes.
enum Router {
    static func route(from a: Rect, to b: Rect, layout: DiagramLayout) -> [Point] {
        let actorA = layout.actors.first { $0.rect == a }
        let actorB = layout.actors.first { $0.rect == b }
        let nodeA = node(containing: a, layout: layout)
        let nodeB = node(containing: b, layout: layout)
        let busA = layout.actors.map(\.rect.maxY).max().map { $0 + 1 } ?? 0
        switch (actorA, actorB, nodeA, nodeB) {
        case let (from?, to?, _, _):
            return actorRoute(from: from.rect, to: to.rect, layout: layout)
        case let (actor?, nil, nil, node?):
            return laneRoute(
                actor: actor, target: b, node: node.rect, busY: busA + (actor.kind == .ingress ? 1 : 0),
                laneOffset: actor.kind == .ingress ? 4 : 2)
        case let (nil, actor?, node?, nil):
            let forward = laneRoute(
                actor: actor, target: a, node: node.rect, busY: busA + (actor.kind == .ingress ? 1 : 0),
                laneOffset: actor.kind == .ingress ? 4 : 2)
            guard forward.count >= 2, let last = forward.last else { return [] }
            // Same path backwards: leave from the element's left edge, arrive under the actor.
            var points = Array(forward.dropLast().reversed())
            points.insert(Point(x: last.x + 1, y: last.y), at: 0)
            if let top = points.last { points[points.count - 1] = Point(x: top.x, y: top.y + 1) }
            return points
        case let (nil, nil, from?, to?) where from.name != to.name:
            let startY = a.y + min(1, a.height - 1)
            let endY = b.y + min(1, b.height - 1)
            let gapY = to.rect.y - 1
            return [
                Point(x: a.x, y: startY), Point(x: from.rect.x - 3, y: startY), Point(x: from.rect.x - 3, y: gapY),
                Point(x: to.rect.x - 3, y: gapY), Point(x: to.rect.x - 3, y: endY), Point(x: b.x - 1, y: endY),
            ]
        default:
            return route(from: a, to: b)
        }
    }

    /// Neighbours: straight across (forward on the first inner row, replies
    /// on the second); others: over the top through the free row above the band.
    static func actorRoute(from a: Rect, to b: Rect, layout: DiagramLayout) -> [Point] {
        let between = layout.actors.contains { actor in
            actor.rect != a && actor.rect != b && actor.rect.x > min(a.x, b.x) && actor.rect.x < max(a.x, b.x)
        }
        if !between {
            if b.x > a.x { return [Point(x: a.maxX - 1, y: a.y + 1), Point(x: b.x - 1, y: a.y + 1)] }
            return [Point(x: a.x, y: a.y + 2), Point(x: b.maxX, y: a.y + 2)]
        }
        let overY = max(0, a.y - 2)
        let startX = b.x > a.x ? a.maxX - 3 : a.x + 2
        let endX = b.x > a.x ? b.x + 2 : b.maxX - 3
        return [
            Point(x: startX, y: a.y), Point(x: startX, y: overY), Point(x: endX, y: overY), Point(x: endX, y: b.y - 1),
        ]
    }

    /// Actor bottom → bus row → lane left of the node's column → into the target's first row.
    static func laneRoute(actor: ActorBox, target: Rect, node: Rect, busY: Int, laneOffset: Int) -> [Point] {
        let laneX = node.x - laneOffset
        let y = target.y + min(1, target.height - 1)
        return [
            Point(x: actor.dropX, y: actor.rect.maxY - 1), Point(x: actor.dropX, y: busY), Point(x: laneX, y: busY),
            Point(x: laneX, y: y), Point(x: target.x - 1, y: y),
        ]
    }

    static func node(containing rect: Rect, layout: DiagramLayout) -> NodeBox? {
        layout.nodes(in: rect).first { $0.rect.contains(rect.origin) }
    }

    static func route(from a: Rect, to b: Rect) -> [Point] {
        if a == b || a.isEmpty || b.isEmpty { return [] }
        // Side by side (rows overlap): straight across.
        let top = max(a.y, b.y)
        let bottom = min(a.maxY, b.maxY) - 1
        if top <= bottom, a.maxX <= b.x || b.maxX <= a.x {
            let y = (top + bottom) / 2
            if a.maxX <= b.x { return [Point(x: a.maxX - 1, y: y), Point(x: b.x - 1, y: y)] }
            return [Point(x: a.x, y: y), Point(x: b.maxX, y: y)]
        }
        let goingDown = b.center.y >= a.center.y
        let startY = goingDown ? a.maxY - 1 : a.y
        // Stacked (columns overlap): straight down or up.
        let left = max(a.x + 1, b.x + 1)
        let right = min(a.maxX - 2, b.maxX - 2)
        if left <= right {
            let endY = goingDown ? b.y - 1 : b.maxY
            // A long run crosses other boxes: keep it near the right edge, where
            // titles are not; between touching boxes the middle reads best.
            let x = abs(endY - startY) > 1 ? right : (left + right) / 2
            return [Point(x: x, y: startY), Point(x: x, y: endY)]
        }
        // Otherwise down (or up) from the source, then across into the target's side.
        let x = min(max(a.center.x, a.x + 1), a.maxX - 2)
        let y = b.y + b.height / 2
        let endX = b.x > x ? b.x - 1 : b.maxX
        return [Point(x: x, y: startY), Point(x: x, y: y), Point(x: endX, y: y)]
    }
}
