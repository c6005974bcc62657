import ClusterModel

/// What goes inside each node box, before any geometry: computed once per
/// layout with dictionaries so that 150,000 pods cost O(n log n).
struct NodeContent {
    var node: Node
    /// Visible pods on this node, sorted by namespace then name.
    var pods: [Pod]
    /// Services with at least one backing pod here, sorted by key.
    var services: [(service: Service, inferred: Bool)]
    /// `172.16.180.0/24`, with `~` when the model guessed it from pod IPs.
    var podRange: String?
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
        // Pods name nodes the dumps may not list: give those a placeholder box.
        var podsByNode: [String: [Pod]] = [:]
        var hidden = 0
        for pod in cluster.pods {
            guard namespaceVisible(pod.key) else { hidden += 1; continue }
            let nodeName = pod.nodeName ?? "(not scheduled)"
            if nodesByName[nodeName] == nil {
                var placeholder = Node(name: nodeName)
                placeholder.isPlaceholder = true
                nodesByName[nodeName] = placeholder
            }
            guard matches(pod.key) || matches(nodeName) else { hidden += 1; continue }
            podsByNode[nodeName, default: []].append(pod)
        }

        var servicesByNode: [String: [(Service, Bool)]] = [:]
        var unplaced: [Service] = []
        var ports = Set<Int>()
        var podNode: [ObjectKey: String] = [:]
        for (nodeName, pods) in podsByNode { for pod in pods { podNode[pod.key] = nodeName } }
        for service in cluster.services {
            guard namespaceVisible(service.key) else { continue }
            if service.type.opensNodePorts {
                for port in service.ports { if let nodePort = port.nodePort { ports.insert(nodePort) } }
            }
            var inferredOn: [String: Bool] = [:]
            for backing in cluster.backing(of: service.key) {
                guard let nodeName = podNode[backing.pod] else { continue }
                let inferred = !backing.evidence.isCertain
                inferredOn[nodeName] = (inferredOn[nodeName] ?? false) || inferred
            }
            if inferredOn.isEmpty {
                if matches(service.key) { unplaced.append(service) }
            } else {
                for (nodeName, inferred) in inferredOn { servicesByNode[nodeName, default: []].append((service, inferred)) }
            }
        }

        var contents: [NodeContent] = []
        contents.reserveCapacity(nodesByName.count)
        for (name, node) in nodesByName {
            let pods = (podsByNode[name] ?? []).sorted { $0.key < $1.key }
            // With a name filter a node without shown pods stays only if its own name
            // matches; a namespace choice alone keeps every node (the cluster's shape stays).
            if filter != nil, pods.isEmpty, !matches(name) { continue }
            let services = (servicesByNode[name] ?? []).sorted { $0.0.key < $1.0.key }.map { (service: $0.0, inferred: $0.1) }
            let range = cluster.podRange(ofNode: name).map { ($0.inferred ? "~" : "") + $0.cidr.description }
            contents.append(NodeContent(node: node, pods: pods, services: services, podRange: range))
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
