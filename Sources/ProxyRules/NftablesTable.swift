import ClusterModel

/// A condition of an nftables rule, as kube-proxy's nftables proxier writes them: what the walk tests.
enum NftCondition: Sendable, Hashable {
    case ctStateNew
    case ctStatusDNAT
    case daddr(IPPrefix)
    case daddrNot(IPPrefix)
    case daddrInSet(String)
    /// `ip daddr { 10.96.0.0/12, 172.16.0.0/16 }`.
    case daddrIn([IPPrefix])
    /// `ip saddr 10.244.0.0/16` / `ip saddr != { … }`.
    case saddr([IPPrefix], negated: Bool)
    case saddrInSet(String)
    case iifname(String, negated: Bool)
    case dport(protocol: String, port: Int)
    case fibSaddrLocal
    case fibDaddrLocal
    /// `meta mark & 0x00004000 == 0x00000000` (negated: `!=`).
    case markClear(negated: Bool)
    /// `ct status dnat ip saddr . ip daddr . meta l4proto . th dport @hairpin-connections`.
    case hairpin(String)
    /// `meta l4proto tcp` (before a `dnat` in a node's own listing).
    case l4proto(String)
    /// Words of a node's own rule that kubehops does not read: the walk never takes such a rule, and says why.
    case unread(String)
}

/// What a matching rule does.
enum NftAction: Sendable, Hashable {
    case jump(String)
    case goto(String)
    case `return`
    case drop
    case reject
    /// `ip daddr . meta l4proto . th dport vmap @map` (nodePorts: `meta l4proto . th dport`).
    case vmap(String, nodePorts: Bool)
    /// `numgen random mod N vmap { 0 : goto endpoint-…, … }`.
    case numgenGoto([String])
    /// `dnat ip to numgen random mod N map { 0 : ip . port, … }` (1.36+).
    case numgenDNAT([String])
    case dnat(String)
    case markOr
    /// `meta mark set meta mark ^ …` then, in 1.36+, `masquerade fully-random` in the same rule.
    case markXor(thenMasquerade: Bool)
    case masquerade
    case updateSet(String)
    /// A condition-only rule that sets the mark and goes on (1.36+ `meta mark set meta mark | …`).
    case markOrContinue
    /// A node's own rule whose action kubehops does not read (its conditions hold `.unread`).
    case none
}

struct NftRule: Sendable, Hashable {
    var conditions: [NftCondition]
    var action: NftAction
    /// The rule exactly as `nft list table` prints it.
    var text: String
    /// Its line in a node's own listing (nil for a predicted rule).
    var line: Int? = nil
}

/// A set or a map of the table: its declaration lines and its elements as `nft list` prints them.
struct NftSet: Sendable, Hashable {
    var kind: String  // "set" or "map"
    var name: String
    var type: String
    var comment: String?
    var flags: [String] = []
    var timeout: Int?
    /// Printed form of each element (`10.96.0.10 . udp . 53 : goto service-…`), in kube-proxy's order.
    var elements: [String] = []
    /// For maps: key text → verdict (`goto service-…`, `drop`, `goto reject-chain`).
    var verdicts: [String: String] = [:]
    /// Its line in a node's own listing (nil for a predicted set).
    var line: Int? = nil
    /// The keys of a set's elements added so far (for maps, `verdicts` has them): one look-up each.
    var keys = NftElementKeys()
}

/// The keys ``NftablesTable/addElement(_:key:verdict:comment:)`` added to a set: a cache, no part of the
/// set's value (a set read from a node's listing has none and equals the predicted one).
struct NftElementKeys: Sendable, Hashable {
    var keys: Set<String> = []

    static func == (_: Self, _: Self) -> Bool { true }
    func hash(into _: inout Hasher) {}
}

struct NftChain: Sendable, Hashable {
    var name: String
    /// `type nat hook prerouting priority dstnat; policy accept;` for base chains.
    var base: String?
    var comment: String?
    var rules: [NftRule] = []
    /// Rules kube-proxy writes that need a value the input cannot tell: printed as `# …` lines after the rules
    /// (nft skips them), never walked or compared.
    var commentedOut: [String] = []
}

/// kube-proxy's nftables table on one node for one family, as data, printable as `nft list table ip kube-proxy`.
public struct NftablesTable: Sendable, Hashable {
    public var family: IPPrefix.Family
    var sets: [NftSet] = []
    var chains: [NftChain] = []
    /// Where each chain is in `chains`, so that a node's tens of thousands of chains are found in one look-up.
    var chainIndex = NftChainIndex()

    /// `ip kube-proxy` / `ip6 kube-proxy`: the table column of walked rules.
    public var tableName: String { "\(family == .ipv6 ? "ip6" : "ip") kube-proxy" }

    func chain(_ name: String) -> NftChain? {
        if let index = chainIndex.position(of: name, in: chains) { return chains[index] }
        return chainIndex.isComplete(chains) ? nil : chains.first { $0.name == name }
    }

    func set(_ name: String) -> NftSet? { sets.first { $0.name == name } }

    /// True when a rule needing a value the input cannot tell is commented out (said in the listing's notes).
    public var hasCommentedOutRules: Bool { chains.contains { !$0.commentedOut.isEmpty } }

