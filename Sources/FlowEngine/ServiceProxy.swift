import ClusterModel
import ProxyRules

/// What kube-proxy's rules on one node do with a packet for a service: the
/// rules it walks (as `iptables-save` prints them), which endpoint the
/// `statistic` rules pick, whether it is marked for masquerade, or why it is
/// rejected or dropped.
struct ProxyDecision {
    var endpoint: ServiceEndpoint?
    /// The port on the pod the DNAT writes.
    var targetPort: Int?
    /// The rules walked, in order, with the ones that matched.
    var rules: [WalkedRule] = []
    /// Teaching lines beside the rules (endpoints left out, chains summarised).
    var details: [String] = []
    /// Why the packet goes no further (REJECT, DROP), when it does not.
    var failure: HopFailure?
    /// A KUBE-MARK-MASQ jump was taken: the source becomes a node address on the way out.
    var masquerade = false
    var masqueradeReason = ""
    /// The rule that jumped to KUBE-MARK-MASQ, as iptables-save prints it.
    var masqueradeMarker: String?
    /// The endpoints the rules chose among (all ready endpoints, or the node-local ones).
    var candidates: [ServiceEndpoint] = []
    /// Set when the chosen pod declares its ports and the target port is not among them.
    var portMismatch: String?

    /// The rules before the packet leaves the node (nat PREROUTING/OUTPUT, filter): the DNAT hop's.
    var translationRules: [WalkedRule] { rules.filter { !Self.isPostrouting($0) } }
    /// nat POSTROUTING / KUBE-POSTROUTING: where the MASQUERADE happens, the masquerade hop's.
    var postroutingRules: [WalkedRule] { rules.filter(Self.isPostrouting) }

    static func isPostrouting(_ walked: WalkedRule) -> Bool {
        switch walked.rule.dataplane {
        case .nftables: walked.rule.chain == "nat-postrouting" || walked.rule.chain == "masquerading"
        default:
            walked.rule.table == "nat"
                && (walked.rule.chain == "POSTROUTING" || walked.rule.chain == "KUBE-POSTROUTING")
        }
    }

    var destination: SocketAddress? { endpoint.map { SocketAddress(host: $0.ip.text, port: targetPort) } }
}

/// How the packet reached kube-proxy's rules.
enum ProxyEntry {
    case clusterIP(String)
    case nodePort(Int)
    case loadBalancerIP(String)

    var isExternal: Bool {
        if case .clusterIP = self { return false }
        return true
    }
}

enum ServiceProxy {
    /// Walks the rules kube-proxy writes on `node` for `service`/`port` with a packet from `clientIP`
    /// (`clientPod` set when a pod calls, for hairpin; `callerOnHostNetwork` for nat OUTPUT).
    static func route(
        _ service: Service, port: ServicePort, entry: ProxyEntry, node: String, clientIP: String,
        clientPod: ObjectKey?, callerOnHostNetwork: Bool = false, builder: inout FlowBuilder
    ) -> ProxyDecision {
        var decision = ProxyDecision()
        builder.assume(builder.proxyModeAssumption(on: node))
        let info: ServiceBackingInfo, topology: TopologyPick
        switch writtenEndpoints(service, external: entry.isExternal, node: node, builder: builder) {
        case .unknown(let reason):
            decision.failure = HopFailure(.unknown, reason)
            return decision
        case .known(let backing, let pick):
            (info, topology) = (backing, pick)
        }
        noteBacking(info, of: service, decision: &decision, builder: &builder)
        if let note = topology.note { decision.details.append(note) }
        let usable = topology.endpoints
        let spec = builder.portSpec(service, port: port, endpoints: usable, terminating: topology.terminating)
        let family: IPPrefix.Family = entryAddress(entry, node: node, builder: builder).contains(":") ? .ipv6 : .ipv4
        let source: PacketSource =
            callerOnHostNetwork ? .node(ip: clientIP) : clientPod != nil ? .pod(ip: clientIP) : .outside(ip: clientIP)
        let serviceEntry: ServiceEntry =
            switch entry {
            case .clusterIP: .clusterIP
            case .nodePort: .nodePort(nodeIP: builder.nodeAddress(node))
            case .loadBalancerIP(let ip): .loadBalancer(ip: ip)
            }
        var request = ProxyWalkRequest(
            spec: spec, node: builder.proxyNode(node), family: family, entry: serviceEntry, source: source,
            draws: builder.connectionDraws(service, node: node, clientIP: clientIP, count: spec.endpoints.count),
            later: builder.request > 0, connection: builder.request)
        let given = builder.nodeRules[node]
        var mode = builder.proxyMode.mode
        if let given { given.walk(&request, mode: &mode) }
        guard let walk = walk(mode, request) else {
            decision.failure = HopFailure(.unknown, "the entry address is not a usable IP address.")
            return decision
        }
        decision.rules = mode == .ebpf ? [] : walk.rules
        if mode == .ebpf { decision.details.append(ebpfNote(entry, node: node)) }
        apply(walk, spec: spec, ready: usable, service: service, node: node, decision: &decision, builder: builder)
        if let given {
            var stop: MissingChain?
            if case .missingChain(let missing) = walk.outcome { stop = missing }
            decision.details += NodeRulesCheck.disagreements(
                given, spec: spec, node: node, family: family, shown: builder.proxyMode, stop: stop)
        }
        let ladder = decision.candidates.count
        if mode == .ipvs {
            decision.details += walk.choiceNotes
        } else if ladder > 1, decision.endpoint != nil {
            if mode == .iptables { decision.details.append(iptablesLadderNote(ladder)) }
            decision.details += walk.choiceNotes
        }
        return decision
    }

