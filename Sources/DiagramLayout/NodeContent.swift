import ClusterModel

/// What goes inside one node box, as positions into the cluster's arrays:
/// small enough to keep for 5,000 nodes, and turned into records (`NodeContent`)
/// only for the boxes a frame or a query needs.
struct NodePlan: Sendable {
    var node: Node
    /// Positions in `cluster.pods` of the shown pods on this node; sorted by
    /// key (namespace, then name) in the detailed zoom, where the order is seen.
    var pods: [Int32]
    /// Services with a backing pod here, the first `serviceCap` in key order
    /// (detailed zoom only: compact shows a count).
    var services: [ServiceLink]
    var serviceCount: Int
    /// A node, or one of the two boxes for pods without a node.
    var kind: NodeBoxKind
}

/// The records one box is built from: the plan's positions checked, read in
/// place in the cluster's arrays (a `Pod` or `Service` copy costs a dozen
/// reference counts, and an export builds every box).
struct NodeContent {
    var node: Node
    /// The cluster's pods and services, shared with it (not copied).
    let allPods: [Pod]
    let allServices: [Service]
    /// Positions in `allPods` of the visible pods on this node, sorted by namespace then name.
    var pods: [Int]
    /// Services with at least one backing pod here, as positions in
    /// `allServices`, sorted by key; at most `serviceCap` of them (more never
    /// fit a panel), `serviceCount` in all.
    var services: [ServiceLink]
    var serviceCount: Int
    /// `172.16.180.0/24`, with `~` when the model guessed it from pod IPs.
    var podRange: String?
    var kind: NodeBoxKind
    /// The node's IP came from one of its host-network pods (the node is not listed).
    var isNodeIPInferred: Bool

    static let serviceCap = 64

    init(_ plan: NodePlan, cluster: Cluster) {
        allPods = cluster.pods
        allServices = cluster.services
        node = plan.node
        let podCount = allPods.count
        let serviceTotal = allServices.count
        pods = plan.pods.lazy.map { Int($0) }.filter { $0 >= 0 && $0 < podCount }
        services = plan.services.filter { $0.position >= 0 && $0.position < serviceTotal }
        serviceCount = plan.serviceCount
        podRange = cluster.podRange(ofNode: plan.node.name).map { ($0.inferred ? "~" : "") + $0.cidr.description }
        kind = plan.kind
        isNodeIPInferred = cluster.isNodeIPInferred(plan.node.name)
    }
}

/// The node plans of a cluster under the user's filters.
///
/// One pass over the pods and one over their service links, with arrays instead of per-pod dictionaries and no pod
/// copied, so that 150,000 pods cost milliseconds.
struct ContentIndex {
    /// Sorted by node name.
    var nodes: [NodePlan]
    /// NodePorts opened on every node (NodePort and LoadBalancer services).
    var nodePorts: [Int]
    /// Visible services that no shown pod backs.
    var unplacedServices: [Service]
    /// Endpoints (or slices, merged per service) whose service is not in
    /// the input: they still say which pod IPs a service sends to.
    var endpointsWithoutService: [EndpointSet]
    var hiddenPodCount: Int
    /// Pods in all the boxes (before any `+N more`).
    var shownPodCount: Int

    /// The names of the boxes for pods without a node (parenthesised: no
    /// node is called that, and they sort apart from node names).
    static let unscheduledName = "(not scheduled)"
    static let nodeNotShownName = "(node not shown)"

    /// The box a pod without a node goes in.
    ///
    /// kubectl prints the same `<none>` (or no NODE column at all) for a pod the scheduler has not placed and for a pod
    /// whose table simply left the node out, so the status decides: `Pending` (no container reason yet) and
    /// `SchedulingGated` are what kubectl shows before scheduling; anything else (Running, Completed, CrashLoopBackOff,
    /// ContainerCreating, Terminating, Unknown…) happens on a node, so that pod has one the input does not name.
    static func boxName(ofPodWithoutNode pod: Pod) -> String {
        isWaitingForScheduler(status: pod.status) ? unscheduledName : nodeNotShownName
    }

    static func isWaitingForScheduler(status: String) -> Bool {
        status == "Pending" || status == "SchedulingGated"
    }

