/// One-sided chains, other tools' chains, and the grouping of ``IptablesComparison``'s result.
extension ComparisonWork {
    func ruleOnly(_ rule: SideRule, table: String, inDump: Bool) -> RulesDifference {
        let ofService =
            ServiceAttribution.service(of: rule.rule) != nil || ChainOwner.of(rule.rule.chain, table: table) == .service
        return RulesDifference(
            kind: inDump ? .ruleOnlyInDump : .ruleOnlyExpected, table: table, chain: rule.rule.chain,
            detail: rule.text, line: rule.line,
            cause: ofService ? DifferenceCause.serviceSettings(node) : DifferenceCause.nodeWide(node))
    }

    /// A chain on one side only: an endpoint when it is a KUBE-SEP chain, else the chain.
    mutating func chainOnOneSide(_ pair: TablePair, _ chain: String, inDump: Bool, service: String?) {
        let table = inDump ? pair.real : pair.expected
        let rules = table.rulesByChain[chain] ?? []
        let line = inDump ? pair.line(chain, 0) : nil
        if chain.hasPrefix("KUBE-SEP-") {
            let address = rules.lazy.compactMap { rule -> String? in
                if case .dnat(let to)? = rule.target { to } else { nil }
            }.first
            add(
                RulesDifference(
                    kind: inDump ? .endpointOnlyInDump : .endpointOnlyExpected, table: pair.name, chain: chain,
                    detail: address.map { "endpoint \($0)" } ?? "endpoint chain without a DNAT rule", line: line,
                    cause: inDump ? DifferenceCause.staleEndpoint(node) : DifferenceCause.missingEndpoint(node)),
                service: service)
            return
        }
        let cause: String
        if chain.hasPrefix("KUBE-XLB-") {
            cause = DifferenceCause.olderLayout
        } else if service != nil {
            cause = DifferenceCause.serviceSettings(node)
        } else {
            cause = DifferenceCause.nodeWide(node)
        }
        add(
            RulesDifference(
                kind: inDump ? .chainOnlyInDump : .chainOnlyExpected, table: pair.name, chain: chain,
                detail: "chain \(chain) (\(rules.count) rule\(rules.count == 1 ? "" : "s"))", line: line,
                cause: cause),
            service: service)
    }

    /// Every chain and built-in-chain rule of the dump that is not kube-proxy's iptables mode.
    mutating func collectForeign(_ ruleset: IptablesRuleset) {
        for table in ruleset.tables {
            for chain in table.chains {
                let rules = table.rulesByChain[chain] ?? []
                switch ChainOwner.of(chain, table: table.name) {
                case .kubeProxy, .service:
                    continue
                case .builtin:
                    for rule in rules where !Self.isKubeProxyJump(rule, table: table.name) {
                        var owner = "other tools (rules in the built-in chains)"
                        if case .jump(let target)? = rule.target, case .other(let tool) = ChainOwner.of(
                            target, table: table.name)
                        {
                            owner = tool
                        }
                        foreign[owner, default: ([], 0)].rules += 1
                        foreign[owner, default: ([], 0)].chains.insert(table.name + "/" + chain)
                    }
                case .canary:
                    foreign["kube-proxy's and kubelet's canary chains (empty; they notice a flush)", default: ([], 0)]
                        .chains.insert(table.name + "/" + chain)
                case .ipvsMode:
                    foreign["kube-proxy's IPVS mode", default: ([], 0)].chains.insert(table.name + "/" + chain)
                    foreign["kube-proxy's IPVS mode", default: ([], 0)].rules += rules.count
                case .other(let tool):
                    foreign[tool, default: ([], 0)].chains.insert(table.name + "/" + chain)
                    foreign[tool, default: ([], 0)].rules += rules.count
                }
            }
        }
    }

