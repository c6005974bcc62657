import ClusterModel

/// Per-class answers a matrix computes once: which policies select a class,
/// and whether a peer matches a class (−1: not computed yet).
final class MatchCache {
    let classCount: Int
    var peerMatches: [Int8]
    var selecting: [[Int]?]
    var clusterSelecting: [[Int]?]

    init(peerCount: Int, classCount: Int) {
        self.classCount = classCount
        self.peerMatches = [Int8](repeating: -1, count: peerCount * classCount)
        self.selecting = [[Int]?](repeating: nil, count: classCount)
        self.clusterSelecting = [[Int]?](repeating: nil, count: classCount)
    }
}

/// One evaluation pass.
///
/// `explain` adds the walkthrough (steps, notes, the deciding rules); the matrix leaves it off and only needs the
/// verdicts.
struct Evaluation {
    let engine: PolicyEngine
    let explain: Bool
    var cache: MatchCache?
    private var ipBlockNotes: Set<String> = []

    init(engine: PolicyEngine, explain: Bool, cache: MatchCache? = nil) {
        self.engine = engine
        self.explain = explain
        self.cache = cache
    }

    mutating func connection(
        from source: PolicyEndpoint, to destination: PolicyEndpoint, port: PortQuery
    ) -> ConnectionVerdict {
        let egress =
            source.isSelectablePod
            ? direction(.egress, subject: source, remote: destination, destination: destination, port: port) : nil
        let ingress =
            destination.isSelectablePod
            ? direction(.ingress, subject: destination, remote: source, destination: destination, port: port) : nil
        var verdict = ConnectionVerdict(
            source: source.name, destination: destination.name, port: port.description,
            egress: egress, ingress: ingress, verdict: .allowed,
            enforcement: engine.enforcement, notes: [])
        verdict.verdict = engine.enforcement.isEnforced ? verdict.policyVerdict : .allowed
        if explain { verdict.notes = connectionNotes(source, destination, verdict) }
        return verdict
    }

    private func connectionNotes(
        _ source: PolicyEndpoint, _ destination: PolicyEndpoint, _ verdict: ConnectionVerdict
    ) -> [String] {
        var notes: [String] = []
        if !engine.enforcement.isEnforced { notes.append(engine.enforcement.explanation) }
        for (end, role) in [(source, "source"), (destination, "destination")] {
            if end.kind == .pod && end.hostNetwork {
                notes.append(
                    "\(role) \(end.name) uses the host network: policies do not select it, and peers see it as its " +
                    "node's address"
                )
            } else if end.kind == .node {
                notes.append(
                    "\(role) is node \(end.name): only ipBlock (and cluster-policy nodes/networks) peers can match it")
            }
        }
        if verdict.allowed, verdict.egress != nil || verdict.ingress != nil {
            notes.append("replies of this connection pass: policies judge the connection, not each packet")
        }
        return notes
    }

    // MARK: One direction

    mutating func direction(
        _ direction: PolicyDirection, subject: PolicyEndpoint, remote: PolicyEndpoint,
        destination: PolicyEndpoint, port: PortQuery
    ) -> DirectionVerdict {
        var result = DirectionVerdict(
            direction: direction, pod: subject.name, verdict: .allowed, decidedBy: .none,
            deciding: [], steps: [], notes: [])
        if explain { result.notes = subjectNotes(subject, remote) }
        let selectingCluster = clusterSelecting(subject)
        if decideClusterTier(.admin, direction, selectingCluster, remote, destination, port, &result) { return result }
        ipBlockNotes = []
        if decideNetworkPolicyTier(direction, subject, remote, destination, port, &result) {
            result.notes += ipBlockNotes.sorted()
            return result
        }
        if decideClusterTier(.baseline, direction, selectingCluster, remote, destination, port, &result) {
            return result
        }
        result.verdict = .allowed
        result.decidedBy = .none
        if explain {
            let anything = result.steps.contains { $0.outcome != .notSelected }
            result.steps.append(
                TierStep(
                    tier: .none, outcome: .decided, verdict: .allowed, policies: [],
                    text: anything
                        ? "no tier decided: allowed (Kubernetes' default)"
                        : "no policy selects \(subject.name) for \(direction.rawValue.lowercased()): allowed"))
        }
        return result
    }

