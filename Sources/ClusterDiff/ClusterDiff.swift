import ClusterModel

/// The changes between two dumps of the same cluster: nodes, pods, services,
/// the endpoints behind each service, the requests whose path changed, network
/// policies and the namespace labels their selectors read.
///
/// Objects are matched by namespace and name. A dump printed without a
/// NAMESPACE column leaves namespaces unknown; such a key is matched as if in
/// `default` (kubectl's usual current namespace), so that a `-A` dump and a
/// plain one of the same namespace compare. A field one side does not show
/// (nil: a table dump hides selectors, policies, …) is not a change: unknown
/// is not different.
public struct ClusterDiff: Sendable, Hashable, Codable {
    /// The version of this JSON shape (`kubehops diff --format json`).
    public var schema = "kubehops.diff/v1"
    public var nodes: [NodeChange] = []
    public var pods: [PodChange] = []
    public var services: [ServiceChange] = []
    public var endpoints: [EndpointChange] = []
    public var paths: [PathChange] = []
    /// NetworkPolicies (by namespace and name) and ClusterNetworkPolicies (by name).
    public var policies: [PolicyChange] = []
    public var namespaces: [NamespaceChange] = []

    public init(
        nodes: [NodeChange] = [], pods: [PodChange] = [], services: [ServiceChange] = [],
        endpoints: [EndpointChange] = [], paths: [PathChange] = []
    ) {
        self.nodes = nodes
        self.pods = pods
        self.services = services
        self.endpoints = endpoints
        self.paths = paths
    }

    /// Compares `before` with `after`; linear in the objects (dictionaries by key), so two
    /// 150,000-pod dumps compare in well under a second.
    public init(before: Cluster, after: Cluster) {
        nodes = NodeComparison.changes(before: before.resources.nodes, after: after.resources.nodes)
        pods = Self.changes(before.pods, after.pods, key: \.key, order: { $0.pod < $1.pod }) { key, old, new in
            PodComparison.change(key: key, before: old, after: new)
        }
        services = Self.changes(before.services, after.services, key: \.key, order: { $0.service < $1.service }) {
            key, old, new in
            ServiceComparison.change(key: key, before: old, after: new)
        }
        let backing = BackingComparison(before: before, after: after)
        endpoints = backing.endpointChanges()
        paths = backing.pathChanges()
        policies = Self.policyChanges(before: before.resources, after: after.resources)
        namespaces = PolicyComparison.namespaceChanges(
            before: before.resources.namespaces, after: after.resources.namespaces)
    }

    static func policyChanges(before: Resources, after: Resources) -> [PolicyChange] {
        let order: (PolicyChange, PolicyChange) -> Bool = { ($0.kind, $0.policy) < ($1.kind, $1.policy) }
        let namespaced = changes(before.networkPolicies, after.networkPolicies, key: \.key, order: order) {
            PolicyComparison.change(key: $0, before: $1, after: $2)
        }
        let clusterKey: (ClusterNetworkPolicy) -> ObjectKey = { ObjectKey(namespace: nil, name: $0.name) }
        let clusterScoped = changes(
            before.clusterNetworkPolicies, after.clusterNetworkPolicies, key: clusterKey, order: order
        ) { PolicyComparison.clusterChange(key: $0, before: $1, after: $2) }
        return clusterScoped + namespaced
    }

    /// True when the two dumps describe the same cluster (as far as kubehops compares them).
    public var isEmpty: Bool {
        nodes.isEmpty && pods.isEmpty && services.isEmpty && endpoints.isEmpty && paths.isEmpty
            && policies.isEmpty && namespaces.isEmpty
    }

    /// The key both sides are matched by (see the type's comment).
    static func matchKey(_ key: ObjectKey) -> ObjectKey { ObjectKey(namespace: key.effectiveNamespace, name: key.name) }

    /// Pairs records by key and asks `compare` about each pair (either side may be missing);
    /// results sorted by `order`, so the output does not depend on the input's order.
    static func changes<Record, Change>(
        _ before: [Record], _ after: [Record], key: (Record) -> ObjectKey,
        order: (Change, Change) -> Bool,
        compare: (ObjectKey, Record?, Record?) -> Change?
    ) -> [Change] {
        var old: [ObjectKey: Record] = [:]
        old.reserveCapacity(before.count)
        for record in before { old[matchKey(key(record))] = record }
        var found: [Change] = []
        for record in after {
            let matched = matchKey(key(record))
            if let change = compare(key(record), old.removeValue(forKey: matched), record) { found.append(change) }
        }
        for record in before {
            guard let gone = old.removeValue(forKey: matchKey(key(record))) else { continue }
            if let change = compare(key(gone), gone, nil) { found.append(change) }
        }
        return found.sorted(by: order)
    }
}

/// One field compared: a change only when both sides know it and differ.
func field(_ name: String, _ before: String?, _ after: String?) -> FieldChange? {
    guard let before, let after, before != after else { return nil }
    return FieldChange(field: name, before: before, after: after)
}

