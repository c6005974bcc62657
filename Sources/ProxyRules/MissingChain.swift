import ClusterModel

/// A walked rule of a node's dump that sends the packet to a chain (or looks it up in a map) the dump does not
/// contain.
///
/// No kernel holds such a ruleset: iptables-restore refuses a rule whose `-j`/`-g` names an undeclared chain,
/// and nft refuses a `jump`, `goto` or verdict map naming a chain (or a map) that does not exist. In a dump it
/// means the dump is incomplete (one table of several, a paste cut short, an edit), so the walk stops there
/// instead of guessing what the chain does.
public struct MissingChain: Sendable, Hashable {
    /// How the rule names the chain.
    public enum Reference: String, Sendable, Hashable {
        case jump
        case goto
        /// An element of a verdict map (`@service-ips`, `numgen … vmap { … }`) whose verdict names the chain.
        case verdictMap = "verdict map"
        /// The rule looks the packet up in a map the dump does not declare.
        case map
    }

    /// The rule that names the missing chain, as the tool printed it.
    public var rule: Rule
    /// Where the rule is in the dump (`.observed("FILE:LINE")`).
    public var provenance: Provenance
    /// The chain (or, for ``Reference/map``, the map) the dump lacks.
    public var chain: String
    public var reference: Reference

    public init(rule: Rule, provenance: Provenance, chain: String, reference: Reference) {
        self.rule = rule; self.provenance = provenance; self.chain = chain; self.reference = reference
    }

    /// The targets iptables has besides user chains.
    ///
    /// The standard verdicts and the target extensions (iptables-extensions(8)), as `-j NAME` names them; any
    /// other `-j NAME` is a user chain.
    public static let iptablesTargets: Set<String> = [
        "ACCEPT", "DROP", "RETURN", "QUEUE", "AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK",
        "CONNSECMARK", "CT", "DNAT", "DNPT", "DSCP", "ECN", "HL", "HMARK", "IDLETIMER", "LED", "LOG", "MARK",
        "MASQUERADE", "MIRROR", "NETMAP", "NFLOG", "NFQUEUE", "NOTRACK", "RATEEST", "REDIRECT", "REJECT", "SAME",
        "SECMARK", "SET", "SNAT", "SNPT", "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE",
        "TTL", "ULOG",
    ]
}

extension IptablesTable {
    /// True when `-j name` / `-g name` in this table names a chain the table does not declare (nor a target).
    public func lacksChain(_ name: String) -> Bool {
        rulesByChain[name] == nil && !MissingChain.iptablesTargets.contains(name)
    }
}

extension NftablesTable {
    /// The chains a service's path through a node's own listing names and the listing lacks: the chain the
    /// `map` element for `key` sends to, else the endpoint chains of that chain's `numgen … vmap` rule.
    /// - Parameter source: the listing's file, for `.observed("FILE:LINE")`.
    public func missingChains(map: String, key: String, source: String) -> [MissingChain] {
        func observed(_ line: Int?) -> Provenance { .observed(source + (line.map { ":\($0)" } ?? "")) }
        guard let set = set(map), let verdict = set.verdicts[key] else { return [] }
        let target = verdict.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        guard verdict.hasPrefix("goto ") || verdict.hasPrefix("jump ") else { return [] }
        guard let service = chain(target) else {
            let element = set.elements.first { $0.hasPrefix(key + " ") } ?? "\(key) : \(verdict)"
            let rule = Rule(dataplane: .nftables, table: tableName, chain: map, text: element)
            return [MissingChain(rule: rule, provenance: observed(set.line), chain: target, reference: .verdictMap)]
        }
        for rule in service.rules {
            guard case .numgenGoto(let chains) = rule.action else { continue }
            let printed = Rule(dataplane: .nftables, table: tableName, chain: service.name, text: rule.text)
            return chains.filter { chain($0) == nil }.map {
                MissingChain(rule: printed, provenance: observed(rule.line), chain: $0, reference: .verdictMap)
            }
        }
        return []
    }
}
