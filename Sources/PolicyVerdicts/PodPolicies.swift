import ClusterModel

/// Whether a pod is isolated in each direction: the live view's isolation overlay and details panel ask it.
///
/// A pod is isolated for ingress (egress) once any NetworkPolicy selecting it lists that type; it is `unknown` when a
/// policy that may select it came from a table (no types) or its labels were not shown.
public struct PodIsolation: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case open, isolated, unknown }
    public var ingress: State
    public var egress: State
    public init(ingress: State, egress: State) { self.ingress = ingress; self.egress = egress }

    public func state(_ direction: PolicyDirection) -> State { direction == .ingress ? ingress : egress }
    public var isOpen: Bool { ingress == .open && egress == .open }
}

extension PolicyEngine {
    /// The NetworkPolicies of the pod's namespace whose pod selector matches it (none for host-network pods).
    public func networkPolicies(selecting pod: PolicyEndpoint) -> [NetworkPolicy] {
        guard pod.isSelectablePod else { return [] }
        return (policiesByNamespace[pod.namespace ?? "default"] ?? []).map { policies[$0].policy }.filter {
            matches($0.podSelector, pod.labels)
        }
    }

    /// The cluster policies (Admin and Baseline tiers) whose subject is the pod, in the order they are consulted.
    public func clusterPolicies(selecting pod: PolicyEndpoint) -> [ClusterNetworkPolicy] {
        clusterPolicies.filter { selects($0.policy.subject, pod) }.map(\.policy)
    }

    public func isolation(of pod: PolicyEndpoint) -> PodIsolation {
        guard pod.isSelectablePod else { return PodIsolation(ingress: .open, egress: .open) }
        var isolation = PodIsolation(ingress: .open, egress: .open)
        for index in policiesByNamespace[pod.namespace ?? "default"] ?? [] {
            let policy = policies[index].policy
            let selected = matches(policy.podSelector, pod.labels)
            // Without the pod's labels only an empty selector is sure to select it.
            let maybe = !selected && pod.labels == nil && policy.podSelector.isValid
            guard selected || maybe else { continue }
            for direction in PolicyDirection.allCases {
                let sure = selected && policy.rulesKnown && policy.policyTypes.contains(direction)
                let possible = !policy.rulesKnown || policy.policyTypes.contains(direction)
                if direction == .ingress {
                    isolation.ingress = Self.combine(isolation.ingress, sure: sure, possible: possible)
                } else {
                    isolation.egress = Self.combine(isolation.egress, sure: sure, possible: possible)
                }
            }
        }
        return isolation
    }

    private static func combine(_ state: PodIsolation.State, sure: Bool, possible: Bool) -> PodIsolation.State {
        if sure || state == .isolated { return .isolated }
        return possible ? .unknown : state
    }
}

/// The details panel's words for the policies of one pod: which select it, what each rule allows (peers and
/// ports), the cluster policies before and after them, and whether anything enforces them.
public enum PodPolicyText {
    /// Lines longer than `width` are wrapped at spaces, continued under their own indentation, so that a
    /// long rule stays whole in an 80-column panel.
    public static func lines(_ engine: PolicyEngine, pod: PolicyEndpoint, width: Int = 74) -> [String] {
        unwrapped(engine, pod: pod).flatMap { wrap($0, width: width) }
    }

    static func wrap(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let margin = String(line.prefix { $0 == " " })
        var lines: [String] = []
        var current = margin
        for word in line.dropFirst(margin.count).split(separator: " ") {
            if current.count > margin.count, current.count + 1 + word.count > width {
                lines.append(current)
                current = margin + "    "
            }
            current += (current.last == " " || current.isEmpty ? "" : " ") + word
        }
        return lines + [current]
    }

