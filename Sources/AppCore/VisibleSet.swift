import ClusterModel

/// What passes the `/` filter (part of a name or a namespace) and the `n`
/// namespace choice, as a smaller cluster the diagram is laid out from.
///
/// Namespaces in `hidden` (`--hide-system`) are left out unless one of them is the namespace chosen. Nodes are not
/// namespaced: they stay while they hold a visible pod or match the filter themselves. Flows still run on the whole
/// cluster.
public struct VisibleSet: Sendable {
    public let cluster: Cluster
    public let isFiltered: Bool

    public init(cluster full: Cluster, filter: String, namespace: String?, hidden: Set<String> = []) {
        let needle = filter.lowercased()
        isFiltered = !needle.isEmpty || namespace != nil || !hidden.isEmpty
        guard isFiltered else { cluster = full; return }
        func matches(_ key: ObjectKey) -> Bool {
            if let namespace, key.effectiveNamespace != namespace { return false }
            if namespace == nil, hidden.contains(key.effectiveNamespace) { return false }
            guard !needle.isEmpty else { return true }
            return key.name.lowercased().contains(needle) || key.effectiveNamespace.lowercased().contains(needle)
        }
        var resources = Resources()
        var nodesWithPods = Set<String>()
        for pod in full.resources.pods where matches(pod.key) {
            resources.upsert(pod)
            if let node = pod.nodeName { nodesWithPods.insert(node) }
        }
        for node in full.resources.nodes
        where nodesWithPods.contains(node.name) || (!needle.isEmpty && node.name.lowercased().contains(needle))
            || needle.isEmpty
        {
            resources.upsert(node)
        }
        var services = Set<String>()
        for service in full.resources.services where matches(service.key) {
            resources.upsert(service)
            services.insert(service.name)
        }
        for set in full.resources.endpoints where services.contains(set.serviceName) { resources.upsert(set) }
        for ingress in full.resources.ingresses where matches(ingress.key) { resources.upsert(ingress) }
        for workload in full.resources.workloads where matches(workload.key) { resources.upsert(workload) }
        cluster = Cluster(resources: resources, diagnostics: full.diagnostics)
    }
}
