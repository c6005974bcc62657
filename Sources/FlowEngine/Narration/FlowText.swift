import TerminalText

/// A flow as plain text: one numbered line per hop (places, then the packet,
/// then the sentence), details indented below.
///
/// Shared by `kubehops explain`, the README captures and tests. Control characters from the input are replaced, so
/// names from a dump can never drive the terminal.
public enum FlowText {
    public static func render(_ flow: Flow) -> String {
        var lines = ["\(clean(flow.title))  [\(clean(flow.target)), connection \(flow.request)]"]
        var replyStarted = false
        for (index, hop) in flow.hops.enumerated() {
            if hop.isReply && !replyStarted {
                lines.append("Reply:")
                replyStarted = true
            }
            let number = index + 1 < 10 ? " \(index + 1)" : "\(index + 1)"
            lines.append(
                "\(number). \(clean(hop.from.description)) → \(clean(hop.to.description)): " +
                "\(clean(hop.packet.source.description)) → \(clean(hop.packet.destination.description)) " +
                "\(hop.packet.protocol)\(rewriteLabel(hop))"
            )
            lines.append("    " + clean(hop.sentence))
            if let outer = hop.encapsulation {
                lines.append(
                    "    outer: \(clean(outer.source.description)) → \(clean(outer.destination.description)) " +
                    "(\(outer.protocol))"
                )
            }
            for detail in hop.details { lines.append("      " + clean(detail)) }
            lines += ruleLines(hop)
            lines += policyLines(hop)
            if let failure = hop.failure { lines.append("    ✗ " + clean(failure.reason)) }
        }
        if !flow.assumptions.isEmpty {
            lines.append("Assumptions:")
            for assumption in flow.assumptions { lines.append("  - " + clean(assumption)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The NetworkPolicy verdicts judged on a hop, each with its notes below.
    public static func policyLines(_ hop: Hop) -> [String] {
        hop.policy.flatMap { verdict in
            ["    policy: " + clean(verdict.sentence)] + verdict.notes.map { "      " + clean($0) }
        }
    }

    /// The rules walked on a hop as the dataplane's tool prints them: `✓` matched (its verdict or
    /// jump taken), `·` checked and passed over, with why.
    public static func ruleLines(_ hop: Hop) -> [String] {
        guard let first = hop.rules.first else { return [] }
        // IPv6 rules live in ip6tables (`ip6tables-save` prints them in the same format).
        let tool =
            first.rule.dataplane == .iptables && hop.packet.destination.host.contains(":")
            ? "ip6tables" : first.rule.dataplane.rawValue
        // IPVS mode walks its virtual server and the iptables rules beside it: both tools are named.
        let ipvs = hop.rules.contains { $0.rule.dataplane == .ipvs }
        let tools = ipvs && first.rule.dataplane != .ipvs ? "\(tool) and ipvs" : tool
        var lines = ["      \(tools) rules walked (✓ matched):"]
        for walked in hop.rules {
            let mark = walked.matched ? "✓" : "·"
            lines.append("        \(mark) [\(clean(walked.rule.table))] \(clean(walked.rule.text))")
            guard !walked.matched, let whyNot = walked.whyNot else { continue }
            let said = whyNot.hasPrefix("not ") ? whyNot : "not matched: " + whyNot
            lines.append("            " + clean(said))
        }
        return lines
    }

    static func rewriteLabel(_ hop: Hop) -> String {
        var label = hop.rewrite.label
        if let by = hop.rewrittenBy, !label.isEmpty { label += " by \(by)" }
        if hop.isIllustrative { label += label.isEmpty ? "illustrative" : ", illustrative" }
        return label.isEmpty ? "" : "  [\(clean(label))]"
    }

    /// Printed flow text's guard: forbidden scalars (C0/C1 controls, bidi controls) become `?`,
    /// by the one table in TerminalText.
    public static func clean(_ text: String) -> String { ShownText.safe(text) }
}
