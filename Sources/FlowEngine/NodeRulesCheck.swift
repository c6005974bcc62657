import ClusterModel
import ProxyRules

/// A node's real rules dump (`--node-rules NODE=FILE`): what was read, and from where.
public struct NodeRulesInput: Sendable, Hashable {
    public var dump: NodeRulesDump
    public var source: String
    /// kube-proxy's nftables tables of an nft listing, read once into walkable tables (one per family).
    let nftTables: [NftablesTable]
    /// An nft listing of iptables-nft tables (an iptables-mode node) read back as iptables rules, by family.
    let iptablesNft: [IPPrefix.Family: IptablesDump]

    public init(dump: NodeRulesDump, source: String) {
        self.dump = dump; self.source = source
        nftTables = if case .nftables(let nft) = dump { ObservedNftables.tables(of: nft) } else { [] }
        var translated: [IPPrefix.Family: IptablesDump] = [:]
        if case .nftables(let nft) = dump, dump.dataplane == .iptables {
            for family in [IPPrefix.Family.ipv4, .ipv6] {
                translated[family] = IptablesNftListing.dump(nft, family: family)
            }
        }
        iptablesNft = translated
    }

    /// Points the walk at this dump, in the dump's dataplane: an iptables-save, kube-proxy's nft table of the
    /// flow's family, or the ipvsadm listing (whose ipsets and iptables part stays predicted).
    ///
    /// An nft listing without such a table leaves the walk predicted; NodeRulesCheck says so.
    func walk(_ request: inout ProxyWalkRequest, mode: inout Dataplane) {
        switch dump {
        case .iptables(let dump):
            request.observed = ObservedIptables(dump: dump, source: source)
            mode = .iptables
        case .nftables:
            if let translated = iptablesNft[request.family] {
                request.observed = ObservedIptables(dump: translated, source: source)
                mode = .iptables
                return
            }
            guard let table = nftTables.first(where: { $0.family == request.family }) else { return }
            request.observedNft = ObservedNftables(table: table, source: source)
            mode = .nftables
        case .ipvs(let dump):
            request.observedIPVS = ObservedIPVS(dump: dump, source: source)
            mode = .ipvs
        }
    }
}

/// Where a node's real rules disagree with the kubectl picture for one service port, each said with
/// its likely cause: the debugger's "why does my NodePort not answer on this node".
///
/// First, what was walked.
enum NodeRulesCheck {
    static func disagreements(
        _ given: NodeRulesInput, spec: ServicePortSpec, node: String, family: IPPrefix.Family,
        shown: ProxyModeChoice, stop: MissingChain? = nil
    ) -> [String] {
        let stopNote = stop.map {
            missingChainNote($0, source: given.source, node: node, ip6: family == .ipv6)
        }
        guard let clusterIP = spec.clusterIPs.first(where: { IPPrefix($0)?.family == family }) else {
            return stopNote.map { [$0] } ?? []
        }
        let check = Check(
            given: given, spec: spec, node: node, clusterIP: clusterIP, family: family, shown: shown, stop: stop)
        var notes: [String]
        switch given.dump {
        case .iptables(let dump): notes = check.iptables(dump)
        case .nftables(let dump):
            if let translated = given.iptablesNft[family] {
                notes = check.iptables(translated, listed: .iptablesNft)
            } else {
                notes = check.nftables(dump)
            }
        case .ipvs(let dump): notes = check.ipvs(dump)
        }
        if let stopNote { notes.insert(stopNote, at: min(1, notes.count)) }
        return notes
    }

    struct Check {
        let given: NodeRulesInput
        let spec: ServicePortSpec
        let node: String
        let clusterIP: String
        let family: IPPrefix.Family
        /// The flow's mode, and whether it was chosen, detected or assumed.
        let shown: ProxyModeChoice
        /// The walk stopped at a rule naming a chain the dump lacks.
        var stop: MissingChain? = nil
        var shownMode: Dataplane { shown.mode }
        var name: String { "\(spec.service) port \(spec.port)" }
        var expected: Set<String> { Set(spec.endpoints.map(\.hostPort)) }
        var source: String { given.source }

        /// The flow assumed another mode than the dump's: the dump's is walked, and said.
        func modeNote(_ tool: String, _ mode: Dataplane) -> [String] {
            guard shownMode != mode else { return [] }
            let how =
                switch shown.source {
                case .option: "as chosen"
                case .detected: "as detected for the flow"
                case .assumed: "as the flow assumed"
                }
            return [
                "\(source) is \(tool): \(node)'s kube-proxy runs in \(mode.rawValue) mode, not \(shownMode.rawValue) "
                    + "\(how); the rules walked here are \(node)'s own."
            ]
        }

        /// The dump has no rules for the service: the walk still follows it, and says so.
        func missing(_ what: String) -> String {
            "Missing service: \(what) (\(name)). Likely: kube-proxy on \(node) has not synced since the service "
                + "was created, or it is not running, or the dump was taken before the service existed. The walk "
                + "follows \(source) all the same (no fallback to kubehops' prediction): it shows what \(node) does "
                + "with a packet it has no service rules for."
        }

