import ClusterModel

/// The objects that pass the `/` filter and the `n` namespace choice. Nodes
/// are not namespaced: they stay visible while they hold a visible pod or
/// match the filter themselves.
public struct VisibleSet: Sendable {
    public private(set) var nodes: [String] = []
    public private(set) var pods: Set<ObjectKey> = []
    public private(set) var services: Set<ObjectKey> = []
    private var nodeSet: Set<String> = []

    public init(cluster: Cluster, filter: String, namespace: String?) {
        let needle = filter.lowercased()
        func matches(_ key: ObjectKey) -> Bool {
            if let namespace, key.effectiveNamespace != namespace { return false }
            guard !needle.isEmpty else { return true }
            return key.name.lowercased().contains(needle) || key.effectiveNamespace.lowercased().contains(needle)
        }
        var nodesWithPods = Set<String>()
        for pod in cluster.pods where matches(pod.key) {
            pods.insert(pod.key)
            if let node = pod.nodeName { nodesWithPods.insert(node) }
        }
        for service in cluster.services where matches(service.key) { services.insert(service.key) }
        let filtering = !needle.isEmpty || namespace != nil
        for node in cluster.nodes {
            let nameMatches = !needle.isEmpty && node.name.lowercased().contains(needle)
            if !filtering || nameMatches || nodesWithPods.contains(node.name) || (namespace != nil && needle.isEmpty) {
                nodes.append(node.name)
            }
        }
        nodeSet = Set(nodes)
    }

    public func contains(_ object: ObjectRef) -> Bool {
        switch object {
        case .node(let name): nodeSet.contains(name)
        case .pod(let key): pods.contains(key)
        case .service(let key): services.contains(key)
        }
    }
}
