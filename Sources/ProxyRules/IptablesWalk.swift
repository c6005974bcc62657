import ClusterModel

/// The first packet of a connection as netfilter sees it on one node.
public struct IptablesPacket: Sendable, Hashable {
    public var source: IPPrefix
    public var destination: IPPrefix
    /// `tcp`, `udp`, `sctp`.
    public var `protocol`: String
    public var destinationPort: Int
    /// Sent by a process of the node (or a hostNetwork pod): nat OUTPUT, `--src-type LOCAL`.
    public var fromLocalProcess: Bool
    /// The interface it arrived on (`cni0`, `eth0`), for `-i` matches; nil when unknown.
    public var inInterface: String?

    public init(
        source: IPPrefix, destination: IPPrefix, protocol: String, destinationPort: Int,
        fromLocalProcess: Bool = false, inInterface: String? = nil
    ) {
        self.source = source; self.destination = destination; self.protocol = `protocol`.lowercased()
        self.destinationPort = destinationPort; self.fromLocalProcess = fromLocalProcess; self.inInterface = inInterface
    }
}

/// What the random and stateful matches answer for this walk: seeded, so a flow replays the same.
public struct WalkChoices: Sendable, Hashable {
    /// Draws in [0, 1), one per `-m statistic` rule reached; a rule matches when draw < p.
    ///
    /// When they run out, no further statistic rule matches (the last, unconditional rule wins).
    public var draws: [Double]
    /// `-m recent` lists that already hold the source (ClientIP affinity of this node).
    public var recentHits: Set<String>

    public init(draws: [Double] = [], recentHits: Set<String> = []) {
        self.draws = draws; self.recentHits = recentHits
    }
}

/// Where the packet ended.
public enum WalkOutcome: Sendable, Hashable {
    /// DNATed to `ip:port` by the rule in `endpointChain`.
    case dnat(destination: String, endpointChain: String)
    /// REJECTed (the client sees "connection refused"); the reason is the rule's comment.
    case reject(reason: String)
    case drop(reason: String)
    /// No rule translated it: it goes on to its original destination.
    case notTranslated
    /// A node's dump sends the packet to a chain it does not contain: the walk stops there (the dump is incomplete).
    case missingChain(MissingChain)
}

/// A packet's way through a node's iptables: every rule it was checked against, in order.
public struct IptablesWalkResult: Sendable, Hashable {
    public var walked: [WalkedRule]
    public var outcome: WalkOutcome
    /// The rule that jumped to KUBE-MARK-MASQ, when one did: POSTROUTING then masquerades.
    public var markedForMasqueradeBy: Rule?
    /// The MASQUERADE rule that rewrote the source, when the mark was set.
    public var masqueradedBy: Rule?
    /// `-m recent --set` lists the source was added to (affinity remembered on this node).
    public var affinityRecorded: [String]
}

/// Walks a packet through an iptables ruleset (generated or parsed from a dump) the way
/// netfilter does: nat PREROUTING (OUTPUT for local processes), filter FORWARD / INPUT /
/// OUTPUT, nat POSTROUTING.
///
/// Pure: the same ruleset, packet and choices give the same walk.
public struct IptablesWalker: Sendable {
    public var ruleset: IptablesRuleset
    /// The node's own addresses: what `-m addrtype --dst-type LOCAL` matches (127.0.0.0/8 and
    /// ::1 are always local).
    public var localAddresses: [IPPrefix]
    /// Provenance of every walked rule (`.observed("node1.txt:12")` for a dump, inferred for predictions).
    public var provenance: @Sendable (IptablesRule) -> Provenance

    public init(
        ruleset: IptablesRuleset, localAddresses: [IPPrefix],
        provenance: @escaping @Sendable (IptablesRule) -> Provenance
    ) {
        self.ruleset = ruleset; self.localAddresses = localAddresses; self.provenance = provenance
    }

    /// Chains that dispatch on the destination: rules for other destinations are not recorded.
    static let dispatchChains: Set<String> = [
        "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXTERNAL-SERVICES", "KUBE-PROXY-FIREWALL",
    ]

    public func walk(_ packet: IptablesPacket, choices: WalkChoices = WalkChoices()) -> IptablesWalkResult {
        var state = WalkState(packet: packet, choices: choices)
        let natHook = packet.fromLocalProcess ? "OUTPUT" : "PREROUTING"
        var outcome = WalkOutcome.notTranslated
        switch traverse(table: "nat", chain: natHook, state: &state) {
        case .dnat(let destination, let chain): outcome = .dnat(destination: destination, endpointChain: chain)
        case .missing(let missing): return result(state, .missingChain(missing))
        default: break
        }
        let filterChain = packet.fromLocalProcess ? "OUTPUT" : (isLocal(state.packet.destination) ? "INPUT" : "FORWARD")
        switch traverse(table: "filter", chain: filterChain, state: &state) {
        case .reject(let reason): outcome = .reject(reason: reason)
        case .drop(let reason): outcome = .drop(reason: reason)
        case .missing(let missing): outcome = .missingChain(missing)
        default:
            switch traverse(table: "nat", chain: "POSTROUTING", state: &state) {
            case .masquerade: state.masqueraded = state.lastMasquerade
            case .missing(let missing): outcome = .missingChain(missing)
            default: break
            }
        }
        return result(state, outcome)
    }

