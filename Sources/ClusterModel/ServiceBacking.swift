/// How we know that a pod backs a service.
///
/// Inferred links are shown as such.
public enum BackingEvidence: String, Sendable, Hashable, Codable {
    /// Listed in the service's Endpoints or EndpointSlices: certain.
    case endpoints
    /// The service selector matches the pod's labels: certain.
    case selectorLabels
    /// The selector value matches the pod's name or owner name (`app=nginx`,
    /// pod `nginx-deployment-…`): a guess, because labels were not in the input.
    case nameInferred

    public var isCertain: Bool { self != .nameInferred }
}

public struct Backing: Sendable, Hashable, Codable {
    public var pod: ObjectKey
    public var evidence: BackingEvidence
    public init(pod: ObjectKey, evidence: BackingEvidence) { self.pod = pod; self.evidence = evidence }
}

/// One address kube-proxy would send a service's traffic to.
///
/// Kept apart from `Backing` because an Endpoints dump can list addresses whose pods the input never showed, and the
/// flow still needs them.
public struct ServiceEndpoint: Sendable, Hashable, Codable {
    public var ip: IPAddress
    /// The port on the pod, when the input says (Endpoints list it; else the
    /// service's numeric targetPort, or its port when targetPort is unknown).
    public var port: Int?
    public var pod: ObjectKey?
    public var nodeName: String?
    public var evidence: BackingEvidence

    public init(ip: IPAddress, port: Int?, pod: ObjectKey?, nodeName: String?, evidence: BackingEvidence) {
        self.ip = ip; self.port = port; self.pod = pod; self.nodeName = nodeName; self.evidence = evidence
    }

    public var address: String { ip.withPort(port) }
}

/// Everything known about what stands behind a service, with the reasons,
/// so that broken wiring (no endpoints, a selector matching nothing, pods
/// left out because they are not ready) can be explained rather than drawn
/// as an empty box.
public struct ServiceBackingInfo: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        /// An Endpoints/EndpointSlice listing was in the input.
        case endpoints
        /// No listing; pods matched by selector ↔ labels.
        case selectorLabels
        /// No listing, no labels; pods matched by selector value ↔ pod/owner name.
        case nameInferred
        /// The service has no selector (`<none>`): endpoints are managed by hand, and none were listed.
        case noSelector
        /// Nothing says which pods back it (no endpoints, selector unknown).
        case unknown
    }

    /// Ready addresses, in the order they were listed (endpoints) or the pods' order.
    public var endpoints: [ServiceEndpoint] = []
    public var source: Source = .unknown
    /// Pods the selector matches that are left out because they are not ready.
    public var notReadyPods: [ObjectKey] = []
    /// The selector matched pods in no way at all (labels or names).
    public var selectorMatchesNothing = false
    /// kubectl's `+ N more...`: endpoints that exist but were not printed.
    public var notShownCount = 0

    public init() {}
}

extension Pod {
    /// Would the endpoints controller count it as ready? A text dump shows
    /// READY `1/1` and STATUS; anything not fully ready and Running is left out.
    public var isReadyForTraffic: Bool {
        if let ready, !ready.isAllReady { return false }
        return status == "Running"
    }
}