    /// What translates the service when an eBPF dataplane replaces kube-proxy: no KUBE-* rules to walk.
    static func ebpfNote(_ entry: ProxyEntry, node: String) -> String {
        let how =
            entry.isExternal
            ? "the eBPF program on \(node)'s network interface DNATs the packet (and SNATs it under "
                + "externalTrafficPolicy Cluster, Cilium's default SNAT mode)"
            : "Cilium's socket-level load balancer rewrites the address when the pod calls connect(), so the "
                + "packet leaves the pod already addressed to the endpoint"
        return
            "No KUBE-* rules exist on \(node): Cilium's kube-proxy replacement translates services in eBPF; "
            + "\(how). The endpoint is chosen as kube-proxy would choose it (inferred from Cilium's documentation); "
            + "`kubectl -n kube-system exec ds/cilium -- cilium-dbg service list` shows its services and backends."
    }

    enum WrittenEndpoints {
        /// The input cannot tell which pods back the service (the sentence says what to add).
        case unknown(String)
        case known(ServiceBackingInfo, TopologyPick)
    }

    /// The endpoints kube-proxy on `node` writes into the service's chains: its distinct ready endpoints,
    /// narrowed or widened by the EndpointSlices' hints and conditions (one home for the flows and
    /// `kubehops rules`).
    static func writtenEndpoints(_ service: Service, external: Bool, node: String, builder: FlowBuilder)
        -> WrittenEndpoints
    {
        let info = builder.cluster.backingInfo(of: service.key)
        var seenIPs = Set<IPAddress>()
        let ready = info.endpoints.filter { seenIPs.insert($0.ip).inserted }
        if ready.isEmpty, let unknown = unknownBackingReason(service, info: info, facts: builder.facts) {
            return .unknown(unknown)
        }
        return .known(
            info, TopologyPick.pick(service, ready: ready, external: external, node: node, cluster: builder.cluster))
    }

    /// Which draw picked the endpoint: the `statistic` rules reached each used one draw, in order.
    static func drawNote(_ walk: ServiceWalk, draws: [Double]) -> [String] {
        let ladder = walk.result.walked.filter {
            ($0.rule.chain.hasPrefix("KUBE-SVC-") || $0.rule.chain.hasPrefix("KUBE-SVL-"))
                && $0.rule.text.contains("-j KUBE-SEP-") && !$0.rule.text.contains("--rcheck")
        }
        guard let picked = ladder.last, picked.matched else { return [] }
        let tried = ladder.dropLast().indices.filter { $0 < draws.count }.map {
            "draw \(IptablesWalker.twoDecimals(draws[$0])) for rule \($0 + 1)"
        }
        let last = ladder.count - 1
        let verdict =
            picked.rule.text.contains("--probability") && last < draws.count
            ? "draw \(IptablesWalker.twoDecimals(draws[last])) is under rule \(ladder.count)'s probability, so it "
                + "matched"
            : "rule \(ladder.count), the unconditional one, matched"
        let missed = tried.isEmpty ? "" : tried.joined(separator: ", ") + " missed; "
        return ["this connection: \(missed)\(verdict)."]
    }