    /// Admin or Baseline: the first matching rule of the first (lowest priority) policy decides; Pass moves on.
    private mutating func decideClusterTier(
        _ tier: PolicyTier, _ direction: PolicyDirection, _ selecting: [Int],
        _ remote: PolicyEndpoint, _ destination: PolicyEndpoint, _ port: PortQuery,
        _ result: inout DirectionVerdict
    ) -> Bool {
        var consulted: [PolicyRuleRef] = []
        for index in selecting {
            let compiled = engine.clusterPolicies[index]
            guard compiled.policy.tier == tier else { continue }
            let rules = compiled.rules(direction)
            guard !rules.isEmpty else { continue }
            if explain { consulted.append(PolicyRuleRef(kind: .clusterNetworkPolicy, name: compiled.policy.name)) }
            for (ruleIndex, rule) in rules.enumerated() where clusterRuleMatches(rule, remote, destination, port) {
                let reference = PolicyRuleRef(
                    kind: .clusterNetworkPolicy, name: compiled.policy.name, ruleIndex: ruleIndex,
                    ruleName: rule.rule.name)
                let what =
                    "\(tier.rawValue) ClusterNetworkPolicy \(compiled.policy.name) (priority " +
                    "\(compiled.policy.priority))"
                    + " \(direction.rawValue.lowercased())[\(ruleIndex)]"
                return apply(rule.rule.action, of: tier, by: reference, what, &result)
            }
        }
        if explain {
            let decidingTier: DecidingTier = tier == .admin ? .admin : .baseline
            result.steps.append(
                TierStep(
                    tier: decidingTier, outcome: consulted.isEmpty ? .notSelected : .noMatch, verdict: nil,
                    policies: consulted,
                    text: consulted.isEmpty
                        ? "no \(tier.rawValue) ClusterNetworkPolicy selects this pod for " +
                            "\(direction.rawValue.lowercased())"
                        : "no rule of \(consulted.map(\.name).joined(separator: ", ")) matches: next tier"))
        }
        return false
    }

    /// The action of the cluster policy rule that matched (`what`, in the walkthrough's words): Accept or Deny
    /// decides (true), Pass hands over to the next tier (false).
    private func apply(
        _ action: ClusterPolicyAction, of tier: PolicyTier, by reference: PolicyRuleRef, _ what: String,
        _ result: inout DirectionVerdict
    ) -> Bool {
        let decidingTier: DecidingTier = tier == .admin ? .admin : .baseline
        switch action {
        case .pass:
            if explain {
                result.steps.append(
                    TierStep(
                        tier: decidingTier, outcome: .passed, verdict: nil, policies: [reference],
                        text:
                            "\(what) says Pass: the \(tier == .admin ? "NetworkPolicy" : "default") tier " +
                            "decides"
                    ))
            }
            // Pass in Admin skips the rest of Admin; in Baseline it leaves the default (allow).
            return false
        case .accept, .deny:
            let verdict: Verdict = action == .accept ? .allowed : .denied
            result.verdict = verdict
            result.decidedBy = decidingTier
            result.deciding = [reference]
            if explain {
                result.steps.append(
                    TierStep(
                        tier: decidingTier, outcome: .decided, verdict: verdict, policies: [reference],
                        text: "\(what) says \(action.rawValue): \(verdict.rawValue)"))
            }
            return true
        }
    }

    /// What the NetworkPolicies selecting a pod say for one direction.
    private struct NetworkPolicyTally {
        /// The policies that list the direction, so isolate the pod for it.
        var isolating: [PolicyRuleRef] = []
        /// The rules of those policies that match the connection.
        var allowing: [PolicyRuleRef] = []
        /// Selecting policies whose rules the input does not show.
        var unknown: [NetworkPolicy] = []
    }

