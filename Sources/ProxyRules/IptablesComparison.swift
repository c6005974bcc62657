/// Compares a predicted iptables ruleset (``KubeProxyIptables``) with a node's `iptables-save`.
///
/// Pure.
///
/// Rules are compared as `iptables-save` prints them, as a multiset per chain: kube-proxy writes its
/// services in Go map order, so the order of KUBE-SERVICES and KUBE-NODEPORTS means nothing. A chain
/// on one side only is one difference (an endpoint's KUBE-SEP chain is told by its DNAT address), and
/// the rules that jump to it are part of it; the same endpoint rule with another probability is one
/// difference; a service with no rule on one side is one difference.
public enum IptablesComparison {
    public static func compare(expected: IptablesRuleset, dump: IptablesDump, node: String) -> RulesComparison {
        var work = ComparisonWork(node: node)
        if let mode = work.otherMode(dump.ruleset) {
            work.collectForeign(dump.ruleset)
            return work.result(otherMode: mode)
        }
        for table in expected.tables {
            guard let real = dump.ruleset.table(table.name) else {
                if table.allRules.contains(where: { ChainOwner.of($0.chain, table: table.name).isKubeProxyIptables }) {
                    work.notes.append(
                        "The dump has no *\(table.name) table, so kube-proxy's \(table.name) rules are not compared "
                            + "(`iptables-save` without -t prints every table).")
                }
                continue
            }
            work.compare(TablePair(expected: table, real: real, lines: dump.lines[table.name] ?? [:]))
        }
        work.collectForeign(dump.ruleset)
        return work.result(otherMode: nil)
    }
}

/// One table on both sides, with the dump's line of each rule.
struct TablePair {
    let expected: IptablesTable
    let real: IptablesTable
    let lines: [String: [Int]]
    var name: String { expected.name }

    func line(_ chain: String, _ index: Int) -> Int? {
        guard let lines = lines[chain], index < lines.count else { return nil }
        return lines[index]
    }
}

/// A rule of one side with what the comparison needs of it.
struct SideRule {
    let rule: IptablesRule
    let text: String
    let line: Int?
}

struct ComparisonWork {
    let node: String
    var notes: [String] = []
    var byService: [String: [RulesDifference]] = [:]
    var nodeWide: [RulesDifference] = []
    var groupNotes: [String: [String]] = [:]
    var foreign: [String: (chains: Set<String>, rules: Int)] = [:]
    /// Rules of each service on each side (to tell "the whole service is missing").
    var expectedCount: [String: Int] = [:], realCount: [String: Int] = [:]
    var expectedChains: [String: [String]] = [:], realChains: [String: [String]] = [:]
    /// Services whose predicted chain names are placeholders (hidden port names).
    var hiddenNames: Set<String> = []
    /// Endpoint addresses of each service on each side (its KUBE-SEP chains' DNAT destinations).
    var expectedEndpoints: [String: Set<String>] = [:], realEndpoints: [String: Set<String>] = [:]
    var learntSources: Set<String> = []
    /// The prediction could not write the rules that tell pod traffic by its range (nftables).
    var podRangeUnknown = false
    /// Where an endpoint difference of a service compared by endpoints only is said to be.
    var endpointPlace = (table: "nat", chain: "KUBE-SEP-…")
    /// What a service's count counts when it is folded into one difference: rules, or IPVS virtual servers.
    var unit = "rule"

    init(node: String) { self.node = node }

    /// The mode whose rules the dump holds when it is not iptables mode.
    func otherMode(_ ruleset: IptablesRuleset) -> String? {
        for table in ruleset.tables {
            if table.chains.contains(where: { ChainOwner.of($0, table: table.name) == .ipvsMode }) { return "ipvs" }
        }
        guard let nat = ruleset.table("nat") else { return nil }
        return nat.rulesByChain["KUBE-SERVICES"] == nil ? "none" : nil
    }

    mutating func add(_ difference: RulesDifference, service: String?) {
        if let service { byService[service, default: []].append(difference) } else { nodeWide.append(difference) }
    }

    mutating func compare(_ pair: TablePair) {
        let expectedOwners = ServiceAttribution(pair.expected), realOwners = ServiceAttribution(pair.real)
        count(pair.expected, expectedOwners, expected: true)
        count(pair.real, realOwners, expected: false)
        let expectedOnly = Set(pair.expected.userChains).subtracting(pair.real.userChains)
        let realOnly = Set(pair.real.userChains).subtracting(pair.expected.userChains)
        for chain in Set(pair.expected.chains).union(pair.real.chains).sorted() {
            let owner = ChainOwner.of(chain, table: pair.name)
            guard owner.isKubeProxyIptables || owner == .builtin else { continue }
            let inExpected = pair.expected.rulesByChain[chain] != nil, inReal = pair.real.rulesByChain[chain] != nil
            if inExpected && inReal {
                compareRules(
                    pair, chain, owners: (expectedOwners, realOwners), oneSided: (expectedOnly, realOnly))
            } else if inReal {
                chainOnOneSide(pair, chain, inDump: true, service: realOwners.chainService[chain])
            } else {
                chainOnOneSide(pair, chain, inDump: false, service: expectedOwners.chainService[chain])
            }
        }
    }

    /// Counts each service's rules, chains and endpoints on one side.
    mutating func count(_ table: IptablesTable, _ owners: ServiceAttribution, expected: Bool) {
        for chain in table.chains {
            let owner = ChainOwner.of(chain, table: table.name)
            guard owner.isKubeProxyIptables || owner == .builtin else { continue }
            for rule in table.rulesByChain[chain] ?? [] {
                guard owner != .builtin || Self.isKubeProxyJump(rule, table: table.name),
                    let service = owners.service(of: rule)
                else { continue }
                if expected { expectedCount[service, default: 0] += 1 } else { realCount[service, default: 0] += 1 }
                if case .dnat(let to)? = rule.target, chain.hasPrefix("KUBE-SEP-") {
                    if expected { expectedEndpoints[service, default: []].insert(to) }
                    else { realEndpoints[service, default: []].insert(to) }
                }
            }
            if owner == .service, let service = owners.chainService[chain] {
                if expected { expectedChains[service, default: []].append(chain) }
                else { realChains[service, default: []].append(chain) }
                if expected && chain.contains("?") { hiddenNames.insert(service) }
            }
        }
    }

    static func isKubeProxyJump(_ rule: IptablesRule, table: String) -> Bool {
        guard case .jump(let target)? = rule.target else { return false }
        return ChainOwner.of(target, table: table).isKubeProxyIptables
    }
}
