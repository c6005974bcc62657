import ClusterModel

/// A played flow told in a few sentences, rendered from its hop data alone
/// (actors, rewrites, failures), so that a caption about a flow can never
/// contradict the hops it plays: the tour's captions come from here.
public enum FlowSummary {
    public static func sentences(_ flow: Flow) -> [String] {
        let request = flow.requestHops
        var lines: [String] = []
        if let answer = request.first(where: { $0.rewrite == .dnsAnswer }) {
            lines.append("\(capitalized(answer.actor?.description ?? "DNS")) answers the name: \(answerText(answer)).")
        }
        if let handOver = request.first(where: { if case .loadBalancer = $0.actor { true } else { false } }) {
            lines.append(balancerSentence(handOver))
        }
        if let dnat = request.first(where: { isKubeProxy($0.actor) && $0.rewrites.contains { $0.kind == .dnat } }),
            let rewrite = dnat.rewrites.first(where: { $0.kind == .dnat })
        {
            let before = rewrite.before?.destination.description ?? "the service address"
            lines.append("\(capitalized(rewrite.actor.description)) DNAT \(before) to \(rewrite.after.destination).")
        }
        if let masquerade = request.lazy.flatMap(\.rewrites).first(where: { $0.kind == .masquerade }) {
            let before = masquerade.before?.source.description ?? "the client's address"
            lines.append(
                "The source is masqueraded: \(before) becomes \(masquerade.after.source), so the pod sees that "
                    + "address, not the caller, and the reply returns the same way.")
        } else if let delivered = request.last, flow.failure == nil, case .pod = delivered.to,
            request.contains(where: { $0.rewrites.contains { $0.kind == .dnat } })
        {
            lines.append("No source NAT: the pod sees the caller's own address \(delivered.packet.source.host).")
        }
        if let tunnel = request.first(where: { $0.encapsulation != nil }), let outer = tunnel.encapsulation {
            lines.append(
                "Between the nodes the packet travels inside an outer header \(outer.source.host) → "
                    + "\(outer.destination.host) (\(outer.protocol)).")
        } else if request.contains(where: { if case .overlay = $0.to { true } else { false } }) {
            lines.append("It crosses to the pod's node over the node network, routed, with no tunnel.")
        }
        if let failure = flow.failure {
            lines.append("The request stops at hop \(failure.index + 1): \(failure.reason)")
        } else if let unNAT = flow.replyHops.first(where: { $0.rewrite == .unNAT }),
            let actor = unNAT.actor
        {
            lines.append(
                "On the way back \(actor) undoes the translation: the caller sees the answer come from "
                    + "\(unNAT.packet.source).")
        }
        return lines
    }

    static func isKubeProxy(_ actor: Actor?) -> Bool {
        if case .kubeProxyRules = actor { return true }
        return false
    }

    static func answerText(_ hop: Hop) -> String {
        guard let answer = hop.dnsAnswer else { return "it answers" }
        return "\(answer.name) → \(answer.records)"
    }

    static func balancerSentence(_ hop: Hop) -> String {
        guard case .loadBalancer(let family) = hop.actor else { return "" }
        switch family {
        case .virtualIP:
            return "The load balancer delivers to a node with its own IP \(hop.packet.destination) still as the "
                + "destination; kube-proxy matches that IP."
        case .nodePortForwarding:
            return "The load balancer forwards to the NodePort \(hop.packet.destination), keeping the client's "
                + "address \(hop.packet.source.host)."
        case .proxy:
            return "The load balancer opens its own connection to \(hop.packet.destination): the node sees "
                + "\(hop.packet.source.host), not the client."
        }
    }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
