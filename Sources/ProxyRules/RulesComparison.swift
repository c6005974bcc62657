/// What a node's real rules hold that the prediction from the kubectl picture lacks, and the reverse,
/// service by service, each difference with its likely cause: `kubehops rules --compare`, a `diff` of
/// kube-proxy's state.
///
/// Chains of other tools (CNI, Calico, Docker, kubelet) are listed apart and never counted, since kube-proxy neither
/// writes nor reads them.
public struct RulesComparison: Sendable, Hashable {
    /// The node-wide group (service nil) first, then the services by name.
    public var groups: [RulesDifferenceGroup]
    /// Chains and rules seen in the dump that are not kube-proxy's, by owner.
    public var notCompared: [ForeignRules]
    /// What was learnt from the dump or could not be compared (not differences).
    public var notes: [String]

    public init(groups: [RulesDifferenceGroup] = [], notCompared: [ForeignRules] = [], notes: [String] = []) {
        self.groups = groups; self.notCompared = notCompared; self.notes = notes
    }

    public var differenceCount: Int { groups.reduce(0) { $0 + $1.differences.count } }
    /// True when the node has what the prediction says, no more, no less (as `diff` exits 0).
    public var isSame: Bool { differenceCount == 0 }
}

/// The differences of one service (or, with service nil, of kube-proxy's node-wide rules).
public struct RulesDifferenceGroup: Sendable, Hashable {
    /// `ns/name`, nil for the rules not of one service.
    public var service: String?
    public var differences: [RulesDifference]
    /// Said about the group without being a difference (`compared by endpoints only: …`).
    public var notes: [String]

    public init(service: String?, differences: [RulesDifference] = [], notes: [String] = []) {
        self.service = service; self.differences = differences; self.notes = notes
    }
}

public struct RulesDifference: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A rule only in the dump / only predicted.
        case ruleOnlyInDump, ruleOnlyExpected
        /// A whole chain (not an endpoint's), nft set, or IPVS virtual server only in the dump / only predicted.
        case chainOnlyInDump, chainOnlyExpected
        /// An endpoint (a KUBE-SEP chain, an IPVS real server, an nft endpoint element) on one side only.
        case endpointOnlyInDump, endpointOnlyExpected
        /// The same endpoint rule with another probability (or `numgen mod N`).
        case probability
        /// Every rule of the service only in the dump / only predicted.
        case serviceOnlyInDump, serviceOnlyExpected
        /// The dump is of another kube-proxy mode than the one predicted.
        case otherMode
        /// The same IPVS virtual or real server with other settings: scheduler, persistence, weight, forwarding.
        case setting
    }

    public var kind: Kind
    public var table: String
    public var chain: String
    /// The rule as the real tool prints it, the endpoint, or `0.5 → 0.33333333349`.
    public var detail: String
    /// The dump's line, when the difference is in the dump.
    public var line: Int?
    public var cause: String

    public init(kind: Kind, table: String, chain: String, detail: String, line: Int? = nil, cause: String) {
        self.kind = kind; self.table = table; self.chain = chain; self.detail = detail; self.line = line
        self.cause = cause
    }

    /// `+` only in the dump, `-` only predicted, `~` in both but different (as `kubehops diff` marks).
    public var mark: Character {
        switch kind {
        case .ruleOnlyInDump, .chainOnlyInDump, .endpointOnlyInDump, .serviceOnlyInDump: "+"
        case .ruleOnlyExpected, .chainOnlyExpected, .endpointOnlyExpected, .serviceOnlyExpected: "-"
        case .probability, .otherMode, .setting: "~"
        }
    }
}

/// Chains (and rules in the built-in chains) of one other owner, seen in the dump and not compared.
public struct ForeignRules: Sendable, Hashable {
    /// Who wrote the rules: `Calico`, `kubelet`, `the CNI plugins (portmap, bridge, firewall)` and so on.
    public var owner: String
    /// `nat/cali-PREROUTING`, …, sorted.
    public var chains: [String]
    public var ruleCount: Int

    public init(owner: String, chains: [String], ruleCount: Int) {
        self.owner = owner; self.chains = chains; self.ruleCount = ruleCount
    }
}
