import ClusterModel
import ProxyRules

/// Why the rules marked a connection for masquerade, whichever dataplane wrote them.
enum MasqueradeCause: String {
    /// A pod reaching itself through its service (the endpoint chain's rule, or `hairpin-connections`).
    case hairpin
    /// The caller is not in the cluster CIDR (a host-network process, a routed outside client).
    case notFromPod = "the caller is not in the pod CIDR"
    /// The caller is this node (`--src-type LOCAL`, `fib saddr type local`).
    case fromNode = "the caller is this node"
    /// NodePort / load-balancer traffic under externalTrafficPolicy Cluster.
    case externalCluster = "externalTrafficPolicy Cluster"
}

/// One connection walked through a node's service translation in the flow's dataplane: the rules as the
/// dataplane's tool prints them (the whole endpoint choice, reached or not), where it ended, and why it was
/// marked for masquerade.
///
/// The seam between the flows and each dataplane's generator.
struct ProxyWalk {
    var rules: [WalkedRule]
    var outcome: WalkOutcome
    /// Index into the port spec's `endpoints` of the translation's destination.
    var endpointIndex: Int?
    /// The rule that marked the packet for masquerade, and why it did.
    var marker: Rule?
    var masqueradeCause: MasqueradeCause?
    /// The walk took the node-local endpoints' chain (a `Local` traffic policy).
    var usedLocalEndpoints = false
    /// A rule dropped the packet because no endpoint is on this node: true when it was the external policy's.
    var noLocalEndpointsDrop: Bool?
    /// Teaching lines about the endpoint choice (the draw, the slot), added beside the rules.
    var choiceNotes: [String] = []
    /// A node's own rules: the `ip:port` they chose among (nil for a prediction, whose choices are the input's).
    var dumpChoices: [String]?
}

/// The inputs every dataplane's walk needs.
struct ProxyWalkRequest {
    var spec: ServicePortSpec
    var node: ProxyNode
    var family: IPPrefix.Family
    var entry: ServiceEntry
    var source: PacketSource
    /// This connection's draws and the first connection's (ClientIP affinity).
    var draws: (current: [Double], first: [Double])
    /// Not the first request of a series: with ClientIP affinity, the node remembers the first pick.
    var later: Bool
    /// Which connection of the series (IPVS's rr scheduler takes the real servers in turn).
    var connection = 0
    /// The node's real iptables-save, walked instead of the predicted rules.
    var observed: ObservedIptables? = nil
    /// The node's real nft listing, walked instead of the predicted table.
    var observedNft: ObservedNftables? = nil
    /// The node's real ipvsadm listing: its virtual and real servers walked instead of the predicted ones.
    var observedIPVS: ObservedIPVS? = nil
}

extension ServiceProxy {
    /// The walk of the flow's dataplane.
    ///
    /// eBPF replacements are walked like iptables for the endpoint choice only: the caller shows no rules for them,
    /// since none exist.
    static func walk(_ mode: Dataplane, _ request: ProxyWalkRequest) -> ProxyWalk? {
        switch mode {
        case .iptables, .ebpf: iptablesWalk(request)
        case .ipvs: ipvsWalk(request)
        case .nftables: nftablesWalk(request)
        }
    }

    static func iptablesWalk(_ request: ProxyWalkRequest) -> ProxyWalk? {
        let rules = KubeProxyIptables(node: request.node, family: request.family)
        let spec = request.spec
        let pinned = spec.affinityTimeoutSeconds != nil
        var affinityEndpoint: Int?
        if pinned, request.later {
            // Later connections find the client in the `recent` list the first one filled on this node.
            affinityEndpoint =
                rules.walk(
                    spec, entry: request.entry, source: request.source, draws: request.draws.first,
                    observed: request.observed)?
                .endpointIndex
        }
        let draws = pinned ? request.draws.first : request.draws.current
        guard
            let walk = rules.walk(
                spec, entry: request.entry, source: request.source, draws: draws, affinityEndpoint: affinityEndpoint,
                observed: request.observed)
        else { return nil }
        let walked = wholeEndpointChain(walk)
        var result = ProxyWalk(rules: walked, outcome: walk.result.outcome, endpointIndex: walk.endpointIndex)
        if let marker = walk.result.markedForMasqueradeBy {
            result.marker = marker
            result.masqueradeCause = masqueradeCause(marker)
        }
        result.usedLocalEndpoints = walked.contains { $0.matched && $0.rule.chain.hasPrefix("KUBE-SVL-") }
        if let noLocal = walked.first(where: { $0.matched && $0.rule.text.contains("has no local endpoints") }) {
            // kube-proxy puts the external DROP in filter KUBE-EXTERNAL-SERVICES, the internal one in KUBE-SERVICES.
            result.noLocalEndpointsDrop = noLocal.rule.chain == "KUBE-EXTERNAL-SERVICES"
        }
        if affinityEndpoint == nil { result.choiceNotes = drawNote(walk, draws: draws) }
        if request.observed != nil { result.dumpChoices = ladderDestinations(walk) }
        return result
    }

