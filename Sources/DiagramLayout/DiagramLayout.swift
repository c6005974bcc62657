import CellCanvas
import ClusterModel

/// The whole diagram on a virtual plane: actors on top, the node grid below,
/// then services without pods and the IP scheme legend.
///
/// Pure and deterministic: computed once per cluster change (O(n log n) in the nodes, O(n) in the pods), then any
/// viewport asks only for what it shows.
public struct DiagramLayout: Sendable {
    public let options: LayoutOptions
    public let actors: [ActorBox]
    /// Sorted by node name, laid out row by row; each box is built on first use.
    public let nodes: NodeBoxes
    public let connectors: [Connector]
    /// Services whose pods are not in view (no backing known, or filtered out).
    public let unplacedServices: Panel?
    public let legend: LegendTable
    /// The extent of everything laid out.
    public let size: Size
    /// Pods in the cluster not shown because of namespace or name filters.
    public let hiddenPodCount: Int
    /// Pods in the node boxes, including those collapsed into `+N more`.
    public let shownPodCount: Int
    public let columnCount: Int
    /// Boxes in `nodes` that are nodes (not the boxes of pods without a node).
    public let nodeCount: Int

    private let rows: [GridRow]
    private let nodeIndex: [String: Int]
    /// Nodes whose ClusterIP panel lists a service by name, in grid order.
    private let serviceNodes: [ObjectKey: [Int]]

    struct GridRow: Sendable {
        var y: Int
        var height: Int
        var nodes: Range<Int>
    }

    /// Computes the geometry of every box from counts and builds no box
    /// content (see `NodeBoxes`), so that a 150,000-pod cluster lays out in
    /// tens of milliseconds and keeps a few hundred bytes per node, not every
    /// box's text.
    public init(cluster: Cluster, options: LayoutOptions = LayoutOptions()) {
        self.options = options
        let content = ContentIndex(cluster: cluster, options: options)
        hiddenPodCount = content.hiddenPodCount
        shownPodCount = content.shownPodCount
        nodeCount = content.nodes.lazy.filter { $0.kind == .node }.count

        var actorBuilder = ActorsBuilder(cluster: cluster, options: options)
        _ = actorBuilder.actors()
        let gridTop = actorBuilder.bandHeight

        let available = max(1, options.width - Metrics.leftMargin)
        let (nodeWidth, columns) = Self.gridColumns(options, available: available, nodeCount: content.nodes.count)
        columnCount = columns
        let columnXs = (0..<columns).map { Metrics.leftMargin + $0 * (nodeWidth + Metrics.laneGap) }
        let actorBoxes = actorBuilder.avoidGutters(columnXs: columnXs)
        actors = actorBoxes

        let builder = NodeBoxBuilder(options: options, nodePorts: content.nodePorts)
        var measure = NodeMeasure(options: options, builder: builder, cluster: cluster, width: nodeWidth)
        let grid = Self.placeGrid(
            content.nodes, measure: &measure, columns: columns, nodeWidth: nodeWidth, top: gridTop)
        let places = grid.places
        var y = grid.bottom
        rows = grid.rows
        nodes = NodeBoxes(
            store: NodeBoxStore(cluster: cluster, plans: content.nodes, geometry: places, builder: builder))
        (nodeIndex, serviceNodes) = Self.indexes(content.nodes, places: places, services: cluster.services)

        var planeWidth = max(options.width, (places.map(\.rect.maxX).max() ?? 0) + 1)
        unplacedServices = Self.unplacedPanel(
            content, cluster: cluster, builder: builder, available: available, hiddenPodCount: hiddenPodCount,
            top: y)
        if let panel = unplacedServices { y = panel.rect.maxY + Metrics.rowGap }

        legend = LegendBuilder.build(
            cluster: cluster, nodePorts: content.nodePorts, options: options,
            origin: Point(x: 1, y: y))
        y = legend.rect.maxY
        planeWidth = max(planeWidth, legend.rect.maxX, actorBoxes.map(\.rect.maxX).max() ?? 0)
        size = Size(width: planeWidth, height: y)

        connectors = actorBuilder.connectors(
            nodes: places, rows: grid.rows, hasNodePorts: !content.nodePorts.isEmpty,
            hasIngress: !cluster.ingresses.isEmpty)
    }