    private func result(_ state: WalkState, _ outcome: WalkOutcome) -> IptablesWalkResult {
        IptablesWalkResult(
            walked: state.walked, outcome: outcome, markedForMasqueradeBy: state.markedBy,
            masqueradedBy: state.masqueraded, affinityRecorded: state.recentSet)
    }

    func isLocal(_ address: IPPrefix) -> Bool {
        IPPrefix.loopback(address.family).contains(address) || localAddresses.contains(address)
    }

    enum Verdict: Equatable {
        case fallThrough, accept, returned
        case drop(String), reject(String), dnat(String, String), masquerade
        /// The rule sends the packet to a chain the dump lacks: the walk stops.
        case missing(MissingChain)
    }

    struct WalkState {
        var packet: IptablesPacket
        var choices: WalkChoices
        var nextDraw = 0
        var mark: UInt32 = 0
        var dnatted = false
        var walked: [WalkedRule] = []
        var markedBy: Rule?
        var lastMasquerade: Rule?
        var masqueraded: Rule?
        var recentSet: [String] = []
        var depth = 0
    }

    func traverse(table name: String, chain: String, state: inout WalkState) -> Verdict {
        guard let table = ruleset.table(name), state.depth < 64 else { return .fallThrough }
        state.depth += 1
        defer { state.depth -= 1 }
        for rule in table.rules(chain) {
            let text = Rule(
                dataplane: .iptables, table: name, chain: chain,
                text: IptablesSaveFormat.line(rule, family: ruleset.family))
            let goto = Self.gotoTarget(rule)
            if let miss = mismatch(goto?.conditions ?? rule, &state) {
                if !(Self.dispatchChains.contains(chain) && miss.onDestination) {
                    state.walked.append(
                        WalkedRule(
                            rule: text, matched: false, whyNot: miss.reason,
                            provenance: provenance(rule)))
                }
                continue
            }
            state.walked.append(WalkedRule(rule: text, matched: true, provenance: provenance(rule)))
            let verdict =
                if let goto { enter(goto.chain, by: .goto, rule, text, table: name, &state) } else {
                    apply(rule, text, table: name, &state)
                }
            if verdict != .fallThrough {
                return verdict == .returned && table.isBuiltin(chain) ? .fallThrough : verdict
            }
        }
        return .fallThrough
    }

    private func apply(_ rule: IptablesRule, _ text: Rule, table: String, _ state: inout WalkState) -> Verdict {
        guard let target = rule.target else { return .fallThrough }
        switch target {
        case .jump("ACCEPT"): return .accept
        case .jump("DROP"): return .drop(rule.comment ?? "dropped by \(rule.chain)")
        case .jump("RETURN"): return .returned
        case .jump(let chain):
            if chain == KubeProxyIptables.markMasq { state.markedBy = text }
            return enter(chain, by: .jump, rule, text, table: table, &state)
        case .dnat(let destination):
            state.dnatted = true
            if let address = Self.address(ofHostPort: destination) { state.packet.destination = address }
            return .dnat(destination, rule.chain)
        case .mark(let value, let mask):
            state.mark = (state.mark & ~mask) ^ value
            return .fallThrough
        case .masquerade:
            state.lastMasquerade = text
            return .masquerade
        case .reject: return .reject(rule.comment ?? "rejected by \(rule.chain)")
        case .other: return .fallThrough
        }
    }

    /// Follows `-j chain` (back to the next rule when the chain returns) or `-g chain` (back to the caller of the
    /// rule's chain); a chain the dump lacks stops the walk.
    private func enter(
        _ chain: String, by reference: MissingChain.Reference, _ rule: IptablesRule, _ text: Rule, table: String,
        _ state: inout WalkState
    ) -> Verdict {
        if ruleset.table(table)?.lacksChain(chain) ?? false {
            return .missing(MissingChain(rule: text, provenance: provenance(rule), chain: chain, reference: reference))
        }
        let verdict = traverse(table: table, chain: chain, state: &state)
        if reference == .goto { return verdict == .fallThrough ? .returned : verdict }
        return verdict == .returned ? .fallThrough : verdict
    }

    /// A rule's `-g CHAIN` (`--goto`), which the reader keeps as text, and the rule's conditions without it.
    public static func gotoTarget(_ rule: IptablesRule) -> (chain: String, conditions: IptablesRule)? {
        guard rule.target == nil else { return nil }
        for (index, match) in rule.matches.enumerated() {
            guard case .other(let text) = match else { continue }
            let words = text.split(separator: " ")
            guard words.count == 2, words[0] == "-g" || words[0] == "--goto" else { continue }
            var conditions = rule
            conditions.matches.remove(at: index)
            return (String(words[1]), conditions)
        }
        return nil
    }

    /// `10.244.1.5:80` / `[fd00::5]:80` → the address.
    static func address(ofHostPort text: String) -> IPPrefix? {
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            return IPPrefix(text[text.index(after: text.startIndex)..<end])
        }
        return IPPrefix(text.split(separator: ":").first ?? "")
    }
}
