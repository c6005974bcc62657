/// A service's backing as computed at build time, kept compact (pod
/// positions, not copies) because a big cluster has millions of links;
/// `ServiceBackingInfo` is made from it on demand.
struct StoredBacking: Sendable {
    var source: ServiceBackingInfo.Source = .unknown
    /// Endpoints listed by Endpoints/EndpointSlices (ready ones).
    var listed: [ServiceEndpoint] = []
    /// Every listed address with its conditions (ready, serving, terminating, zone, hints), for
    /// `EndpointSelection`; empty when nothing was listed.
    var addresses: [EndpointAddress] = []
    /// Ready pods picked by the selector (no listing), by position in `Cluster.pods`.
    var selected: [Int32] = []
    var evidence: BackingEvidence = .selectorLabels
    /// The pod port for selector-picked pods.
    var port: Int?
    var notReady: [Int32] = []
    var selectorMatchesNothing = false
    var notShownCount = 0

    /// Every pod that receives traffic, once, by position in `Cluster.pods`: the reverse index is built from it.
    func podLinks(podPosition: (ObjectKey) -> Int?) -> [ServiceLink] {
        if source == .endpoints {
            // Several addresses (ports) of one pod: its first link counts.
            var seen = Set<Int>()
            return listed.compactMap { endpoint in
                guard let position = endpoint.pod.flatMap(podPosition), seen.insert(position).inserted else {
                    return nil
                }
                return ServiceLink(position: position, inferred: !endpoint.evidence.isCertain)
            }
        }
        // Selector matches name each pod once already.
        let inferred = !evidence.isCertain
        return selected.map { ServiceLink(position: Int($0), inferred: inferred) }
    }

    func info(pods: [Pod]) -> ServiceBackingInfo {
        var info = ServiceBackingInfo()
        info.source = source
        info.selectorMatchesNothing = selectorMatchesNothing
        info.notShownCount = notShownCount
        info.notReadyPods = notReady.compactMap { pods[checked: Int($0)]?.key }
        if source == .endpoints {
            info.endpoints = listed
        } else {
            info.endpoints = selected.compactMap { position in
                guard let pod = pods[checked: Int(position)], let ip = pod.ips.first else { return nil }
                return ServiceEndpoint(ip: ip, port: port, pod: pod.key, nodeName: pod.nodeName, evidence: evidence)
            }
        }
        return info
    }

    func backing(pods: [Pod]) -> [Backing] {
        if source == .endpoints {
            var seen = Set<ObjectKey>()
            return listed.compactMap { endpoint in
                guard let pod = endpoint.pod, seen.insert(pod).inserted else { return nil }
                return Backing(pod: pod, evidence: endpoint.evidence)
            }
        }
        return selected.compactMap { pods[checked: Int($0)].map { Backing(pod: $0.key, evidence: evidence) } }
    }
}
