import ClusterModel

/// The kubectl command that would show a fact the input lacks, with the object's real name (and its
/// namespace when the input printed one): a line that says what is missing also says how to get it.
enum KubectlHint {
    /// `web -n shop`, or `web` when the input printed no namespace.
    static func target(_ key: ObjectKey) -> String {
        key.name + (key.namespace.map { " -n \($0)" } ?? "")
    }

    /// `kubectl describe svc web -n shop`.
    static func describe(_ resource: String, _ key: ObjectKey) -> String {
        "kubectl describe \(resource) \(target(key))"
    }

    /// `kubectl get pod web-1 -n shop -o yaml`.
    static func yaml(_ resource: String, _ key: ObjectKey) -> String {
        "kubectl get \(resource) \(target(key)) -o yaml"
    }
}
