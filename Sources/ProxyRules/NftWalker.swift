import ClusterModel

/// The netfilter semantics kube-proxy's table relies on: rules in order, `jump` returns, `goto` does not,
/// verdict maps look the packet's key up, NAT statements end the chain, a base chain that ends accepts.
struct NftWalker {
    let table: NftablesTable
    let local: [IPPrefix]
    let provenance: Provenance
    let draws: [Double]
    let affinityHits: Set<String>
    var source: IPPrefix
    var destination: IPPrefix
    let `protocol`: String
    var port: Int
    let fromNode: Bool
    let interface: String?
    let fromPod: Bool
    /// The file of a node's own listing: each walked rule is then `.observed("FILE:LINE")`.
    var observedSource: String? = nil

    var walked: [WalkedRule] = []
    var outcome = WalkOutcome.notTranslated
    var markedBy: Rule?
    var slot: (drawn: Int, count: Int)?
    /// The key of the no-endpoint element that dropped the packet.
    var noLocalDrop: String?
    var mark = false
    var dnatted = false
    var nextDraw = 0
    var depth = 0
    /// The affinity sets an `update @set { ip saddr }` rule added the source to.
    var updatedSets: [String] = []
    /// The chain whose `numgen` rule chose the endpoint.
    var choiceChain: String?

    enum Verdict: Equatable {
        case fallThrough, returned, accept, drop(String), reject(String), dnat(String, String), masquerade
        /// A rule names a chain (or map) the listing lacks: the walk stops.
        case missing(MissingChain)
    }

    mutating func run() {
        let hooks: [String]
        if fromNode {
            hooks = ["filter-output", "nat-output", "filter-output-post-dnat", "nat-postrouting"]
        } else {
            hooks = ["filter-prerouting", "nat-prerouting", "<route>", "nat-postrouting"]
        }
        for hook in hooks {
            let chain = hook == "<route>" ? (isLocal(destination) ? "filter-input" : "filter-forward") : hook
            switch traverse(chain) {
            case .drop(let reason): outcome = .drop(reason: reason); return
            case .reject(let reason): outcome = .reject(reason: reason); return
            case .dnat(let to, let by): outcome = .dnat(destination: to, endpointChain: by)
            case .missing(let missing): outcome = .missingChain(missing); return
            default: break
            }
        }
    }

    func isLocal(_ address: IPPrefix) -> Bool {
        KubeProxyNftables.isLoopback(address) || local.contains(address)
    }

    /// Where a rule (or a map's element) at `line` of the node's listing comes from.
    func provenance(_ line: Int?) -> Provenance {
        guard let observedSource else { return provenance }
        return .observed(observedSource + (line.map { ":\($0)" } ?? ""))
    }

    func rule(_ chain: String, _ text: String) -> Rule {
        Rule(dataplane: .nftables, table: table.tableName, chain: chain, text: text)
    }

    mutating func traverse(_ name: String) -> Verdict {
        guard let chain = table.chain(name), depth < 32 else { return .fallThrough }
        depth += 1
        defer { depth -= 1 }
        for (position, nft) in chain.rules.enumerated() {
            let printed = rule(name, nft.text)
            if let miss = mismatch(nft.conditions) {
                walked.append(WalkedRule(rule: printed, matched: false, whyNot: miss, provenance: provenance(nft.line)))
                continue
            }
            if case .vmap(let map, let nodePorts) = nft.action {
                let key =
                    nodePorts ? "\(self.protocol) . \(port)" : "\(destination.nftText) . \(self.protocol) . \(port)"
                if table.set(map) == nil, observedSource != nil {
                    walked.append(WalkedRule(rule: printed, matched: true, provenance: provenance(nft.line)))
                    return .missing(missing(map, by: .map, printed, line: nft.line))
                }
                guard let verdict = table.set(map)?.verdicts[key] else {
                    walked.append(
                        WalkedRule(
                            rule: printed, matched: false, whyNot: "no element \(key) in @\(map)",
                            provenance: provenance(nft.line)))
                    continue
                }
                walked.append(WalkedRule(rule: printed, matched: true, provenance: provenance(nft.line)))
                let element = table.set(map)?.elements.first { $0.hasPrefix(key + " ") } ?? "\(key) : \(verdict)"
                walked.append(
                    WalkedRule(rule: rule(map, element), matched: true, provenance: provenance(table.set(map)?.line)))
                let result = follow(
                    verdict, comment: Self.comment(of: element), key: key, map: map,
                    element: rule(map, element), line: table.set(map)?.line)
                return notReached(result, chain: chain, after: position)
            }
            walked.append(WalkedRule(rule: printed, matched: true, provenance: provenance(nft.line)))
            let result = apply(nft, printed, chain: name)
            if result != .fallThrough || isTerminal(nft.action) {
                return notReached(result, chain: chain, after: position)
            }
        }
        return .fallThrough
    }

