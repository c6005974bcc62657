import ClusterModel

/// `kubectl describe` of Gateway API objects (custom resources) → the object tree `GatewayObjects` reads.
///
/// kubectl prints a custom resource's fields as words (`Parent Refs:`, `Gateway Class Name:`), maps by indentation,
/// lists of objects as their items one after another without a separator (each item's keys in alphabetical order, so a
/// key not after the previous one starts the next item), and lists of strings as lines under their key.
enum DescribeGatewayObjects {
    /// Fields that are lists in the Gateway API types: a single item prints like a map, so they are told by name.
    static let listFields: Set<String> = [
        "listeners", "addresses", "conditions", "parentRefs", "parents", "hostnames", "rules", "matches",
        "headers", "queryParams", "filters", "backendRefs", "set", "add", "remove", "from", "to", "kinds",
        "certificateRefs",
    ]

    /// The object, or nil when the block is not a Gateway API kind.
    static func object(_ tree: DescribeTree, kind: String) -> KubeValue? {
        guard GatewayObjects.kinds.contains(kind),
            tree.first("API Version")?.value.hasPrefix("gateway.networking.k8s.io/") == true
        else { return nil }
        var metadata: [String: KubeValue] = [:]
        if let name = tree.first("Name")?.value { metadata["name"] = .string(name) }
        if let namespace = tree.first("Namespace")?.value, !namespace.isEmpty, namespace != "<none>" {
            metadata["namespace"] = .string(namespace)
        }
        if let meta = tree.first("Metadata"), let created = tree.child(meta, "Creation Timestamp") {
            metadata["creationTimestamp"] = .string(created.value)
        }
        var object: [String: KubeValue] = [
            "kind": .string(kind), "apiVersion": .string(tree.first("API Version")?.value ?? ""),
            "metadata": .map(metadata),
        ]
        for section in ["Spec", "Status"] {
            if let entry = tree.first(section) { object[section.lowercased()] = value(entry, field: "", tree: tree) }
        }
        return .map(object)
    }

    /// `Gateway Class Name` → `gatewayClassName`, `URL Rewrite` → `urlRewrite`.
    static func fieldName(_ key: String) -> String {
        let words = key.split(separator: " ")
        guard let first = words.first else { return "" }
        return first.lowercased() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func value(_ entry: DescribeTree.Entry, field: String, tree: DescribeTree) -> KubeValue {
        let children = tree.children(entry)
        // `from` is ReferenceGrant's list of objects, but also allowedRoutes.namespaces' `From: All`.
        if listFields.contains(field), !(children.isEmpty && ["from", "to"].contains(field)) {
            if children.isEmpty {
                let items = entry.values + entry.rows.map(\.text)
                return .list(items.filter { !$0.isEmpty }.map { .string($0) })
            }
            return .list(items(children).map { map($0, tree: tree) })
        }
        if children.isEmpty { return entry.value.isEmpty ? .null : .string(entry.value) }
        return map(children, tree: tree)
    }

    static func map(_ entries: [DescribeTree.Entry], tree: DescribeTree) -> KubeValue {
        var result: [String: KubeValue] = [:]
        for entry in entries {
            let field = fieldName(entry.key)
            result[field] = value(entry, field: field, tree: tree)
        }
        return .map(result)
    }

    /// Splits a list's printed fields into items: a key that does not sort after the previous one starts the next.
    static func items(_ entries: [DescribeTree.Entry]) -> [[DescribeTree.Entry]] {
        var items: [[DescribeTree.Entry]] = []
        var current: [DescribeTree.Entry] = []
        for entry in entries {
            if let previous = current.last, entry.key <= previous.key {
                items.append(current)
                current = []
            }
            current.append(entry)
        }
        if !current.isEmpty { items.append(current) }
        return items
    }
}
