import ClusterModel

/// Text rendered from verdicts and matrices (the data stays the source of truth).
public enum PolicyText {
    static func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .allowed: "."
        case .denied: "X"
        case .unknown: "?"
        }
    }

    /// `A`…`Z`, `AA`…: short column names for groups.
    static func groupName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// The matrix as probe truth tables: the groups, then egress, ingress and combined.
    public static func matrix(_ matrix: ReachabilityMatrix, podsShown: Int = 3) -> String {
        var lines: [String] = []
        let total = matrix.groups.reduce(0) { $0 + $1.pods.count }
        lines.append(
            "Reachability on \(matrix.port) between \(total) pods in \(matrix.groups.count) groups "
                + "(pods no policy can tell apart: same namespace, labels, policy address ranges, named ports)")
        lines.append(matrix.enforcement.explanation)
        lines.append("")
        let names = matrix.groups.indices.map(groupName)
        let nameWidth = names.map(\.count).max() ?? 1
        let namespaceWidth = min(30, matrix.groups.map(\.namespace.count).max() ?? 0)
        let labelWidth = min(40, matrix.groups.map { $0.labelText.count + ($0.hostNetwork ? 15 : 0) }.max() ?? 0)
        for (index, group) in matrix.groups.enumerated() {
            var shown = group.pods.prefix(podsShown).map { $0.split(separator: "/").last.map(String.init) ?? $0 }
                .joined(separator: ", ")
            if group.pods.count > podsShown { shown += ", … +\(group.pods.count - podsShown)" }
            let count = group.pods.count == 1 ? "1 pod" : "\(group.pods.count) pods"
            let labels = group.labelText + (group.hostNetwork ? " (host network)" : "")
            lines.append(
                "  \(pad(names[index], nameWidth))  \(pad(group.namespace, namespaceWidth))  " +
                "\(pad(labels, labelWidth))  \(count): \(shown)"
            )
        }
        let tables: [(String, (Int, Int) -> Verdict)] = [
            ("Egress (row pods may send to column pods)", matrix.egress),
            ("Ingress (column pods accept from row pods)", matrix.ingress),
            (
                "Combined (both must allow\(matrix.enforcement.isEnforced ? "" : "; nothing enforces policies here"))",
                matrix.combined
            ),
        ]
        for (title, cell) in tables {
            lines.append("")
            lines.append("\(title): . allowed, X denied, ? unknown")
            lines.append(pad("", nameWidth + 2) + " " + names.map { pad($0, nameWidth) }.joined(separator: " "))
            for from in matrix.groups.indices {
                let cells = matrix.groups.indices.map { pad(mark(cell(from, $0)), nameWidth) }
                lines.append("  " + pad(names[from], nameWidth) + " " + cells.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One connection, explained tier by tier for each direction.
    public static func walkthrough(_ verdict: ConnectionVerdict) -> String {
        var lines: [String] = []
        let word = verdict.verdict == .allowed ? "ALLOWED" : verdict.verdict == .denied ? "DENIED" : "UNKNOWN"
        lines.append("\(verdict.source) → \(verdict.destination) on \(verdict.port): \(word)")
        for (title, direction) in [
            ("egress of \(verdict.source)", verdict.egress), ("ingress of \(verdict.destination)", verdict.ingress),
        ] {
            lines.append("")
            guard let direction else {
                lines.append("\(title): no policy applies (not a pod policies select)")
                continue
            }
            lines.append(
                "\(title): \(direction.verdict.rawValue)"
                    + (direction.deciding.isEmpty
                        ? ""
                        : " — " + direction.deciding.map(\.description).joined(separator: ", ")))
            for step in direction.steps { lines.append("  \(pad(step.tier.rawValue, 13)) \(step.text)") }
            for note in direction.notes { lines.append("  note: \(note)") }
        }
        if let blocking = verdict.blockingDirection, verdict.policyVerdict != .allowed {
            lines.append("")
            lines.append("what would allow it: " + remedy(blocking, verdict))
        }
        if !verdict.notes.isEmpty { lines.append("") }
        for note in verdict.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A caption for a denied direction: what change would let the connection through.
    public static func remedy(_ direction: DirectionVerdict, _ verdict: ConnectionVerdict) -> String {
        let other = direction.direction == .egress ? verdict.destination : verdict.source
        switch (direction.verdict, direction.decidedBy) {
        case (.unknown, _):
            return "see the rules of " + direction.deciding.map(\.name).joined(separator: ", ")
                + " (kubectl get netpol NAME -n NS -o yaml)"
        case (_, .admin), (_, .baseline):
            let rule = direction.deciding.first.map(\.description) ?? "the cluster policy"
            return "\(rule) denies it; a cluster admin must change it (or Accept it in a higher-priority Admin rule)"
        default:
            let key = direction.direction == .egress ? "egress" : "ingress"
            let peer = direction.direction == .egress ? "to" : "from"
            return "an \(key) rule \(peer) \(other) on \(verdict.port) in a NetworkPolicy selecting \(direction.pod) "
                + "(isolated by " + direction.deciding.map(\.name).joined(separator: ", ") + ")"
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
