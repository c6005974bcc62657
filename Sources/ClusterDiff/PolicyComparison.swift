import ClusterModel

/// A NetworkPolicy or ClusterNetworkPolicy that appeared, went away, or whose selection or rules
/// changed; each changed rule is a field of its own (`ingress[1]`), so the text says which one.
public struct PolicyChange: Sendable, Hashable, Codable {
    /// `NetworkPolicy` or `ClusterNetworkPolicy` (the v1alpha1 kinds are read as the latter).
    public var kind: String
    /// A ClusterNetworkPolicy is cluster-scoped: no namespace.
    public var policy: ObjectKey
    public var change: ChangeKind
    public var fields: [FieldChange]
    public init(kind: String, policy: ObjectKey, change: ChangeKind, fields: [FieldChange] = []) {
        self.kind = kind
        self.policy = policy
        self.change = change
        self.fields = fields
    }
}

enum PolicyComparison {
    static func change(key: ObjectKey, before: NetworkPolicy?, after: NetworkPolicy?) -> PolicyChange? {
        switch (before, after) {
        case (nil, let policy?): return PolicyChange(kind: kind, policy: key, change: .added, fields: describe(policy))
        case (let policy?, nil):
            return PolicyChange(kind: kind, policy: key, change: .removed, fields: describe(policy).map(\.reversed))
        case (let old?, let new?):
            var fields = [
                field("podSelector", old.podSelector.description, new.podSelector.description),
                field("policyTypes", types(old), types(new)),
            ].compactMap { $0 }
            // A `get netpol` table shows no rules: unknown is not different.
            if old.rulesKnown, new.rulesKnown {
                fields += ruleChanges("ingress", old.ingress.map(text), new.ingress.map(text))
                fields += ruleChanges("egress", old.egress.map(text), new.egress.map(text))
            }
            return fields.isEmpty ? nil : PolicyChange(kind: kind, policy: key, change: .changed, fields: fields)
        case (nil, nil): return nil
        }
    }

    static let kind = "NetworkPolicy"

    static func clusterChange(
        key: ObjectKey, before: ClusterNetworkPolicy?, after: ClusterNetworkPolicy?
    ) -> PolicyChange? {
        let kind = "ClusterNetworkPolicy"
        switch (before, after) {
        case (nil, let policy?): return PolicyChange(kind: kind, policy: key, change: .added, fields: describe(policy))
        case (let policy?, nil):
            return PolicyChange(kind: kind, policy: key, change: .removed, fields: describe(policy).map(\.reversed))
        case (let old?, let new?):
            let fields =
                [
                    field("tier", old.tier.rawValue, new.tier.rawValue),
                    field("priority", String(old.priority), String(new.priority)),
                    field("subject", old.subject.description, new.subject.description),
                ].compactMap { $0 }
                + ruleChanges("ingress", old.ingress.map(text), new.ingress.map(text))
                + ruleChanges("egress", old.egress.map(text), new.egress.map(text))
            return fields.isEmpty ? nil : PolicyChange(kind: kind, policy: key, change: .changed, fields: fields)
        case (nil, nil): return nil
        }
    }