    mutating func append(_ rule: NftRule, to name: String) {
        chainIndex.catchUp(chains)
        if let index = chainIndex.position(of: name, in: chains) {
            chains[index].rules.append(rule)
        } else {
            chains.append(NftChain(name: name, rules: [rule]))
        }
    }

    mutating func commentOut(_ text: String, in name: String) {
        ensureChain(name)
        chainIndex.catchUp(chains)
        if let index = chainIndex.position(of: name, in: chains) { chains[index].commentedOut.append(text) }
    }

    mutating func ensureChain(_ name: String) {
        _ = position(ensuring: name)
    }

    /// Where chain `name` is in `chains`, appended (empty) when missing: a generator adds a chain's rules there
    /// with no further look-up (`chains[position].rules`) while it appends chains only.
    mutating func position(ensuring name: String) -> Int {
        chainIndex.catchUp(chains)
        if let index = chainIndex.position(of: name, in: chains) { return index }
        chains.append(NftChain(name: name))
        return chains.count - 1
    }

    mutating func addElement(_ set: String, key: String, verdict: String? = nil, comment: String? = nil) {
        guard let index = sets.firstIndex(where: { $0.name == set }) else { return }
        if sets[index].verdicts[key] != nil || (verdict == nil && sets[index].keys.keys.contains(key)) { return }
        let commented = comment.map { "\(key) comment \"\($0)\"" } ?? key
        sets[index].elements.append(verdict.map { "\(commented) : \($0)" } ?? commented)
        sets[index].keys.keys.insert(key)
        if let verdict { sets[index].verdicts[key] = verdict }
    }

    /// The whole table as `nft list table` prints it (elements one line each: nft wraps them at its own
    /// width; the same elements either way).
    ///
    /// `nft -f` reads it back.
    public var listing: String {
        var out = ""
        let setBytes = sets.reduce(0) { $0 + 128 + $1.elements.count * 64 }
        out.reserveCapacity(setBytes + chains.reduce(0) { $0 + 64 + $1.rules.count * 96 })
        out += "table \(tableName) {\n\tcomment \"rules for kube-proxy\"\n"
        var blocks = 0
        for set in sets {
            if blocks > 0 { out += "\n" }
            blocks += 1
            write(set, into: &out)
        }
        for chain in chains {
            if blocks > 0 { out += "\n" }
            blocks += 1
            out += "\tchain "
            out += chain.name
            out += " {\n"
            if let base = chain.base { out += "\t\t\(base)\n" }
            if let comment = chain.comment { out += "\t\tcomment \"\(comment)\"\n" }
            for rule in chain.rules {
                out += "\t\t"
                out += rule.text
                out += "\n"
            }
            for line in chain.commentedOut {
                out += "\t\t# "
                out += line
                out += "\n"
            }
            out += "\t}\n"
        }
        return out + "}\n"
    }

    /// One set's block (without the empty line between blocks).
    private func write(_ set: NftSet, into out: inout String) {
        out += "\t\(set.kind) \(set.name) {\n\t\ttype \(set.type)\n"
        if set.kind == "set", set.flags.contains("dynamic") { out += "\t\tsize 65535\n" }
        if !set.flags.isEmpty { out += "\t\tflags \(set.flags.joined(separator: ","))\n" }
        if let timeout = set.timeout { out += "\t\ttimeout \(Self.duration(timeout))\n" }
        if let comment = set.comment { out += "\t\tcomment \"\(comment)\"\n" }
        if !set.elements.isEmpty {
            out += "\t\telements = { "
            for (index, element) in set.elements.enumerated() {
                if index > 0 { out += ",\n\t\t\t     " }
                out += element
            }
            out += " }\n"
        }
        out += "\t}\n"
    }

    /// nft's duration form: `3h`, `10m`, `1m30s`.
    static func duration(_ seconds: Int) -> String {
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}

/// The position of each chain by name, a cache of `chains` that is no part of the table's value (two tables
/// with the same chains are equal whatever their caches hold).
///
/// The generator also appends to `chains` directly; `catchUp` indexes what was appended since, and a position is used
/// only while it still names its chain, so the cache can be behind but never wrong.
struct NftChainIndex: Sendable, Hashable {
    var positions: [String: Int] = [:]
    var indexed = 0

    static func == (_: Self, _: Self) -> Bool { true }
    func hash(into _: inout Hasher) {}

    func position(of name: String, in chains: [NftChain]) -> Int? {
        guard let index = positions[name], index < chains.count, chains[index].name == name else { return nil }
        return index
    }

    /// True when every chain is indexed (and the order unchanged), so a name not found is not there.
    func isComplete(_ chains: [NftChain]) -> Bool {
        indexed == chains.count && (chains.last.map { position(of: $0.name, in: chains) != nil } ?? true)
    }

    mutating func catchUp(_ chains: [NftChain]) {
        if indexed > chains.count || (indexed > 0 && position(of: chains[indexed - 1].name, in: chains) == nil) {
            positions = [:]
            indexed = 0
        }
        while indexed < chains.count {
            if positions[chains[indexed].name] == nil { positions[chains[indexed].name] = indexed }
            indexed += 1
        }
    }
}
