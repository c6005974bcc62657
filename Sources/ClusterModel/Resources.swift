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

    /// True when `owners` are the input's own, not inferred from the name.
    /// When false, every owner's name is a prefix of the pod's name or its
    /// node's name, so a scan over many pods can rule a pod out from its name
    /// before asking for `owners`, which builds them.
    public var hasGivenOwners: Bool { !givenOwners.isEmpty }

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

/// One entry of `PORT(S)`: `80:30007/TCP` is port 80, nodePort 30007, TCP.
public struct ServicePort: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String?
    public var port: Int
    /// nil when unknown: a text dump does not show it; Kubernetes defaults it to `port`.
    public var targetPort: TargetPort?
    public var nodePort: Int?
    public var `protocol`: String

    public init(name: String? = nil, port: Int, targetPort: TargetPort? = nil, nodePort: Int? = nil, protocol: String = "TCP") {
        self.name = name; self.port = port; self.targetPort = targetPort; self.nodePort = nodePort; self.protocol = `protocol`
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
    public init(ip: IPAddress, port: Int? = nil, ready: Bool? = nil, nodeName: String? = nil, targetPod: ObjectKey? = nil) {
        self.ip = ip; self.port = port; self.ready = ready; self.nodeName = nodeName; self.targetPod = targetPod
    }
}

