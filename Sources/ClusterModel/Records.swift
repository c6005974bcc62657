/// The records kubectl output describes, before any inference: nodes, pods, ingresses and workloads here,
/// services and their endpoints in ServiceRecords.swift. `KubeText` produces them; `Cluster` is built
/// from them.

public struct Node: Sendable, Hashable, Codable {
    public var name: String
    /// `Ready`, `NotReady`, `Ready,SchedulingDisabled`, `Unknown`.
    public var status: String
    /// `control-plane`, `master`, … (empty for `<none>`).
    public var roles: [String] = []
    public var age: Age?
    public var version: String?
    public var internalIPs: [IPAddress] = []
    public var externalIPs: [IPAddress] = []
    public var osImage: String?
    public var kernelVersion: String?
    public var containerRuntime: String?
    /// From `spec.podCIDRs` in JSON/YAML; empty when the text did not say.
    public var podCIDRs: [String] = []
    /// nil when the input did not show labels.
    public var labels: [String: String]?
    /// Columns this version of kubehops does not know, kept by header name.
    public var extra: [String: String] = [:]
    /// True when no dump listed this node and it was made up from a pod's NODE column.
    public var isPlaceholder = false
    public var origin: SourceLocation?

    public init(name: String, status: String = "Unknown") {
        self.name = name
        self.status = status
    }

    public var isReady: Bool { status.split(separator: ",").first == "Ready" }
    /// The node's zone (`topology.kubernetes.io/zone` label, or a `-L` column of that name); nil when unknown.
    public var zone: String? {
        labels?["topology.kubernetes.io/zone"] ?? extra["ZONE"] ?? extra["topology.kubernetes.io/zone"]
    }
}

/// A port a container declares (known only from JSON/YAML).
public struct ContainerPort: Sendable, Hashable, Codable {
    public var name: String?
    public var port: Int
    public var `protocol`: String
    public init(name: String? = nil, port: Int, protocol: String = "TCP") {
        self.name = name; self.port = port; self.protocol = `protocol`
    }
}

public struct Pod: Sendable, Hashable, Codable {
    public var key: ObjectKey {
        didSet { inferredOwners = nil }
    }
    public var ready: ReadyCount?
    /// The STATUS column: `Running`, `Pending`, `CrashLoopBackOff`, `Terminating`, `Completed` and the like.
    public var status: String
    public var restarts: RestartCount?
    public var age: Age?
    public var ips: [IPAddress] = []
    public var nodeName: String?
    public var nominatedNode: String?
    public var readinessGates: String?
    public var labels: [String: String]?
    /// The owners the input gave (JSON/YAML `ownerReferences`); in a
    /// `Cluster`'s pods, else the ones the name implies, marked `inferred`.
    public var owners: [OwnerReference] {
        get { inferredOwners?.owners(ofPod: key.name, nodeName: nodeName) ?? givenOwners }
        set {
            givenOwners = newValue
            inferredOwners = nil
        }
    }
    public var containerPorts: [ContainerPort] = []
    /// True when the pod shares the node's network namespace (pod IP = node IP).
    public var hostNetwork: Bool?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?
    private var givenOwners: [OwnerReference] = []
    /// Set by `Cluster` when the input gave no owners: what the name implies,
    /// as lengths into it, because an array and two strings per pod were
    /// ~30 MB for 150,000 pods.
    ///
    /// `owners` builds the records when asked.
    var inferredOwners: OwnerShape?

    public init(key: ObjectKey, status: String = "Unknown") {
        self.key = key
        self.status = status
    }

    /// True when `owners` are the input's own (possibly none), not inferred from the name.
    ///
    /// Public so that scans over many pods can rule a pod out by its name before building its owners (an inferred owner
    /// is named by a prefix of the pod's name or by its node).
    public var hasGivenOwners: Bool { !givenOwners.isEmpty }

    /// `owners.last?.name` (the Deployment, CronJob, …), building one string
    /// rather than every owner record: flows ask it of every pod.
    public var topOwnerName: String? {
        guard let shape = inferredOwners else { return givenOwners.last?.name }
        if shape.pattern == .node { return nodeName ?? String(Substring(key.name.utf8.suffix(Int(shape.ownerLength)))) }
        return shape.topOwnerLength().map { String(Substring(key.name.utf8.prefix($0))) }
    }