        /// How an iptables-mode dump was printed, as the notes name it.
        enum IptablesListing {
            case iptablesSave
            /// `nft list ruleset` of iptables-nft's tables, read back as iptables rules.
            case iptablesNft

            var tool: String {
                switch self {
                case .iptablesSave: "iptables-save"
                case .iptablesNft: "nft list ruleset, iptables-nft's tables read as iptables rules"
                }
            }
            var described: String {
                switch self {
                case .iptablesSave: "an iptables-save"
                case .iptablesNft: "an nft listing of iptables-nft"
                }
            }
        }

        func iptables(_ dump: IptablesDump, listed listing: IptablesListing = .iptablesSave) -> [String] {
            var notes = ["The rules walked are \(node)'s own, read from \(source) (\(listing.tool))."]
            notes += modeNote(listing.described, .iptables)
            guard let nat = dump.ruleset.table("nat") else {
                return notes + ["\(source) has no *nat table: paste `iptables-save` (or `iptables-save -t nat`)."]
            }
            let capture = nat.rules("KUBE-SERVICES").first { rule in
                rule.destination?.prefix == IPPrefix(clusterIP)
                    && rule.matches.contains { if case .port(_, spec.port) = $0 { true } else { false } }
            }
            guard let capture, let chain = NodeRulesCheck.chain(capture) else {
                return notes + [missing("\(node)'s KUBE-SERVICES has no rule for \(clusterIP):\(spec.port)")]
            }
            if nat.lacksChain(chain) {
                let goto = IptablesWalker.gotoTarget(capture) != nil
                return notes + lacking(chain, named: capture, dump, by: goto ? .goto : .jump)
            }
            let ladder = nat.rules(chain).filter { rule in
                if case .jump(let to) = rule.target {
                    to.hasPrefix("KUBE-SEP-") && !NodeRulesCheck.isAffinityCheck(rule)
                } else {
                    false
                }
            }
            var inRules: [String] = []
            var cut: [String] = []
            for rule in ladder {
                guard case .jump(let sep) = rule.target else { continue }
                if nat.lacksChain(sep) { cut += lacking(sep, named: rule, dump) }
                for endpointRule in nat.rules(sep) {
                    if case .dnat(let to) = endpointRule.target { inRules.append(to) }
                }
            }
            notes += cut
            notes += NodeRulesCheck.endpointNotes(
                inRules: inRules, expected: expected, name: name, node: node, rulesComplete: cut.isEmpty)
            return notes + ladderNotes(ladder, chain: chain)
        }

        /// A chain of the service that a rule of the dump names and the dump lacks (said once: the walk may
        /// have stopped there already).
        func lacking(
            _ chain: String, named rule: IptablesRule, _ dump: IptablesDump,
            by reference: MissingChain.Reference = .jump
        ) -> [String] {
            guard stop?.chain != chain else { return [] }
            let line = dump.line(of: rule, table: "nat")
            let printed = Rule(
                dataplane: .iptables, table: "nat", chain: rule.chain,
                text: IptablesSaveFormat.line(rule, family: dump.ruleset.family))
            let missing = MissingChain(
                rule: printed, provenance: .observed(source + (line.map { ":\($0)" } ?? "")), chain: chain,
                reference: reference)
            return [NodeRulesCheck.missingChainNote(missing, source: source, node: node, ip6: family == .ipv6)]
        }

        /// A ladder whose probabilities are not 1/n, 1/(n-1), …, none.
        func ladderNotes(_ ladder: [IptablesRule], chain: String) -> [String] {
            var notes: [String] = []
            for (index, rule) in ladder.enumerated() {
                let probability = rule.matches.lazy.compactMap { match -> StatisticProbability? in
                    if case .statistic(let p) = match { p } else { nil }
                }.first
                let want = KubeProxyChains.probability(rule: index, of: ladder.count)
                let wanted = want.map { StatisticProbability($0).stored }
                if probability?.stored != wanted {
                    let should = want.map { _ in "1/\(ladder.count - index)" } ?? "none (the last rule has none)"
                    notes.append(
                        "Rule \(index + 1) of \(chain) has probability \(probability?.saved ?? "none"), but should "
                            + "have \(should): the ladder does not spread evenly over its \(ladder.count) endpoints.")
                }
            }
            return notes
        }

