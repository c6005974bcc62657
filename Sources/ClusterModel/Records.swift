/// The records kubectl output describes, before any inference. `KubeText`
/// produces them; `Cluster` is built from them.

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
    /// `Running`, `Pending`, `CrashLoopBackOff`, `Terminating`, `Completed`, …
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
    /// ~30 MB for 150,000 pods. `owners` builds the records when asked.
    var inferredOwners: OwnerShape?

    public init(key: ObjectKey, status: String = "Unknown") {
        self.key = key
        self.status = status
    }

    /// True when `owners` are the input's own (possibly none), not inferred from the name.
    /// Public so that scans over many pods can rule a pod out by its name before building its owners
    /// (an inferred owner is named by a prefix of the pod's name or by its node).
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

public enum ServiceType: Sendable, Hashable, Codable, CustomStringConvertible {
    case clusterIP, nodePort, loadBalancer, externalName
    case other(String)

    public init(_ text: String) {
        switch text {
        case "ClusterIP": self = .clusterIP
        case "NodePort": self = .nodePort
        case "LoadBalancer": self = .loadBalancer
        case "ExternalName": self = .externalName
        default: self = .other(text)
        }
    }

    public var description: String {
        switch self {
        case .clusterIP: "ClusterIP"
        case .nodePort: "NodePort"
        case .loadBalancer: "LoadBalancer"
        case .externalName: "ExternalName"
        case .other(let text): text
        }
    }

    /// NodePort and LoadBalancer services open a port on every node.
    public var opensNodePorts: Bool { self == .nodePort || self == .loadBalancer }
}

/// As scripts want it (`"nodePort"`, `{"other": "Foo"}`), not Swift's synthesized `{"nodePort": {}}`.
extension ServiceType {
    private enum CodingKeys: String, CodingKey { case other }
    private static let known: [String: ServiceType] = [
        "clusterIP": .clusterIP, "nodePort": .nodePort, "loadBalancer": .loadBalancer, "externalName": .externalName,
    ]

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self), let known = Self.known[name] {
            self = known
            return
        }
        self = .other(try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .other))
    }

    public func encode(to encoder: any Encoder) throws {
        if case .other(let text) = self {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .other)
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode(Self.known.first { $0.value == self }?.key ?? description)
    }
}

/// `targetPort`: a number, or the name of a container port.
public enum TargetPort: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Int)
    case name(String)
    public var description: String {
        switch self {
        case .number(let n): String(n)
        case .name(let s): s
        }
    }
}

/// Kubernetes' own shape: `{"number": 80}` or `{"name": "http"}`.
extension TargetPort {
    private enum CodingKeys: String, CodingKey { case number, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try container.decodeIfPresent(Int.self, forKey: .number) {
            self = .number(number)
        } else {
            self = .name(try container.decode(String.self, forKey: .name))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .number(let number): try container.encode(number, forKey: .number)
        case .name(let name): try container.encode(name, forKey: .name)
        }
    }
}

/// One entry of `PORT(S)`: `80:30007/TCP` is port 80, nodePort 30007, TCP.
public struct ServicePort: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String?
    public var port: Int
    /// nil when unknown: a text dump does not show it; Kubernetes defaults it to `port`.
    public var targetPort: TargetPort?
    public var nodePort: Int?
    public var `protocol`: String

    public init(
        name: String? = nil, port: Int, targetPort: TargetPort? = nil, nodePort: Int? = nil, protocol: String = "TCP"
    ) {
        self.name = name; self.port = port; self.targetPort = targetPort; self.nodePort = nodePort;
        self.protocol = `protocol`
    }

    public var description: String {
        nodePort.map { "\(port):\($0)/\(`protocol`)" } ?? "\(port)/\(`protocol`)"
    }
}

public enum TrafficPolicy: String, Sendable, Hashable, Codable {
    case cluster = "Cluster"
    case local = "Local"
}