public struct EndpointSet: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case endpoints = "Endpoints", endpointSlice = "EndpointSlice" }
    /// The object's own key (for a slice, `web-service-5s6z6`).
    public var key: ObjectKey
    public var kind: Kind
    /// The service these addresses belong to (for a slice: its
    /// `kubernetes.io/service-name` label, or its name without the generated suffix).
    public var serviceName: String
    public var addresses: [EndpointAddress] = []
    /// Ports listed by an EndpointSlice's PORTS column.
    public var ports: [Int] = []
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
    public init(host: String?, path: String = "/", pathType: String? = nil, serviceName: String, servicePort: TargetPort? = nil) {
        self.host = host; self.path = path; self.pathType = pathType; self.serviceName = serviceName; self.servicePort = servicePort
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

/// Everything one or more inputs described, de-duplicated by kind and key:
/// a later record for the same object replaces the earlier one in place, so a
/// watch stream keeps its first order and stays bounded.
public struct Resources: Sendable, Equatable {
    public private(set) var nodes: [Node] = []
    public private(set) var pods: [Pod] = []
    public private(set) var services: [Service] = []
    public private(set) var endpoints: [EndpointSet] = []
    public private(set) var ingresses: [Ingress] = []
    public private(set) var workloads: [Workload] = []

    private var nodeIndex: [HashedKey<String>: Int] = [:]
    private var podIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var serviceIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var endpointIndex: [HashedKey<EndpointIndexKey>: Int] = [:]
    private var ingressIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var workloadIndex: [HashedKey<WorkloadIndexKey>: Int] = [:]

    /// A key with its hash computed once: a growing dictionary rehashes every
    /// key on each resize, and hashing names is most of the cost of indexing
    /// 150,000 pods. The stored value is Swift's seeded hash, so crafted
    /// names cannot force collisions any more than with the plain key.
    private struct HashedKey<Key: Hashable & Sendable>: Hashable, Sendable {
        let key: Key
        let hash: Int
        init(_ key: Key) { self.key = key; self.hash = key.hashValue }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        /// What `Dictionary` asks for on every insert, lookup and resize. The
        /// default feeds `hash(into:)` to a new `Hasher` (a SipHash round per
        /// access, a fifth of parsing 150,000 pods); the stored hash is
        /// already seeded, so mixing in the dictionary's seed is enough.
        func _rawHashValue(seed: Int) -> Int {
            var mixed = UInt64(bitPattern: Int64(hash ^ seed))
            mixed = (mixed ^ (mixed >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            return Int(truncatingIfNeeded: mixed ^ (mixed >> 33))
        }
        static func == (a: Self, b: Self) -> Bool { a.hash == b.hash && a.key == b.key }
    }

    private struct EndpointIndexKey: Hashable, Sendable { var kind: EndpointSet.Kind; var key: ObjectKey }
    private struct WorkloadIndexKey: Hashable, Sendable { var kind: WorkloadKind; var key: ObjectKey }

    public init() {}

    public var isEmpty: Bool {
        nodes.isEmpty && pods.isEmpty && services.isEmpty && endpoints.isEmpty && ingresses.isEmpty && workloads.isEmpty
    }

    public var count: Int {
        nodes.count + pods.count + services.count + endpoints.count + ingresses.count + workloads.count
    }

    // `consuming`: the parser hands over each record, so storing it moves
    // rather than copies (150,000 pods: measurable).
    public mutating func upsert(_ node: consuming Node) { let key = node.name; Self.upsert(node, key: key, into: &nodes, index: &nodeIndex) }
    public mutating func upsert(_ pod: consuming Pod) { let key = pod.key; Self.upsert(pod, key: key, into: &pods, index: &podIndex) }
    public mutating func upsert(_ service: consuming Service) {
        let key = service.key
        Self.upsert(service, key: key, into: &services, index: &serviceIndex)
    }
    public mutating func upsert(_ set: consuming EndpointSet) {
        let key = EndpointIndexKey(kind: set.kind, key: set.key)
        Self.upsert(set, key: key, into: &endpoints, index: &endpointIndex)
    }
    public mutating func upsert(_ ingress: consuming Ingress) {
        let key = ingress.key
        Self.upsert(ingress, key: key, into: &ingresses, index: &ingressIndex)
    }
    public mutating func upsert(_ workload: consuming Workload) {
        let key = WorkloadIndexKey(kind: workload.kind, key: workload.key)
        Self.upsert(workload, key: key, into: &workloads, index: &workloadIndex)
    }

    // Removal: `kubectl get -w --output-watch-events` says DELETED. The last
    // record moves into the removed one's place, so a removal costs the same
    // at any size; the order of records carries no meaning (the layout sorts
    // pods, nodes and services). Each returns whether the record was there.
    @discardableResult public mutating func removeNode(named name: String) -> Bool {
        Self.remove(name, keyOf: \.name, from: &nodes, index: &nodeIndex)
    }
    @discardableResult public mutating func removePod(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &pods, index: &podIndex)
    }
    @discardableResult public mutating func removeService(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &services, index: &serviceIndex)
    }
    @discardableResult public mutating func removeEndpoints(_ kind: EndpointSet.Kind, _ key: ObjectKey) -> Bool {
        Self.remove(EndpointIndexKey(kind: kind, key: key), keyOf: { EndpointIndexKey(kind: $0.kind, key: $0.key) }, from: &endpoints, index: &endpointIndex)
    }
    @discardableResult public mutating func removeIngress(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &ingresses, index: &ingressIndex)
    }
    @discardableResult public mutating func removeWorkload(_ kind: WorkloadKind, _ key: ObjectKey) -> Bool {
        Self.remove(WorkloadIndexKey(kind: kind, key: key), keyOf: { WorkloadIndexKey(kind: $0.kind, key: $0.key) }, from: &workloads, index: &workloadIndex)
    }

    private static func remove<Record, Key: Hashable & Sendable>(_ key: Key, keyOf: (Record) -> Key, from list: inout [Record],
                                                                 index: inout [HashedKey<Key>: Int]) -> Bool {
        guard let position = index.removeValue(forKey: HashedKey(key)), list.indices.contains(position) else { return false }
        let last = list.count - 1
        if position != last {
            list.swapAt(position, last)
            index[HashedKey(keyOf(list[position]))] = position
        }
        list.removeLast()
        return true
    }

    /// Adds every record of `other`; records of `other` win on conflict.
    /// A kind this side has none of is taken whole (the array and its index
    /// shared, not rebuilt): merging a nodes dump, a pods dump and a
    /// services dump copies nothing.
    public mutating func merge(_ other: Resources) {
        if nodes.isEmpty { (nodes, nodeIndex) = (other.nodes, other.nodeIndex) } else { other.nodes.forEach { upsert($0) } }
        if pods.isEmpty { (pods, podIndex) = (other.pods, other.podIndex) } else { other.pods.forEach { upsert($0) } }
        if services.isEmpty { (services, serviceIndex) = (other.services, other.serviceIndex) } else { other.services.forEach { upsert($0) } }
        if endpoints.isEmpty { (endpoints, endpointIndex) = (other.endpoints, other.endpointIndex) } else { other.endpoints.forEach { upsert($0) } }
        if ingresses.isEmpty { (ingresses, ingressIndex) = (other.ingresses, other.ingressIndex) } else { other.ingresses.forEach { upsert($0) } }
        if workloads.isEmpty { (workloads, workloadIndex) = (other.workloads, other.workloadIndex) } else { other.workloads.forEach { upsert($0) } }
    }

    /// Makes room for this many more records of each kind, so that reading
    /// a big dump moves each array and index once instead of at every
    /// doubling (at 150,000 pods most of the parse's page faults were those
    /// moves). The parser calls it with an estimate; a wrong one only costs
    /// a later doubling or unused address space.
    public mutating func reserveCapacity(nodes moreNodes: Int = 0, pods morePods: Int = 0, services moreServices: Int = 0) {
        if moreNodes > 0 {
            nodes.reserveCapacity(nodes.count + moreNodes)
            nodeIndex.reserveCapacity(nodeIndex.count + moreNodes)
        }
        if morePods > 0 {
            pods.reserveCapacity(pods.count + morePods)
            podIndex.reserveCapacity(podIndex.count + morePods)
        }
        if moreServices > 0 {
            services.reserveCapacity(services.count + moreServices)
            serviceIndex.reserveCapacity(serviceIndex.count + moreServices)
        }
    }

    /// Positions in `pods` and `services`, so that `Cluster` indexes by the
    /// same positions without a second dictionary of 150,000 keys.
    func podPosition(_ key: ObjectKey) -> Int? { podIndex[HashedKey(key)] }
    func servicePosition(_ key: ObjectKey) -> Int? { serviceIndex[HashedKey(key)] }

    /// Lets `Cluster` write what it inferred (owners) into the pods
    /// themselves: one array of pods, not a second inferred copy.
    mutating func updatePods(_ body: (inout [Pod]) -> Void) { body(&pods) }

    public func node(named name: String) -> Node? { nodeIndex[HashedKey(name)].map { nodes[$0] } }
    public func pod(_ key: ObjectKey) -> Pod? { podIndex[HashedKey(key)].map { pods[$0] } }
    public func service(_ key: ObjectKey) -> Service? { serviceIndex[HashedKey(key)].map { services[$0] } }

    /// One hash lookup for a new key (the common case when loading a dump);
    /// a replacement (watch streams) puts the old position back.
    private static func upsert<Record, Key: Hashable & Sendable>(_ record: consuming Record, key: Key, into list: inout [Record], index: inout [HashedKey<Key>: Int]) {
        let key = HashedKey(key)
        if let position = index.updateValue(list.count, forKey: key) {
            index[key] = position
            list[position] = record
        } else {
            list.append(record)
        }
    }
}