    func isTerminal(_ action: NftAction) -> Bool {
        switch action {
        case .goto, .numgenGoto: true
        default: false
        }
    }

    /// The rules of `chain` after a verdict left it, shown as not reached (the whole choice stays visible).
    mutating func notReached(_ verdict: Verdict, chain: NftChain, after position: Int) -> Verdict {
        // A chain the listing lacks stopped the walk: nothing after it is told, reached or not.
        if case .missing = verdict { return verdict }
        if verdict != .fallThrough || chain.base == nil {
            for later in chain.rules.dropFirst(position + 1) {
                walked.append(
                    WalkedRule(
                        rule: rule(chain.name, later.text), matched: false,
                        whyNot: "not reached: an earlier rule of \(chain.name) decided",
                        provenance: provenance(later.line)))
            }
        }
        return verdict == .returned ? .fallThrough : verdict
    }

    static func comment(of element: String) -> String? {
        let parts = element.split(separator: "\"", omittingEmptySubsequences: false)
        guard let index = parts.indices.first(where: { parts[$0].hasSuffix("comment ") }), index + 1 < parts.count
        else { return nil }
        return String(parts[index + 1])
    }

    mutating func follow(
        _ verdict: String, comment: String?, key: String, map: String, element: Rule, line: Int?
    ) -> Verdict {
        if verdict == "drop" {
            noLocalDrop = map == "no-endpoint-nodeports" ? "" : String(key.split(separator: " ").first ?? "")
            return .drop("\(comment ?? key) has no local endpoints")
        }
        if verdict.hasPrefix("goto ") || verdict.hasPrefix("jump ") {
            let target = String(verdict.dropFirst(5))
            if lacks(target) { return .missing(missing(target, by: .verdictMap, element, line: line)) }
            let result = traverse(target)
            if case .reject = result { return .reject("\(comment ?? key) has no endpoints") }
            return result == .returned ? .fallThrough : result
        }
        return .fallThrough
    }

    /// True when a node's own listing has no chain `name` (nft would have refused the rule naming it).
    func lacks(_ name: String) -> Bool { observedSource != nil && table.chain(name) == nil }

    func missing(_ name: String, by reference: MissingChain.Reference, _ printed: Rule, line: Int?) -> MissingChain {
        MissingChain(rule: printed, provenance: provenance(line), chain: name, reference: reference)
    }

    mutating func draw(count: Int) -> Int {
        let value = nextDraw < draws.count ? draws[nextDraw] : 0
        nextDraw += 1
        let drawn = min(count - 1, max(0, Int(value * Double(count))))
        slot = (drawn, count)
        return drawn
    }

