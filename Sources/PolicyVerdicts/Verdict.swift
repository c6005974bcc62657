import ClusterModel

/// One end of a connection as policies see it: a pod (by its IP after
/// DNAT), a node address, or an address outside the cluster.
public struct PolicyEndpoint: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable { case pod, node, external }
    public var kind: Kind
    /// `ns/pod`, the node's name, or the address.
    public var name: String
    /// The pod's namespace (`default` when the input did not print one).
    public var namespace: String?
    /// Pod labels (nil: the input did not show them), or the node's labels.
    public var labels: [String: String]?
    public var ip: IPAddress?
    /// A host-network pod: policies do not select it, and as a peer it is its node's address.
    public var hostNetwork = false
    public var nodeName: String?
    public var containerPorts: [ContainerPort] = []
    /// The equivalence class in a matrix computation (−1: none).
    var classID = -1

    public init(
        kind: Kind, name: String, namespace: String? = nil, labels: [String: String]? = nil, ip: IPAddress? = nil
    ) {
        self.kind = kind; self.name = name; self.namespace = namespace; self.labels = labels; self.ip = ip
    }

    public static func pod(_ pod: Pod, hostNetwork: Bool? = nil) -> PolicyEndpoint {
        var endpoint = PolicyEndpoint(
            kind: .pod, name: "\(pod.key.effectiveNamespace)/\(pod.name)",
            namespace: pod.key.effectiveNamespace, labels: pod.labels, ip: pod.ips.first)
        endpoint.hostNetwork = hostNetwork ?? (pod.hostNetwork ?? false)
        endpoint.nodeName = pod.nodeName
        endpoint.containerPorts = pod.containerPorts
        return endpoint
    }

    public static func node(_ node: Node, ip: IPAddress? = nil) -> PolicyEndpoint {
        var endpoint = PolicyEndpoint(
            kind: .node, name: node.name, labels: node.labels, ip: ip ?? node.internalIPs.first)
        endpoint.nodeName = node.name
        return endpoint
    }

    public static func external(_ ip: IPAddress) -> PolicyEndpoint {
        PolicyEndpoint(kind: .external, name: ip.text, ip: ip)
    }

    /// Whether policies can select this endpoint as their subject.
    public var isSelectablePod: Bool { kind == .pod && !hostNetwork }
}

/// The destination port of a connection.
public struct PortQuery: Sendable, Hashable, Codable, CustomStringConvertible {
    public var port: Int
    public var `protocol`: String
    public init(port: Int, protocol: String = "TCP") { self.port = port; self.protocol = `protocol`.uppercased() }
    public var description: String { "\(port)/\(`protocol`)" }
}

public enum Verdict: String, Sendable, Hashable, Codable {
    case allowed, denied
    /// A policy that selects the pod was read from a table: its rules are not known.
    case unknown
}

/// Which tier decided a direction.
public enum DecidingTier: String, Sendable, Hashable, Codable {
    case admin = "Admin"
    case networkPolicy = "NetworkPolicy"
    case baseline = "Baseline"
    /// No policy in any tier selected the pod for this direction (or none matched): allowed.
    case none = "none"
}

/// A policy and, where one rule decided, that rule's index (0-based, as in `spec.ingress[0]`).
public struct PolicyRuleRef: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case networkPolicy = "NetworkPolicy", clusterNetworkPolicy = "ClusterNetworkPolicy"
    }
    public var kind: Kind
    /// `ns/name` for a NetworkPolicy, the name for a cluster policy.
    public var name: String
    public var ruleIndex: Int?
    public var ruleName: String?
    public init(kind: Kind, name: String, ruleIndex: Int? = nil, ruleName: String? = nil) {
        self.kind = kind; self.name = name; self.ruleIndex = ruleIndex; self.ruleName = ruleName
    }

    public var description: String {
        var text = kind == .networkPolicy ? "NetworkPolicy \(name)" : "ClusterNetworkPolicy \(name)"
        if let ruleIndex { text += " rule \(ruleIndex)" }
        if let ruleName { text += " (\(ruleName))" }
        return text
    }
}

/// What one tier did with a direction: the walkthrough, as data.
public struct TierStep: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The tier decided (see `verdict`).
        case decided
        /// An Admin/Baseline rule said Pass: the next tier decides.
        case passed
        /// Policies of this tier select the pod but none of their rules matched (Admin/Baseline): on to the next tier.
        case noMatch
        /// No policy of this tier selects the pod for this direction.
        case notSelected
    }
    public var tier: DecidingTier
    public var outcome: Outcome
    public var verdict: Verdict?
    /// The policies the tier consulted (selecting the pod) and the rules that matched.
    public var policies: [PolicyRuleRef]
    public var text: String
}

/// The verdict for one direction: the source's egress or the destination's ingress.
public struct DirectionVerdict: Sendable, Hashable, Codable {
    public var direction: PolicyDirection
    /// The pod whose policies were consulted.
    public var pod: String
    public var verdict: Verdict
    public var decidedBy: DecidingTier
    /// The policies that decided: the allowing rules (a union), the isolating
    /// policies when nothing allowed, or the one cluster-policy rule.
    public var deciding: [PolicyRuleRef]
    public var steps: [TierStep]
    /// Assumptions and limits of the input (unknown labels, unknown rules).
    public var notes: [String]
}

/// A connection's verdict: both directions must allow it; replies of an allowed connection pass.
public struct ConnectionVerdict: Sendable, Hashable, Codable {
    public var source: String
    public var destination: String
    public var port: String
    /// nil when the source is not a pod policies can select (outside, a node, host network).
    public var egress: DirectionVerdict?
    public var ingress: DirectionVerdict?
    /// The effective verdict: what the cluster does (allowed when the CNI enforces no policy).
    public var verdict: Verdict
    public var enforcement: PolicyEnforcement
    public var notes: [String]

    public var allowed: Bool { verdict == .allowed }

    /// What the policies decide, whether or not the CNI enforces them.
    public var policyVerdict: Verdict {
        let sides = [egress?.verdict, ingress?.verdict].compactMap { $0 }
        if sides.contains(.denied) { return .denied }
        if sides.contains(.unknown) { return .unknown }
        return .allowed
    }

    /// The direction that stopped the connection, if one did.
    public var blockingDirection: DirectionVerdict? {
        [egress, ingress].compactMap { $0 }.first { $0.verdict == .denied }
            ?? [egress, ingress].compactMap { $0 }.first { $0.verdict == .unknown }
    }
}
