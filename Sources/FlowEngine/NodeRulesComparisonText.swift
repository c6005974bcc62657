import ProxyRules
import TerminalText

/// A ``RulesComparison`` as `kubehops rules --compare` prints it: like `diff`, `+` for what only the
/// node has, `-` for what only the prediction has, `~` for what both have differently, grouped by
/// service, each with its likely cause; other tools' chains listed apart as not compared.
public enum NodeRulesComparisonText {
    public static func render(_ comparison: RulesComparison, node: String, source: String, mode: Dataplane) -> String {
        let count = comparison.differenceCount
        let services = comparison.groups.filter { $0.service != nil && !$0.differences.isEmpty }.count
        var out = "kubehops: node \(node)'s rules in \(clean(source)) against the prediction from the kubectl "
            + "output (kube-proxy in \(mode.rawValue) mode):\n"
        out += count == 0
            ? "  no differences.\n"
            : "  \(count) difference\(count == 1 ? "" : "s")"
                + (services > 0 ? " in \(services) service\(services == 1 ? "" : "s")" : "")
                + " (+ only on the node, - only predicted, ~ different).\n"
        for group in comparison.groups {
            out += "\n" + (group.service.map(clean) ?? "node-wide (kube-proxy's rules of no one service)") + "\n"
            for note in group.notes { out += indented(note, first: "  note: ", rest: "        ") }
            for difference in group.differences { out += text(difference) }
        }
        if !comparison.notCompared.isEmpty {
            out += "\nNot kube-proxy's, so not compared:\n"
            for foreign in comparison.notCompared { out += text(foreign) }
        }
        if !comparison.notes.isEmpty {
            out += "\nNotes:\n"
            for note in comparison.notes { out += indented(note, first: "  - ", rest: "    ") }
        }
        return out
    }

    static func text(_ difference: RulesDifference) -> String {
        var place = [difference.table, difference.chain].filter { !$0.isEmpty }.joined(separator: " ")
        if let line = difference.line { place += (place.isEmpty ? "" : ", ") + "line \(line)" }
        let head = "  \(difference.mark) " + clean(difference.detail) + (place.isEmpty ? "" : "  (\(clean(place)))")
        return head + "\n" + indented(difference.cause, first: "      ", rest: "      ")
    }

    static func text(_ foreign: ForeignRules) -> String {
        let shown = foreign.chains.prefix(4).map(clean).joined(separator: ", ")
        let more = foreign.chains.count > 4 ? ", … (\(foreign.chains.count) chains)" : ""
        let rules = foreign.ruleCount > 0 ? ", \(foreign.ruleCount) rule\(foreign.ruleCount == 1 ? "" : "s")" : ""
        return indented(clean(foreign.owner) + ": " + shown + more + rules, first: "  ", rest: "    ")
    }

    static func indented(_ text: String, first: String, rest: String) -> String {
        NodeRulesText.wrap(text, width: 100 - first.count).enumerated().map {
            ($0.offset == 0 ? first : rest) + $0.element + "\n"
        }.joined()
    }

    /// Dump text on the terminal: no control byte or bidi override from the file gets through.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ControlScalars.isForbidden($0.value) ? "?" : $0 }))
    }
}