    /// The DNAT destinations of the KUBE-SVC/KUBE-SVL ladder the walk picked in (a node's own dump).
    static func ladderDestinations(_ walk: ServiceWalk) -> [String]? {
        guard
            let chain = walk.result.walked.last(where: {
                ($0.rule.chain.hasPrefix("KUBE-SVC-") || $0.rule.chain.hasPrefix("KUBE-SVL-")) && $0.matched
            })?.rule.chain,
            let nat = walk.ruleset.table("nat")
        else { return nil }
        return nat.rules(chain).flatMap { rule -> [String] in
            guard case .jump(let sep) = rule.target, sep.hasPrefix("KUBE-SEP-"), !NodeRulesCheck.isAffinityCheck(rule)
            else { return [] }
            return nat.rules(sep).compactMap { if case .dnat(let to) = $0.target { to } else { nil } }
        }
    }

    /// The walk, with the rest of the KUBE-SVC/KUBE-SVL chain after the rule that matched, marked as not
    /// reached: a student sees the whole probability ladder, not only the rules up to the pick.
    static func wholeEndpointChain(_ walk: ServiceWalk) -> [WalkedRule] {
        var walked = walk.result.walked
        guard
            let last = walked.lastIndex(where: {
                ($0.rule.chain.hasPrefix("KUBE-SVC-") || $0.rule.chain.hasPrefix("KUBE-SVL-")) && $0.matched
            }),
            let nat = walk.ruleset.table("nat")
        else { return walked }
        let chain = walked[last].rule.chain
        let reached = walked.filter { $0.rule.chain == chain }.count
        let rest = nat.rules(chain).dropFirst(reached).map { rule in
            WalkedRule(
                rule: Rule(
                    dataplane: .iptables, table: "nat", chain: chain,
                    text: IptablesSaveFormat.line(rule, family: walk.ruleset.family)),
                matched: false, whyNot: "not reached: an earlier rule of \(chain) matched",
                provenance: walked[last].provenance)
        }
        walked.insert(contentsOf: rest, at: last + 1)
        return walked
    }

    /// The outcome of the walk in the decision: endpoint, masquerade and its cause, or the failure.
    static func apply(
        _ walk: ProxyWalk, spec: ServicePortSpec, ready: [ServiceEndpoint], service: Service, node: String,
        decision: inout ProxyDecision, builder: FlowBuilder
    ) {
        switch walk.outcome {
        case .dnat(let to, _):
            // A node's own rules chose among their endpoints, which the input may not list (a stale rule).
            let dumpCandidates = walk.dumpChoices.map { choices in
                choices.compactMap { hostPort in
                    ready.first { $0.address == hostPort } ?? ruleOnlyEndpoint(hostPort, cluster: builder.cluster)
                }
            }
            guard let index = walk.endpointIndex, spec.endpoints.indices.contains(index) else {
                decision.endpoint = ruleOnlyEndpoint(to, cluster: builder.cluster)
                decision.targetPort = decision.endpoint?.port
                decision.candidates = dumpCandidates ?? ready
                return
            }
            let chosen = spec.endpoints[index]
            decision.endpoint = ready.first { $0.ip.text == chosen.ip || $0.ip.withPort(nil) == chosen.ip }
            decision.targetPort = chosen.port
            decision.candidates =
                dumpCandidates ?? (walk.usedLocalEndpoints ? ready.filter { $0.nodeName == node } : ready)
            if let endpoint = decision.endpoint {
                decision.portMismatch = portMismatch(
                    endpoint: endpoint, targetPort: chosen.port, cluster: builder.cluster)
            }
        case .reject(let reason):
            decision.failure = HopFailure(
                .rejected,
                spec.endpoints.isEmpty
                    ? noEndpointsReason(
                        service, info: builder.cluster.backingInfo(of: service.key), cluster: builder.cluster)
                    : "rejected: \(reason) (ICMP port unreachable: the client sees `connection refused`).")
        case .drop(let reason):
            decision.failure = HopFailure(.dropped, dropReason(reason, spec: spec, walk: walk, node: node))
        case .notTranslated:
            decision.failure = HopFailure(
                .unknown, "no kube-proxy rule translated the packet: it goes on to its original destination.")
        case .missingChain(let missing):
            let source = builder.nodeRules[node]?.source ?? node
            decision.failure = HopFailure(.unknown, NodeRulesCheck.missingChainStop(missing, source: source))
        }
        if let marker = walk.marker {
            decision.masquerade = true
            decision.masqueradeReason = (walk.masqueradeCause ?? .externalCluster).rawValue
            decision.masqueradeMarker = marker.text
        }
    }

