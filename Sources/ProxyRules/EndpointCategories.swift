/// kube-proxy's `CategorizeEndpoints` (pkg/proxy/topology.go) without topology hints: which
/// endpoints the Cluster and Local policy chains use on one node.
struct EndpointCategories {
    /// Ready endpoints, or serving-terminating ones when none is ready anywhere.
    var cluster: [EndpointSpec] = []
    /// This node's ready endpoints, or its serving-terminating ones when none is ready.
    var local: [EndpointSpec] = []
    /// Every endpoint a chain jumps to: one KUBE-SEP each.
    var reachable: [EndpointSpec] = []
    /// The `hostPort` of each endpoint of `cluster`, `local` and `reachable`, in their order: made once.
    var clusterHostPorts: [String] = []
    var localHostPorts: [String] = []
    var reachableHostPorts: [String] = []
    /// Some endpoint anywhere is usable: kube-proxy writes nat rules for the service.
    var hasAny = false
    /// Which list `reachable` is: one of the two, or both merged (a port used by both policies).
    private var reachableIs = Origin.cluster

    private enum Origin { case cluster, local, merged }
    private typealias Keyed = [(hostPort: String, endpoint: EndpointSpec)]

    init(port: ServicePortSpec, endpoints: [EndpointSpec], nodeName: String) {
        let sorted = Self.keyedByHostPort(endpoints)
        let usesCluster =
            !port.internalTrafficPolicyLocal
            || (port.isExternallyAccessible && !port.externalTrafficPolicyLocal)
        let usesLocal =
            port.internalTrafficPolicyLocal
            || (port.isExternallyAccessible && port.externalTrafficPolicyLocal)
        var cluster: Keyed = []
        if usesCluster {
            cluster = sorted.filter(\.endpoint.ready)
            if cluster.isEmpty { cluster = sorted.filter { $0.endpoint.serving && $0.endpoint.terminating } }
            hasAny = !cluster.isEmpty
        }
        (self.cluster, clusterHostPorts) = (cluster.map(\.endpoint), cluster.map(\.hostPort))
        guard usesLocal else {
            (reachable, reachableHostPorts) = (self.cluster, clusterHostPorts)
            return
        }
        let isLocal = { (endpoint: EndpointSpec) in endpoint.nodeName == nodeName }
        if sorted.contains(where: { $0.endpoint.ready || ($0.endpoint.serving && $0.endpoint.terminating) }) {
            hasAny = true
        }
        var local = sorted.filter { isLocal($0.endpoint) && $0.endpoint.ready }
        if local.isEmpty {
            local = sorted.filter { isLocal($0.endpoint) && $0.endpoint.serving && $0.endpoint.terminating }
        }
        (self.local, localHostPorts) = (local.map(\.endpoint), local.map(\.hostPort))
        guard usesCluster else {
            (reachable, reachableHostPorts, reachableIs) = (self.local, localHostPorts, .local)
            return
        }
        var seen = Set(clusterHostPorts)
        var merged = cluster
        for pair in local where seen.insert(pair.hostPort).inserted { merged.append(pair) }
        merged.sort { $0.hostPort < $1.hostPort }
        (reachable, reachableHostPorts, reachableIs) = (merged.map(\.endpoint), merged.map(\.hostPort), .merged)
    }

    /// Values made once per reachable endpoint (`forReachable`, in `reachable`'s order), for the endpoints of
    /// `cluster` (local: false) or `local`, in that list's order.
    func values<Value>(_ forReachable: [Value], local: Bool) -> [Value] {
        guard forReachable.count == reachable.count else { return [] }
        switch (reachableIs, local) {
        case (.cluster, false), (.local, true): return forReachable
        case (.cluster, true), (.local, false): return []
        case (.merged, _):
            var position: [String: Int] = [:]
            for (index, hostPort) in reachableHostPorts.enumerated() where position[hostPort] == nil {
                position[hostPort] = index
            }
            return (local ? localHostPorts : clusterHostPorts).map { forReachable[position[$0] ?? 0] }
        }
    }

    /// Sorted by `ip:port` as kube-proxy sorts its endpoint strings, each string made once (not once per
    /// comparison: at 150,000 endpoints the address parsing was most of `kubehops rules`' time).
    private static func keyedByHostPort(_ endpoints: [EndpointSpec]) -> Keyed {
        endpoints.map { ($0.hostPort, $0) }.sorted { $0.0 < $1.0 }
    }
}
