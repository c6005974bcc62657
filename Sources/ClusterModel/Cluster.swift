/// How we know that a pod backs a service. Inferred links are shown as such.
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

/// The cluster as kubehops understands it: records plus what was inferred
/// (placeholder nodes, owners, pod CIDRs, which pods back which service).
/// STUB: the model work fills in the inference; the API is the contract.
public struct Cluster: Sendable {
    public private(set) var resources: Resources
    public private(set) var diagnostics: [Diagnostic]

    public init(resources: Resources, diagnostics: [Diagnostic] = []) {
        self.resources = resources
        self.diagnostics = diagnostics
    }

    public var nodes: [Node] { resources.nodes }
    public var pods: [Pod] { resources.pods }
    public var services: [Service] { resources.services }
    public var ingresses: [Ingress] { resources.ingresses }

    public func pods(onNode name: String) -> [Pod] { pods.filter { $0.nodeName == name } }
    public func backing(of service: ObjectKey) -> [Backing] { [] }
}