    static func unwrapped(_ engine: PolicyEngine, pod: PolicyEndpoint) -> [String] {
        if pod.kind == .pod && pod.hostNetwork {
            return ["NetworkPolicy: a host-network pod; no policy selects it (it uses its node's address)."]
        }
        let policies = engine.networkPolicies(selecting: pod)
        let clusterPolicies = engine.clusterPolicies(selecting: pod)
        var lines: [String] = []
        if policies.isEmpty && clusterPolicies.isEmpty {
            lines.append("NetworkPolicy: no policy selects this pod; all traffic allowed.")
        } else {
            let isolation = engine.isolation(of: pod)
            lines.append("NetworkPolicy: ingress \(isolation.ingress.rawValue), egress \(isolation.egress.rawValue).")
            if isolation.ingress == .isolated || isolation.egress == .isolated {
                lines.append("  (isolated: only what the rules below allow passes)")
            }
            if isolation.ingress == .unknown || isolation.egress == .unknown {
                lines.append("  (unknown: a policy that may select the pod has rules not in the input)")
            }
            for policy in policies { lines += self.policy(policy) }
            for policy in clusterPolicies { lines += cluster(policy) }
        }
        if pod.labels == nil {
            lines.append("  (the pod's labels are not in the input: kubectl get pods --show-labels)")
        }
        switch engine.enforcement.state {
        case .enforced: break
        case .assumed: lines.append("  (no CNI recognised: assumed to enforce policies; flannel would not)")
        case .notEnforced: lines.append("  " + engine.enforcement.explanation)
        }
        return lines
    }

    static func policy(_ policy: NetworkPolicy) -> [String] {
        let head = "  \(policy.namespace)/\(policy.name)"
        guard policy.rulesKnown else {
            return [
                head + ": rules not in the input (kubectl get networkpolicy \(policy.name) -n \(policy.namespace) " +
                "-o yaml)"
            ]
        }
        var lines = [head + ": isolates \(policy.policyTypes.map { $0.rawValue.lowercased() }.joined(separator: ", "))"]
        for direction in policy.policyTypes {
            let name = direction.rawValue.lowercased()
            let rules = policy.rules(direction)
            if rules.isEmpty { lines.append("    \(name): nothing allowed") }
            for (index, rule) in rules.enumerated() {
                let peers =
                    rule.peers.isEmpty
                    ? "anywhere" : rule.peers.map { peer($0, namespace: policy.namespace) }.joined(separator: "; ")
                let ports = rule.ports.isEmpty ? "any port" : rule.ports.map(\.description).joined(separator: ", ")
                lines.append("    \(name) \(index): \(direction == .ingress ? "from" : "to") \(peers) on \(ports)")
            }
        }
        return lines
    }

    /// A peer in words: the AND of its selectors, a lone pod selector meaning the policy's namespace.
    static func peer(_ peer: NetworkPolicyPeer, namespace: String) -> String {
        if let block = peer.ipBlock { return block.description }
        let pods = peer.podSelector.map { $0.isEmpty ? "every pod" : "pods \($0)" } ?? "every pod"
        guard let namespaces = peer.namespaceSelector else { return "\(pods) in \(namespace)" }
        return namespaces.isEmpty ? "\(pods) in every namespace" : "\(pods) in namespaces \(namespaces)"
    }

    static func cluster(_ policy: ClusterNetworkPolicy) -> [String] {
        var lines = ["  \(policy.tier.rawValue) \(policy.sourceKind) \(policy.name) (priority \(policy.priority))"]
        for direction in PolicyDirection.allCases {
            for rule in policy.rules(direction) {
                let ports = rule.ports.isEmpty ? "any port" : rule.ports.map(\.description).joined(separator: ", ")
                let name = rule.name.map { " \($0)" } ?? ""
                let peers = rule.peers.map(clusterPeer).joined(separator: "; ")
                let side = direction == .ingress ? "from" : "to"
                let what = "\(direction.rawValue.lowercased())\(name)"
                lines.append("    \(what): \(rule.action.rawValue) \(side) \(peers) on \(ports)")
            }
        }
        return lines
    }

    static func clusterPeer(_ peer: ClusterPolicyPeer) -> String {
        switch peer {
        case .pods(let selection): selection.description
        case .nodes(let selector): "nodes \(selector)"
        case .networks(let ranges): ranges.map(\.text).joined(separator: ", ")
        case .domainNames(let names): names.joined(separator: ", ") + " (names: kubehops cannot resolve them)"
        case .unreadable: "a peer kubehops could not read"
        }
    }
}
