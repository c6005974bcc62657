import ClusterModel

/// Decides what NetworkPolicy and ClusterNetworkPolicy allow, as the
/// Kubernetes documentation and the network-policy-api spec define it:
/// Admin tier (Accept/Deny/Pass by priority, rules in order), then
/// NetworkPolicy (a pod is isolated per direction once a policy selecting it
/// lists that type; allowed = union of those policies' rules), then Baseline,
/// then allow.
///
/// A connection needs the source's egress and the destination's ingress.
public struct PolicyEngine: Sendable {
    public let resources: Resources
    public let enforcement: PolicyEnforcement
    let peers: [PeerSpec]
    let policies: [CompiledPolicy]
    /// Positions in `policies` by namespace.
    let policiesByNamespace: [String: [Int]]
    let clusterPolicies: [CompiledClusterPolicy]
    let namespaceLabels: [String: [String: String]]
    let nodesByName: [String: Node]

    public init(resources: Resources, enforcement: PolicyEnforcement? = nil) {
        self.resources = resources
        self.enforcement = enforcement ?? PolicyEnforcement.detect(pods: resources.pods, nodes: resources.nodes)
        var peers: [PeerSpec] = []
        var policies: [CompiledPolicy] = []
        var byNamespace: [String: [Int]] = [:]
        for policy in resources.networkPolicies {
            func compile(_ rules: [NetworkPolicyRule]) -> [CompiledRule] {
                rules.map { rule in
                    let ids = rule.peers.map { peer -> Int in
                        peers.append(.networkPolicy(peer, namespace: policy.namespace))
                        return peers.count - 1
                    }
                    return CompiledRule(peers: ids, ports: rule.ports)
                }
            }
            byNamespace[policy.namespace, default: []].append(policies.count)
            policies.append(
                CompiledPolicy(policy: policy, ingress: compile(policy.ingress), egress: compile(policy.egress)))
        }
        var clusterPolicies: [CompiledClusterPolicy] = []
        for policy in resources.clusterNetworkPolicies {
            func compile(_ rules: [ClusterPolicyRule]) -> [CompiledClusterRule] {
                rules.map { rule in
                    let ids = rule.peers.map { peer -> Int in
                        peers.append(.cluster(peer, action: rule.action))
                        return peers.count - 1
                    }
                    return CompiledClusterRule(rule: rule, peers: ids)
                }
            }
            clusterPolicies.append(
                CompiledClusterPolicy(policy: policy, ingress: compile(policy.ingress), egress: compile(policy.egress)))
        }
        // Lower priority first; the API leaves equal priorities to the implementation: by name, to be repeatable.
        clusterPolicies.sort { ($0.policy.priority, $0.policy.name) < ($1.policy.priority, $1.policy.name) }
        self.peers = peers
        self.policies = policies
        self.policiesByNamespace = byNamespace
        self.clusterPolicies = clusterPolicies
        var labels: [String: [String: String]] = [:]
        for namespace in resources.namespaces where namespace.labels != nil {
            labels[namespace.name] = namespace.effectiveLabels
        }
        self.namespaceLabels = labels
        var nodes: [String: Node] = [:]
        for node in resources.nodes { nodes[node.name] = node }
        self.nodesByName = nodes
    }

    // MARK: Public questions

    /// The verdict on a connection from `source` to `destination` (a pod after DNAT) on `port`.
    public func verdict(
        from source: PolicyEndpoint, to destination: PolicyEndpoint, port: PortQuery
    ) -> ConnectionVerdict {
        var evaluation = Evaluation(engine: self, explain: true)
        return evaluation.connection(from: source, to: destination, port: port)
    }

    /// The policies that select `pod`, per direction (NetworkPolicies and cluster policies).
    public func policiesSelecting(_ pod: PolicyEndpoint) -> [(policy: String, directions: [PolicyDirection])] {
        guard pod.isSelectablePod else { return [] }
        var result: [(String, [PolicyDirection])] = []
        for compiled in clusterPolicies where selects(compiled.policy.subject, pod) {
            let directions = PolicyDirection.allCases.filter { !compiled.policy.rules($0).isEmpty }
            result.append(("\(compiled.policy.tier.rawValue) ClusterNetworkPolicy \(compiled.policy.name)", directions))
        }
        for index in policiesByNamespace[pod.namespace ?? "default"] ?? [] {
            let policy = policies[index].policy
            guard matches(policy.podSelector, pod.labels) else { continue }
            result.append(
                (
                    "NetworkPolicy \(policy.key.effectiveNamespace)/\(policy.name)",
                    policy.rulesKnown ? policy.policyTypes : []
                ))
        }
        return result
    }

    // MARK: Matching (shared by single verdicts and the matrix)

    func matches(_ selector: LabelSelector, _ labels: [String: String]?) -> Bool {
        selector.matches(labels ?? [:])
    }

