import ClusterModel

/// What goes inside each node box, before any geometry: computed once per
/// layout with dictionaries so that 150,000 pods cost O(n log n).
struct NodeContent {
    var node: Node
    /// Visible pods on this node, sorted by namespace then name.
    var pods: [Pod]
    /// Services with at least one backing pod here, sorted by key; at most
    /// `serviceCap` of them (more never fit a panel), `serviceCount` in all.
    var services: [(service: Service, inferred: Bool)]
    var serviceCount: Int
    /// `172.16.180.0/24`, with `~` when the model guessed it from pod IPs.
    var podRange: String?
}

extension NodeContent {
    static let serviceCap = 64
}

struct ContentIndex {
    var nodes: [NodeContent]
    /// NodePorts opened on every node (NodePort and LoadBalancer services).
    var nodePorts: [Int]
    /// Visible services that no shown pod backs.
    var unplacedServices: [Service]
    var hiddenPodCount: Int

    init(cluster: Cluster, options: LayoutOptions) {
        let filter = options.nameFilter.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        func namespaceVisible(_ key: ObjectKey) -> Bool {
            if let only = options.onlyNamespace, key.effectiveNamespace != only { return false }
            return !options.hiddenNamespaces.contains(key.effectiveNamespace)
        }
        func matches(_ name: String) -> Bool { filter.map { name.lowercased().contains($0) } ?? true }
        func matches(_ key: ObjectKey) -> Bool { matches(key.name) || matches(key.effectiveNamespace) }

        var nodesByName: [String: Node] = [:]
        for node in cluster.nodes { nodesByName[node.name] = node }
        let services = cluster.services
        let serviceVisible = services.map { namespaceVisible($0.key) }
        // Pods name nodes the dumps may not list: give those a placeholder box.
        var podsByNode: [String: [Pod]] = [:]
        // Per node, the services its shown pods receive traffic for (by
        // position), and whether any of those links was guessed. Built from
        // the model's reverse index: one pass over pods, no per-service search.
        var linksByNode: [String: [Int: Bool]] = [:]
        var hidden = 0
        for (position, pod) in cluster.pods.enumerated() {
            guard namespaceVisible(pod.key) else { hidden += 1; continue }
            let nodeName = pod.nodeName ?? "(not scheduled)"
            if nodesByName[nodeName] == nil {
                var placeholder = Node(name: nodeName)
                placeholder.isPlaceholder = true
                nodesByName[nodeName] = placeholder
            }
            guard matches(pod.key) || matches(nodeName) else { hidden += 1; continue }
            podsByNode[nodeName, default: []].append(pod)
            for link in cluster.serviceLinks(ofPodAt: position) where serviceVisible[checked: link.service] == true {
                linksByNode[nodeName, default: [:]][link.service, default: false] = linksByNode[nodeName]?[link.service] == true || link.inferred
            }
        }

        var placed = [Bool](repeating: false, count: services.count)
        for links in linksByNode.values { for position in links.keys where placed.indices.contains(position) { placed[position] = true } }
        var unplaced: [Service] = []
        var ports = Set<Int>()
        for (position, service) in services.enumerated() where serviceVisible[checked: position] == true {
            if service.type.opensNodePorts {
                for port in service.ports { if let nodePort = port.nodePort { ports.insert(nodePort) } }
            }
            if placed[checked: position] != true, matches(service.key) { unplaced.append(service) }
        }
        // Services in key order, ranked once so that each node sorts integers.
        var rank = [Int](repeating: 0, count: services.count)
        for (order, position) in services.indices.sorted(by: { services[$0].key < services[$1].key }).enumerated() {
            rank[position] = order
        }

        var contents: [NodeContent] = []
        contents.reserveCapacity(nodesByName.count)
        for (name, node) in nodesByName {
            let pods = (podsByNode[name] ?? []).sorted { $0.key < $1.key }
            // With a name filter a node without shown pods stays only if its own name
            // matches; a namespace choice alone keeps every node (the cluster's shape stays).
            if filter != nil, pods.isEmpty, !matches(name) { continue }
            let links = (linksByNode[name] ?? [:]).sorted { rank[checked: $0.key] ?? 0 < rank[checked: $1.key] ?? 0 }
            // A panel shows a handful of lines: only those services are copied, the rest counted.
            let shown = links.prefix(NodeContent.serviceCap).compactMap { link in
                services[checked: link.key].map { (service: $0, inferred: link.value) }
            }
            let range = cluster.podRange(ofNode: name).map { ($0.inferred ? "~" : "") + $0.cidr.description }
            contents.append(NodeContent(node: node, pods: pods, services: shown, serviceCount: links.count, podRange: range))
        }
        contents.sort { $0.node.name < $1.node.name }
        nodes = contents
        nodePorts = ports.sorted()
        unplacedServices = unplaced.sorted { $0.key < $1.key }
        hiddenPodCount = hidden
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
