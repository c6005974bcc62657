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

    /// Every pod that receives traffic, once, as `position << 1 | inferred`
    /// (whether the link was guessed): the reverse index is built from it.
    func podLinks(podPosition: (ObjectKey) -> Int?) -> [Int32] {
        if source == .endpoints {
            // Several addresses (ports) of one pod: its first link counts.
            var seen = Set<Int32>()
            return listed.compactMap { endpoint in
                guard let position = endpoint.pod.flatMap(podPosition).map({ Int32(truncatingIfNeeded: $0) }),
                    seen.insert(position).inserted
                else { return nil }
                return position << 1 | (endpoint.evidence.isCertain ? 0 : 1)
            }
        }
        // Selector matches name each pod once already.
        let inferred: Int32 = evidence.isCertain ? 0 : 1
        return selected.map { $0 << 1 | inferred }
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
