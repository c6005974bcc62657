import ClusterModel
import PolicyVerdicts

/// What NetworkPolicy (and ClusterNetworkPolicy) decided for one direction of
/// a connection at the hop where it was judged: egress where the packet
/// leaves the source pod, ingress where it enters the destination pod.
///
/// Data; the explain text, JSON and live view render it.
public struct HopPolicyVerdict: Sendable, Hashable, Codable {
    public var direction: PolicyDirection
    /// `ns/pod` whose policies were consulted.
    public var pod: String
    /// The other end as policies see it: the destination pod (egress), or the
    /// packet's source as it arrives, after any SNAT (ingress).
    public var peer: String
    /// The destination port after DNAT (`8080/TCP`): policies act on pod ports.
    public var port: String
    /// What happens: denied only when the policies deny and the CNI enforces them.
    public var verdict: Verdict
    /// What the policies decide, whether or not anything enforces them.
    public var policyVerdict: Verdict
    public var tier: DecidingTier
    /// The deciding policies, with the rule index where one rule decided.
    public var deciding: [PolicyRuleRef]
    /// One sentence for a reader: what decided, or why nothing did.
    public var sentence: String
    /// Limits of the input and assumptions (unknown labels, illustrative addresses).
    public var notes: [String]

    public init(
        direction: PolicyDirection, pod: String, peer: String, port: String, verdict: Verdict,
        policyVerdict: Verdict, tier: DecidingTier, deciding: [PolicyRuleRef], sentence: String,
        notes: [String] = []
    ) {
        self.direction = direction; self.pod = pod; self.peer = peer; self.port = port
        self.verdict = verdict; self.policyVerdict = policyVerdict; self.tier = tier
        self.deciding = deciding; self.sentence = sentence; self.notes = notes
    }
}


extension HopPolicyVerdict {
    /// One short line for the live view's caption: the direction, what happens, and what decided it
    /// (the deciding rule as `ns/name ingress[0]`, as the policy's YAML indexes it).
    public var caption: String {
        let way = direction.rawValue.lowercased()
        let decided =
            deciding.isEmpty
            ? "no policy selects \(pod) for \(way)"
            : deciding.map { ref in ref.name + (ref.ruleIndex.map { " \(way)[\($0)]" } ?? "") }
                .joined(separator: ", ")
        if verdict != policyVerdict {
            let decision = "policy \(way): \(policyVerdict.rawValue) by \(decided)"
            return decision + ", but nothing enforces it: \(verdict.rawValue)"
        }
        return "policy \(way): \(verdict.rawValue) (\(decided))"
    }
}
