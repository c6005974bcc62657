/// The tables of one node's iptables (or ip6tables) state: what `iptables-save` prints.
public struct IptablesRuleset: Sendable, Hashable {
    public var family: IPPrefix.Family
    public var tables: [IptablesTable]

    public init(family: IPPrefix.Family, tables: [IptablesTable]) {
        self.family = family; self.tables = tables
    }

    public func table(_ name: String) -> IptablesTable? { tables.first { $0.name == name } }

    /// The whole state in `iptables-save` format (chains declared, rules grouped by chain as
    /// iptables-save groups them, `COMMIT` after each table).
    public var saveText: String {
        var out = ""
        out.reserveCapacity(tables.reduce(0) { $0 + $1.estimatedTextSize })
        for table in tables { table.write(family: family, into: &out) }
        return out
    }
}

/// One table (`nat`, `filter`): its chains and their rules.
public struct IptablesTable: Sendable, Hashable {
    public var name: String
    /// The user chains declared, in declaration order.
    public private(set) var userChains: [String] = []
    /// Rules of each chain, in order.
    public private(set) var rulesByChain: [String: [IptablesRule]]
    /// Lines to print above the table (`# the cluster CIDR is unknown: …`).
    public var notes: [String] = []

    public init(name: String) {
        self.name = name
        rulesByChain = [:]
        for chain in Self.builtinChains[name] ?? [] { rulesByChain[chain] = [] }
    }

    /// The built-in chains of each table, in the order iptables-save lists them.
    public static let builtinChains: [String: [String]] = [
        "nat": ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
        "filter": ["INPUT", "FORWARD", "OUTPUT"],
        "mangle": ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
        "raw": ["PREROUTING", "OUTPUT"],
    ]

    public func isBuiltin(_ chain: String) -> Bool { Self.builtinChains[name]?.contains(chain) ?? false }

    /// Chains in the order iptables-save prints them: the built-in chains of the table in hook
    /// order, then the user chains sorted by name.
    public var chains: [String] { (Self.builtinChains[name] ?? []) + ChainOrder.sorted(userChains) }

    /// Room for `chains` chains in all (a generator knows about how many it will declare).
    public mutating func reserveCapacity(chains: Int) {
        rulesByChain.reserveCapacity(chains)
        userChains.reserveCapacity(chains)
    }

    /// Declares a chain (once).
    public mutating func declare(_ chain: String) {
        guard rulesByChain[chain] == nil else { return }
        rulesByChain[chain] = []
        userChains.append(chain)
    }

    public mutating func append(_ rule: IptablesRule) {
        declare(rule.chain)
        rulesByChain[rule.chain, default: []].append(rule)
        if rule.unknownSource != nil { placeholderCount += 1 }
    }

    /// Rules of one chain, in order (as appending each: a parser reads a chain's rules together).
    public mutating func append(contentsOf rules: [IptablesRule], chain: String) {
        // One look-up: a declared chain's rules are usually none yet, then the array is taken as it is.
        if let index = rulesByChain.index(forKey: chain) {
            if rulesByChain.values[index].isEmpty {
                rulesByChain.values[index] = rules
            } else {
                rulesByChain.values[index].append(contentsOf: rules)
            }
        } else {
            rulesByChain[chain] = rules
            userChains.append(chain)
        }
        placeholderCount += rules.count { $0.unknownSource != nil }
    }

    /// Rules with an ``IptablesRule/unknownSource`` (printed commented out).
    public private(set) var placeholderCount = 0

    /// The rules of a chain a packet meets: those with an unknown source are left out.
    public func rules(_ chain: String) -> [IptablesRule] {
        let all = rulesByChain[chain] ?? []
        return placeholderCount == 0 ? all : all.filter { $0.unknownSource == nil }
    }

    /// Every rule in iptables-save order.
    public var allRules: [IptablesRule] { chains.flatMap(rules) }

    func saveText(family: IPPrefix.Family) -> String {
        var out = ""
        write(family: family, into: &out)
        return out
    }

    /// About the length of the table's text (for a reservation): its rules and chain lines.
    var estimatedTextSize: Int { rulesByChain.values.reduce(0) { $0 + $1.count * 96 } + rulesByChain.count * 48 }

    /// The table as iptables-save prints it, appended to `out`.
    func write(family: IPPrefix.Family, into out: inout String) {
        for note in notes {
            out += "# "
            out += note
            out += "\n"
        }
        out += "*\(name)\n"
        let chains = self.chains
        let builtins = Self.builtinChains[name]?.count ?? 0
        for (index, chain) in chains.enumerated() {
            out += ":"
            out += chain
            out += index < builtins ? " ACCEPT [0:0]\n" : " - [0:0]\n"
        }
        for chain in chains {
            // Each rule written where it is stored (not copied out of the array first).
            (rulesByChain[chain] ?? []).withUnsafeBufferPointer { rules in
                for index in rules.indices {
                    if rules[index].unknownSource != nil { out += "# " }
                    IptablesSaveFormat.write(rules[index], family: family, into: &out)
                    out += "\n"
                }
            }
        }
        out += "COMMIT\n"
    }
}

/// Chain names in String order, the order iptables-save lists user chains in.
///
/// Sorted on their first 24 bytes packed into integers and, where those tie, on the whole names: a node's
/// 150,000 KUBE-SEP names sort without a String comparison each. Names outside ASCII are sorted as Strings.
enum ChainOrder {
    private struct Key {
        var head: (UInt64, UInt64, UInt64)
        var index: Int
    }

    static func sorted(_ names: [String]) -> [String] {
        var keys: [Key] = []
        keys.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
            var count = 0
            for byte in name.utf8 {
                guard byte < 0x80 else { return names.sorted() }
                if count < 24 {
                    let word = UInt64(byte) << UInt64(56 - 8 * (count % 8))
                    switch count / 8 {
                    case 0: words.0 |= word
                    case 1: words.1 |= word
                    default: words.2 |= word
                    }
                }
                count += 1
            }
            keys.append(Key(head: words, index: index))
        }
        keys.sort { left, right in
            if left.head != right.head { return left.head < right.head }
            return names[left.index].utf8.lexicographicallyPrecedes(names[right.index].utf8)
        }
        return keys.map { names[$0.index] }
    }
}