    /// NetworkPolicy: isolated once a selecting policy lists the direction; then allowed iff some rule of those
    /// policies matches.
    private mutating func decideNetworkPolicyTier(
        _ direction: PolicyDirection, _ subject: PolicyEndpoint, _ remote: PolicyEndpoint,
        _ destination: PolicyEndpoint, _ port: PortQuery,
        _ result: inout DirectionVerdict
    ) -> Bool {
        let tally = tallyNetworkPolicies(direction, subject, remote, destination, port)
        let where_ = explain ? direction.rawValue.lowercased() : ""
        let (isolating, allowing) = (tally.isolating, tally.allowing)
        if !allowing.isEmpty {
            result.verdict = .allowed
            result.decidedBy = .networkPolicy
            result.deciding = explain ? allowing : []
            if explain {
                result.steps.append(
                    TierStep(
                        tier: .networkPolicy, outcome: .decided, verdict: .allowed, policies: allowing,
                        text: "isolated for \(where_) by \(isolating.map(\.name).joined(separator: ", ")); allowed by "
                            + allowing.map { "\($0.name) \(where_)[\($0.ruleIndex ?? 0)]" }.joined(separator: ", ")))
            }
            return true
        }
        if !tally.unknown.isEmpty {
            decideUnknown(tally.unknown, &result)
            return true
        }
        if !isolating.isEmpty {
            result.verdict = .denied
            result.decidedBy = .networkPolicy
            result.deciding = explain ? isolating : []
            if explain {
                result.steps.append(
                    TierStep(
                        tier: .networkPolicy, outcome: .decided, verdict: .denied, policies: isolating,
                        text: "isolated for \(where_) by \(isolating.map(\.name).joined(separator: ", ")), "
                            + "and no rule of theirs matches \(remote.name) on this port: denied"))
            }
            return true
        }
        if explain {
            result.steps.append(
                TierStep(
                    tier: .networkPolicy, outcome: .notSelected, verdict: nil, policies: [],
                    text: "no NetworkPolicy selecting this pod lists \(direction.rawValue): not isolated for \(where_)")
            )
        }
        return false
    }

    /// The selecting NetworkPolicies that isolate the subject for the direction, and the rules of theirs that
    /// match; without a walkthrough, only whether any does (it stops at the first).
    private mutating func tallyNetworkPolicies(
        _ direction: PolicyDirection, _ subject: PolicyEndpoint, _ remote: PolicyEndpoint,
        _ destination: PolicyEndpoint, _ port: PortQuery
    ) -> NetworkPolicyTally {
        var tally = NetworkPolicyTally()
        for index in selecting(subject) {
            let compiled = engine.policies[index]
            guard compiled.policy.rulesKnown else {
                tally.unknown.append(compiled.policy)
                continue
            }
            guard compiled.isolates(direction) else { continue }
            // The matrix asks this for every pair of classes: names are only built for a walkthrough.
            let name = explain ? "\(compiled.policy.namespace)/\(compiled.policy.name)" : ""
            tally.isolating.append(explain ? PolicyRuleRef(kind: .networkPolicy, name: name) : Self.marker)
            for (ruleIndex, rule) in compiled.rules(direction).enumerated()
            where ruleMatches(rule, remote, destination, port) {
                tally.allowing.append(
                    explain ? PolicyRuleRef(kind: .networkPolicy, name: name, ruleIndex: ruleIndex) : Self.marker)
                if !explain { break }
            }
            if !explain && !tally.allowing.isEmpty { break }
        }
        return tally
    }

    /// Selected by policies whose rules the input does not show: the verdict is unknown, and the walkthrough
    /// says which command shows them.
    private func decideUnknown(_ unknown: [NetworkPolicy], _ result: inout DirectionVerdict) {
        result.verdict = .unknown
        result.decidedBy = .networkPolicy
        result.deciding = unknown.map { PolicyRuleRef(kind: .networkPolicy, name: "\($0.namespace)/\($0.name)") }
        guard explain else { return }
        let commands = unknown.map { "kubectl get netpol \($0.name) -n \($0.namespace) -o yaml" }
        result.notes.append(
            "rules of " + result.deciding.map(\.name).joined(separator: ", ")
                + " are unknown (the input was the kubectl get netpol table); "
                + commands.joined(separator: "; ") + " shows them")
        result.steps.append(
            TierStep(
                tier: .networkPolicy, outcome: .decided, verdict: .unknown, policies: result.deciding,
                text:
                    "selected by \(result.deciding.map(\.name).joined(separator: ", ")), whose rules the " +
                    "input does not show: unknown"
            ))
    }

