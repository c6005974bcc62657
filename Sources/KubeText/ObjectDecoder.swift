import ClusterModel
import TerminalText

/// Kubernetes API objects (from `-o json` / `-o yaml`) → records.
///
/// Richer than tables: labels, selectors, target ports, traffic policies, owners, slices' per-address readiness,
/// ingress rules.
struct ObjectDecoder {
    let source: String
    let line: Int
    let excerpt: String
    private(set) var records: [DecodedRecord] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(source: String, line: Int, excerpt: String) {
        self.source = source
        self.line = line
        self.excerpt = excerpt
    }

    mutating func decode(_ object: KubeValue) {
        guard let kind = object["kind"].string else {
            note(.warning, "object without a 'kind' field; expected a Kubernetes object or List")
            return
        }
        if kind == "List" || kind.hasSuffix("List") {
            for item in object["items"].list {
                var item = item
                // Typed lists (PodList) may omit each item's kind.
                if item["kind"].isNull, case .map(var map) = item {
                    map["kind"] = .string(String(kind.dropLast(4)))
                    item = .map(map)
                }
                decode(item)
            }
            return
        }
        let metadata = object["metadata"]
        guard let name = metadata["name"].string, !name.isEmpty else {
            note(.warning, "\(kind) without metadata.name; skipped")
            return
        }
        let key = ObjectKey(namespace: metadata["namespace"].string, name: name)
        let origin = SourceLocation(source: source, line: line)
        switch kind {
        case "Node": records.append(.node(ObjectRecords.node(object, name: name, origin: origin)))
        case "Pod": records.append(.pod(ObjectRecords.pod(object, key: key, origin: origin)))
        case "Service": records.append(.service(ObjectRecords.service(object, key: key, origin: origin)))
        case "Endpoints": records.append(.endpoints(ObjectRecords.endpoints(object, key: key, origin: origin)))
        case "EndpointSlice": records.append(.endpoints(ObjectRecords.endpointSlice(object, key: key, origin: origin)))
        case "Ingress": records.append(.ingress(ObjectRecords.ingress(object, key: key, origin: origin)))
        case "NetworkPolicy", "Namespace",
            _ where PolicyObjects.clusterPolicyKinds.contains(kind):
            decodePolicyObject(object, kind: kind, key: key, origin: origin)
        case _ where GatewayObjects.kinds.contains(kind) && Self.isGatewayAPI(object["apiVersion"].string):
            if let record = GatewayObjects.decode(object, kind: kind, key: key, origin: origin) {
                records.append(record)
            }
        case "ListenerSet" where Self.isGatewayAPI(object["apiVersion"].string),
            "XListenerSet" where object["apiVersion"].string?.hasPrefix("gateway.networking.x-k8s.io/") ?? true:
            note(.note, Self.listenerSetNote(object, kind: kind, key: key))
        default:
            if let workloadKind = WorkloadKind(rawValue: kind) {
                records.append(.workload(ObjectRecords.workload(object, kind: workloadKind, key: key, origin: origin)))
            } else {
                note(.note, "\(kind) '\(key)' is a kind kubehops does not use; skipped")
            }
        }
    }

    /// ListenerSet (gateway.networking.k8s.io/v1, apis/v1/listenerset_types.go; XListenerSet in
    /// gateway.networking.x-k8s.io/v1alpha1 before Gateway API 1.5): listeners for a parent Gateway, which takes
    /// them only when its `spec.allowedListeners` selects the set's namespace (none by default).
    ///
    /// Read and said: kubehops does not merge them into the Gateway, so no flow goes through them.
    static func listenerSetNote(_ object: KubeValue, kind: String, key: ObjectKey) -> String {
        let parent = object["spec"]["parentRef"]
        let gateway = parent["name"].string.map { name in
            (parent["namespace"].string ?? key.namespace).map { "\($0)/" }.map { $0 + name } ?? name
        } ?? "(no parentRef name)"
        let listeners = object["spec"]["listeners"].list.compactMap { item -> String? in
            guard let name = item["name"].string else { return nil }
            let port = item["port"].int.map { "/\($0)" } ?? ""
            return "\(name) \(item["protocol"].string ?? "?")\(port)" + (item["hostname"].string.map { " \($0)" } ?? "")
        }
        let shown = listeners.prefix(5).joined(separator: ", ") + (listeners.count > 5 ? ", …" : "")
        return "\(kind) '\(key)' read: it offers Gateway \(gateway) \(listeners.count) listener" +
            (listeners.count == 1 ? "" : "s") + (listeners.isEmpty ? "" : " (\(shown))") + ", which the Gateway " +
            "takes only if its spec.allowedListeners selects namespace \(key.effectiveNamespace) (none by default). " +
            "kubehops does not merge ListenerSet listeners into their Gateway yet: flows through them, and routes " +
            "whose parentRef is this \(kind), are not shown"
    }

    /// Gateway API's group (Istio's own `Gateway` kind, networking.istio.io, is another object); a list item
    /// without apiVersion is taken as the list's.
    static func isGatewayAPI(_ apiVersion: String?) -> Bool {
        apiVersion.map { $0.hasPrefix("gateway.networking.k8s.io/") } ?? true
    }

    private mutating func decodePolicyObject(_ object: KubeValue, kind: String, key: ObjectKey, origin: SourceLocation)
    {
        var problems: [String] = []
        switch kind {
        case "NetworkPolicy":
            records.append(
                .networkPolicy(PolicyObjects.networkPolicy(object, key: key, origin: origin, problems: &problems)))
        case "Namespace": records.append(.namespace(PolicyObjects.namespace(object, name: key.name, origin: origin)))
        default:
            if let policy = PolicyObjects.clusterNetworkPolicy(
                object, kind: kind, name: key.name, origin: origin, problems: &problems)
            {
                records.append(.clusterNetworkPolicy(policy))
            }
        }
        if !problems.isEmpty { note(.warning, "\(kind) '\(key)' read, but " + problems.joined(separator: "; ")) }
    }

    private mutating func note(_ severity: Diagnostic.Severity, _ message: String) {
        diagnostics.append(
            Diagnostic(
                severity: severity, source: source, line: line, excerpt: excerpt, message: InputCleaner.clean(message))
        )
    }
}
