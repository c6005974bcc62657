import CellCanvas
import ClusterModel
import TerminalText

/// The outside world (User → DNS → External LB, DNS → Ingress) in a band
/// above the nodes, and the static lines from it into the grid: the LB's bus
/// feeds every node's NodePort panel through a lane left of each column, the
/// Ingress's bus feeds the ClusterIP panels through a second lane.
struct ActorsBuilder {
    let cluster: Cluster
    let options: LayoutOptions
    private(set) var boxes: [ActorBox] = []

    init(cluster: Cluster, options: LayoutOptions) {
        self.cluster = cluster
        self.options = options
    }

    /// Rows used above the grid: route row, arrow row, actors (the tallest), two bus rows, a gap.
    var bandHeight: Int { Metrics.actorTop + tallest + 4 }
    var busA: Int { Metrics.actorTop + tallest + 1 }
    var busB: Int { busA + 1 }
    /// The tallest actor box: the Gateway grows with its listeners and routes, the others have two lines.
    private var tallest: Int { boxes.map(\.rect.height).max() ?? Metrics.actorHeight }

    mutating func actors() -> [ActorBox] {
        let arrow = options.glyphs == .ascii ? "->" : "→"
        let specs: [(ActorKind, String, [String])] = [
            (.user, "User", ["browser, curl"]),
            (.dns, "DNS", ["name \(arrow) IP"]),
            (.externalLoadBalancer, "External LB", Self.loadBalancerLines(cluster.services)),
            (.ingress, "Ingress", Self.ingressLines(cluster.ingresses, hidden: options.hiddenIngresses)),
        ]
        var x = 1
        var result: [ActorBox] = []
        for (kind, title, rawLines) in specs {
            // Middle: hostnames such as `a01c…-1877282972.us-east-2.elb.amazonaws.com` tell most at both ends.
            let lines = rawLines.map {
                TextFit.truncate(ShownText.safe($0), toWidth: 30, at: .middle, ellipsis: options.ellipsis)
            }
            result.append(Self.box(kind, title: title, lines: lines, x: x))
            x = result[result.count - 1].rect.maxX + Metrics.actorGap
        }
        if !cluster.gateways.isEmpty {
            // As wide as its lines need, within what is left of the width (never below the minimum).
            let room = min(GatewayBoxLines.maxTextWidth, max(GatewayBoxLines.minTextWidth, options.width - x - 5))
            let lines = GatewayBoxLines.lines(
                gateways: cluster.gateways, routes: cluster.routes, width: room, glyphs: options.glyphs,
                ellipsis: options.ellipsis
            ).map { TextFit.truncate(ShownText.safe($0), toWidth: room, at: .middle, ellipsis: options.ellipsis) }
            result.append(Self.box(.gateway, title: "Gateway", lines: lines, x: x))
        }
        boxes = result
        return result
    }

    /// A box as wide as its title or widest line, at least `Metrics.actorHeight` rows.
    static func box(_ kind: ActorKind, title: String, lines: [String], x: Int) -> ActorBox {
        let width = max(DisplayWidth.of(title) + 4, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4)
        let height = max(Metrics.actorHeight, lines.count + 2)
        let rect = Rect(x: x, y: Metrics.actorTop, width: width, height: height)
        return ActorBox(kind: kind, rect: rect, title: title, lines: lines, dropX: rect.center.x)
    }

    /// The load balancers' addresses; `<pending>` when LoadBalancer services
    /// exist but none has an address yet (no cloud controller or MetalLB
    /// gave one, so only their NodePorts work); the notes' wording when the
    /// input has no LoadBalancer service.
    static func loadBalancerLines(_ services: [Service]) -> [String] {
        let balancers = services.filter { $0.type == .loadBalancer }
        let addresses = balancers.flatMap { $0.externalIPs.map(\.text) + $0.externalHostnames }
        if let first = addresses.first { return [addresses.count > 1 ? "\(first) +\(addresses.count - 1)" : first] }
        if balancers.contains(where: \.externalPending) { return ["<pending>", "(no address yet)"] }
        return ["(for NodePorts)"]
    }

    /// The hosts the rules name, else the address the controller published
    /// (what the user's DNS name points at), else how many ingresses there are.
    ///
    /// `hidden`: how many a filter left out, which is not the same as none in the input.
    static func ingressLines(_ ingresses: [Ingress], hidden: Int = 0) -> [String] {
        guard !ingresses.isEmpty else {
            return [hidden > 0 ? "\(hidden) hidden (filter)" : "none in input", "(http/https only)"]
        }
        func summary(_ values: [String]) -> String? {
            values.first.map { values.count > 1 ? "\($0) +\(values.count - 1)" : $0 }
        }
        let hosts = Array(Set(ingresses.flatMap(\.hosts).filter { $0 != "*" && !$0.isEmpty })).sorted()
        let addresses = Array(Set(ingresses.flatMap(\.addresses))).sorted()
        let count = ingresses.count == 1 ? "1 ingress" : "\(ingresses.count) ingresses"
        return [summary(hosts) ?? summary(addresses) ?? count, "(http/https only)"]
    }

