import ClusterModel

/// A Gateway's data plane as the input shows it: the proxy pods and the
/// Service in front of them.
///
/// Implementations label what they create for a Gateway: GEP-1762's `gateway.networking.k8s.io/gateway-name` (Istio,
/// NGINX Gateway Fabric), Envoy Gateway's `gateway.envoyproxy.io/owning-gateway-name` and `…-namespace` (in
/// envoy-gateway-system), Cilium's `io.cilium.gateway/owning-gateway`.
struct GatewayDataPlane {
    var pods: [Pod] = []
    var service: Service?
    /// How the pods and service were found, for the assumptions.
    var evidence: [String] = []

    static let envoyName = "gateway.envoyproxy.io/owning-gateway-name"
    static let envoyNamespace = "gateway.envoyproxy.io/owning-gateway-namespace"
    static let standardName = "gateway.networking.k8s.io/gateway-name"
    static let ciliumName = "io.cilium.gateway/owning-gateway"

    static func find(_ gateway: Gateway, cluster: Cluster) -> GatewayDataPlane {
        var plane = GatewayDataPlane()
        let name = gateway.key.name, namespace = gateway.key.effectiveNamespace
        plane.pods = cluster.pods.filter { pod in
            guard let labels = pod.labels else { return false }
            if labels[envoyName] == name { return (labels[envoyNamespace] ?? namespace) == namespace }
            let sameNamespace = pod.key.effectiveNamespace == namespace
            return sameNamespace && (labels[standardName] == name || labels[ciliumName] == name)
        }
        if !plane.pods.isEmpty {
            plane.evidence.append("proxy pods found by their Gateway labels (\(envoyName), \(standardName))")
        } else {
            // Envoy Gateway names its proxies envoy-<namespace>-<gateway>-<hash>: a marked guess without labels.
            let prefix = "envoy-\(namespace)-\(name)-"
            plane.pods = cluster.pods.filter { $0.name.hasPrefix(prefix) }
            if !plane.pods.isEmpty {
                plane.evidence.append("proxy pods inferred from Envoy Gateway's naming (\(prefix)…), no labels shown")
            }
        }
        plane.service = service(for: gateway, pods: plane.pods, cluster: cluster, evidence: &plane.evidence)
        return plane
    }

    /// The Service in front of the proxies: the one they back (LoadBalancer first), else the one carrying the
    /// Gateway's address, else one named as implementations name it.
    static func service(
        for gateway: Gateway, pods: [Pod], cluster: Cluster, evidence: inout [String]
    ) -> Service? {
        if let backed = IngressFlow.service(exposing: pods, cluster: cluster) {
            evidence.append("its Service \(backed.key) selects the proxy pods")
            return backed
        }
        let addresses = Set(gateway.addresses.compactMap(IPAddress.init))
        if !addresses.isEmpty,
            let owner = cluster.services.first(where: { !Set($0.externalIPs).isDisjoint(with: addresses) })
        {
            evidence.append("Service \(owner.key) carries the Gateway's address")
            return owner
        }
        let name = gateway.key.name, namespace = gateway.key.effectiveNamespace
        let names = ["cilium-gateway-\(name)"] + (gateway.className.map { ["\(name)-\($0)"] } ?? [])
        if let named = cluster.services.first(where: {
            ($0.key.effectiveNamespace == namespace && names.contains($0.name))
                || $0.name.hasPrefix("envoy-\(namespace)-\(name)-")
        }) {
            evidence.append("Service \(named.key) inferred from the implementation's naming")
            return named
        }
        return nil
    }
}
