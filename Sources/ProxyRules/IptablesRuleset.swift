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
        tables.map { $0.saveText(family: family) }.joined()
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
    public var chains: [String] { (Self.builtinChains[name] ?? []) + userChains.sorted() }

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
        var out = notes.map { "# " + $0 + "\n" }.joined()
        out += "*\(name)\n"
        for chain in chains {
            out += ":\(chain) " + (isBuiltin(chain) ? "ACCEPT" : "-") + " [0:0]\n"
        }
        for chain in chains {
            for rule in rulesByChain[chain] ?? [] {
                out += (rule.unknownSource == nil ? "" : "# ") + IptablesSaveFormat.line(rule, family: family) + "\n"
            }
        }
        return out + "COMMIT\n"
    }
}