enum NodeComparison {
    static func changes(before: [Node], after: [Node]) -> [NodeChange] {
        var old = Dictionary(before.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var found: [NodeChange] = []
        for node in after {
            guard let previous = old.removeValue(forKey: node.name) else {
                found.append(NodeChange(name: node.name, change: .added, fields: describe(node, after: true)))
                continue
            }
            let fields = [
                field("status", previous.status, node.status),
                field("ip", ips(previous), ips(node)),
                field("version", previous.version, node.version),
            ].compactMap { $0 }
            if !fields.isEmpty { found.append(NodeChange(name: node.name, change: .changed, fields: fields)) }
        }
        for node in before {
            guard let gone = old.removeValue(forKey: node.name) else { continue }
            found.append(NodeChange(name: gone.name, change: .removed, fields: describe(gone, after: false)))
        }
        return found.sorted { $0.name < $1.name }
    }

    static func ips(_ node: Node) -> String? {
        let all = node.internalIPs + node.externalIPs
        return all.isEmpty ? nil : all.map(\.description).joined(separator: ",")
    }

    static func describe(_ node: Node, after: Bool) -> [FieldChange] {
        [("status", node.status), ("ip", ips(node))].compactMap { name, value in
            value.map { FieldChange(field: name, before: after ? nil : $0, after: after ? $0 : nil) }
        }
    }
}

enum PodComparison {
    static func change(key: ObjectKey, before: Pod?, after: Pod?) -> PodChange? {
        switch (before, after) {
        case (nil, let pod?): return PodChange(pod: key, change: .added, fields: describe(pod, after: true))
        case (let pod?, nil): return PodChange(pod: key, change: .removed, fields: describe(pod, after: false))
        case (let old?, let new?):
            let fields = [
                field("node", nonEmpty(old.nodeName), nonEmpty(new.nodeName)),
                field("ip", ips(old), ips(new)),
                field("status", old.status, new.status),
                field("ready", old.ready?.description, new.ready?.description),
                field("restarts", old.restarts.map { String($0.count) }, new.restarts.map { String($0.count) }),
            ]
            .compactMap { $0 }
            return fields.isEmpty ? nil : PodChange(pod: key, change: .changed, fields: fields)
        case (nil, nil): return nil
        }
    }

    static func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
    static func ips(_ pod: Pod) -> String? { pod.ips.isEmpty ? nil : pod.ips.map(\.description).joined(separator: ",") }

    /// What an added or removed pod was: node, IP and status, on its side.
    static func describe(_ pod: Pod, after: Bool) -> [FieldChange] {
        [("node", nonEmpty(pod.nodeName)), ("ip", ips(pod)), ("status", pod.status)].compactMap { name, value in
            value.map { FieldChange(field: name, before: after ? nil : $0, after: after ? $0 : nil) }
        }
    }
}

enum ServiceComparison {
    static func change(key: ObjectKey, before: Service?, after: Service?) -> ServiceChange? {
        switch (before, after) {
        case (nil, let service?):
            return ServiceChange(service: key, change: .added, fields: describe(service, after: true))
        case (let service?, nil):
            return ServiceChange(service: key, change: .removed, fields: describe(service, after: false))
        case (let old?, let new?):
            let fields = [
                field("type", old.type.description, new.type.description),
                field("clusterIP", clusterIP(old), clusterIP(new)),
                field("externalIP", externalIP(old), externalIP(new)),
                field("ports", ports(old), ports(new)),
                field("selector", old.selector.map(selector), new.selector.map(selector)),
                field(
                    "externalTrafficPolicy", old.externalTrafficPolicy?.rawValue, new.externalTrafficPolicy?.rawValue),
                field(
                    "internalTrafficPolicy", old.internalTrafficPolicy?.rawValue, new.internalTrafficPolicy?.rawValue),
                field("sessionAffinity", old.sessionAffinity, new.sessionAffinity),
                field("externalName", old.externalName, new.externalName),
            ].compactMap { $0 }
            return fields.isEmpty ? nil : ServiceChange(service: key, change: .changed, fields: fields)
        case (nil, nil): return nil
        }
    }

    static func clusterIP(_ service: Service) -> String {
        service.isHeadless
            ? "None"
            : service.clusterIPs.isEmpty ? "<none>" : service.clusterIPs.map(\.description).joined(separator: ",")
    }

    static func externalIP(_ service: Service) -> String {
        let all = service.externalIPs.map(\.description) + service.externalHostnames
        if all.isEmpty { return service.externalPending ? "<pending>" : "<none>" }
        return all.joined(separator: ",")
    }

    static func ports(_ service: Service) -> String {
        service.ports.isEmpty ? "<none>" : service.ports.map(\.description).joined(separator: ",")
    }

    static func selector(_ selector: [String: String]) -> String {
        selector.isEmpty
            ? "<none>" : selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func describe(_ service: Service, after: Bool) -> [FieldChange] {
        [("type", service.type.description), ("clusterIP", clusterIP(service)), ("ports", ports(service))].map {
            name, value in
            FieldChange(field: name, before: after ? nil : value, after: after ? value : nil)
        }
    }
}
