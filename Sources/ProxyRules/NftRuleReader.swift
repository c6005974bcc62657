import ClusterModel

/// A node's own `nft list table ip kube-proxy` as the walkable table: its chains with the node's own names
/// and hashes, its verdict maps and sets with their elements, each rule read back into the conditions and
/// action the walk tests (``NftRuleReader``), with its line in the dump.
extension NftablesTable {
    /// nil for a table of another family than `ip` / `ip6` (`inet`, `bridge`…).
    public init?(listed: NftListedTable) {
        switch listed.family {
        case "ip": family = .ipv4
        case "ip6": family = .ipv6
        default: return nil
        }
        sets = listed.sets.map { listedSet in
            var set = NftSet(kind: listedSet.kind, name: listedSet.name, type: listedSet.type ?? "")
            set.elements = listedSet.elements
            set.line = listedSet.line
            if listedSet.kind == "map" {
                for element in listedSet.elements {
                    if let (key, verdict) = Self.mapElement(element) { set.verdicts[key] = verdict }
                }
            }
            return set
        }
        chains = listed.chains.map { chain in
            NftChain(
                name: chain.name, base: chain.hook,
                rules: chain.rules.map { NftRuleReader.rule($0.text, chain: chain.name, line: $0.line) })
        }
    }

    /// `10.96.0.10 . udp . 53 comment "kube-system/kube-dns:dns" : goto service-…` → key and verdict.
    static func mapElement(_ element: String) -> (String, String)? {
        var key = Substring(element)
        var rest = Substring(element)
        if let comment = element.firstRange(of: " comment \"") {
            key = element[..<comment.lowerBound]
            rest = element[comment.upperBound...].drop { $0 != "\"" }.dropFirst()
        }
        guard let separator = rest.firstRange(of: " : ") else { return nil }
        if key.endIndex > separator.lowerBound { key = rest[..<separator.lowerBound] }
        return (String(key.trimmingBlanks), String(rest[separator.upperBound...].trimmingBlanks))
    }
}

/// One rule of an `nft list` listing read back into what kube-proxy's nftables walk tests: the words
/// kube-proxy writes (`ip daddr`, `ip saddr`, `meta mark`, `fib … type local`, `ct state new`, verdict
/// maps, `numgen random mod N`, `dnat`, `masquerade`, `update @set`), with nft's own additions passed over
/// (`comment "…"`, `counter packets N bytes M`).
///
/// A word it does not know makes the rule one the walk never takes, and says so, rather than a guess at what it
/// matches.
enum NftRuleReader {
    static func rule(_ text: String, chain: String, line: Int?) -> NftRule {
        var reader = Reader(words: words(text), chain: chain)
        reader.read()
        if !reader.unread.isEmpty { reader.conditions.append(.unread(reader.unread.joined(separator: " "))) }
        return NftRule(conditions: reader.conditions, action: reader.action ?? .none, text: text, line: line)
    }