    static func namespaceChanges(before: [NamespaceRecord], after: [NamespaceRecord]) -> [NamespaceChange] {
        let old = Dictionary(before.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let new = Dictionary(after.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var found: [NamespaceChange] = []
        for (name, namespace) in new {
            guard let previous = old[name] else {
                found.append(NamespaceChange(name: name, change: .added, fields: labelsField(nil, namespace.labels)))
                continue
            }
            if let change = field("labels", previous.labels.map(labels), namespace.labels.map(labels)) {
                found.append(NamespaceChange(name: name, change: .changed, fields: [change]))
            }
        }
        for (name, namespace) in old where new[name] == nil {
            found.append(NamespaceChange(name: name, change: .removed, fields: labelsField(namespace.labels, nil)))
        }
        return found.sorted { $0.name < $1.name }
    }

    // MARK: The words of a policy

    /// Rules compared in order (the API's order; a policy's verdict does not depend on it, but a
    /// reader finds "rule 2" by it): one field per index that differs, added or removed.
    static func ruleChanges(_ direction: String, _ before: [String], _ after: [String]) -> [FieldChange] {
        (0..<max(before.count, after.count)).compactMap { index in
            let old = before.indices.contains(index) ? before[index] : nil
            let new = after.indices.contains(index) ? after[index] : nil
            guard old != new else { return nil }
            return FieldChange(field: "\(direction)[\(index)]", before: old ?? "<no rule>", after: new ?? "<no rule>")
        }
    }

    static func describe(_ policy: NetworkPolicy) -> [FieldChange] {
        var fields = [
            FieldChange(field: "podSelector", before: nil, after: policy.podSelector.description),
            FieldChange(field: "policyTypes", before: nil, after: types(policy)),
        ]
        if policy.rulesKnown {
            fields.append(FieldChange(field: "rules", before: nil, after: ruleCount(policy.ingress, policy.egress)))
        }
        return fields
    }

    static func describe(_ policy: ClusterNetworkPolicy) -> [FieldChange] {
        [
            FieldChange(field: "tier", before: nil, after: policy.tier.rawValue),
            FieldChange(field: "priority", before: nil, after: String(policy.priority)),
            FieldChange(field: "rules", before: nil, after: ruleCount(policy.ingress, policy.egress)),
        ]
    }

    static func ruleCount<Rule>(_ ingress: [Rule], _ egress: [Rule]) -> String {
        "\(ingress.count) ingress, \(egress.count) egress"
    }

    static func types(_ policy: NetworkPolicy) -> String { policy.policyTypes.map(\.rawValue).joined(separator: ",") }

    /// `from namespaces{team=a} pods{app=web}; 10.0.0.0/8 except 10.1.0.0/16 on 80/TCP,8080-8090/TCP`.
    static func text(_ rule: NetworkPolicyRule) -> String {
        let peers = rule.peers.isEmpty ? "every peer" : rule.peers.map(text).joined(separator: "; ")
        let ports = rule.ports.isEmpty ? "every port" : rule.ports.map(\.description).joined(separator: ",")
        return "\(peers) on \(ports)"
    }

    static func text(_ peer: NetworkPolicyPeer) -> String {
        if let block = peer.ipBlock { return block.description }
        let parts = [
            peer.namespaceSelector.map { "namespaces \($0)" },
            peer.podSelector.map { "pods \($0)" },
        ].compactMap { $0 }
        return parts.isEmpty ? "<empty peer>" : parts.joined(separator: " ")
    }

    static func text(_ rule: ClusterPolicyRule) -> String {
        let peers = rule.peers.isEmpty ? "no peer" : rule.peers.map(text).joined(separator: "; ")
        let ports = rule.ports.isEmpty ? "every port" : rule.ports.map(\.description).joined(separator: ",")
        return "\(rule.action.rawValue) \(peers) on \(ports)" + (rule.name.map { " (\($0))" } ?? "")
    }

    static func text(_ peer: ClusterPolicyPeer) -> String {
        switch peer {
        case .pods(let selection): selection.description
        case .nodes(let selector): "nodes \(selector)"
        case .networks(let ranges): "networks " + ranges.map(\.description).joined(separator: ",")
        case .domainNames(let names): "domains " + names.joined(separator: ",")
        case .unreadable: "<unreadable peer>"
        }
    }

    static func labels(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "<none>" }
        return labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func labelsField(_ before: [String: String]?, _ after: [String: String]?) -> [FieldChange] {
        guard before != nil || after != nil else { return [] }
        return [FieldChange(field: "labels", before: before.map(labels), after: after.map(labels))]
    }
}

extension FieldChange {
    /// The same field told from the other side (what a removed object was).
    var reversed: FieldChange { FieldChange(field: field, before: after, after: before) }
}