    func labels(ofNamespace name: String) -> [String: String] {
        namespaceLabels[name] ?? ["kubernetes.io/metadata.name": name]
    }

    func selects(_ selection: ClusterPodSelection, _ pod: PolicyEndpoint) -> Bool {
        guard pod.isSelectablePod, let namespace = pod.namespace else { return false }
        guard selection.namespaces.matches(labels(ofNamespace: namespace)) else { return false }
        return selection.pods.map { matches($0, pod.labels) } ?? true
    }

    /// Whether peer `id` matches the remote end `remote` (uncached).
    func peerMatches(_ id: Int, _ remote: PolicyEndpoint) -> Bool {
        switch peers[id] {
        case .networkPolicy(let peer, let namespace):
            if let block = peer.ipBlock { return remote.ip.map(block.contains) ?? false }
            // Selectors pick pods only; a host-network pod is its node's address.
            guard remote.isSelectablePod, let podNamespace = remote.namespace else { return false }
            if let namespaceSelector = peer.namespaceSelector {
                guard namespaceSelector.matches(labels(ofNamespace: podNamespace)) else { return false }
            } else if podNamespace != namespace {
                return false
            }
            return peer.podSelector.map { matches($0, remote.labels) } ?? true
        case .cluster(let peer, let action):
            switch peer {
            case .pods(let selection): return selects(selection, remote)
            case .nodes(let selector):
                guard remote.kind == .node || (remote.kind == .pod && remote.hostNetwork),
                    let node = remote.nodeName.flatMap({ nodesByName[$0] })
                else { return false }
                return selector.matches(node.labels ?? [:])
            case .networks(let ranges): return remote.ip.map { ip in ranges.contains { $0.contains(ip) } } ?? false
            case .domainNames: return false
            case .unreadable: return action != .accept
            }
        }
    }

    /// A NetworkPolicy port entry against the connection; named ports resolve on `destination`'s container ports.
    func portMatches(_ entry: NetworkPolicyPort, _ port: PortQuery, destination: PolicyEndpoint) -> Bool {
        guard entry.protocol.uppercased() == port.protocol else { return false }
        switch entry.port {
        case nil: return true
        case .number(let number)?:
            if let end = entry.endPort { return number <= port.port && port.port <= end }
            return number == port.port
        case .name(let name)?:
            guard destination.kind == .pod else { return false }
            return destination.containerPorts.contains {
                $0.name == name && $0.port == port.port && $0.protocol.uppercased() == port.protocol
            }
        }
    }

    func portMatches(_ entry: ClusterPolicyPort, _ port: PortQuery, destination: PolicyEndpoint) -> Bool {
        switch entry {
        case .range(let proto, let start, let end):
            guard proto.uppercased() == port.protocol else { return false }
            guard let start else { return true }
            return start <= port.port && port.port <= (end ?? start)
        case .named(let name):
            guard destination.kind == .pod else { return false }
            return destination.containerPorts.contains {
                $0.name == name && $0.port == port.port && $0.protocol.uppercased() == port.protocol
            }
        }
    }
}

/// A `from`/`to` element, numbered so that a matrix can cache its matches per class.
enum PeerSpec: Sendable {
    case networkPolicy(NetworkPolicyPeer, namespace: String)
    case cluster(ClusterPolicyPeer, action: ClusterPolicyAction)
}

struct CompiledRule: Sendable {
    var peers: [Int]
    var ports: [NetworkPolicyPort]
}

struct CompiledPolicy: Sendable {
    var policy: NetworkPolicy
    var ingress: [CompiledRule]
    var egress: [CompiledRule]
    /// `policy.policyTypes`, asked once per class pair by the matrix: computed once here.
    let isolatesIngress: Bool
    let isolatesEgress: Bool

    init(policy: NetworkPolicy, ingress: [CompiledRule], egress: [CompiledRule]) {
        self.policy = policy
        self.ingress = ingress
        self.egress = egress
        isolatesIngress = policy.policyTypes.contains(.ingress)
        isolatesEgress = policy.policyTypes.contains(.egress)
    }

    func rules(_ direction: PolicyDirection) -> [CompiledRule] { direction == .ingress ? ingress : egress }
    func isolates(_ direction: PolicyDirection) -> Bool { direction == .ingress ? isolatesIngress : isolatesEgress }
}

struct CompiledClusterRule: Sendable {
    var rule: ClusterPolicyRule
    var peers: [Int]
}

struct CompiledClusterPolicy: Sendable {
    var policy: ClusterNetworkPolicy
    var ingress: [CompiledClusterRule]
    var egress: [CompiledClusterRule]
    func rules(_ direction: PolicyDirection) -> [CompiledClusterRule] { direction == .ingress ? ingress : egress }
}
