import ClusterModel

/// The user's filters as `ContentIndex` asks them: `-n`/`--hide-system` on namespaces, `--filter` on names.
struct ContentFilter {
    /// `--filter`, lowercased; nil when none (or empty).
    let text: String?
    let onlyNamespace: String?
    let hiddenNamespaces: Set<String>
    var filtersNamespaces: Bool { onlyNamespace != nil || !hiddenNamespaces.isEmpty }

    init(_ options: LayoutOptions) {
        text = options.nameFilter.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        onlyNamespace = options.onlyNamespace
        hiddenNamespaces = options.hiddenNamespaces
    }

    func namespaceVisible(_ key: ObjectKey) -> Bool {
        if let only = onlyNamespace, key.effectiveNamespace != only { return false }
        // A namespace named with -n is shown even when --hide-system would leave it out.
        return onlyNamespace != nil || !hiddenNamespaces.contains(key.effectiveNamespace)
    }

    func matches(_ name: String) -> Bool { text.map { name.lowercased().contains($0) } ?? true }
    func matches(_ key: ObjectKey) -> Bool { matches(key.name) || matches(key.effectiveNamespace) }
}

/// Services in key order, ranked once so that each node sorts integers: `byRank[order]` is a position in the
/// cluster's services, `rank[position]` its order.
struct ServiceRanks {
    let byRank: [Int]
    let rank: [Int32]

    init(_ services: [Service], detailed: Bool) {
        func serviceLess(_ a: Int, _ b: Int) -> Bool {
            guard services.indices.contains(a), services.indices.contains(b) else { return false }
            return KeyOrder.less(services[a].key, services[b].key)
        }
        // `kubectl get svc -A` lists them in key order already: then the rank is the position.
        // Compact boxes show a count, not names: no order needed.
        let inOrder = !detailed || !services.indices.dropFirst().contains { serviceLess($0, $0 - 1) }
        byRank = inOrder ? Array(services.indices) : services.indices.sorted(by: serviceLess)
        var rank = [Int32](repeating: 0, count: services.count)
        for (order, position) in byRank.enumerated() where rank.indices.contains(position) {
            rank[position] = Int32(truncatingIfNeeded: order)
        }
        self.rank = rank
    }
}

/// `ContentIndex.init`'s steps, in the order it takes them.
extension ContentIndex {
    /// One plan per listed node (a name listed twice keeps the last record), and each name's plan.
    static func nodePlans(_ nodes: [Node]) -> (plans: [NodePlan], slots: [String: Int]) {
        var plans: [NodePlan] = []
        var slots: [String: Int] = [:]
        for node in nodes {
            if let slot = slots[node.name] {
                plans[slot].node = node
            } else {
                slots[node.name] = plans.count
                plans.append(NodePlan(node: node, pods: [], services: [], serviceCount: 0, kind: .node))
            }
        }
        return (plans, slots)
    }

    /// Puts each shown pod's position in its box's plan; pods name nodes the dumps may not list, and those
    /// get a placeholder box.
    ///
    /// Returns the pods hidden by the filters and those shown.
    static func placePods(
        _ pods: [Pod], filter: ContentFilter, slots: inout [String: Int], plans: inout [NodePlan]
    ) -> (hidden: Int, shown: Int) {
        let filtersPods = filter.filtersNamespaces || filter.text != nil
        var hidden = 0
        var shown = 0
        // Pods of one node usually come together: skip the hash for a run.
        var lastName: String?
        var lastSlot = 0
        for position in pods.indices {
            if filtersPods {
                let key = pods[position].key
                if filter.filtersNamespaces, !filter.namespaceVisible(key) { hidden += 1; continue }
                if filter.text != nil, !(filter.matches(key) || filter.matches(Self.boxName(of: pods[position]))) {
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
        return (hidden, shown)
    }

    /// Per node, the services its shown pods receive traffic for, from the model's reverse index: `seenOn`
    /// says which node last saw a service and `slotOf` where it sits in that node's list, so nothing is
    /// hashed.
    ///
    /// Returns which services some node box lists.
    static func placeServices(
        _ cluster: Cluster, visible serviceVisible: [Bool], ranks: ServiceRanks, detailed: Bool,
        plans: inout [NodePlan]
    ) -> [Bool] {
        let count = cluster.services.count
        var placed = [Bool](repeating: false, count: count)
        var seenOn = [Int](repeating: -1, count: count)
        var slotOf = [Int](repeating: 0, count: count)
        var ranked: [ServiceLink] = []
        // Only nodes carry ClusterIP panels: a service whose pods all sit in a
        // pseudo box is listed with the services that have no node box.
        for index in plans.indices where plans[index].kind == .node {
            ranked.removeAll(keepingCapacity: true)
            for position in plans[index].pods {
                for link in cluster.serviceLinks(ofPodAt: Int(position)) {
                    let service = link.position
                    guard service >= 0, service < count, serviceVisible[service] else { continue }
                    if seenOn[service] != index {
                        seenOn[service] = index
                        slotOf[service] = ranked.count
                        placed[service] = true
                        ranked.append(link.moved(to: Int(ranks.rank[service])))
                    } else if link.inferred, ranked.indices.contains(slotOf[service]) {
                        ranked[slotOf[service]].markInferred()
                    }
                }
            }
            plans[index].serviceCount = ranked.count
            guard detailed else { continue }
            // A panel shows a handful of lines: only those services are kept, the rest counted.
            ranked.sort()
            plans[index].services = ranked.prefix(NodeContent.serviceCap).compactMap { entry in
                ranks.byRank[checked: entry.position].map(entry.moved(to:))
            }
        }
        return placed
    }

    /// Each box's pods in key order.
    ///
    /// `kubectl get pods -A` lists pods by namespace and name already: a box is sorted only when needed.
    static func sortPods(_ plans: inout [NodePlan], pods: [Pod]) {
        func less(_ a: Int32, _ b: Int32) -> Bool {
            let (x, y) = (Int(a), Int(b))
            guard pods.indices.contains(x), pods.indices.contains(y) else { return false }
            return KeyOrder.less(pods[x].key, pods[y].key)
        }
        for index in plans.indices {
            let positions = plans[index].pods
            if zip(positions, positions.dropFirst()).contains(where: { less($1, $0) }) {
                plans[index].pods.sort(by: less)
            }
        }
    }

    /// Endpoints (or slices, merged per service) whose visible service is not in the input, by service key.
    static func endpointsWithoutService(_ cluster: Cluster, filter: ContentFilter) -> [EndpointSet] {
        var orphans: [ObjectKey: EndpointSet] = [:]
        for set in cluster.endpointSets {
            let service = ObjectKey(namespace: set.key.namespace, name: set.serviceName)
            guard filter.namespaceVisible(service), filter.matches(service), cluster.service(service) == nil
            else { continue }
            if var known = orphans[service] {
                known.addresses += set.addresses
                known.notShownCount += set.notShownCount
                if known.ports.isEmpty { known.ports = set.ports }
                orphans[service] = known
            } else {
                orphans[service] = set
            }
        }
        return orphans.sorted { $0.key < $1.key }.map(\.value)
    }
}