    /// Grid geometry: columns of equal width fitted into the `available` width (compact boxes have a fixed
    /// width; detailed ones share the width, within their minimum and maximum).
    private static func gridColumns(
        _ options: LayoutOptions, available: Int, nodeCount: Int
    ) -> (nodeWidth: Int, columns: Int) {
        switch options.zoom {
        case .compact:
            let nodeWidth = min(Metrics.compactNodeWidth, available)
            return (nodeWidth, max(1, (available + Metrics.laneGap) / (nodeWidth + Metrics.laneGap)))
        case .detailed:
            let fitting = max(1, (available + Metrics.laneGap) / (Metrics.preferredNodeWidth + Metrics.laneGap))
            let columns = max(1, min(fitting, max(1, nodeCount)))
            let share = (available - (columns - 1) * Metrics.laneGap) / columns
            return (max(min(available, Metrics.minNodeWidth), min(Metrics.maxNodeWidth, share)), columns)
        }
    }

    /// Every node box's place, row by row from `top`: a row is as tall as its tallest box.
    ///
    /// Measures from counts only (`NodeMeasure`), building no box content.
    private static func placeGrid(
        _ plans: [NodePlan], measure: inout NodeMeasure, columns: Int, nodeWidth: Int, top: Int
    ) -> (places: [NodeGeometry], rows: [GridRow], bottom: Int) {
        var places: [NodeGeometry] = []
        places.reserveCapacity(plans.count)
        var gridRows: [GridRow] = []
        var y = top
        var start = 0
        while start < plans.count {
            let end = min(start + columns, plans.count)
            var height = 0
            for index in start..<end {
                let x = Metrics.leftMargin + (index - start) * (nodeWidth + Metrics.laneGap)
                let place = measure.geometry(of: plans[index], at: Point(x: x, y: y))
                height = max(height, place.rect.height)
                places.append(place)
            }
            gridRows.append(GridRow(y: y, height: height, nodes: start..<end))
            y += height + Metrics.rowGap
            start = end
        }
        return (places, gridRows, y)
    }

    /// Each node's position in the grid by name, and the nodes whose ClusterIP panel lists each service.
    private static func indexes(
        _ plans: [NodePlan], places: [NodeGeometry], services: [Service]
    ) -> ([String: Int], [ObjectKey: [Int]]) {
        var nodeIndex: [String: Int] = [:]
        var serviceNodes: [ObjectKey: [Int]] = [:]
        for (n, plan) in plans.enumerated() {
            nodeIndex[plan.node.name] = n
            for link in plan.services.prefix(places[checked: n]?.listedServices ?? 0) {
                if let key = services[checked: link.position]?.key { serviceNodes[key, default: []].append(n) }
            }
        }
        return (nodeIndex, serviceNodes)
    }

    /// Services that have no node box to sit in, at `top`.
    ///
    /// Their NodePorts are named here too: with no node in the input, this is the only place they show. With nothing at
    /// all to draw, says so instead.
    private static func unplacedPanel(
        _ content: ContentIndex, cluster: Cluster, builder: NodeBoxBuilder, available: Int, hiddenPodCount: Int,
        top y: Int
    ) -> Panel? {
        let nothingElse = content.nodes.isEmpty && cluster.ingresses.isEmpty
        guard !content.unplacedServices.isEmpty || !content.endpointsWithoutService.isEmpty || nothingElse else {
            return nil
        }
        let width = min(max(30, available), Metrics.maxNodeWidth)
        var entries = content.unplacedServices.map {
            builder.serviceLine($0, inferred: false, width: width - 4, withNodePorts: true)
        }
        entries += content.endpointsWithoutService.map { PanelLine(text: builder.endpointsLine($0)) }
        let opensNodePorts = content.unplacedServices.contains {
            $0.type.opensNodePorts && $0.ports.contains { $0.nodePort != nil }
        }
        var title = Self.unplacedTitle + (opensNodePorts ? builder.separator + Self.unplacedNodePortNote : "")
        if entries.isEmpty {
            // Better than an empty grid: say so (the diagnostics say why).
            title = "Nothing to draw"
            entries = [
                PanelLine(
                    text: hiddenPodCount > 0
                        ? "every pod and service is filtered out"
                        : "no nodes, pods, services or endpoints found in the input")
            ]
        }
        return Panel.arrange(
            title: title, entries: entries,
            at: Point(x: Metrics.leftMargin, y: y), width: width, maxRows: Metrics.unplacedRows)
    }