    private static let marker = PolicyRuleRef(kind: .networkPolicy, name: "")

    // MARK: Rules, with the class cache

    private mutating func ruleMatches(
        _ rule: CompiledRule, _ remote: PolicyEndpoint, _ destination: PolicyEndpoint,
        _ port: PortQuery
    ) -> Bool {
        guard
            rule.ports.isEmpty || rule.ports.contains(where: { engine.portMatches($0, port, destination: destination) })
        else { return false }
        guard let matched = rule.peers.isEmpty ? -1 : rule.peers.first(where: { peer($0, remote) }) else {
            return false
        }
        if explain, matched >= 0, remote.kind == .pod, !remote.hostNetwork,
            case .networkPolicy(let spec, _) = engine.peers[matched],
            let block = spec.ipBlock
        {
            ipBlockNotes.insert(
                "ipBlock \(block) matched \(remote.name)'s pod IP: whether ipBlock applies to pod IPs is "
                    + "implementation-defined (Calico: yes; Cilium: no); ipBlock is meant for addresses outside the " +
                        "cluster"
            )
        }
        return true
    }

    private mutating func clusterRuleMatches(
        _ rule: CompiledClusterRule, _ remote: PolicyEndpoint, _ destination: PolicyEndpoint,
        _ port: PortQuery
    ) -> Bool {
        let ports = rule.rule.ports
        guard ports.isEmpty || ports.contains(where: { engine.portMatches($0, port, destination: destination) }) else {
            return false
        }
        return rule.peers.contains { peer($0, remote) }
    }

    private func peer(_ id: Int, _ remote: PolicyEndpoint) -> Bool {
        guard let cache, remote.classID >= 0 else { return engine.peerMatches(id, remote) }
        let slot = id * cache.classCount + remote.classID
        let known = cache.peerMatches[slot]
        if known >= 0 { return known == 1 }
        let answer = engine.peerMatches(id, remote)
        cache.peerMatches[slot] = answer ? 1 : 0
        return answer
    }

    private func selecting(_ subject: PolicyEndpoint) -> [Int] {
        if let cache, subject.classID >= 0, let known = cache.selecting[subject.classID] { return known }
        let found = (engine.policiesByNamespace[subject.namespace ?? "default"] ?? []).filter {
            engine.matches(engine.policies[$0].policy.podSelector, subject.labels)
        }
        if let cache, subject.classID >= 0 { cache.selecting[subject.classID] = found }
        return found
    }

    private func clusterSelecting(_ subject: PolicyEndpoint) -> [Int] {
        if engine.clusterPolicies.isEmpty { return [] }
        if let cache, subject.classID >= 0, let known = cache.clusterSelecting[subject.classID] { return known }
        let found = engine.clusterPolicies.indices.filter {
            engine.selects(engine.clusterPolicies[$0].policy.subject, subject)
        }
        if let cache, subject.classID >= 0 { cache.clusterSelecting[subject.classID] = found }
        return found
    }

    // MARK: Notes

    private func subjectNotes(_ subject: PolicyEndpoint, _ remote: PolicyEndpoint) -> [String] {
        var notes: [String] = []
        for end in [subject, remote] where end.kind == .pod && end.labels == nil {
            notes.append(
                "labels of \(end.name) are not in the input (kubectl get pods --show-labels shows them): read as none")
        }
        if engine.usesNamespaceLabels {
            for name in Set([subject.namespace, remote.namespace].compactMap { $0 }).sorted()
            where engine.namespaceLabels[name] == nil {
                notes.append(
                    "labels of namespace \(name) are not in the input: only kubernetes.io/metadata.name=\(name) " +
                    "assumed "
                        + "(kubectl get ns --show-labels shows them)")
            }
        }
        return notes
    }
}

extension PolicyEngine {
    /// True when some selector could read namespace labels (a namespaceSelector or a cluster policy).
    var usesNamespaceLabels: Bool {
        !clusterPolicies.isEmpty
            || peers.contains {
                if case .networkPolicy(let peer, _) = $0 { return peer.namespaceSelector.map { !$0.isEmpty } ?? false }
                return false
            }
    }
}
