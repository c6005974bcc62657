import ClusterModel

/// iptables-nft's tables as `nft list ruleset` prints them (`# Warning: table ip nat is managed by
/// iptables-nft`), read back as the iptables rules they are, so that an iptables-mode node's nft listing is
/// walked like its `iptables-save`.
///
/// nft prints the native expressions iptables-nft writes: `meta l4proto tcp ip daddr 10.96.0.10 tcp dport 53
/// counter packets 0 bytes 0 jump KUBE-SVC-…`, `meta random & 2147483647 < 1073741824` for `-m statistic`,
/// `fib daddr type local` for `-m addrtype`, `meta mark set mark or 0x4000` for `-j MARK`. A word kubehops
/// does not read (an `xt` match it cannot translate, `# xt_recent`) keeps the rest of the rule as text, which
/// the walk never takes, and says so.
public enum IptablesNftListing {
    /// The iptables-nft tables of `family` (`ip` or `ip6`) of a listing as an iptables dump: each rule's line is
    /// its line in the listing; nil when the listing has no such table with kube-proxy's chains.
    public static func dump(_ nft: NftDump, family: IPPrefix.Family) -> IptablesDump? {
        let name = family == .ipv6 ? "ip6" : "ip"
        let listed = nft.tables.filter { $0.family == name && $0.managedByIptablesNft }
        guard listed.contains(where: NodeRulesDump.holdsKubeChains) else { return nil }
        var tables: [IptablesTable] = []
        var lines: [String: [String: [Int]]] = [:]
        for source in listed {
            // A table or chain listed twice (a paste of two listings) adds to the first: one line per rule.
            let at = tables.firstIndex { $0.name == source.name } ?? tables.count
            if at == tables.count { tables.append(IptablesTable(name: source.name)) }
            for chain in source.chains {
                tables[at].declare(chain.name)
                let rules = chain.rules.map { rule(words($0.text), chain: chain.name) }
                tables[at].append(contentsOf: rules, chain: chain.name)
                lines[source.name, default: [:]][chain.name, default: []] += chain.rules.map(\.line)
            }
        }
        return IptablesDump(
            ruleset: IptablesRuleset(family: family, tables: tables), lines: lines, diagnostics: [], hasCounters: true)
    }

    /// A rule's words, a quoted string (`comment "…"`, `iifname "cni0"`) kept as one word without its quotes.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
            } else if character == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// One rule of `chain`; from the first word not read on, the rule's words are kept as text (`.other`).
    static func rule(_ words: [String], chain: String) -> IptablesRule {
        var rule = IptablesRule(chain: chain, target: nil)
        var index = 0
        while index < words.count {
            guard let used = read(words, at: index, into: &rule) else {
                rule.matches.append(.other("nft: " + words[index...].joined(separator: " ")))
                rule.target = nil
                return rule
            }
            index += used
        }
        return rule
    }

    /// Reads the expression at `at` into `rule`: the number of words it took, nil when kubehops does not read it.
    static func read(_ words: [String], at: Int, into rule: inout IptablesRule) -> Int? {
        let word = words[at]
        let next = at + 1 < words.count ? words[at + 1] : ""
        switch word {
        case "counter":
            return next == "packets" && at + 4 < words.count ? 5 : 1
        case "meta", "ip", "ip6", "tcp", "udp", "sctp", "fib", "ct", "iifname", "comment":
            return match(words, at: at, into: &rule)
        default:
            guard let (target, used) = target(words, at: at), rule.target == nil else { return nil }
            if case .other(let text) = target { rule.matches.append(.other(text)) } else { rule.target = target }
            return used
        }
    }

    /// `key [!=] value` at `at`: the value and the words taken.
    static func value(_ words: [String], _ at: Int, keyWords: Int) -> (value: String, negated: Bool, used: Int)? {
        let start = at + keyWords
        guard start < words.count else { return nil }
        if words[start] == "!=" {
            guard start + 1 < words.count else { return nil }
            return (words[start + 1], true, keyWords + 2)
        }
        return (words[start], false, keyWords + 1)
    }
}