    /// Blank-separated words, a quoted string kept whole.
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var quoted = false
        for index in text.indices {
            let character = text[index]
            if character == "\"" { quoted.toggle() }
            if character == " " || character == "\t", !quoted {
                if let begun = start { words.append(text[begun..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let begun = start { words.append(text[begun...]) }
        return words
    }

    struct Reader {
        let words: [Substring]
        let chain: String
        var index = 0
        var conditions: [NftCondition] = []
        var action: NftAction?
        var unread: [Substring] = []

        init(words: [Substring], chain: String) { self.words = words; self.chain = chain }

        func word(_ offset: Int) -> Substring { index + offset < words.count ? words[index + offset] : "" }

        /// True (and the words consumed) when the next words are `expected`.
        mutating func take(_ expected: String) -> Bool {
            let parts = expected.split(separator: " ")
            guard parts.indices.allSatisfy({ word($0) == parts[$0] }) else { return false }
            index += parts.count
            return true
        }

        /// A `{ a, b }` block's items (commas dropped), or one word.
        mutating func values() -> [Substring] {
            guard word(0) == "{" else {
                defer { index += 1 }
                return [word(0)]
            }
            index += 1
            var items: [Substring] = []
            while index < words.count, words[index] != "}" {
                let item = words[index].hasSuffix(",") ? words[index].dropLast() : words[index]
                if !item.isEmpty { items.append(item) }
                index += 1
            }
            index += 1
            return items
        }

        mutating func read() {
            while index < words.count {
                let start = index
                switch words[index] {
                case "ct": readConntrack()
                case "ip", "ip6": readAddress()
                case "iifname":
                    index += 1
                    let negated = take("!=")
                    conditions.append(.iifname(NftListParser.unquoted(word(0)), negated: negated))
                    index += 1
                case "meta": readMeta()
                case "tcp", "udp", "sctp":
                    if word(1) == "dport", let port = Int(word(2)) {
                        conditions.append(.dport(protocol: String(words[index]), port: port))
                        index += 3
                    }
                case "fib":
                    if take("fib saddr type local") {
                        conditions.append(.fibSaddrLocal)
                    } else if take("fib daddr type local") {
                        conditions.append(.fibDaddrLocal)
                    }
                case "numgen", "dnat", "masquerade", "update", "jump", "goto", "return", "drop", "reject":
                    readAction()
                case "comment": index += 2
                case "counter":
                    index += 1
                    if take("packets"), Int(word(0)) != nil { index += 1 }
                    if take("bytes"), Int(word(0)) != nil { index += 1 }
                default: break
                }
                if index == start {
                    unread.append(words[index])
                    index += 1
                }
            }
        }

        mutating func readConntrack() {
            if take("ct state new") {
                conditions.append(.ctStateNew)
            } else if take("ct status dnat") {
                let x = word(0)
                if take("\(x) saddr . \(x) daddr . meta l4proto . th dport"), word(0).hasPrefix("@") {
                    conditions.append(.hairpin(String(word(0).dropFirst())))
                    index += 1
                } else {
                    conditions.append(.ctStatusDNAT)
                }
            }
        }

        mutating func readAddress() {
            let x = words[index]
            if take("\(x) daddr . meta l4proto . th dport vmap"), word(0).hasPrefix("@") {
                action = .vmap(String(word(0).dropFirst()), nodePorts: false)
                index += 1
            } else if take("\(x) daddr") {
                let negated = take("!=")
                if !negated, word(0).hasPrefix("@") {
                    conditions.append(.daddrInSet(String(word(0).dropFirst())))
                    index += 1
                } else if let prefix = IPPrefix(word(0)) {
                    conditions.append(negated ? .daddrNot(prefix) : .daddr(prefix))
                    index += 1
                } else if !negated, word(0) == "{", let prefixes = addressBlock() {
                    conditions.append(.daddrIn(prefixes))
                } else {
                    index -= negated ? 3 : 2
                }
            } else if take("\(x) saddr") {
                let negated = take("!=")
                if !negated, word(0).hasPrefix("@") {
                    conditions.append(.saddrInSet(String(word(0).dropFirst())))
                    index += 1
                    return
                }
                let back = index
                let prefixes = values().map { IPPrefix($0) }
                if prefixes.isEmpty || prefixes.contains(nil) {
                    index = back - (negated ? 3 : 2)
                } else {
                    conditions.append(.saddr(prefixes.compactMap { $0 }, negated: negated))
                }
            }
        }

        /// A `{ a, b }` block of addresses or prefixes, nil (nothing taken) when any item is none.
        mutating func addressBlock() -> [IPPrefix]? {
            let back = index
            let prefixes = values().compactMap { IPPrefix($0) }
            guard !prefixes.isEmpty, index <= words.count, index - back == prefixes.count + 2 else {
                index = back
                return nil
            }
            return prefixes
        }

        mutating func readMeta() {
            if take("meta l4proto . th dport vmap"), word(0).hasPrefix("@") {
                action = .vmap(String(word(0).dropFirst()), nodePorts: true)
                index += 1
            } else if word(1) == "l4proto", ["tcp", "udp", "sctp"].contains(word(2)) {
                conditions.append(.l4proto(String(word(2))))
                index += 3
            } else if word(1) == "mark", word(2) == "&", word(4) == "==" || word(4) == "!=", word(5) == "0x00000000" {
                conditions.append(.markClear(negated: word(4) == "!="))
                index += 6
            } else if take("meta mark set meta mark |"), word(0).hasPrefix("0x") {
                index += 1
                action = chain == "mark-for-masquerade" ? .markOr : .markOrContinue
            } else if take("meta mark set meta mark ^"), word(0).hasPrefix("0x") {
                index += 1
                let masquerade = word(0) == "masquerade"
                if masquerade { readAction() }
                action = .markXor(thenMasquerade: masquerade)
            }
        }

        mutating func readAction() {
            let verb = words[index]
            index += 1
            switch verb {
            case "jump", "goto":
                action = verb == "jump" ? .jump(String(word(0))) : .goto(String(word(0)))
                index += 1
            case "return": action = .return
            case "drop": action = .drop
            case "reject":
                action = .reject
                if take("with") { index += 2 }
            case "masquerade":
                action = .masquerade
                while ["fully-random", "random", "persistent"].contains(word(0)) { index += 1 }
            case "update":
                guard word(0).hasPrefix("@") else { index -= 1; return }
                action = .updateSet(String(word(0).dropFirst()))
                index += 1
                _ = values()
            case "numgen":
                readNumgen(dnat: false)
            default:  // dnat
                if word(0) == "ip" || word(0) == "ip6" { index += 1 }
                guard take("to") else { index -= 1; return }
                if word(0) == "numgen" {
                    index += 1
                    readNumgen(dnat: true)
                } else {
                    action = .dnat(String(word(0)))
                    index += 1
                }
            }
        }

        /// `random mod N vmap { 0 : goto A, 1 : goto B }` / `random mod N map { 0 : 10.0.0.1 . 80, … }`.
        mutating func readNumgen(dnat: Bool) {
            guard take("random mod"), let count = Int(word(0)), word(1) == (dnat ? "map" : "vmap"), word(2) == "{"
            else { return }
            index += 2
            let items = values()
            var slots: [String?] = Array(repeating: nil, count: max(0, count))
            var position = 0
            while position + 2 < items.count, items[position + 1] == ":" {
                let slot = Int(items[position]) ?? -1
                var value: String
                if dnat {
                    // `10.244.0.8 . 9898` → `10.244.0.8:9898` (`[fd00::8]:9898`).
                    guard position + 4 < items.count, items[position + 3] == ".", let port = Int(items[position + 4]),
                        let address = IPPrefix(items[position + 2])
                    else { break }
                    value = address.withPort(port)
                    position += 5
                } else {
                    guard items[position + 2] == "goto" || items[position + 2] == "jump", position + 3 < items.count
                    else { break }
                    value = String(items[position + 3])
                    position += 4
                }
                if slots.indices.contains(slot) { slots[slot] = value }
            }
            guard position == items.count, !slots.contains(nil) else {
                conditions.append(.unread("numgen random mod \(count) with slots kubehops cannot read"))
                action = NftAction.none
                return
            }
            let values = slots.compactMap { $0 }
            action = dnat ? .numgenDNAT(values) : .numgenGoto(values)
        }
    }
}

extension NftablesTable {
    /// The verdict of `map`'s element `key` (`10.96.0.10 . tcp . 53` → `goto service-…`), when it has one.
    public func verdict(_ map: String, key: String) -> String? { set(map)?.verdicts[key] }

    public func hasChain(_ name: String) -> Bool { chain(name) != nil }

    /// A service chain's endpoint choice: `numgen random mod N` and the `ip:port` each slot DNATs to (through
    /// the slot's endpoint chain, or the 1.36+ dnat map); nil when the chain picks with no numgen.
    public func endpointChoice(_ chain: String) -> (modulus: Int, destinations: [String])? {
        for rule in self.chain(chain)?.rules ?? [] {
            switch rule.action {
            case .numgenDNAT(let destinations): return (destinations.count, destinations)
            case .numgenGoto(let chains):
                let destinations = chains.flatMap { endpoint in
                    (self.chain(endpoint)?.rules ?? []).compactMap { rule -> String? in
                        if case .dnat(let to) = rule.action { to } else { nil }
                    }
                }
                return (chains.count, destinations)
            default: continue
            }
        }
        return nil
    }
}
