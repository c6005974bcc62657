import ClusterModel
import FlowEngine
import ProxyRules

/// What an export says about a hop beside its packet: each rewrite with who did it, the
/// addresses before and after and where the fact came from, and the rules walked.
///
/// One home for Mermaid's notes and the HTML page's steps, so the two exports tell a hop the same way.
enum HopAnnotations {
    /// One line per rewrite: "DNAT by kube-proxy's iptables rules on worker-1:
    /// 10.0.0.1:30007 → 10.244.1.5:80 (read from the input (…))".
    static func rewrites(_ hop: Hop) -> [String] {
        hop.rewrites.compactMap { rewrite in
            guard rewrite.kind != .none else { return nil }
            if rewrite.kind == .dnsAnswer, let answer = hop.dnsAnswer {
                // An answer is a new packet, not the query's addresses rewritten: say what it answered.
                return "DNS answer by \(rewrite.actor.description): \(answer.name) → \(answer.records)"
                    + " (\(rewrite.provenance.said))"
            }
            let change =
                rewrite.before.map { changed(from: $0, to: rewrite.after) }
                ?? "\(rewrite.after.source) → \(rewrite.after.destination)"
            return "\(rewrite.kind.label) by \(rewrite.actor.description): \(change) (\(rewrite.provenance.said))"
        }
    }

    /// "iptables nat: PREROUTING → KUBE-SERVICES → …": the chains whose rules matched, in the order
    /// the packet met them (each once), a line per dataplane and table; none when no rule matched.
    static func chains(_ hop: Hop) -> [String] {
        var order: [String] = []
        var chainsOf: [String: [String]] = [:]
        for walked in hop.rules where walked.matched {
            let group = "\(walked.rule.dataplane.rawValue) \(walked.rule.table)"
            if chainsOf[group] == nil { order.append(group) }
            if !(chainsOf[group, default: []].contains(walked.rule.chain)) {
                chainsOf[group, default: []].append(walked.rule.chain)
            }
        }
        return order.map { "\($0): " + (chainsOf[$0] ?? []).joined(separator: " → ") }
    }

    /// The rules walked as `kubehops explain` prints them (✓ matched, · not, and why not).
    static func ruleLines(_ hop: Hop) -> [String] {
        FlowText.ruleLines(hop).map { String($0.dropFirst(6)) }
    }

    /// The addresses that changed, before ⇒ after ("dst 10.96.0.10:80 ⇒ 10.244.1.5:8080").
    private static func changed(from before: Packet, to after: Packet) -> String {
        var parts: [String] = []
        if before.source != after.source { parts.append("src \(before.source) ⇒ \(after.source)") }
        if before.destination != after.destination {
            parts.append("dst \(before.destination) ⇒ \(after.destination)")
        }
        guard !parts.isEmpty else { return "\(after.source) → \(after.destination) (addresses unchanged)" }
        return parts.joined(separator: ", ")
    }
}