        func nftables(_ dump: NftDump) -> [String] {
            let tableName = "\(family == .ipv6 ? "ip6" : "ip") kube-proxy"
            guard let table = given.nftTables.first(where: { $0.family == family }) else {
                let predicted =
                    "The walk shown is kubehops' prediction in \(shownMode.rawValue) mode, not \(source)."
                guard dump.tables.contains(where: { $0.name == "kube-proxy" }) else {
                    return [
                        "\(source) is `nft list ruleset` without kube-proxy's table: \(node)'s kube-proxy runs in "
                            + "iptables mode (iptables-nft). Paste `iptables-save` from \(node) instead. " + predicted
                    ]
                }
                return [
                    "\(source) has no `table \(tableName)`, the table of this flow's \(family) addresses: paste "
                        + "`nft list table \(tableName)` from \(node). " + predicted
                ]
            }
            var notes = ["The rules walked are \(node)'s own, read from \(source) (nft list, table \(tableName))."]
            notes += modeNote("an nft listing", .nftables)
            let hooks = ["nat-prerouting", "nat-output"].filter { !table.hasChain($0) }
            if !hooks.isEmpty {
                notes.append(
                    "\(source)'s table has no \(hooks.joined(separator: " or ")) chain, which kube-proxy always "
                        + "writes: the listing looks cut short (paste the whole `nft list table \(tableName)`), so the "
                        + "walk may end before any service rule.")
            }
            let ip = IPPrefix(clusterIP)?.nftText ?? clusterIP
            let key = "\(ip) . \(spec.protocol.lowercased()) . \(spec.port)"
            guard let verdict = table.verdict("service-ips", key: key), verdict.hasPrefix("goto ") else {
                return notes + [missing("\(node)'s service-ips map has no element for \(key)")]
            }
            let chain = String(verdict.dropFirst(5))
            let cut = table.missingChains(map: "service-ips", key: key, source: source)
            notes += cut.filter { $0.chain != stop?.chain }.map {
                NodeRulesCheck.missingChainNote($0, source: source, node: node, ip6: family == .ipv6)
            }
            guard let choice = table.endpointChoice(chain) else { return notes }
            notes += NodeRulesCheck.endpointNotes(
                inRules: choice.destinations, expected: expected, name: name, node: node, rulesComplete: cut.isEmpty)
            if choice.modulus != expected.count {
                notes.append(
                    "\(chain) picks with numgen random mod \(choice.modulus), but \(name) has \(expected.count) "
                        + "endpoints in the input: \(node)'s kube-proxy has not synced the current endpoints, or the "
                        + "endpoints table is older than the dump.")
            }
            return notes
        }

        func ipvs(_ dump: IpvsDump) -> [String] {
            var notes = [
                "The virtual and real servers walked are \(node)'s own, read from \(source) (ipvsadm -Ln); the "
                    + "ipsets and iptables rules of IPVS mode beside them are kubehops' prediction (an ipvsadm "
                    + "listing does not hold them: `ipset list` and `iptables-save` on \(node) show them)."
            ]
            notes += modeNote("an ipvsadm listing", .ipvs)
            if dump.hasStats {
                notes.append(
                    "\(source) is a --stats/--rate listing, which prints no scheduler or weights: rr (kube-proxy's "
                        + "default) and weight 1 are assumed; `ipvsadm -Ln` prints them.")
            }
            let address = IPPrefix(clusterIP)?.withPort(spec.port) ?? clusterIP
            guard
                let server = dump.services.first(where: {
                    IPPrefix.hostPortText($0.address) == address && $0.protocol == spec.protocol.uppercased()
                })
            else {
                return notes + [missing("\(node)'s IPVS has no virtual server \(spec.protocol) \(address)")]
            }
            return notes
                + NodeRulesCheck.endpointNotes(
                    inRules: server.realServers.map { IPPrefix.hostPortText($0.address) }, expected: expected,
                    name: name, node: node)
        }
    }

    /// The chain a KUBE-SERVICES rule sends to: `-j CHAIN` or `-g CHAIN`.
    static func chain(_ rule: IptablesRule) -> String? {
        if case .jump(let chain)? = rule.target { return chain }
        return IptablesWalker.gotoTarget(rule)?.chain
    }

    static func isAffinityCheck(_ rule: IptablesRule) -> Bool {
        rule.matches.contains { if case .recent(let recent) = $0 { recent.command == .rcheck } else { false } }
    }

    /// - Parameter rulesComplete: false when some endpoint chains are missing from the dump: an endpoint not
    ///   found in the rules may be in those, so only the rules' extra endpoints are said.
    static func endpointNotes(
        inRules: [String], expected: Set<String>, name: String, node: String, rulesComplete: Bool = true
    ) -> [String] {
        let rules = Set(inRules)
        var notes: [String] = []
        for endpoint in rules.subtracting(expected).sorted() {
            notes.append(
                "Endpoint \(endpoint) is in \(node)'s rules but not in \(name)'s endpoints: a stale rule (the pod is "
                    + "gone and kube-proxy has not synced), or the endpoints in the input are newer than the dump.")
        }
        for endpoint in expected.subtracting(rules).sorted() where rulesComplete {
            notes.append(
                "Endpoint \(endpoint) of \(name) is not in \(node)'s rules: kube-proxy on \(node) has not written it "
                    + "(not synced, or the endpoint is not ready there), or the dump is older than the input.")
        }
        return notes
    }
}
