/// Small typed values that kubectl prints in table cells.

/// `1/1`, `0/3`: ready containers over all containers (or ready replicas).
public struct ReadyCount: Sendable, Hashable, Codable, CustomStringConvertible {
    public var ready: Int
    public var total: Int
    public init(ready: Int, total: Int) { self.ready = ready; self.total = total }
    public var isAllReady: Bool { total > 0 && ready == total }
    public var description: String { "\(ready)/\(total)" }
}

/// `2 (5m ago)`: restart count and, since kubectl 1.23, how long ago the last one was.
public struct RestartCount: Sendable, Hashable, Codable, CustomStringConvertible {
    public var count: Int
    public var lastRestartAgo: Age?
    public init(count: Int, lastRestartAgo: Age? = nil) { self.count = count; self.lastRestartAgo = lastRestartAgo }
    public var description: String {
        lastRestartAgo.map { "\(count) (\($0) ago)" } ?? "\(count)"
    }
}

/// kubectl's short duration (`3d4h`, `11m`, `92s`, `6d23h`, `2y`), kept both as
/// printed and in seconds so that rows can be compared.
public struct Age: Sendable, Hashable, Codable, CustomStringConvertible {
    public var text: String
    public var seconds: Int
    public init(text: String, seconds: Int) { self.text = text; self.seconds = seconds }
    public var description: String { text }
}

/// The object a pod or workload belongs to (from JSON/YAML `ownerReferences`,
/// or inferred from the generated name and marked so).
public struct OwnerReference: Sendable, Hashable, Codable {
    public var kind: String
    public var name: String
    public var inferred: Bool
    public init(kind: String, name: String, inferred: Bool) {
        self.kind = kind; self.name = name; self.inferred = inferred
    }
}

/// Namespace + name, the identity of a namespaced object.
///
/// A table printed without a NAMESPACE column leaves the namespace unknown (nil): kubectl's current namespace, usually
/// `default`.
public struct ObjectKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var namespace: String?
    public var name: String
    public init(namespace: String?, name: String) { self.namespace = namespace; self.name = name }
    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }
    /// The namespace Kubernetes would use when none was printed.
    public var effectiveNamespace: String { namespace ?? "default" }
    public static func < (a: Self, b: Self) -> Bool {
        (a.namespace ?? "", a.name) < (b.namespace ?? "", b.name)
    }
}

/// Where a record came from, for diagnostics and the details panel.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public init(source: String, line: Int) { self.source = source; self.line = line }
    public var description: String { "\(source):\(line)" }
}