    /// Moves each actor's drop column off the gutters of the node columns starting at `columnXs`.
    mutating func avoidGutters(columnXs: [Int]) -> [ActorBox] {
        let taken = Set(columnXs.flatMap { [$0 - 4, $0 - 3, $0 - 2, $0 - 1] })
        for index in boxes.indices {
            let rect = boxes[index].rect
            let candidates = (rect.x + 1...max(rect.x + 1, rect.maxX - 2)).sorted {
                abs($0 - rect.center.x) < abs($1 - rect.center.x)
            }
            boxes[index].dropX = candidates.first { !taken.contains($0) } ?? rect.center.x
        }
        return boxes
    }

    func connectors(
        nodes: [NodeGeometry], rows: [DiagramLayout.GridRow], hasNodePorts: Bool, hasIngress: Bool
    ) -> [Connector] {
        var out: [Connector] = []
        func box(_ kind: ActorKind) -> Rect? { boxes.first { $0.kind == kind }?.rect }
        guard let user = box(.user), let dns = box(.dns), let lb = box(.externalLoadBalancer),
            let ingress = box(.ingress),
            let lbX = boxes.first(where: { $0.kind == .externalLoadBalancer })?.dropX,
            let ingressX = boxes.first(where: { $0.kind == .ingress })?.dropX
        else {
            return out
        }
        out += Self.actorChain(user: user, dns: dns, lb: lb, ingress: ingress, hasIngress: hasIngress)

        // Lanes: A (NodePorts) two cells left of each column, B (ClusterIPs) four.
        var lastNodePortRow: [Int: Int] = [:]
        var lastClusterIPRow: [Int: Int] = [:]
        var columnX: [Int: Int] = [:]
        for row in rows {
            for index in row.nodes {
                guard let node = nodes[checked: index] else { continue }
                let column = index - row.nodes.lowerBound
                columnX[column] = node.rect.x
                // Only nodes have NodePorts: the boxes of pods without a node get no lane.
                if hasNodePorts, node.isNode {
                    // Compact boxes have no panel: the lane enters their first row.
                    let y = (node.nodePortPanel?.y).map { $0 + 1 } ?? node.rect.y + 1
                    lastNodePortRow[column] = y
                    out.append(
                        Connector(
                            role: .nodePortLane,
                            points: [Point(x: node.rect.x - 2, y: y), Point(x: node.rect.x + 1, y: y)]))
                }
                if hasIngress, let panel = node.clusterIPPanel {
                    let y = panel.y + 1
                    lastClusterIPRow[column] = y
                    out.append(
                        Connector(
                            role: .clusterIPLane,
                            points: [Point(x: node.rect.x - 4, y: y), Point(x: node.rect.x + 1, y: y)]))
                }
            }
        }
        if hasNodePorts {
            out += Self.bus(
                .nodePortLane, dropX: lbX, actorBottom: lb.maxY - 1, busY: busA, laneOffset: 2,
                lastRows: lastNodePortRow, columnX: columnX)
        }
        if hasIngress {
            out += Self.bus(
                .clusterIPLane, dropX: ingressX, actorBottom: ingress.maxY - 1, busY: busB, laneOffset: 4,
                lastRows: lastClusterIPRow, columnX: columnX)
        }
        return out
    }

    /// The actors' own links: user → DNS → load balancer on their row, and DNS up and over to the ingress
    /// (dashed when the input has no ingress: the path exists only if one is installed).
    private static func actorChain(user: Rect, dns: Rect, lb: Rect, ingress: Rect, hasIngress: Bool) -> [Connector] {
        var chain: [Connector] = []
        let rowY = Metrics.actorTop + 1
        chain.append(
            Connector(role: .actorChain, points: [Point(x: user.maxX - 1, y: rowY), Point(x: dns.x - 1, y: rowY)]))
        chain.append(
            Connector(role: .actorChain, points: [Point(x: dns.maxX - 1, y: rowY), Point(x: lb.x - 1, y: rowY)]))
        chain.append(
            Connector(
                role: .actorChain,
                points: [
                    Point(x: dns.center.x, y: dns.y), Point(x: dns.center.x, y: 0),
                    Point(x: ingress.center.x, y: 0), Point(x: ingress.center.x, y: ingress.y - 1),
                ], dashed: !hasIngress))
        return chain
    }

    /// A bus from an actor (its drop at `dropX`) along row `busY` over the columns whose lanes it feeds, and
    /// down each column's lane (`laneOffset` cells left of it) to the lowest row that lane enters.
    private static func bus(
        _ role: Connector.Role, dropX: Int, actorBottom: Int, busY: Int, laneOffset: Int, lastRows: [Int: Int],
        columnX: [Int: Int]
    ) -> [Connector] {
        guard let maxColumn = lastRows.keys.max(), let lastX = columnX[maxColumn],
            let minColumn = lastRows.keys.min(), let firstX = columnX[minColumn]
        else { return [] }
        var out = [
            Connector(role: role, points: [Point(x: dropX, y: actorBottom), Point(x: dropX, y: busY)], arrow: false),
            Connector(
                role: role,
                points: [
                    Point(x: min(dropX, firstX - laneOffset), y: busY),
                    Point(x: max(dropX, lastX - laneOffset), y: busY),
                ], arrow: false),
        ]
        for (column, y) in lastRows.sorted(by: { $0.key < $1.key }) {
            guard let x = columnX[column] else { continue }
            out.append(
                Connector(
                    role: role, points: [Point(x: x - laneOffset, y: busY), Point(x: x - laneOffset, y: y)],
                    arrow: false))
        }
        return out
    }
}