    /// Which kube-proxy wrote the rules shown.
    ///
    /// Before 1.24 kube-proxy laid the chains out otherwise (KUBE-XLB for Local policies, the masquerade rules in
    /// KUBE-SERVICES/KUBE-NODEPORTS/KUBE-FW), which kubehops does not draw: it says so instead of claiming the old
    /// version wrote what is shown.
    static func layoutAssumption(version: KubeVersion?) -> String {
        let modes =
            " nftables mode (GA since 1.33) and IPVS mode (deprecated since 1.35) do the same translation with "
            + "other rules (`--proxy-mode`)."
        guard let version else {
            return "kube-proxy runs in iptables mode (still the default); the node's version is not in the input, "
                + "so the rules shown are the 1.24+ layout (`kubectl get nodes -o wide` shows VERSION)." + modes
        }
        guard version < .externalChains else {
            return "kube-proxy runs in iptables mode (still the default); the rules shown are those kube-proxy "
                + "\(version) writes." + modes
        }
        return "kube-proxy runs in iptables mode (the default then too); kube-proxy \(version) laid "
            + "its chains out differently (KUBE-XLB instead of KUBE-EXT/KUBE-SVL, the masquerade marks in "
            + "KUBE-SERVICES and KUBE-NODEPORTS), so the rules shown are the 1.24+ layout of the same translation"
            + "\(version < .tenDecimalProbabilities ? ", with the five-decimal probabilities it wrote" : "")." + modes
    }

    /// A DROP from kube-proxy's rules, with the policy that caused it: `Local` never falls back to other nodes.
    static func dropReason(_ reason: String, spec: ServicePortSpec, walk: ProxyWalk, node: String) -> String {
        guard let external = walk.noLocalEndpointsDrop else {
            return "dropped: \(reason). The client gets no answer and times out."
        }
        let policy = external ? "externalTrafficPolicy" : "internalTrafficPolicy"
        let element = walk.rules.first { $0.matched && $0.rule.chain.hasPrefix("no-endpoint-") }
        let by =
            element.map { "the @\($0.rule.chain) element `\($0.rule.text)`" }
            ?? "kube-proxy's rule `\(spec.service) has no local endpoints`"
        return
            "dropped: \(policy) is Local and \(node) runs no ready endpoint of \(spec.service): \(by) " +
            "drops the packet instead of sending it to another node. The " +
            "client gets no answer and times out. " + (external ? externalDropAdvice : internalDropAdvice)
    }

    /// Only outside traffic has a health check that steers around such nodes (healthCheckNodePort is an
    /// externalTrafficPolicy Local field of LoadBalancer services).
    static let externalDropAdvice =
        "A cloud load balancer avoids such nodes: its health check on the service's healthCheckNodePort (/healthz) "
        + "fails here."
    static let internalDropAdvice =
        "Nothing steers in-cluster callers around it: internalTrafficPolicy Local suits services with an endpoint on "
        + "every node (a DaemonSet), or callers that only run where one does."

    /// The address the entry names: a ClusterIP, the node's IP, or the LB IP.
    static func entryAddress(_ entry: ProxyEntry, node: String, builder: FlowBuilder) -> String {
        switch entry {
        case .clusterIP(let ip), .loadBalancerIP(let ip): ip
        case .nodePort: builder.nodeAddress(node)
        }
    }

    /// The `+ N more` and not-ready notes of the service's endpoints.
    static func noteBacking(
        _ info: ServiceBackingInfo, of service: Service, decision: inout ProxyDecision, builder: inout FlowBuilder
    ) {
        if info.notShownCount > 0 {
            let filled = info.endpoints.filter { $0.evidence != .endpoints }.count
            builder.assume(
                "kubectl printed `+ \(info.notShownCount) more...` for \(service.key)'s endpoints: \(filled) of them " +
                "were filled in from the pods its selector matches"
                    + (filled < info.notShownCount
                        ? "; the rest are unknown, so the real chain has more rules than shown" : "") + "."
            )
        }
        guard !info.notReadyPods.isEmpty else { return }
        let names = info.notReadyPods.prefix(5).map { key -> String in
            let pod = builder.cluster.pod(key)
            return "\(key.name) (\(pod?.ready?.description ?? "?") \(pod?.status ?? "not ready"))"
        }
        decision.details.append(
            "left out of the endpoints, not ready: " + names.joined(separator: ", ")
                + (info.notReadyPods.count > 5 ? ", …" : ""))
    }
}
