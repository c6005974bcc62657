import CellCanvas
import ClusterModel
import TerminalText

/// A `ClusterDiff` as lines in the spirit of diff(1): `+` added, `-` removed,
/// `~` changed, `!` a request whose path changed.
///
/// Every name from the input goes through the terminal sanitizer, so a pod name cannot drive a terminal.
public enum DiffText {
    public static func render(_ diff: ClusterDiff, beforeName: String, afterName: String) -> String {
        var lines = ["--- " + clean(beforeName), "+++ " + clean(afterName)]
        for node in diff.nodes { lines.append(line(node.change, "node \(node.name)", node.fields)) }
        for pod in diff.pods {
            var text = line(pod.change, "pod \(pod.pod)", pod.fields)
            if pod.movedNode { text += "  (moved node)" }
            lines.append(text)
        }
        for service in diff.services {
            lines.append(line(service.change, "service \(service.service)", service.fields))
        }
        for change in diff.endpoints {
            lines.append(clean("~ endpoints \(change.service)" + (change.guessed ? " (guessed from names)" : "")))
            lines += change.gained.map { clean("    + " + $0) }
            lines += change.lost.map { clean("    - " + $0) }
        }
        for namespace in diff.namespaces {
            lines.append(line(namespace.change, "namespace \(namespace.name)", namespace.fields))
        }
        for policy in diff.policies { lines += policyLines(policy) }
        for path in diff.paths { lines.append(clean("! " + path.summary)) }
        if diff.isEmpty { lines.append("no differences") } else { lines.append(summary(diff)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `3 pods, 1 service, 2 endpoint sets, 1 request path changed`.
    public static func summary(_ diff: ClusterDiff) -> String {
        let counts = [
            (diff.nodes.count, "node"), (diff.pods.count, "pod"), (diff.services.count, "service"),
            (diff.endpoints.count, "endpoint set"), (diff.paths.count, "request path"),
            (diff.namespaces.count, "namespace"), (diff.policies.count, "policy"),
        ]
        let parts = counts.filter { $0.0 > 0 }.map { "\($0.0) \(plural($0.1, $0.0))" }
        return "changed: " + parts.joined(separator: ", ")
    }

    static func plural(_ noun: String, _ count: Int) -> String {
        count == 1 ? noun : noun.hasSuffix("y") ? noun.dropLast() + "ies" : noun + "s"
    }

    /// A changed policy gets a line per field, rules being long: `~ networkpolicy shop/allow-web`
    /// then `    ingress[0]: before` / `    ingress[0]: after` as `-`/`+`.
    static func policyLines(_ policy: PolicyChange) -> [String] {
        let subject = "\(policy.kind.lowercased()) \(policy.policy)"
        guard policy.change == .changed else { return [line(policy.change, subject, policy.fields)] }
        var lines = [clean("~ \(subject)")]
        for field in policy.fields {
            if let before = field.before { lines.append(clean("    - \(field.field): \(before)")) }
            if let after = field.after { lines.append(clean("    + \(field.field): \(after)")) }
        }
        return lines
    }

    static func line(_ change: ChangeKind, _ subject: String, _ fields: [FieldChange]) -> String {
        switch change {
        case .added:
            return clean("+ \(subject)" + described(fields.map { ($0.field, $0.after) }))
        case .removed:
            return clean("- \(subject)" + described(fields.map { ($0.field, $0.before) }))
        case .changed:
            let parts = fields.map { "\($0.field) \($0.before ?? "?") -> \($0.after ?? "?")" }
            return clean("~ \(subject): " + parts.joined(separator: ", "))
        }
    }

    static func described(_ values: [(String, String?)]) -> String {
        let parts = values.compactMap { name, value in value.map { "\(name) \($0)" } }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    static func clean(_ text: String) -> String { ShownText.safe(text) }
}