    /// The title of `unplacedServices`: its services have no pod on a node
    /// box (none known, filtered out, or only pods whose node is not known).
    static let unplacedTitle = "Services, no pod on a node in view"
    static let unplacedNodePortNote = "NodePort :port opened on every node"

    // MARK: Queries

    public func node(named name: String) -> NodeBox? {
        nodeIndex[name].flatMap { nodes[checked: $0] }
    }

    /// The node's position in `nodes` (grid order).
    public func index(ofNode name: String) -> Int? { nodeIndex[name] }

    public func actor(_ kind: ActorKind) -> ActorBox? {
        actors.first { $0.kind == kind }
    }

    /// The pod's box, when it is shown (not filtered out or collapsed into `+N more`).
    public func podBox(_ key: ObjectKey) -> PodBox? {
        guard let node = candidateNode(ofPod: key) else { return nil }
        for group in node.groups { if let pod = group.pods.first(where: { $0.key == key }) { return pod } }
        return nil
    }

    /// The node a shown pod sits in.
    public func node(ofPod key: ObjectKey) -> NodeBox? {
        guard let node = candidateNode(ofPod: key) else { return nil }
        return node.groups.contains { $0.pods.contains { $0.key == key } } ? node : nil
    }

    /// The box the pod would be in: its node's, or the unscheduled box.
    private func candidateNode(ofPod key: ObjectKey) -> NodeBox? {
        guard let pod = nodes.store.cluster.pod(key) else { return nil }
        return node(named: ContentIndex.boxName(of: pod))
    }

    /// Nodes whose ClusterIP panel lists the service, in grid order.
    public func nodes(listingService key: ObjectKey) -> [NodeBox] {
        (serviceNodes[key] ?? []).compactMap { nodes[checked: $0] }
    }

    /// The first node whose ClusterIP panel lists the service (what a flow
    /// without a better place points at), building only that box.
    public func firstNode(listingService key: ObjectKey) -> NodeBox? {
        serviceNodes[key]?.first.flatMap { nodes[checked: $0] }
    }

    /// Whether the node's ClusterIP panel lists the service.
    public func node(named name: String, listsService key: ObjectKey) -> Bool {
        guard let index = nodeIndex[name] else { return false }
        return serviceNodes[key]?.contains(index) == true
    }

    /// Nodes whose boxes intersect `rect`: a binary search over grid rows,
    /// so a viewport costs O(log n + visible).
    public func nodes(in rect: Rect) -> [NodeBox] {
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if let row = rows[checked: mid], row.y + row.height <= rect.y { low = mid + 1 } else { high = mid }
        }
        var found: [NodeBox] = []
        var index = low
        while let row = rows[checked: index], row.y < rect.maxY {
            for n in row.nodes where nodes.store.geometry[checked: n]?.rect.intersects(rect) == true {
                if let box = nodes[checked: n] { found.append(box) }
            }
            index += 1
        }
        return found
    }

    public func connectors(in rect: Rect) -> [Connector] {
        connectors.filter { $0.bounds.intersects(rect) }
    }

    /// The rect of the whole picture.
    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }
}
