import ClusterModel

/// What goes inside one node box, as positions into the cluster's arrays:
/// small enough to keep for 5,000 nodes, and turned into records (`NodeContent`)
/// only for the boxes a frame or a query needs.
struct NodePlan: Sendable {
    var node: Node
    /// Positions in `cluster.pods` of the shown pods on this node; sorted by
    /// key (namespace, then name) in the detailed zoom, where the order is seen.
    var pods: [Int32]
    /// Services with a backing pod here, the first `serviceCap` in key order,
    /// as `position << 1 | inferred` (detailed zoom only: compact shows a count).
    var services: [Int32]
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
    var services: [(position: Int, inferred: Bool)]
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
        services = plan.services.lazy.map { (position: Int($0 >> 1), inferred: $0 & 1 == 1) }
            .filter { $0.position >= 0 && $0.position < serviceTotal }
        serviceCount = plan.serviceCount
        podRange = cluster.podRange(ofNode: plan.node.name).map { ($0.inferred ? "~" : "") + $0.cidr.description }
        kind = plan.kind
        isNodeIPInferred = cluster.isNodeIPInferred(plan.node.name)
    }
}

/// The node plans of a cluster under the user's filters. One pass over the
/// pods and one over their service links, with arrays instead of per-pod
/// dictionaries and no pod copied, so that 150,000 pods cost milliseconds.
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

    /// The box a pod without a node goes in. kubectl prints the same `<none>`
    /// (or no NODE column at all) for a pod the scheduler has not placed and
    /// for a pod whose table simply left the node out, so the status decides:
    /// `Pending` (no container reason yet) and `SchedulingGated` are what
    /// kubectl shows before scheduling; anything else (Running, Completed,
    /// CrashLoopBackOff, ContainerCreating, Terminating, Unknown…) happens
    /// on a node, so that pod has one the input does not name.
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
        let filter = options.nameFilter.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let filtersNamespaces = options.onlyNamespace != nil || !options.hiddenNamespaces.isEmpty
        func namespaceVisible(_ key: ObjectKey) -> Bool {
            if let only = options.onlyNamespace, key.effectiveNamespace != only { return false }
            // A namespace named with -n is shown even when --hide-system would leave it out.
            return options.onlyNamespace != nil || !options.hiddenNamespaces.contains(key.effectiveNamespace)
        }
        func matches(_ name: String) -> Bool { filter.map { name.lowercased().contains($0) } ?? true }
        func matches(_ key: ObjectKey) -> Bool { matches(key.name) || matches(key.effectiveNamespace) }

        var plans: [NodePlan] = []
        var slots: [String: Int] = [:]
        for node in cluster.nodes {
            if let slot = slots[node.name] {
                plans[slot].node = node
            } else {
                slots[node.name] = plans.count
                plans.append(NodePlan(node: node, pods: [], services: [], serviceCount: 0, kind: .node))
            }
        }

        // Pods name nodes the dumps may not list: give those a placeholder box.
        let pods = cluster.pods
        let filtersPods = filtersNamespaces || filter != nil
        var hidden = 0
        var shown = 0
        // Pods of one node usually come together: skip the hash for a run.
        var lastName: String?
        var lastSlot = 0
        for position in pods.indices {
            if filtersPods {
                let key = pods[position].key
                if filtersNamespaces, !namespaceVisible(key) { hidden += 1; continue }
                if filter != nil, !(matches(key) || matches(Self.boxName(of: pods[position]))) {
                    // Its node still gets a box (kept below only if the node's name matches).
                    _ = Self.slot(
                        of: pods[position].nodeName, waiting: Self.isWaitingForScheduler(status: pods[position].status),
                        slots: &slots, plans: &plans)
                    hidden += 1
                    continue
                }
            }
            let nodeName = pods[position].nodeName
            let slot: Int
            if let nodeName, nodeName == lastName {
                slot = lastSlot
            } else {
                slot = Self.slot(
                    of: nodeName, waiting: Self.isWaitingForScheduler(status: pods[position].status),
                    slots: &slots, plans: &plans)
                lastName = nodeName
                lastSlot = slot
            }
            plans[slot].pods.append(Int32(truncatingIfNeeded: position))
            shown += 1
        }

        let services = cluster.services
        let serviceVisible =
            filtersNamespaces
            ? services.map { namespaceVisible($0.key) } : [Bool](repeating: true, count: services.count)
        // Services in key order, ranked once so that each node sorts integers.
        func serviceLess(_ a: Int, _ b: Int) -> Bool {
            guard services.indices.contains(a), services.indices.contains(b) else { return false }
            return KeyOrder.less(services[a].key, services[b].key)
        }
        // `kubectl get svc -A` lists them in key order already: then the rank is the position.
        // Compact boxes show a count, not names: no order needed.
        let detailed = options.zoom == .detailed
        let inOrder = !detailed || !services.indices.dropFirst().contains { serviceLess($0, $0 - 1) }
        let byRank = inOrder ? Array(services.indices) : services.indices.sorted(by: serviceLess)
        var rank = [Int32](repeating: 0, count: services.count)
        for (order, position) in byRank.enumerated() where rank.indices.contains(position) {
            rank[position] = Int32(truncatingIfNeeded: order)
        }

        // Per node, the services its shown pods receive traffic for, from the
        // model's reverse index: `seenOn` says which node last saw a service
        // and `slotOf` where it sits in that node's list, so nothing is hashed.
        var placed = [Bool](repeating: false, count: services.count)
        var seenOn = [Int](repeating: -1, count: services.count)
        var slotOf = [Int](repeating: 0, count: services.count)
        var ranked: [Int32] = []
        // Only nodes carry ClusterIP panels: a service whose pods all sit in a
        // pseudo box is listed with the services that have no node box.
        for index in plans.indices where plans[index].kind == .node {
            ranked.removeAll(keepingCapacity: true)
            for position in plans[index].pods {
                for code in cluster.serviceLinkCodes(ofPodAt: Int(position)) {
                    let service = Int(code >> 1)
                    guard service >= 0, service < services.count, serviceVisible[service] else { continue }
                    if seenOn[service] != index {
                        seenOn[service] = index
                        slotOf[service] = ranked.count
                        placed[service] = true
                        ranked.append(rank[service] << 1 | code & 1)
                    } else if code & 1 == 1, ranked.indices.contains(slotOf[service]) {
                        ranked[slotOf[service]] |= 1
                    }
                }
            }
            plans[index].serviceCount = ranked.count
            guard detailed else { continue }
            // A panel shows a handful of lines: only those services are kept, the rest counted.
            ranked.sort()
            plans[index].services = ranked.prefix(NodeContent.serviceCap).compactMap { entry in
                byRank[checked: Int(entry >> 1)].map { Int32(truncatingIfNeeded: $0) << 1 | entry & 1 }
            }
        }

        var unplaced: [Service] = []
        var ports = Set<Int>()
        for (position, service) in services.enumerated() where serviceVisible[checked: position] == true {
            if service.type.opensNodePorts {
                for port in service.ports { if let nodePort = port.nodePort { ports.insert(nodePort) } }
            }
            if placed[checked: position] != true, matches(service.key) { unplaced.append(service) }
        }

        // With a name filter a node without shown pods stays only if its own name
        // matches; a namespace choice alone keeps every node (the cluster's shape stays).
        if filter != nil { plans.removeAll { $0.pods.isEmpty && !matches($0.node.name) } }
        // Nodes by name, then the boxes for pods without a node: they are not
        // machines, so they come after the machines.
        plans.sort { a, b in
            a.kind == b.kind ? a.node.name < b.node.name : Self.gridOrder(a.kind) < Self.gridOrder(b.kind)
        }
        if detailed {
            func less(_ a: Int32, _ b: Int32) -> Bool {
                let (x, y) = (Int(a), Int(b))
                guard pods.indices.contains(x), pods.indices.contains(y) else { return false }
                return KeyOrder.less(pods[x].key, pods[y].key)
            }
            for index in plans.indices {
                // `kubectl get pods -A` lists pods by namespace and name already: sort only when needed.
                let positions = plans[index].pods
                if zip(positions, positions.dropFirst()).contains(where: { less($1, $0) }) {
                    plans[index].pods.sort(by: less)
                }
            }
        }
        nodes = plans
        nodePorts = ports.sorted()
        unplacedServices = unplaced.sorted { $0.key < $1.key }
        var orphans: [ObjectKey: EndpointSet] = [:]
        for set in cluster.endpointSets {
            let service = ObjectKey(namespace: set.key.namespace, name: set.serviceName)
            guard namespaceVisible(service), matches(service), cluster.service(service) == nil else { continue }
            if var known = orphans[service] {
                known.addresses += set.addresses
                known.notShownCount += set.notShownCount
                if known.ports.isEmpty { known.ports = set.ports }
                orphans[service] = known
            } else {
                orphans[service] = set
            }
        }
        endpointsWithoutService = orphans.sorted { $0.key < $1.key }.map(\.value)
        hiddenPodCount = hidden
        shownPodCount = shown
    }
}

extension ContentIndex {
    /// The plan of the box a pod goes in: its node's, made (as a placeholder)
    /// when no listing showed that node, or a pseudo box when it has none.
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
