/// kube-proxy's `CategorizeEndpoints` (pkg/proxy/topology.go) without topology hints: which
/// endpoints the Cluster and Local policy chains use on one node.
struct EndpointCategories {
    /// Ready endpoints, or serving-terminating ones when none is ready anywhere.
    var cluster: [EndpointSpec] = []
    /// This node's ready endpoints, or its serving-terminating ones when none is ready.
    var local: [EndpointSpec] = []
    /// Every endpoint a chain jumps to: one KUBE-SEP each.
    var reachable: [EndpointSpec] = []
    /// Some endpoint anywhere is usable: kube-proxy writes nat rules for the service.
    var hasAny = false

    init(port: ServicePortSpec, endpoints: [EndpointSpec], nodeName: String) {
        let sorted = Self.byHostPort(endpoints)
        let usesCluster =
            !port.internalTrafficPolicyLocal
            || (port.isExternallyAccessible && !port.externalTrafficPolicyLocal)
        let usesLocal =
            port.internalTrafficPolicyLocal
            || (port.isExternallyAccessible && port.externalTrafficPolicyLocal)
        if usesCluster {
            cluster = sorted.filter(\.ready)
            if cluster.isEmpty { cluster = sorted.filter { $0.serving && $0.terminating } }
            hasAny = !cluster.isEmpty
        }
        guard usesLocal else {
            reachable = cluster
            return
        }
        let isLocal = { (endpoint: EndpointSpec) in endpoint.nodeName == nodeName }
        if sorted.contains(where: { $0.ready || ($0.serving && $0.terminating) }) { hasAny = true }
        local = sorted.filter { isLocal($0) && $0.ready }
        if local.isEmpty { local = sorted.filter { isLocal($0) && $0.serving && $0.terminating } }
        guard usesCluster else {
            reachable = local
            return
        }
        var seen = Set(cluster.map(\.hostPort))
        reachable = cluster
        for endpoint in local where seen.insert(endpoint.hostPort).inserted { reachable.append(endpoint) }
        reachable = Self.byHostPort(reachable)
    }

    /// Sorted by `ip:port` as kube-proxy sorts its endpoint strings, each string made once (not once per
    /// comparison: at 150,000 endpoints the address parsing was most of `kubehops rules`' time).
    static func byHostPort(_ endpoints: [EndpointSpec]) -> [EndpointSpec] {
        endpoints.map { ($0.hostPort, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
