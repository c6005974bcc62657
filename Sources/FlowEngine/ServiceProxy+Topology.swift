import ClusterModel

/// The endpoints kube-proxy writes into a service's chain on one node, from the EndpointSlices'
/// conditions and hints (ClusterModel's `EndpointSelection`, kube-proxy's `CategorizeEndpoints`):
/// topology hints narrow the choice, and with no ready endpoint the serving, terminating ones are used.
///
/// Traffic policy `Local` is left to the rules themselves (KUBE-SVL, or the DROP when none is local).
struct TopologyPick {
    /// The endpoints the chain holds, in the engine's form.
    var endpoints: [ServiceEndpoint]
    /// Addresses that are serving but terminating (written only because none is ready).
    var terminating: Set<IPAddress> = []
    /// What narrowed or widened the choice, for the DNAT hop's details.
    var note: String?

    static func pick(
        _ service: Service, ready: [ServiceEndpoint], external: Bool, node: String, cluster: Cluster
    ) -> TopologyPick {
        let addresses = cluster.endpointAddresses(of: service.key)
        let informative = addresses.contains {
            $0.serving != nil || $0.terminating != nil || $0.hintsForZones != nil || $0.hintsForNodes != nil
        }
        let zone = cluster.node(named: node)?.zone
        guard informative else {
            return TopologyPick(endpoints: ready, note: unusedDistribution(service, addresses, node: node, zone: zone))
        }
        let result = EndpointSelection.select(
            addresses, service: service, traffic: external ? .external : .internal, callerNode: node, callerZone: zone)
        let chosen = Set(result.candidates.map(\.ip))
        switch result.reason {
        case .sameNodeHints, .sameZoneHints:
            let narrowed = ready.filter { chosen.contains($0.ip) }
            guard !narrowed.isEmpty else { return TopologyPick(endpoints: ready) }
            let place = result.reason == .sameNodeHints ? "node \(node)" : "zone \(zone ?? "?")"
            return TopologyPick(
                endpoints: narrowed,
                note:
                    "trafficDistribution \(service.trafficDistribution ?? "(hints in the EndpointSlices)"): the "
                    + "EndpointSlice controller hinted \(narrowed.count) of \(ready.count) endpoints for \(place), "
                    + "so kube-proxy on \(node) writes only those into the service chain.")
        case .servingTerminatingFallback:
            let fallback = result.candidates.map {
                ServiceEndpoint(
                    ip: $0.ip, port: $0.port, pod: $0.targetPod, nodeName: $0.nodeName, evidence: .endpoints)
            }
            return TopologyPick(
                endpoints: fallback, terminating: chosen,
                note:
                    "No endpoint of \(service.key) is ready: kube-proxy (1.28+) sends new connections to the "
                    + "\(fallback.count) serving but terminating one\(fallback.count == 1 ? "" : "s") instead of "
                    + "rejecting them, so a rolling update does not drop traffic.")
        default:
            return TopologyPick(endpoints: ready, note: unusedDistribution(service, addresses, node: node, zone: zone))
        }
    }

    /// A `trafficDistribution` that narrowed nothing: why kube-proxy used every ready endpoint
    /// (topology.go uses hints only when every ready endpoint has some and one names this zone), and
    /// the command that shows the hints when the input has none.
    static func unusedDistribution(
        _ service: Service, _ addresses: [EndpointAddress], node: String, zone: String?
    ) -> String? {
        guard let distribution = service.trafficDistribution else { return nil }
        let ready = addresses.filter(EndpointSelection.isReady)
        guard !ready.isEmpty else { return nil }
        let unhinted = ready.filter { ($0.hintsForZones ?? []).isEmpty && ($0.hintsForNodes ?? []).isEmpty }
        let why: String
        if unhinted.count == ready.count {
            why = "the input shows no EndpointSlice hints (kubectl get endpointslices -l "
                + "kubernetes.io/service-name=\(service.name) -n \(service.key.effectiveNamespace) -o yaml shows them)"
        } else if !unhinted.isEmpty {
            why = "\(unhinted.count) of \(ready.count) ready endpoints have no hint, and kube-proxy uses hints "
                + "only when every endpoint has one"
        } else if let zone {
            why = "no ready endpoint is hinted for zone \(zone) or node \(node)"
        } else {
            why = "node \(node)'s zone is unknown (kubectl get nodes -L topology.kubernetes.io/zone)"
        }
        return "trafficDistribution \(distribution) narrowed nothing here: \(why), so kube-proxy on \(node) "
            + "writes all \(ready.count) ready endpoints into the service chain."
    }
}
