import ClusterModel

/// What changed between two dumps of one cluster, as data: the text and JSON
/// renderings, the diff command's exit status and any highlighting are all
/// made from these values, never from each other.

/// One object's change: it appeared, went away, or some of its fields differ.
public enum ChangeKind: String, Sendable, Hashable, Codable {
    case added, removed, changed
}

/// One field that differs, both values as text (nil when the side does not have it).
public struct FieldChange: Sendable, Hashable, Codable {
    /// The field that changed: `node`, `ip`, `status`, `ready`, `type`, `ports` and the like.
    public var field: String
    public var before: String?
    public var after: String?
    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// A node that appeared, went away or changed (readiness, IPs, cordon).
public typealias NodeChange = NamedChange
/// A namespace that appeared, went away or got other labels: namespaceSelectors read those labels,
/// so a relabel changes what policies allow without any policy changing.
public typealias NamespaceChange = NamedChange

/// A cluster-scoped object known by its name alone (a node, a namespace) and its change.
public struct NamedChange: Sendable, Hashable, Codable {
    public var name: String
    public var change: ChangeKind
    public var fields: [FieldChange]
    public init(name: String, change: ChangeKind, fields: [FieldChange] = []) {
        self.name = name
        self.change = change
        self.fields = fields
    }
}

/// A pod that appeared, went away, moved to another node, got another IP or status.
public struct PodChange: Sendable, Hashable, Codable {
    public var pod: ObjectKey
    public var change: ChangeKind
    /// For added/removed pods: the pod's node, IP and status on the side it is on.
    public var fields: [FieldChange]
    public init(pod: ObjectKey, change: ChangeKind, fields: [FieldChange] = []) {
        self.pod = pod
        self.change = change
        self.fields = fields
    }
    /// True when the pod runs on another node after (a reschedule, a drain).
    public var movedNode: Bool { fields.contains { $0.field == "node" && $0.before != nil && $0.after != nil } }
}

/// A service that appeared, went away, or whose type, IPs, ports, selector or policies changed.
public struct ServiceChange: Sendable, Hashable, Codable {
    public var service: ObjectKey
    public var change: ChangeKind
    public var fields: [FieldChange]
    public init(service: ObjectKey, change: ChangeKind, fields: [FieldChange] = []) {
        self.service = service
        self.change = change
        self.fields = fields
    }
}

/// The addresses behind a service that kube-proxy would send to: gained and lost ones.
public struct EndpointChange: Sendable, Hashable, Codable {
    public var service: ObjectKey
    /// `ip:port` (with the pod's name when known), in the order they were listed.
    public var gained: [String]
    public var lost: [String]
    /// True when a side's endpoints were guessed from names (no Endpoints listing, no labels).
    public var guessed: Bool
    public init(service: ObjectKey, gained: [String], lost: [String], guessed: Bool = false) {
        self.service = service
        self.gained = gained
        self.lost = lost
        self.guessed = guessed
    }
}

/// A request whose path differs: the flow that would show it and a sentence.
public struct PathChange: Sendable, Hashable, Codable {
    /// `nodeport:ns/web`: what `kubehops explain --flow` takes to replay it.
    public var flow: String
    /// How many endpoints the service's traffic could reach, before and after (nil: the service is not on that side).
    public var endpointsBefore: Int?
    public var endpointsAfter: Int?
    /// `nodeport:ns/web now reaches 2 pods instead of 3`.
    public var summary: String
    public init(flow: String, endpointsBefore: Int?, endpointsAfter: Int?, summary: String) {
        self.flow = flow
        self.endpointsBefore = endpointsBefore
        self.endpointsAfter = endpointsAfter
        self.summary = summary
    }
}
