/// ClusterNetworkPolicy (policy.networking.k8s.io v1alpha2, and v1alpha1 AdminNetworkPolicy /
/// BaselineAdminNetworkPolicy read as its tiers) as records: the Admin tier before NetworkPolicy, the
/// Baseline tier after. They hold what the input said; `PolicyVerdicts` decides what they allow.

public enum PolicyTier: String, Sendable, Hashable, Codable {
    /// Before NetworkPolicy: its Accept and Deny are final.
    case admin = "Admin"
    /// After NetworkPolicy, for pods no NetworkPolicy isolates.
    case baseline = "Baseline"
}

public enum ClusterPolicyAction: String, Sendable, Hashable, Codable {
    /// v1alpha1's `Allow`.
    case accept = "Accept"
    case deny = "Deny"
    /// Skips the rest of the tier: the next tier decides.
    case pass = "Pass"
}

/// Which pods a cluster policy applies to, or a rule's pod/namespace peer:
/// pods in namespaces matching `namespaces`, and matching `pods` when given.
public struct ClusterPodSelection: Sendable, Hashable, Codable, CustomStringConvertible {
    public var namespaces: LabelSelector
    /// nil: every pod of those namespaces.
    public var pods: LabelSelector?
    public init(namespaces: LabelSelector, pods: LabelSelector? = nil) {
        self.namespaces = namespaces; self.pods = pods
    }

    public var description: String {
        pods.map { "pods \($0) in namespaces \(namespaces)" } ?? "namespaces \(namespaces)"
    }
}

public enum ClusterPolicyPeer: Sendable, Hashable, Codable {
    case pods(ClusterPodSelection)
    /// Egress only: node IPs of nodes whose labels match.
    case nodes(LabelSelector)
    /// CIDRs (egress in v1alpha2; both ways in v1alpha1's `networks`).
    case networks([IPRange])
    /// Egress Accept only; kubehops cannot resolve names, so it never matches an address.
    case domainNames([String])
    /// A peer kubehops could not read: "fail closed" per the API (Accept
    /// matches nothing, Deny/Pass match everything).
    case unreadable
}

/// A destination match: a protocol (any port or a range), or a container port name (any protocol).
public enum ClusterPolicyPort: Sendable, Hashable, Codable, CustomStringConvertible {
    case range(protocol: String, start: Int?, end: Int?)
    case named(String)

    public var description: String {
        switch self {
        case .named(let name): "port \(name)"
        case .range(let proto, nil, _): "any \(proto) port"
        case .range(let proto, let start?, let end):
            end.map { $0 != start ? "\(start)-\($0)/\(proto)" : "\(start)/\(proto)" }
                ?? "\(start)/\(proto)"
        }
    }
}

public struct ClusterPolicyRule: Sendable, Hashable, Codable {
    public var name: String?
    public var action: ClusterPolicyAction
    public var peers: [ClusterPolicyPeer]
    /// Empty: every port and protocol.
    public var ports: [ClusterPolicyPort]
    public init(
        name: String? = nil, action: ClusterPolicyAction, peers: [ClusterPolicyPeer], ports: [ClusterPolicyPort] = []
    ) {
        self.name = name; self.action = action; self.peers = peers; self.ports = ports
    }
}

public struct ClusterNetworkPolicy: Sendable, Hashable, Codable {
    public var name: String
    public var tier: PolicyTier
    /// 0–1000, lower first; the v1alpha1 BaselineAdminNetworkPolicy has none (0).
    public var priority: Int
    public var subject: ClusterPodSelection
    public var ingress: [ClusterPolicyRule] = []
    public var egress: [ClusterPolicyRule] = []
    /// `ClusterNetworkPolicy`, or the v1alpha1 kind it was read from.
    public var sourceKind: String
    public var origin: SourceLocation?

    public init(
        name: String, tier: PolicyTier, priority: Int, subject: ClusterPodSelection,
        sourceKind: String = "ClusterNetworkPolicy"
    ) {
        self.name = name; self.tier = tier; self.priority = priority; self.subject = subject;
        self.sourceKind = sourceKind
    }

    public func rules(_ direction: PolicyDirection) -> [ClusterPolicyRule] {
        direction == .ingress ? ingress : egress
    }
}

// MARK: JSON as scripts read it (`kubehops parse --format json`): the API's own words, no Swift enum shapes

extension ClusterPolicyPeer {
    /// `{"pods": {…}}`, `{"nodes": {…}}`, `{"networks": ["10.0.0.0/8"]}`, `{"domainNames": […]}`
    /// or `{"unreadable": true}`: one key naming the peer's kind, as the API's peer objects have.
    private enum Key: String, CodingKey { case pods, nodes, networks, domainNames, unreadable }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let pods = try container.decodeIfPresent(ClusterPodSelection.self, forKey: .pods) {
            self = .pods(pods)
        } else if let nodes = try container.decodeIfPresent(LabelSelector.self, forKey: .nodes) {
            self = .nodes(nodes)
        } else if let networks = try container.decodeIfPresent([IPRange].self, forKey: .networks) {
            self = .networks(networks)
        } else if let names = try container.decodeIfPresent([String].self, forKey: .domainNames) {
            self = .domainNames(names)
        } else {
            self = .unreadable
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .pods(let selection): try container.encode(selection, forKey: .pods)
        case .nodes(let selector): try container.encode(selector, forKey: .nodes)
        case .networks(let ranges): try container.encode(ranges, forKey: .networks)
        case .domainNames(let names): try container.encode(names, forKey: .domainNames)
        case .unreadable: try container.encode(true, forKey: .unreadable)
        }
    }
}

extension ClusterPolicyPort {
    /// `{"protocol": "TCP", "port": 80, "endPort": 80}`, `{"protocol": "TCP", "port": 8000, "endPort": 9000}`,
    /// `{"protocol": "UDP"}` (every port) or `{"name": "http"}`: the API's portNumber (its port twice, as read),
    /// portRange and namedPort.
    private enum Key: String, CodingKey { case `protocol`, port, endPort, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .name) {
            self = .named(name)
            return
        }
        self = .range(
            protocol: try container.decode(String.self, forKey: .protocol),
            start: try container.decodeIfPresent(Int.self, forKey: .port),
            end: try container.decodeIfPresent(Int.self, forKey: .endPort))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .named(let name): try container.encode(name, forKey: .name)
        case .range(let proto, let start, let end):
            try container.encode(proto, forKey: .protocol)
            try container.encodeIfPresent(start, forKey: .port)
            try container.encodeIfPresent(end, forKey: .endPort)
        }
    }
}
