/// The chain-, rule- and element-level part of ``NftablesComparison``, on the same ``ComparisonWork`` the
/// iptables comparison fills, so both group, fold and word their differences alike.
extension ComparisonWork {
    mutating func compare(_ pair: NftTablePair) {
        let expectedOnly = Set(pair.expectedRules.keys).subtracting(pair.realRules.keys)
        let realOnly = Set(pair.realRules.keys).subtracting(pair.expectedRules.keys)
        for chain in Set(pair.expectedRules.keys).union(pair.realRules.keys).sorted() {
            let service = NftAttribution.service(ofChain: chain)
            countChain(chain, service: service, ours: pair.expectedRules[chain], theirs: pair.realRules[chain])
            if let ours = pair.expectedRules[chain], let theirs = pair.realRules[chain] {
                compareRules(pair, chain, ours: ours, theirs: theirs, oneSided: (expectedOnly, realOnly))
            } else {
                nftChainOnOneSide(pair, chain, inDump: pair.realRules[chain] != nil, service: service)
            }
        }
        compareElements(pair, oneSided: (expectedOnly, realOnly))
    }

    /// Rules, chains and endpoints of each service on each side, for folding a service missing on one.
    mutating func countChain(_ chain: String, service: String?, ours: [String]?, theirs: [(text: String, line: Int)]?) {
        guard let service else { return }
        if let ours {
            expectedCount[service, default: 0] += max(1, ours.count)
            expectedChains[service, default: []].append(chain)
            if chain.contains("-name-unknown") { hiddenNames.insert(service) }
            expectedEndpoints[service, default: []].formUnion(Self.endpoints(chain, ours))
        }
        if let theirs {
            realCount[service, default: 0] += max(1, theirs.count)
            realChains[service, default: []].append(chain)
            realEndpoints[service, default: []].formUnion(Self.endpoints(chain, theirs.map(\.text)))
        }
    }

    /// The endpoints a chain stands for: its name (`endpoint-…__ip/port`) or its `numgen … map` (1.36+).
    static func endpoints(_ chain: String, _ rules: [String]) -> [String] {
        if let endpoint = NftAttribution.endpoint(ofChain: chain) { return [endpoint] }
        return rules.flatMap { NftAttribution.numgen($0)?.addresses ?? [] }
    }

    mutating func compareRules(
        _ pair: NftTablePair, _ chain: String, ours: [String], theirs: [(text: String, line: Int)],
        oneSided: (expected: Set<String>, real: Set<String>)
    ) {
        var pool: [String: [Int]] = [:]
        for (index, rule) in theirs.enumerated() { pool[rule.text, default: []].append(index) }
        var expectedLeft: [String] = []
        for rule in ours {
            if pool[rule]?.popLast() == nil { expectedLeft.append(rule) }
        }
        var realLeft = pool.values.flatMap { $0 }.sorted().map { theirs[$0] }
        let service = NftAttribution.service(ofChain: chain)
        pairNumgen(pair, chain, &expectedLeft, &realLeft, service: service)
        if podRangeUnknown { realLeft.removeAll { learnPodRange($0.text) } }
        for rule in realLeft where !Self.mentions(rule.text, oneSided.real) {
            add(nftRuleOnly(pair, chain, rule.text, line: rule.line, inDump: true), service: service)
        }
        for rule in expectedLeft where !Self.mentions(rule, oneSided.expected) {
            add(nftRuleOnly(pair, chain, rule, line: nil, inDump: false), service: service)
        }
    }

    /// A rule testing `ip saddr [!=] <range>` that is no source-range firewall (those end in drop): the
    /// pod range the prediction did not know, learnt.
    mutating func learnPodRange(_ rule: String) -> Bool {
        let words = rule.split(separator: " ")
        guard words.last != "drop", words.last != "reject" else { return false }
        guard let at = words.firstIndex(where: { $0 == "saddr" }), at + 1 < words.count else { return false }
        let value = words[at + 1] == "!=" && at + 2 < words.count ? words[at + 2] : words[at + 1]
        guard IPPrefix(value) != nil, value.contains("/") else { return false }
        learntSources.insert(String(value))
        return true
    }

    /// The endpoint-picking rule on both sides but different: one `~` difference, and for the inlined
    /// layout (addresses in the map, no endpoint chains) each endpoint on one side only.
    mutating func pairNumgen(
        _ pair: NftTablePair, _ chain: String, _ ours: inout [String], _ theirs: inout [(text: String, line: Int)],
        service: String?
    ) {
        guard let mine = ours.firstIndex(where: { NftAttribution.numgen($0) != nil }),
            let real = theirs.firstIndex(where: { NftAttribution.numgen($0.text) != nil }),
            let predicted = NftAttribution.numgen(ours[mine]), let dumped = NftAttribution.numgen(theirs[real].text)
        else { return }
        let line = theirs[real].line
        ours.remove(at: mine)
        theirs.remove(at: real)
        add(
            RulesDifference(
                kind: .probability, table: pair.table, chain: chain,
                detail: dumped.count == predicted.count
                    ? "numgen random mod \(dumped.count) over other endpoints in the dump"
                    : "numgen random mod \(dumped.count) in the dump, mod \(predicted.count) predicted",
                line: line,
                cause: "Follows from the endpoints: the dump's rule picks among \(dumped.count), the prediction "
                    + "among \(predicted.count) (each endpoint difference of this service is listed)."),
            service: service)
        guard predicted.inlined || dumped.inlined else { return }  // else the endpoint chains tell them
        let mineSet = Set(predicted.addresses), realSet = Set(dumped.addresses)
        for address in realSet.subtracting(mineSet).sorted() {
            add(
                RulesDifference(
                    kind: .endpointOnlyInDump, table: pair.table, chain: chain, detail: "endpoint \(address)",
                    line: line, cause: DifferenceCause.staleEndpoint(node)),
                service: service)
        }
        for address in mineSet.subtracting(realSet).sorted() {
            add(
                RulesDifference(
                    kind: .endpointOnlyExpected, table: pair.table, chain: chain, detail: "endpoint \(address)",
                    cause: DifferenceCause.missingEndpoint(node)),
                service: service)
        }
    }

