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
    public private(set) var networkPolicies: [NetworkPolicy] = []
    public private(set) var namespaces: [NamespaceRecord] = []
    public private(set) var clusterNetworkPolicies: [ClusterNetworkPolicy] = []
    public private(set) var gatewayClasses: [GatewayClass] = []
    public private(set) var gateways: [Gateway] = []
    /// HTTPRoutes and GRPCRoutes.
    public private(set) var routes: [HTTPRoute] = []
    public private(set) var referenceGrants: [ReferenceGrant] = []

    private var nodeIndex: [HashedKey<String>: Int] = [:]
    private var podIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var serviceIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var endpointIndex: [HashedKey<EndpointIndexKey>: Int] = [:]
    private var ingressIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var workloadIndex: [HashedKey<WorkloadIndexKey>: Int] = [:]
    private var networkPolicyIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var namespaceIndex: [HashedKey<String>: Int] = [:]
    /// By kind and name: a ClusterNetworkPolicy and a v1alpha1 AdminNetworkPolicy may share a name.
    private var clusterNetworkPolicyIndex: [HashedKey<String>: Int] = [:]
    private var gatewayClassIndex: [HashedKey<String>: Int] = [:]
    private var gatewayIndex: [HashedKey<ObjectKey>: Int] = [:]
    private var routeIndex: [HashedKey<RouteIndexKey>: Int] = [:]
    private var referenceGrantIndex: [HashedKey<ObjectKey>: Int] = [:]

    /// A key with its hash computed once: a growing dictionary rehashes every
    /// key on each resize, and hashing names is most of the cost of indexing
    /// 150,000 pods.
    ///
    /// The stored value is Swift's seeded hash, so crafted names cannot force collisions any more than with the plain
    /// key.
    private struct HashedKey<Key: Hashable & Sendable>: Hashable, Sendable {
        let key: Key
        let hash: Int
        init(_ key: Key) { self.key = key; self.hash = key.hashValue }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        /// What `Dictionary` asks for on every insert, lookup and resize.
        ///
        /// The default feeds `hash(into:)` to a new `Hasher` (a SipHash round per access, a fifth of parsing 150,000
        /// pods); the stored hash is already seeded, so mixing in the dictionary's seed is enough.
        func _rawHashValue(seed: Int) -> Int {
            var mixed = UInt64(bitPattern: Int64(hash ^ seed))
            mixed = (mixed ^ (mixed >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            return Int(truncatingIfNeeded: mixed ^ (mixed >> 33))
        }
        static func == (a: Self, b: Self) -> Bool { a.hash == b.hash && a.key == b.key }
    }

    private struct EndpointIndexKey: Hashable, Sendable { var kind: EndpointSet.Kind; var key: ObjectKey }
    private struct WorkloadIndexKey: Hashable, Sendable { var kind: WorkloadKind; var key: ObjectKey }
    private struct RouteIndexKey: Hashable, Sendable { var kind: HTTPRoute.Kind; var key: ObjectKey }

    public init() {}

    public var isEmpty: Bool {
        nodes.isEmpty && pods.isEmpty && services.isEmpty && endpoints.isEmpty && ingresses.isEmpty && workloads.isEmpty
            && networkPolicies.isEmpty && namespaces.isEmpty && clusterNetworkPolicies.isEmpty
            && gatewayClasses.isEmpty && gateways.isEmpty && routes.isEmpty && referenceGrants.isEmpty
    }

    public var count: Int {
        nodes.count + pods.count + services.count + endpoints.count + ingresses.count + workloads.count
            + networkPolicies.count + namespaces.count + clusterNetworkPolicies.count
            + gatewayClasses.count + gateways.count + routes.count + referenceGrants.count
    }

    // `consuming`: the parser hands over each record, so storing it moves
    // rather than copies (150,000 pods: measurable).
    public mutating func upsert(_ node: consuming Node) {
        let key = node.name; Self.upsert(node, key: key, into: &nodes, index: &nodeIndex)
    }
    public mutating func upsert(_ pod: consuming Pod) {
        let key = pod.key; Self.upsert(pod, key: key, into: &pods, index: &podIndex)
    }
    public mutating func upsert(_ service: consuming Service) {
        let key = service.key
        Self.upsert(service, key: key, into: &services, index: &serviceIndex)
    }
    public mutating func upsert(_ set: consuming EndpointSet) {
        let key = EndpointIndexKey(kind: set.kind, key: set.key)
        Self.upsert(set, key: key, into: &endpoints, index: &endpointIndex)
    }
    /// Like `upsert`, but a record from `kubectl describe` and one from a table for the same object are joined
    /// (`RecordDetails.overlay`): the table's columns stay and the details fill what the table cannot show,
    /// whichever came first.
    ///
    /// Two table records (a watch stream) still replace each other.
    public mutating func join(_ service: Service) {
        let key = service.key
        if let position = serviceIndex[HashedKey(key)], services.indices.contains(position) {
            services[position] = RecordDetails.joined(services[position], service)
        } else {
            Self.upsert(service, key: key, into: &services, index: &serviceIndex)
        }
    }
    public mutating func join(_ pod: Pod) {
        let key = pod.key
        if let position = podIndex[HashedKey(key)], pods.indices.contains(position) {
            pods[position] = RecordDetails.joined(pods[position], pod)
        } else {
            Self.upsert(pod, key: key, into: &pods, index: &podIndex)
        }
    }
    public mutating func join(_ node: Node) {
        let key = node.name
        if let position = nodeIndex[HashedKey(key)], nodes.indices.contains(position) {
            nodes[position] = RecordDetails.joined(nodes[position], node)
        } else {
            Self.upsert(node, key: key, into: &nodes, index: &nodeIndex)
        }
    }

    public mutating func upsert(_ ingress: consuming Ingress) {
        let key = ingress.key
        Self.upsert(ingress, key: key, into: &ingresses, index: &ingressIndex)
    }
    public mutating func upsert(_ workload: consuming Workload) {
        let key = WorkloadIndexKey(kind: workload.kind, key: workload.key)
        Self.upsert(workload, key: key, into: &workloads, index: &workloadIndex)
    }

    public mutating func upsert(_ policy: consuming NetworkPolicy) {
        let key = policy.key
        Self.upsert(policy, key: key, into: &networkPolicies, index: &networkPolicyIndex)
    }
    /// The policy stored under `key`, if any.
    public func networkPolicy(_ key: ObjectKey) -> NetworkPolicy? {
        networkPolicyIndex[HashedKey(key)].map { networkPolicies[$0] }
    }
    public mutating func upsert(_ namespace: consuming NamespaceRecord) {
        let key = namespace.name
        Self.upsert(namespace, key: key, into: &namespaces, index: &namespaceIndex)
    }
    public mutating func upsert(_ policy: consuming ClusterNetworkPolicy) {
        let key = policy.sourceKind + "/" + policy.name
        Self.upsert(policy, key: key, into: &clusterNetworkPolicies, index: &clusterNetworkPolicyIndex)
    }

    public mutating func upsert(_ gatewayClass: consuming GatewayClass) {
        let key = gatewayClass.name
        Self.upsert(gatewayClass, key: key, into: &gatewayClasses, index: &gatewayClassIndex)
    }
    public mutating func upsert(_ gateway: consuming Gateway) {
        let key = gateway.key
        Self.upsert(gateway, key: key, into: &gateways, index: &gatewayIndex)
    }
    public mutating func upsert(_ route: consuming HTTPRoute) {
        let key = RouteIndexKey(kind: route.kind, key: route.key)
        Self.upsert(route, key: key, into: &routes, index: &routeIndex)
    }
    public mutating func upsert(_ grant: consuming ReferenceGrant) {
        let key = grant.key
        Self.upsert(grant, key: key, into: &referenceGrants, index: &referenceGrantIndex)
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
        Self.remove(
            EndpointIndexKey(kind: kind, key: key), keyOf: { EndpointIndexKey(kind: $0.kind, key: $0.key) },
            from: &endpoints, index: &endpointIndex)
    }
    @discardableResult public mutating func removeIngress(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &ingresses, index: &ingressIndex)
    }
    @discardableResult public mutating func removeWorkload(_ kind: WorkloadKind, _ key: ObjectKey) -> Bool {
        Self.remove(
            WorkloadIndexKey(kind: kind, key: key), keyOf: { WorkloadIndexKey(kind: $0.kind, key: $0.key) },
            from: &workloads, index: &workloadIndex)
    }

    @discardableResult public mutating func removeNetworkPolicy(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &networkPolicies, index: &networkPolicyIndex)
    }
    @discardableResult public mutating func removeNamespace(named name: String) -> Bool {
        Self.remove(name, keyOf: \.name, from: &namespaces, index: &namespaceIndex)
    }

    @discardableResult public mutating func removeGatewayClass(named name: String) -> Bool {
        Self.remove(name, keyOf: \.name, from: &gatewayClasses, index: &gatewayClassIndex)
    }
    @discardableResult public mutating func removeGateway(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &gateways, index: &gatewayIndex)
    }
    @discardableResult public mutating func removeRoute(_ kind: HTTPRoute.Kind, _ key: ObjectKey) -> Bool {
        Self.remove(
            RouteIndexKey(kind: kind, key: key), keyOf: { RouteIndexKey(kind: $0.kind, key: $0.key) },
            from: &routes, index: &routeIndex)
    }
    @discardableResult public mutating func removeReferenceGrant(_ key: ObjectKey) -> Bool {
        Self.remove(key, keyOf: \.key, from: &referenceGrants, index: &referenceGrantIndex)
    }

    private static func remove<Record, Key: Hashable & Sendable>(
        _ key: Key, keyOf: (Record) -> Key, from list: inout [Record],
        index: inout [HashedKey<Key>: Int]
    ) -> Bool {
        guard let position = index.removeValue(forKey: HashedKey(key)), list.indices.contains(position) else {
            return false
        }
        let last = list.count - 1
        if position != last {
            list.swapAt(position, last)
            index[HashedKey(keyOf(list[position]))] = position
        }
        list.removeLast()
        return true
    }

    /// Adds every record of `other`; records of `other` win on conflict.
    ///
    /// A kind this side has none of is taken whole (the array and its index shared, not rebuilt): merging a nodes dump,
    /// a pods dump and a services dump copies nothing.
    public mutating func merge(_ other: Resources) {
        if nodes.isEmpty {
            (nodes, nodeIndex) = (other.nodes, other.nodeIndex)
        } else {
            other.nodes.forEach { join($0) }
        }
        if pods.isEmpty { (pods, podIndex) = (other.pods, other.podIndex) } else { other.pods.forEach { join($0) } }
        if services.isEmpty {
            (services, serviceIndex) = (other.services, other.serviceIndex)
        } else {
            other.services.forEach { join($0) }
        }
        if endpoints.isEmpty {
            (endpoints, endpointIndex) = (other.endpoints, other.endpointIndex)
        } else {
            other.endpoints.forEach { upsert($0) }
        }
        if ingresses.isEmpty {
            (ingresses, ingressIndex) = (other.ingresses, other.ingressIndex)
        } else {
            other.ingresses.forEach { upsert($0) }
        }
        if workloads.isEmpty {
            (workloads, workloadIndex) = (other.workloads, other.workloadIndex)
        } else {
            other.workloads.forEach { upsert($0) }
        }
        other.networkPolicies.forEach { upsert($0) }
        other.namespaces.forEach { upsert($0) }
        other.clusterNetworkPolicies.forEach { upsert($0) }
        other.gatewayClasses.forEach { upsert($0) }
        other.gateways.forEach { upsert($0) }
        other.routes.forEach { upsert($0) }
        other.referenceGrants.forEach { upsert($0) }
    }

    /// Makes room for this many more records of each kind, so that reading
    /// a big dump moves each array once instead of at every doubling (at
    /// 150,000 pods most of the parse's page faults were those moves).
    ///
    /// The parser calls it with an estimate; a wrong one only costs a later doubling or address space never touched,
    /// since an array fills from its start. The indexes are left to grow: a hash table too big is touched all over (a
    /// watch stream of 10,000 pods in 1,000,000 rows would keep 12 MB of a table sized for the rows).
    public mutating func reserveCapacity(
        nodes moreNodes: Int = 0, pods morePods: Int = 0, services moreServices: Int = 0
    ) {
        if moreNodes > 0 { nodes.reserveCapacity(nodes.count + moreNodes) }
        if morePods > 0 { pods.reserveCapacity(pods.count + morePods) }
        if moreServices > 0 { services.reserveCapacity(services.count + moreServices) }
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
    public func namespace(named name: String) -> NamespaceRecord? {
        namespaceIndex[HashedKey(name)].map { namespaces[$0] }
    }

    /// One hash lookup for a new key (the common case when loading a dump);
    /// a replacement (watch streams) puts the old position back.
    private static func upsert<Record, Key: Hashable & Sendable>(
        _ record: consuming Record, key: Key, into list: inout [Record], index: inout [HashedKey<Key>: Int]
    ) {
        let key = HashedKey(key)
        if let position = index.updateValue(list.count, forKey: key) {
            index[key] = position
            list[position] = record
        } else {
            list.append(record)
        }
    }
}