    /// The name of the box a pod sits in: its node's, or a pseudo box's.
    static func boxName(of pod: Pod) -> String {
        pod.nodeName ?? boxName(ofPodWithoutNode: pod)
    }

    init(cluster: Cluster, options: LayoutOptions) {
        let filter = ContentFilter(options)
        var (plans, slots) = Self.nodePlans(cluster.nodes)
        let pods = cluster.pods
        (hiddenPodCount, shownPodCount) = Self.placePods(pods, filter: filter, slots: &slots, plans: &plans)

        let services = cluster.services
        let serviceVisible =
            filter.filtersNamespaces
            ? services.map { filter.namespaceVisible($0.key) } : [Bool](repeating: true, count: services.count)
        let detailed = options.zoom == .detailed
        let placed = Self.placeServices(
            cluster, visible: serviceVisible, ranks: ServiceRanks(services, detailed: detailed), detailed: detailed,
            plans: &plans)

        var unplaced: [Service] = []
        var ports = Set<Int>()
        for (position, service) in services.enumerated() where serviceVisible[checked: position] == true {
            if service.type.opensNodePorts {
                for port in service.ports { if let nodePort = port.nodePort { ports.insert(nodePort) } }
            }
            if placed[checked: position] != true, filter.matches(service.key) { unplaced.append(service) }
        }

        // With a name filter a node without shown pods stays only if its own name
        // matches; a namespace choice alone keeps every node (the cluster's shape stays).
        if filter.text != nil { plans.removeAll { $0.pods.isEmpty && !filter.matches($0.node.name) } }
        // Nodes by name, then the boxes for pods without a node: they are not
        // machines, so they come after the machines.
        plans.sort { a, b in
            a.kind == b.kind ? a.node.name < b.node.name : Self.gridOrder(a.kind) < Self.gridOrder(b.kind)
        }
        if detailed { Self.sortPods(&plans, pods: pods) }
        nodes = plans
        nodePorts = ports.sorted()
        unplacedServices = unplaced.sorted { $0.key < $1.key }
        endpointsWithoutService = Self.endpointsWithoutService(cluster, filter: filter)
    }
}

extension ContentIndex {
    /// The plan of the box a pod goes in: its node's, made (as a placeholder)
    /// when no listing showed that node, or a pseudo box when it has none.
    ///
    /// `waiting`: whether the pod waits for the scheduler (read only when it has no node).
    static func slot(
        of nodeName: String?, waiting: @autoclosure () -> Bool, slots: inout [String: Int], plans: inout [NodePlan]
    ) -> Int {
        let kind: NodeBoxKind = nodeName != nil ? .node : (waiting() ? .unscheduled : .nodeNotShown)
        let name = nodeName ?? (kind == .unscheduled ? unscheduledName : nodeNotShownName)
        if let known = slots[name] { return known }
        var placeholder = Node(name: name)
        placeholder.isPlaceholder = true
        slots[name] = plans.count
        plans.append(NodePlan(node: placeholder, pods: [], services: [], serviceCount: 0, kind: kind))
        return plans.count - 1
    }

    static func gridOrder(_ kind: NodeBoxKind) -> Int {
        switch kind {
        case .node: 0
        case .nodeNotShown: 1
        case .unscheduled: 2
        }
    }
}

/// `ObjectKey`'s order (namespace, none first, then name) without building
/// the tuples its `<` compares: this runs a million times for a big cluster.
enum KeyOrder {
    @inline(__always)
    static func less(_ a: ObjectKey, _ b: ObjectKey) -> Bool {
        let (x, y) = (a.namespace ?? "", b.namespace ?? "")
        return x != y ? x < y : a.name < b.name
    }
}

/// `30080, 30443, 32001 - 32006`: consecutive ports as ranges, as the notes write them.
enum PortRanges {
    static func compress(_ ports: [Int]) -> [String] {
        var runs: [ClosedRange<Int>] = []
        for port in ports {
            if let last = runs.last, port == last.upperBound + 1 {
                runs[runs.count - 1] = last.lowerBound...port
            } else if runs.last?.contains(port) != true {
                runs.append(port...port)
            }
        }
        return runs.map { $0.count > 1 ? "\($0.lowerBound) - \($0.upperBound)" : "\($0.lowerBound)" }
    }
}