    /// True when a rule or element jumps or goes to a chain that is on its side only: it is part of that
    /// chain's difference, not one of its own.
    static func mentions(_ text: String, _ chains: Set<String>) -> Bool {
        text.split(separator: " ").contains { chains.contains(String($0.filter { $0 != "," && $0 != "}" })) }
    }

    func nftRuleOnly(_ pair: NftTablePair, _ chain: String, _ text: String, line: Int?, inDump: Bool)
        -> RulesDifference
    {
        let ofService = NftAttribution.service(ofChain: chain) != nil
        return RulesDifference(
            kind: inDump ? .ruleOnlyInDump : .ruleOnlyExpected, table: pair.table, chain: chain, detail: text,
            line: line, cause: ofService ? DifferenceCause.serviceSettings(node) : DifferenceCause.nodeWide(node))
    }

    mutating func nftChainOnOneSide(_ pair: NftTablePair, _ chain: String, inDump: Bool, service: String?) {
        let count = inDump ? pair.realRules[chain]?.count ?? 0 : pair.expectedRules[chain]?.count ?? 0
        let line = inDump ? pair.realChainLines[chain] : nil
        if let endpoint = NftAttribution.endpoint(ofChain: chain) {
            add(
                RulesDifference(
                    kind: inDump ? .endpointOnlyInDump : .endpointOnlyExpected, table: pair.table, chain: chain,
                    detail: "endpoint \(endpoint)", line: line,
                    cause: inDump ? DifferenceCause.staleEndpoint(node) : DifferenceCause.missingEndpoint(node)),
                service: service)
            return
        }
        add(
            RulesDifference(
                kind: inDump ? .chainOnlyInDump : .chainOnlyExpected, table: pair.table, chain: chain,
                detail: "chain \(chain) (\(count) rule\(count == 1 ? "" : "s"))", line: line,
                cause: service != nil ? DifferenceCause.serviceSettings(node) : DifferenceCause.nodeWide(node)),
            service: service)
    }

    /// Set and map elements as sets; an element going to a chain on its side only belongs to that chain.
    mutating func compareElements(_ pair: NftTablePair, oneSided: (expected: Set<String>, real: Set<String>)) {
        for set in Set(pair.expectedElements.keys).union(pair.realElements.keys).sorted() {
            let theirs = pair.realElements[set] ?? []
            let ours = Set(pair.expectedElements[set] ?? []), real = Set(theirs.map(\.text))
            guard pair.expectedElements[set] != nil, pair.realElements[set] != nil else {
                let inDump = pair.realElements[set] != nil, count = inDump ? real.count : ours.count
                add(
                    RulesDifference(
                        kind: inDump ? .chainOnlyInDump : .chainOnlyExpected, table: pair.table, chain: set,
                        detail: "set or map \(set) (\(count) element\(count == 1 ? "" : "s"))",
                        line: theirs.first?.line, cause: DifferenceCause.nodeWide(node)),
                    service: nil)
                continue
            }
            for element in real.subtracting(ours).sorted() where !Self.mentions(element, oneSided.real) {
                let service = pair.service(ofElement: element)
                if let service { realCount[service, default: 0] += 1 }
                add(elementOnly(pair, set, element, line: theirs.first?.line, inDump: true), service: service)
            }
            for element in ours.subtracting(real).sorted() where !Self.mentions(element, oneSided.expected) {
                let service = pair.service(ofElement: element)
                if let service { expectedCount[service, default: 0] += 1 }
                add(elementOnly(pair, set, element, line: nil, inDump: false), service: service)
            }
        }
    }

    func elementOnly(_ pair: NftTablePair, _ set: String, _ element: String, line: Int?, inDump: Bool)
        -> RulesDifference
    {
        let ofService = pair.service(ofElement: element) != nil
        return RulesDifference(
            kind: inDump ? .ruleOnlyInDump : .ruleOnlyExpected, table: pair.table, chain: set,
            detail: "element \(element)", line: line,
            cause: ofService ? DifferenceCause.serviceSettings(node) : DifferenceCause.nodeWide(node))
    }

    /// The dump's other tables (iptables-nft's, the CNI's, firewalld's): listed, never compared.
    mutating func collectForeign(_ dump: NftDump, keeping family: String) {
        for table in dump.tables where !(table.family == family && table.name == "kube-proxy") {
            let owner =
                table.managedByIptablesNft
                ? "iptables rules (iptables-nft) shown by nft"
                : table.name == "kube-proxy" ? "kube-proxy's \(table.family) table (another family)" : "other tools"
            foreign[owner, default: ([], 0)].chains.insert("\(table.family) \(table.name)")
            foreign[owner, default: ([], 0)].rules += table.chains.reduce(0) { $0 + $1.rules.count }
        }
    }
}
