import ClusterModel

/// One `kubectl describe` block → a record.
///
/// kubectl does not print the kind of a built-in object, so it is told by the fields only that kind prints (a service's
/// `Session Affinity:`, a pod's `Containers:` …). Facts read go into the same records as `get` output; fields kubehops
/// does not use are kept as text in `extra` (keyed `describe: <Field>`); what cannot be read is a diagnostic at its
/// line.
struct DescribeDecoder {
    enum Kind: String { case service, pod, node, endpoints, endpointSlice = "endpointslice", ingress }

    enum Record {
        case service(Service, endpoints: EndpointSet?)
        case pod(Pod)
        case node(ClusterModel.Node)
        case endpoints(EndpointSet)
        case ingress(Ingress)
    }

    let tree: DescribeTree
    let source: String
    var problems: [(line: Int, message: String)] = []

    init(tree: DescribeTree, source: String) {
        self.tree = tree
        self.source = source
    }

    /// The kind told by the fields, or nil.
    var kind: Kind? {
        let keys = Set(tree.topEntries.map(\.key))
        if keys.contains("AddressType") { return .endpointSlice }
        if keys.contains("Subsets") { return .endpoints }
        if keys.contains("Session Affinity") || (keys.contains("Type") && keys.contains("TargetPort")) {
            return .service
        }
        if keys.contains("Containers") || keys.contains("QoS Class") { return .pod }
        if keys.contains("Roles") || keys.contains("System Info") || keys.contains("Unschedulable") { return .node }
        if keys.contains("Rules") && (keys.contains("Ingress Class") || keys.contains("Default backend")) {
            return .ingress
        }
        return nil
    }

    /// `Kind:` as printed for custom resources (Gateway API kinds are read by DescribeGatewayObjects).
    ///
    /// NetworkPolicy blocks print no `Kind:` either; their `Spec:` holds a `PodSelector:`.
    var printedKind: String? {
        if let spec = tree.first("Spec"), tree.child(spec, "PodSelector") != nil { return "NetworkPolicy" }
        return tree.first("Kind")?.value
    }

    var name: String? { tree.first("Name")?.value }
    var namespace: String? {
        tree.first("Namespace").map(\.value).flatMap { $0.isEmpty || $0 == "<none>" ? nil : $0 }
    }

    mutating func decode(origin: SourceLocation) -> Record? {
        guard let name, !name.isEmpty, let kind else { return nil }
        let key = ObjectKey(namespace: namespace, name: name)
        switch kind {
        case .service: return serviceRecord(key, origin: origin)
        case .pod: return .pod(pod(key, origin: origin))
        case .node: return .node(node(name, origin: origin))
        case .endpoints: return .endpoints(endpoints(key, origin: origin))
        case .endpointSlice: return .endpoints(endpointSlice(key, origin: origin))
        case .ingress: return .ingress(ingress(key, origin: origin))
        }
    }

    mutating func problem(_ entry: DescribeTree.Entry, _ message: String) {
        problems.append((entry.line, "\(entry.key) '\(entry.value)' \(message)"))
    }

    // MARK: Shared values

    /// `<none>`, `<unset>`, and old kubectl's `<unnamed>` for a port without a name.
    static func isNone(_ text: String) -> Bool {
        text.isEmpty || text == "<none>" || text == "<unset>" || text == "<unnamed>"
    }

    /// `Labels:` / `Selector:`: `k=v` pairs, one a line or comma-separated; nil when unreadable.
    mutating func labels(_ entry: DescribeTree.Entry?) -> [String: String]? {
        guard let entry else { return nil }
        if entry.values.allSatisfy(Self.isNone) { return [:] }
        var labels: [String: String] = [:]
        for text in entry.values {
            guard let pairs = CellValues.labels(text) else {
                problem(entry, "is not a list of key=value; left out")
                return nil
            }
            labels.merge(pairs) { _, new in new }
        }
        return labels
    }

    mutating func addresses(_ entry: DescribeTree.Entry?) -> [IPAddress] {
        guard let entry, !Self.isNone(entry.value), entry.value != "None" else { return [] }
        let (ips, rejected) = CellValues.addresses(entry.value)
        for item in rejected { problems.append((entry.line, "\(entry.key) '\(item)' is not an IP address; left out")) }
        return ips
    }

    /// Top-level fields this decoder did not read, kept as text.
    func extras(consumed: Set<String>) -> [String: String] {
        var extra: [String: String] = [:]
        for entry in tree.topEntries where !consumed.contains(entry.key) && entry.children.isEmpty {
            let text = entry.values.joined(separator: ", ")
            if !text.isEmpty && !Self.isNone(text) { extra["describe: " + entry.key] = text }
        }
        return extra
    }

    static let alwaysConsumed: Set<String> = ["Name", "Namespace", "Events", "Annotations"]
}