public struct Service: Sendable, Hashable, Codable {
    public var key: ObjectKey
    public var type: ServiceType
    /// Empty for headless (`None`) and ExternalName (`<none>`) services.
    public var clusterIPs: [IPAddress] = []
    /// CLUSTER-IP printed as `None`.
    public var isHeadless = false
    /// Load balancer or `externalIPs` addresses.
    public var externalIPs: [IPAddress] = []
    /// Load balancer hostnames (AWS ELB) printed in EXTERNAL-IP.
    public var externalHostnames: [String] = []
    /// EXTERNAL-IP `<pending>`: no load balancer has been provisioned (yet).
    public var externalPending = false
    /// The DNS name an ExternalName service answers with.
    public var externalName: String?
    public var ports: [ServicePort] = []
    /// nil when the input did not show a selector; empty for `<none>`.
    public var selector: [String: String]?
    /// nil when unknown (text dumps): Kubernetes' default is Cluster.
    public var externalTrafficPolicy: TrafficPolicy?
    public var internalTrafficPolicy: TrafficPolicy?
    /// `None` or `ClientIP`; nil when unknown.
    public var sessionAffinity: String?
    /// `sessionAffinityConfig.clientIP.timeoutSeconds`; nil when unknown (Kubernetes' default is 10800).
    public var sessionAffinityTimeoutSeconds: Int?
    /// True when an input (JSON/YAML, `describe`) showed every port's name (or its absence).
    /// Table dumps hide port names: then `ServicePort.name == nil` means "unknown", not "unnamed".
    public var portNamesKnown = false
    /// `spec.loadBalancerSourceRanges`; nil when unknown, empty when none.
    public var loadBalancerSourceRanges: [String]?
    /// `spec.healthCheckNodePort` (LoadBalancer with externalTrafficPolicy Local).
    public var healthCheckNodePort: Int?
    /// `spec.trafficDistribution`: `PreferSameZone`, `PreferClose` (its old name), `PreferSameNode`.
    public var trafficDistribution: String?
    /// `status.loadBalancer.ingress[].ipMode`: `VIP` (default) or `Proxy`; nil when unknown.
    public var loadBalancerIPMode: String?
    /// `spec.ipFamilies` (`IPv4`, `IPv6`), in order; empty when unknown.
    public var ipFamilies: [String] = []
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?

    public init(key: ObjectKey, type: ServiceType) {
        self.key = key
        self.type = type
    }

    public var name: String { key.name }
    public var namespace: String? { key.namespace }
}

/// One address behind a service, from Endpoints or an EndpointSlice.
public struct EndpointAddress: Sendable, Hashable, Codable {
    public var ip: IPAddress
    public var port: Int?
    /// nil when unknown; text `get endpoints` lists only ready addresses.
    public var ready: Bool?
    public var nodeName: String?
    public var targetPod: ObjectKey?
    /// EndpointSlice `conditions.serving` / `conditions.terminating`; nil when unknown.
    public var serving: Bool?
    public var terminating: Bool?
    /// EndpointSlice `zone` and `hints.forZones` / `hints.forNodes`; nil when unknown.
    public var zone: String?
    public var hintsForZones: [String]?
    public var hintsForNodes: [String]?
    public init(
        ip: IPAddress, port: Int? = nil, ready: Bool? = nil, nodeName: String? = nil, targetPod: ObjectKey? = nil
    ) {
        self.ip = ip; self.port = port; self.ready = ready; self.nodeName = nodeName; self.targetPod = targetPod
    }
}

/// An EndpointSlice/Endpoints port: the name ties it to the service port of the same name.
public struct EndpointPort: Sendable, Hashable, Codable {
    public var name: String?
    public var port: Int
    public var `protocol`: String
    public init(name: String? = nil, port: Int, protocol: String = "TCP") {
        self.name = name; self.port = port; self.protocol = `protocol`
    }
}

public struct EndpointSet: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case endpoints = "Endpoints", endpointSlice = "EndpointSlice"
    }
    /// The object's own key (for a slice, `web-service-5s6z6`).
    public var key: ObjectKey
    public var kind: Kind
    /// The service these addresses belong to (for a slice: its
    /// `kubernetes.io/service-name` label, or its name without the generated suffix).
    public var serviceName: String
    public var addresses: [EndpointAddress] = []
    /// Ports listed by an EndpointSlice's PORTS column.
    public var ports: [Int] = []
    /// Ports with their names and protocols, when the input shows them (YAML/JSON, `describe`).
    public var namedPorts: [EndpointPort] = []
    /// kubectl's `+ 3 more...`: addresses that exist but were not printed.
    public var notShownCount = 0
    /// `IPv4`, `IPv6`, `FQDN` for slices.
    public var addressType: String?
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?

    public init(key: ObjectKey, kind: Kind, serviceName: String) {
        self.key = key
        self.kind = kind
        self.serviceName = serviceName
    }
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
