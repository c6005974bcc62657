import ClusterModel

/// Table rows → `NetworkPolicy` (names and pod selectors only) and `NamespaceRecord`.
enum PolicyRows {
    static let policyFields = FieldMask([.namespace, .name, .podSelector, .age])

    /// `kubectl get netpol`: NAMESPACE NAME POD-SELECTOR AGE.
    ///
    /// The table shows no rules, so the record says they are unknown (`rulesKnown == false`).
    static func networkPolicy(
        _ row: TableRow, key: ObjectKey, problems: inout [String],
        origin: SourceLocation
    ) throws(RowRejection) -> NetworkPolicy {
        var selector = LabelSelector.everything
        if let text = row.string(.podSelector) {
            guard let parsed = SelectorText.parse(text) else {
                throw RowRejection(
                    message: "POD-SELECTOR '\(text)' is not a label selector like app=web or tier in (db)")
            }
            selector = parsed
        }
        var policy = NetworkPolicy(key: key, podSelector: selector)
        policy.rulesKnown = false
        policy.age = row.age(&problems)
        policy.origin = origin
        return policy
    }

    /// `kubectl get namespaces [--show-labels]`: NAME STATUS AGE [LABELS].
    static func namespace(
        _ row: TableRow, name: String, problems: inout [String], origin: SourceLocation
    ) -> NamespaceRecord {
        var record = NamespaceRecord(name: name, labels: NodePodRows.labels(row, &problems))
        record.status = row.value(.status)
        _ = row.age(&problems)
        record.origin = origin
        return record
    }
}