    mutating func apply(_ nft: NftRule, _ printed: Rule, chain: String) -> Verdict {
        switch nft.action {
        case .jump(let target):
            if target == "mark-for-masquerade" { markedBy = printed }
            if lacks(target) { return .missing(missing(target, by: .jump, printed, line: nft.line)) }
            let result = traverse(target)
            return result == .returned ? .fallThrough : result
        case .goto(let target):
            if lacks(target) { return .missing(missing(target, by: .goto, printed, line: nft.line)) }
            return traverse(target)
        case .return: return .returned
        case .drop: return .drop(Self.comment(of: nft.text) ?? "dropped by \(chain)")
        case .reject: return .reject(Self.comment(of: nft.text) ?? "rejected by \(chain)")
        case .vmap: return .fallThrough
        case .numgenGoto(let chains):
            guard !chains.isEmpty else { return .fallThrough }
            choiceChain = chain
            let target = chains[draw(count: chains.count)]
            if lacks(target) { return .missing(missing(target, by: .verdictMap, printed, line: nft.line)) }
            return traverse(target)
        case .numgenDNAT(let destinations):
            guard !destinations.isEmpty else { return .fallThrough }
            choiceChain = chain
            return dnat(destinations[draw(count: destinations.count)], chain: chain)
        case .dnat(let to): return dnat(to, chain: chain)
        case .markOr: mark = true; return .fallThrough
        case .markOrContinue:
            mark = true
            markedBy = printed
            return .fallThrough
        case .markXor(let thenMasquerade):
            mark.toggle()
            return thenMasquerade ? .masquerade : .fallThrough
        case .masquerade:
            if chain == "masquerading",
                nft.conditions.contains(where: { if case .hairpin = $0 { true } else { false } })
            {
                markedBy = printed
            }
            return .masquerade
        case .updateSet(let set):
            updatedSets.append(set)
            return .fallThrough
        case .none: return .fallThrough
        }
    }

    mutating func dnat(_ to: String, chain: String) -> Verdict {
        dnatted = true
        if let address = IptablesWalker.address(ofHostPort: to) { destination = address }
        if let portText = to.split(separator: ":").last, let number = Int(portText) { port = number }
        return .dnat(to, chain)
    }

    /// Why the packet does not match, or nil when it does.
    func mismatch(_ conditions: [NftCondition]) -> String? {
        for condition in conditions {
            switch condition {
            case .ctStateNew: continue
            case .ctStatusDNAT: if !dnatted { return "the connection was not DNATed" }
            case .daddr(let prefix): if !prefix.contains(destination) { return "destination is not \(prefix.nftText)" }
            case .daddrNot(let prefix): if prefix.contains(destination) { return "destination is \(prefix.nftText)" }
            case .daddrIn(let prefixes):
                if !prefixes.contains(where: { $0.contains(destination) }) {
                    return "destination is not in { \(prefixes.map(\.nftText).joined(separator: ", ")) }"
                }
            case .daddrInSet(let name):
                if !(table.set(name)?.elements.contains(destination.nftText) ?? false) {
                    return "destination \(destination.nftText) is not in @\(name)"
                }
            case .saddr(let prefixes, let negated):
                let inside = prefixes.contains { $0.contains(source) }
                if inside == negated {
                    let list = prefixes.map(\.nftText).joined(separator: ", ")
                    return negated ? "source \(source.nftText) is in \(list)" : "source is not \(list)"
                }
            case .saddrInSet(let name): if !affinityHits.contains(name) { return "source is not in @\(name)" }
            case .iifname(let pattern, let negated):
                let matches: Bool
                if let interface {
                    matches = pattern.hasSuffix("*") ? interface.hasPrefix(pattern.dropLast()) : interface == pattern
                } else {
                    matches = fromPod
                }
                if matches == negated {
                    return negated ? "it arrived from a pod interface" : "not from a pod interface"
                }
            case .dport(let proto, let number):
                if proto != self.protocol || number != port { return "not \(proto) port \(number)" }
            case .fibSaddrLocal: if !(fromNode || isLocal(source)) { return "the source is not this node's address" }
            case .fibDaddrLocal: if !isLocal(destination) { return "the destination is not this node's address" }
            case .markClear(let negated):
                if mark == !negated { return negated ? "the masquerade mark is not set" : "the masquerade mark is set" }
            case .l4proto(let proto): if proto != self.protocol { return "not \(proto)" }
            case .unread(let words):
                return "kubehops does not read `\(words)` in this rule, so the walk does not take it (it may match "
                    + "on the node)"
            case .hairpin(let name):
                let key = "\(source.nftText) . \(destination.nftText) . \(self.protocol) . \(port)"
                if !dnatted || !(table.set(name)?.elements.contains(key) ?? false) {
                    return "not a hairpin: \(key) is not in @\(name)"
                }
            }
        }
        return nil
    }
}
