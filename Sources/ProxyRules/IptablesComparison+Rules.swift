/// The rule-by-rule part of ``IptablesComparison``: one chain present on both sides.
extension ComparisonWork {
    mutating func compareRules(
        _ pair: TablePair, _ chain: String, owners: (ServiceAttribution, ServiceAttribution),
        oneSided: (expected: Set<String>, real: Set<String>)
    ) {
        let builtin = ChainOwner.of(chain, table: pair.name) == .builtin
        func kept(_ rule: IptablesRule) -> Bool { !builtin || Self.isKubeProxyJump(rule, table: pair.name) }
        var real = (pair.real.rulesByChain[chain] ?? []).enumerated().filter { kept($0.element) }.map {
            SideRule(rule: $0.element, text: IptablesSaveFormat.line($0.element), line: pair.line(chain, $0.offset))
        }
        var pool: [String: [Int]] = [:]
        for (index, rule) in real.enumerated() { pool[rule.text, default: []].append(index) }
        var matched = Set<Int>()
        var expectedLeft: [SideRule] = []
        var placeholders: [IptablesRule] = []
        for rule in pair.expected.rulesByChain[chain] ?? [] where kept(rule) {
            if rule.unknownSource != nil {
                placeholders.append(rule)
                continue
            }
            let text = IptablesSaveFormat.line(rule)
            if let index = pool[text]?.popLast() { matched.insert(index) } else {
                expectedLeft.append(SideRule(rule: rule, text: text, line: nil))
            }
        }
        real = real.enumerated().filter { !matched.contains($0.offset) }.map(\.element)
        expectedLeft += matchPlaceholders(placeholders, in: &real)
        let ladders = (Self.ladderSize(pair.expected, chain), Self.ladderSize(pair.real, chain))
        pairProbabilities(&expectedLeft, &real, table: pair.name, ladders: ladders, service: owners.1)
        for rule in real where !Self.references(rule.rule).contains(where: oneSided.real.contains) {
            add(ruleOnly(rule, table: pair.name, inDump: true), service: owners.1.service(of: rule.rule))
        }
        for rule in expectedLeft where !Self.references(rule.rule).contains(where: oneSided.expected.contains) {
            add(ruleOnly(rule, table: pair.name, inDump: false), service: owners.0.service(of: rule.rule))
        }
    }

    /// Predicted rules whose pod range the input cannot tell (`! -s <cluster CIDR>`) match the dump's
    /// rule that is the same but for its `-s` / `-i`; the dump's value is learnt.
    ///
    /// The rest are returned.
    mutating func matchPlaceholders(_ placeholders: [IptablesRule], in real: inout [SideRule]) -> [SideRule] {
        var left: [SideRule] = []
        for placeholder in placeholders {
            var bare = placeholder
            bare.unknownSource = nil
            let wanted = IptablesSaveFormat.line(bare)
            let negated = placeholder.unknownSource?.hasPrefix("!") == true
            let hit = real.firstIndex { candidate in
                var stripped = candidate.rule
                let source = stripped.source.map { ($0.negated, $0.prefix.description) }
                    ?? stripped.inInterface.map { ($0.negated, "-i " + $0.name) }
                stripped.source = nil
                stripped.inInterface = nil
                return source?.0 == negated && IptablesSaveFormat.line(stripped) == wanted
            }
            if let hit {
                let rule = real.remove(at: hit).rule
                if let source = rule.source { learntSources.insert(source.prefix.description) }
                if let interface = rule.inInterface { learntSources.insert("-i " + interface.name) }
            } else {
                left.append(SideRule(rule: placeholder, text: "# " + IptablesSaveFormat.line(placeholder), line: nil))
            }
        }
        return left
    }

    /// The same rule with another `--probability` on each side: one difference, not two.
    mutating func pairProbabilities(
        _ expected: inout [SideRule], _ real: inout [SideRule], table: String, ladders: (Int, Int),
        service owners: ServiceAttribution
    ) {
        var index = 0
        while index < expected.count {
            let key = Self.withoutProbability(expected[index].rule)
            guard let hit = real.firstIndex(where: { Self.withoutProbability($0.rule) == key }),
                Self.probability(expected[index].rule) != nil || Self.probability(real[hit].rule) != nil
            else {
                index += 1
                continue
            }
            let theirs = real.remove(at: hit), ours = expected.remove(at: index)
            let cause =
                ladders.0 != ladders.1
                ? "Follows from the endpoints: the dump's chain spreads over \(ladders.1) endpoints, the prediction "
                    + "over \(ladders.0)."
                : "Not the 1/n, 1/(n-1)… ladder kube-proxy writes for \(ladders.0) endpoints: rules written by "
                    + "another kube-proxy version (before 1.17 it wrote 5 decimals; pass --kube-version) or by hand."
            add(
                RulesDifference(
                    kind: .probability, table: table, chain: theirs.rule.chain,
                    detail: "probability \(Self.probability(theirs.rule) ?? "none") in the dump, "
                        + "\(Self.probability(ours.rule) ?? "none") predicted, of the rule to "
                        + (Self.references(theirs.rule).first ?? "its target"),
                    line: theirs.line, cause: cause),
                service: owners.service(of: theirs.rule))
        }
    }

    static func probability(_ rule: IptablesRule) -> String? {
        for match in rule.matches { if case .statistic(let p) = match { return p.saved } }
        return nil
    }

    static func withoutProbability(_ rule: IptablesRule) -> String {
        var copy = rule
        copy.matches.removeAll { if case .statistic = $0 { true } else { false } }
        return IptablesSaveFormat.line(copy)
    }

    /// The endpoint rules of a ladder chain (affinity checks left out).
    static func ladderSize(_ table: IptablesTable, _ chain: String) -> Int {
        (table.rulesByChain[chain] ?? []).filter { rule in
            guard case .jump(let target)? = rule.target, target.hasPrefix("KUBE-SEP-") else { return false }
            return !rule.matches.contains { if case .recent(let r) = $0 { r.command == .rcheck } else { false } }
        }.count
    }

    /// The chains a rule names: its jump target and its `-m recent --name`.
    static func references(_ rule: IptablesRule) -> [String] {
        var names: [String] = []
        if case .jump(let target)? = rule.target { names.append(target) }
        for match in rule.matches { if case .recent(let recent) = match { names.append(recent.name) } }
        return names
    }
}