    static func nftablesWalk(_ request: ProxyWalkRequest) -> ProxyWalk? {
        let rules = KubeProxyNftables(node: request.node, family: request.family)
        let spec = request.spec
        var affinityEndpoint: Int?
        var affinitySet: String?
        var first: NftablesWalk?
        if request.later, spec.affinityTimeoutSeconds != nil || request.observedNft != nil {
            first = rules.walk(
                spec, entry: request.entry, source: request.source, draws: request.draws.first,
                observed: request.observedNft)
        }
        // A node's own table has affinity where its rules update an affinity set, whatever the input says.
        let pinned = request.observedNft == nil ? spec.affinityTimeoutSeconds != nil : first?.affinitySet != nil
        if pinned, request.later {
            // Later connections find the client in the affinity set the first one filled on this node.
            (affinityEndpoint, affinitySet) = (first?.endpointIndex, first?.affinitySet)
        }
        let draws = pinned ? request.draws.first : request.draws.current
        guard
            let walk = rules.walk(
                spec, entry: request.entry, source: request.source, draws: draws, affinityEndpoint: affinityEndpoint,
                affinitySet: affinitySet, observed: request.observedNft)
        else { return nil }
        var result = ProxyWalk(rules: walk.walked, outcome: walk.outcome, endpointIndex: walk.endpointIndex)
        if let marker = walk.markedBy {
            result.marker = marker
            result.masqueradeCause =
                if marker.chain.hasPrefix("endpoint-") || marker.text.contains("@hairpin-connections") {
                    .hairpin
                } else if marker.text.contains("fib saddr type local") {
                    .fromNode
                } else if marker.chain.hasPrefix("external-") { .externalCluster } else { .notFromPod }
        }
        result.usedLocalEndpoints = walk.walked.contains { $0.matched && $0.rule.chain.hasPrefix("local-") }
        result.noLocalEndpointsDrop = walk.noLocalEndpointsDrop
        if request.observedNft != nil { result.dumpChoices = walk.choices }
        if let slot = walk.slot, slot.count > 1 {
            result.choiceNotes = [
                "numgen random mod \(slot.count): one slot per endpoint, each 1/\(slot.count) of the new connections "
                    + "(no probability ladder); this connection drew \(slot.drawn)."
            ]
        } else if affinityEndpoint != nil || affinitySet != nil {
            result.choiceNotes = ["the source is in the endpoint's affinity set (ClientIP affinity), so no draw."]
        }
        return result
    }

    static func ipvsWalk(_ request: ProxyWalkRequest) -> ProxyWalk? {
        let ipvs = KubeProxyIPVS(node: request.node, family: request.family)
        let spec = request.spec
        let connection = request.connection
        var persisted: Int?
        if request.later, spec.affinityTimeoutSeconds != nil || request.observedIPVS != nil,
            let first = ipvs.walk(
                spec, entry: request.entry, source: request.source, connection: 0, observed: request.observedIPVS),
            first.virtualServer?.persistence != nil
        {
            // Persistence (`persistent N`, the node's own when its listing is given): the first connection's real
            // server keeps this client for the timeout.
            persisted = first.endpointIndex
        }
        guard
            let walk = ipvs.walk(
                spec, entry: request.entry, source: request.source, connection: connection, affinityEndpoint: persisted,
                observed: request.observedIPVS)
        else { return nil }
        var result = ProxyWalk(rules: walk.walked, outcome: walk.outcome, endpointIndex: walk.endpointIndex)
        if let marker = walk.markedBy {
            result.marker = marker
            result.masqueradeCause =
                if marker.text.contains("KUBE-LOOP-BACK") { .hairpin } else if marker.chain == "KUBE-SERVICES" {
                    .notFromPod
                } else { .externalCluster }
        }
        result.usedLocalEndpoints = spec.externalTrafficPolicyLocal && request.entry != .clusterIP
        if request.observedIPVS != nil { result.dumpChoices = walk.choices }
        if let virtual = walk.virtualServer {
            let owner =
                if case .nodePort = request.entry { "the address is the node's own" } else {
                    "kube-proxy binds the service's addresses to the dummy interface kube-ipvs0"
                }
            var notes = [
                "IPVS mode: \(owner), so the packet is for this node; the IPVS virtual server \(virtual.hostPortText) "
                    + "picks a real server (scheduler \(virtual.scheduler)) and rewrites the destination. "
                    + "`ipvsadm -Ln` "
                    + "lists it:"
            ]
            notes += IPVSVirtualServer.header + virtual.listing
            let usable = walk.usable ?? virtual.realServers.count
            if let picked = walk.picked, usable > 1, persisted == nil {
                notes.append(
                    "\(virtual.scheduler == "rr" ? "rr takes" : "kubehops takes") the real servers in turn: this "
                        + "client's connection \(connection) on this node goes to server \(picked + 1) of \(usable) "
                        + "(inferred: other clients' connections in between move the turn"
                        + (virtual.scheduler == "rr"
                            ? "" : "; the node's scheduler \(virtual.scheduler) picks otherwise")
                        + ").")
            }
            if virtual.persistence != nil {
                notes.append(
                    "`persistent \(virtual.persistence ?? 0)`: sessionAffinity ClientIP keeps a client on its "
                        + "first real server for that many seconds.")
            }
            result.choiceNotes = notes
        }
        return result
    }

    /// Why the rule that jumped to KUBE-MARK-MASQ marked the packet, from the chain it is in.
    static func masqueradeCause(_ rule: Rule) -> MasqueradeCause {
        if rule.chain.hasPrefix("KUBE-SEP-") { return .hairpin }
        if rule.chain.hasPrefix("KUBE-SVC-") { return .notFromPod }
        if rule.text.contains("--src-type LOCAL") { return .fromNode }
        return .externalCluster
    }

    /// The ladder sentence of iptables mode: n rules with falling probabilities.
    static func iptablesLadderNote(_ count: Int) -> String {
        let probabilities = count == 2 ? "probability 1/2" : "probabilities 1/\(count), … 1/2"
        return "\(count) endpoint rules in ip:port order: \(probabilities), then an unconditional last rule, give "
            + "each endpoint 1/\(count) of the new connections (kube-proxy picks per connection)."
    }
}