    func result(otherMode mode: String?, noTable: String? = nil) -> RulesComparison {
        let notCompared = foreign.map {
            ForeignRules(owner: $0.key, chains: $0.value.chains.sorted(), ruleCount: $0.value.rules)
        }.sorted { $0.owner < $1.owner }
        var notes = notes
        if let noTable {
            let difference = RulesDifference(
                kind: .otherMode, table: noTable, chain: "", detail: "no table \(noTable)",
                cause: DifferenceCause.noNftablesTable(noTable, node: node))
            return RulesComparison(
                groups: [RulesDifferenceGroup(service: nil, differences: [difference])], notCompared: notCompared,
                notes: notes)
        }
        if let mode {
            let difference = RulesDifference(
                kind: .otherMode, table: mode == "none" ? "nat" : "", chain: "KUBE-SERVICES",
                detail: mode == "none" ? "no kube-proxy rules" : "kube-proxy's \(mode) mode",
                cause: DifferenceCause.otherMode(mode, node: node, predicted: "iptables mode"))
            return RulesComparison(
                groups: [RulesDifferenceGroup(service: nil, differences: [difference])], notCompared: notCompared,
                notes: notes)
        }
        if !learntSources.isEmpty {
            notes.append(
                "The dump tells what the input could not: kube-proxy tells pod traffic by "
                    + learntSources.sorted().joined(separator: ", ")
                    + " (its --cluster-cidr or local-detection mode); pass --cluster-cidr to predict those rules.")
        }
        var groups: [RulesDifferenceGroup] = []
        if !nodeWide.isEmpty { groups.append(RulesDifferenceGroup(service: nil, differences: nodeWide)) }
        let services = Set(byService.keys).union(hiddenNames)
        for service in services.sorted() {
            let group = serviceGroup(service)
            if !group.differences.isEmpty || !group.notes.isEmpty { groups.append(group) }
        }
        return RulesComparison(groups: groups, notCompared: notCompared, notes: notes)
    }

    /// A service's differences, folded into one when it has no rule at all on one side.
    func serviceGroup(_ service: String) -> RulesDifferenceGroup {
        let ours = expectedCount[service] ?? 0, theirs = realCount[service] ?? 0
        if hiddenNames.contains(service) && theirs > 0 {
            return endpointsOnlyGroup(service)
        }
        if ours == 0 || theirs == 0 {
            let chains = (ours == 0 ? realChains : expectedChains)[service] ?? []
            let shown = chains.sorted().prefix(3).joined(separator: ", ") + (chains.count > 3 ? ", …" : "")
            let count = ours == 0 ? theirs : ours
            let difference = RulesDifference(
                kind: ours == 0 ? .serviceOnlyInDump : .serviceOnlyExpected, table: "", chain: "",
                detail: "\(count) \(unit)\(count == 1 ? "" : "s")" + (chains.isEmpty ? "" : " in " + shown),
                line: ours == 0 ? byService[service]?.compactMap(\.line).min() : nil,
                cause: ours == 0 ? DifferenceCause.serviceNotInInput(node) : DifferenceCause.missingService(node))
            return RulesDifferenceGroup(service: service, differences: [difference])
        }
        return RulesDifferenceGroup(service: service, differences: byService[service] ?? [])
    }

    /// A service whose chain names cannot be predicted: its endpoints' addresses are compared.
    func endpointsOnlyGroup(_ service: String) -> RulesDifferenceGroup {
        let ours = expectedEndpoints[service] ?? [], theirs = realEndpoints[service] ?? []
        var differences: [RulesDifference] = []
        for address in theirs.subtracting(ours).sorted() {
            differences.append(
                RulesDifference(
                    kind: .endpointOnlyInDump, table: "nat", chain: "KUBE-SEP-…", detail: "endpoint \(address)",
                    cause: DifferenceCause.staleEndpoint(node)))
        }
        for address in ours.subtracting(theirs).sorted() {
            differences.append(
                RulesDifference(
                    kind: .endpointOnlyExpected, table: "nat", chain: "KUBE-SEP-…", detail: "endpoint \(address)",
                    cause: DifferenceCause.missingEndpoint(node)))
        }
        return RulesDifferenceGroup(
            service: service, differences: differences, notes: [DifferenceCause.hiddenPortNames])
    }
}
