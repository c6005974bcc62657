import ClusterModel

/// The nft expressions iptables-nft writes for kube-proxy's matches and targets, as their iptables cases.
extension IptablesNftListing {
    /// A match (or `meta mark set …`, the MARK target) at `at`: the words taken, nil when not read.
    static func match(_ words: [String], at: Int, into rule: inout IptablesRule) -> Int? {
        let key = words[at] + " " + (at + 1 < words.count ? words[at + 1] : "")
        switch key {
        case "meta l4proto", "ip protocol", "ip6 nexthdr":
            guard let (proto, negated, used) = value(words, at, keyWords: 2), !negated else { return nil }
            if let known = rule.protocol, known != proto { return nil }
            rule.protocol = proto
            return used
        case "meta random": return random(words, at: at, into: &rule)
        case "meta mark": return mark(words, at: at, into: &rule)
        case "ip saddr", "ip daddr", "ip6 saddr", "ip6 daddr":
            guard let (text, negated, used) = value(words, at, keyWords: 2), let prefix = IPPrefix(text) else {
                return nil
            }
            let address = AddressMatch(prefix, negated: negated)
            if words[at + 1] == "saddr" { rule.source = address } else { rule.destination = address }
            return used
        case "tcp dport", "udp dport", "sctp dport":
            guard let (text, negated, used) = value(words, at, keyWords: 2), !negated, let port = Int(text) else {
                return nil
            }
            rule.matches.append(.port(protocol: words[at], destinationPort: port))
            return used
        case "fib daddr", "fib saddr":
            guard at + 2 < words.count, words[at + 2] == "type",
                let (type, negated, used) = value(words, at, keyWords: 3)
            else { return nil }
            let match = IptablesMatch.TypeMatch(type.uppercased(), negated: negated)
            let source = words[at + 1] == "saddr"
            rule.matches.append(.addrType(source: source ? match : nil, destination: source ? nil : match))
            return used
        case "ct state", "ct status":
            guard let (text, negated, used) = value(words, at, keyWords: 2) else { return nil }
            let states = text.split(separator: ",").map { $0.uppercased() }
            rule.matches.append(.conntrack(states: states, negated: negated))
            return used
        default: return single(words, at: at, into: &rule)
        }
    }

    /// `iifname [!=] "cni0"` (`veth*` is iptables' `veth+`) and `comment "…"`.
    static func single(_ words: [String], at: Int, into rule: inout IptablesRule) -> Int? {
        guard let (text, negated, used) = value(words, at, keyWords: 1) else { return nil }
        switch words[at] {
        case "iifname":
            let name = text.hasSuffix("*") ? String(text.dropLast()) + "+" : text
            rule.inInterface = InterfaceMatch(name, negated: negated)
            return used
        case "comment":
            guard !negated else { return nil }
            rule.matches.append(.comment(text))
            return used
        default: return nil
        }
    }

    /// `meta random & 2147483647 < N`: `-m statistic --mode random`, the packet matching when random < N.
    static func random(_ words: [String], at: Int, into rule: inout IptablesRule) -> Int? {
        guard at + 5 < words.count, words[at + 2] == "&", words[at + 3] == "2147483647", words[at + 4] == "<",
            let stored = UInt32(words[at + 5]), stored <= 0x8000_0000
        else { return nil }
        let probability = StatisticProbability(written: StatisticProbability.saved(stored))
        rule.matches.append(.statistic(probability))
        return 6
    }

    /// `meta mark & M == V` / `!= V` (`-m mark`), `meta mark set mark or V` / `xor V` (`-j MARK`).
    static func mark(_ words: [String], at: Int, into rule: inout IptablesRule) -> Int? {
        guard at + 5 < words.count else { return nil }
        let (operation, operand) = (words[at + 4], IptablesMatchReader.number(Substring(words[at + 5])))
        if words[at + 2] == "&", let mask = IptablesMatchReader.number(Substring(words[at + 3])), let operand,
            operation == "==" || operation == "!="
        {
            rule.matches.append(.mark(value: operand, mask: mask, negated: operation == "!="))
            return 6
        }
        guard words[at + 2] == "set", words[at + 3] == "mark", rule.target == nil, let operand else { return nil }
        switch operation {
        case "or": rule.target = .mark(xorValue: operand, clearMask: operand)
        case "xor": rule.target = .mark(xorValue: operand, clearMask: 0)
        default: return nil
        }
        return 6
    }

    /// A verdict or statement ending the rule: the iptables target (`-g CHAIN` as iptables-save's text, which
    /// the walk follows) and the words taken.
    static func target(_ words: [String], at: Int) -> (IptablesTarget, Int)? {
        let next = at + 1 < words.count ? words[at + 1] : nil
        switch words[at] {
        case "accept": return (.jump("ACCEPT"), 1)
        case "drop": return (.jump("DROP"), 1)
        case "return": return (.jump("RETURN"), 1)
        case "jump": return next.map { (.jump($0), 2) }
        case "goto": return next.map { (.other("-g " + $0), 2) }
        case "masquerade":
            return next == "fully-random" ? (.masquerade(randomFully: true), 2) : (.masquerade(randomFully: false), 1)
        case "dnat":
            guard next == "to", at + 2 < words.count else { return nil }
            return (.dnat(toDestination: words[at + 2]), 3)
        case "reject":
            guard next == "with" else { return (.reject(with: "icmp-port-unreachable"), 1) }
            // `reject with icmp type port-unreachable` (nft before 1.0.8) or `reject with icmp port-unreachable`.
            guard at + 3 < words.count, words[at + 2] == "icmp" else { return nil }
            if words[at + 3] == "type", at + 4 < words.count { return (.reject(with: "icmp-" + words[at + 4]), 5) }
            return (.reject(with: "icmp-" + words[at + 3]), 4)
        default: return nil
        }
    }
}