    /// Whether one of `owners` is named `name`, without building them (a
    /// tour step asks it of every pod).
    public func hasOwner(named name: String) -> Bool {
        guard let shape = inferredOwners else { return givenOwners.contains { $0.name == name } }
        if shape.pattern == .node {
            return (nodeName ?? String(Substring(key.name.utf8.suffix(Int(shape.ownerLength))))) == name
        }
        var podName = key.name
        var wanted = name
        // Printable ASCII on both sides: equal means the same bytes, so lengths settle most cases.
        let plain =
            podName.withUTF8(OwnerInference.isPrintableASCII) && wanted.withUTF8(OwnerInference.isPrintableASCII)
        func isPrefix(ofLength length: UInt32) -> Bool {
            let prefix = podName.utf8.prefix(Int(length))
            if plain { return wanted.utf8.count == Int(length) && prefix.elementsEqual(wanted.utf8) }
            return Substring(prefix) == Substring(wanted)
        }
        switch shape.pattern {
        case .node: return false
        case .single: return isPrefix(ofLength: shape.ownerLength)
        case .replicaSet, .cronJob:
            return isPrefix(ofLength: shape.ownerLength) || isPrefix(ofLength: shape.ownerOfOwnerLength)
        }
    }

    public var name: String { key.name }
    public var namespace: String? { key.namespace }
}

public struct IngressRule: Sendable, Hashable, Codable {
    /// nil or `*` matches every host.
    public var host: String?
    public var path: String
    public var pathType: String?
    public var serviceName: String
    public var servicePort: TargetPort?
    public init(
        host: String?, path: String = "/", pathType: String? = nil, serviceName: String, servicePort: TargetPort? = nil
    ) {
        self.host = host; self.path = path; self.pathType = pathType; self.serviceName = serviceName;
        self.servicePort = servicePort
    }
}

public struct Ingress: Sendable, Hashable, Codable {
    public var key: ObjectKey
    /// nil for `<none>` (the cluster's default class, if any).
    public var className: String?
    /// `*` when the rules match any host.
    public var hosts: [String] = []
    /// Load balancer IPs or hostnames the controller published.
    public var addresses: [String] = []
    /// `80`, `80, 443` (443 when TLS is configured).
    public var ports: [Int] = []
    /// Known only from JSON/YAML (or `kubectl describe`).
    public var rules: [IngressRule] = []
    public var defaultBackend: IngressRule?
    public var tlsHosts: [String] = []
    /// `spec.tls[].secretName` by host, for the Gateway equivalent's certificateRefs.
    public var tlsSecrets: [String: String] = [:]
    /// `metadata.annotations` (controller settings such as `nginx.ingress.kubernetes.io/rewrite-target`);
    /// nil when the input did not show them (tables).
    public var annotations: [String: String]?
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?

    public init(key: ObjectKey) { self.key = key }
}

public enum WorkloadKind: String, Sendable, Hashable, Codable, CaseIterable {
    case deployment = "Deployment"
    case replicaSet = "ReplicaSet"
    case daemonSet = "DaemonSet"
    case statefulSet = "StatefulSet"
    case job = "Job"
    case cronJob = "CronJob"
}

/// Deployments, ReplicaSets, DaemonSets, StatefulSets, Jobs and CronJobs:
/// kept for owners, selectors and the details panel.
public struct Workload: Sendable, Hashable, Codable {
    public var kind: WorkloadKind
    public var key: ObjectKey
    public var ready: ReadyCount?
    public var desired: Int?
    public var current: Int?
    public var upToDate: Int?
    public var available: Int?
    public var containers: [String] = []
    public var images: [String] = []
    public var selector: [String: String]?
    public var labels: [String: String]?
    public var owners: [OwnerReference] = []
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?

    public init(kind: WorkloadKind, key: ObjectKey) {
        self.kind = kind
        self.key = key
    }
}
