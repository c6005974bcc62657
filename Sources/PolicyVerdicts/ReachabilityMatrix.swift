import ClusterModel

/// Who may open connections to whom on one port, between groups of pods
/// that no policy can tell apart (same namespace, labels, host network, the
/// policy address ranges their IP falls in, the named ports they declare):
/// thousands of pods become a table a person can read, computed per group
/// pair instead of per pod pair.
public struct ReachabilityMatrix: Sendable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var namespace: String
        /// nil: the input did not show these pods' labels.
        public var labels: [String: String]?
        public var hostNetwork: Bool
        public var pods: [String]

        public var labelText: String {
            guard let labels else { return "(labels unknown)" }
            return labels.isEmpty
                ? "(no labels)"
                : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
    }

    public var port: PortQuery
    public var groups: [Group]
    /// Row-major, `groups.count` squared: the row group's egress toward the column group.
    public var egress: [Verdict]
    /// The column group's ingress from the row group.
    public var ingress: [Verdict]
    /// Both directions, and whether anything enforces policies: what the cluster does.
    public var combined: [Verdict]
    public var enforcement: PolicyEnforcement

    public func egress(_ from: Int, _ to: Int) -> Verdict { egress[from * groups.count + to] }
    public func ingress(_ from: Int, _ to: Int) -> Verdict { ingress[from * groups.count + to] }
    public func combined(_ from: Int, _ to: Int) -> Verdict { combined[from * groups.count + to] }
}

extension PolicyEngine {
    /// The matrix over `pods` (default: every pod in the input) on `port`.
    public func matrix(port: PortQuery, pods: [Pod]? = nil) -> ReachabilityMatrix {
        let pods = pods ?? resources.pods
        let (groups, representatives) = equivalenceClasses(pods)
        let count = groups.count
        let cache = MatchCache(peerCount: peers.count, classCount: count)
        var evaluation = Evaluation(engine: self, explain: false, cache: cache)
        var egress = [Verdict](repeating: .allowed, count: count * count)
        var ingress = egress
        var combined = egress
        // Each class's egress verdict depends on the destination class only, and its ingress on the source class:
        // the cache makes each peer × class question be answered once.
        for from in 0..<count {
            let source = representatives[from]
            for to in 0..<count {
                let destination = representatives[to]
                let slot = from * count + to
                if source.isSelectablePod {
                    egress[slot] =
                        evaluation.direction(
                            .egress, subject: source, remote: destination, destination: destination, port: port
                        ).verdict
                }
                if destination.isSelectablePod {
                    ingress[slot] =
                        evaluation.direction(
                            .ingress, subject: destination, remote: source, destination: destination, port: port
                        ).verdict
                }
                let both: Verdict =
                    egress[slot] == .denied || ingress[slot] == .denied
                    ? .denied
                    : egress[slot] == .unknown || ingress[slot] == .unknown ? .unknown : .allowed
                combined[slot] = enforcement.isEnforced ? both : .allowed
            }
        }
        return ReachabilityMatrix(
            port: port, groups: groups, egress: egress, ingress: ingress, combined: combined, enforcement: enforcement)
    }

    private struct ClassKey: Hashable {
        var namespace: String
        var labels: [String: String]?
        var hostNetwork: Bool
        var node: String?
        /// Which policy address ranges hold the pod's IP (bit per range).
        var ranges: [UInt64]
        var namedPorts: [ContainerPort]
    }

    /// Groups pods by everything a policy can see of them; sorted by namespace, then labels.
    func equivalenceClasses(_ pods: [Pod]) -> ([ReachabilityMatrix.Group], [PolicyEndpoint]) {
        let ranges = addressRanges()
        let portNames = namedPortsInUse()
        var index: [ClassKey: Int] = [:]
        var groups: [ReachabilityMatrix.Group] = []
        var representatives: [PolicyEndpoint] = []
        for pod in pods {
            let endpoint = PolicyEndpoint.pod(pod)
            var bits = [UInt64](repeating: 0, count: (ranges.count + 63) / 64)
            if let ip = endpoint.ip {
                for (position, range) in ranges.enumerated() where range.contains(ip) {
                    bits[position / 64] |= 1 << UInt64(position % 64)
                }
            }
            let named =
                portNames.isEmpty ? [] : endpoint.containerPorts.filter { $0.name.map(portNames.contains) ?? false }
            let key = ClassKey(
                namespace: endpoint.namespace ?? "default", labels: endpoint.labels, hostNetwork: endpoint.hostNetwork,
                node: endpoint.hostNetwork ? endpoint.nodeName : nil, ranges: bits, namedPorts: named)
            if let position = index[key] {
                groups[position].pods.append(endpoint.name)
            } else {
                index[key] = groups.count
                groups.append(
                    ReachabilityMatrix.Group(
                        namespace: key.namespace, labels: key.labels, hostNetwork: key.hostNetwork,
                        pods: [endpoint.name]))
                representatives.append(endpoint)
            }
        }
        let order = groups.indices.sorted {
            (groups[$0].namespace, groups[$0].labelText, groups[$0].pods[0]) < (
                groups[$1].namespace, groups[$1].labelText, groups[$1].pods[0]
            )
        }
        var sortedGroups: [ReachabilityMatrix.Group] = []
        var sortedRepresentatives: [PolicyEndpoint] = []
        for (classID, position) in order.enumerated() {
            sortedGroups.append(groups[position])
            var representative = representatives[position]
            representative.classID = classID
            sortedRepresentatives.append(representative)
        }
        return (sortedGroups, sortedRepresentatives)
    }

    /// Every ipBlock range and hole, and every cluster-policy network: a pod's IP matters only through these.
    private func addressRanges() -> [IPRange] {
        var ranges = Set<IPRange>()
        for peer in peers {
            switch peer {
            case .networkPolicy(let peer, _):
                if let block = peer.ipBlock { ranges.insert(block.cidr); block.except.forEach { ranges.insert($0) } }
            case .cluster(.networks(let list), _): list.forEach { ranges.insert($0) }
            case .cluster: break
            }
        }
        return ranges.sorted { $0.text < $1.text }
    }

    private func namedPortsInUse() -> Set<String> {
        var names = Set<String>()
        for compiled in policies {
            for rule in compiled.ingress + compiled.egress {
                for port in rule.ports { if case .name(let name)? = port.port { names.insert(name) } }
            }
        }
        for compiled in clusterPolicies {
            for rule in compiled.ingress + compiled.egress {
                for port in rule.rule.ports { if case .named(let name) = port { names.insert(name) } }
            }
        }
        return names
    }
}
