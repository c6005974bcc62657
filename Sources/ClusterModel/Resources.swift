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

    private var nodeIndex = RecordPositions()
    private var podIndex = RecordPositions()
    private var serviceIndex = RecordPositions()
    private var endpointIndex = RecordPositions()
    private var ingressIndex = RecordPositions()
    private var workloadIndex = RecordPositions()
    private var networkPolicyIndex = RecordPositions()
    private var namespaceIndex = RecordPositions()
    /// By kind and name: a ClusterNetworkPolicy and a v1alpha1 AdminNetworkPolicy may share a name.
    private var clusterNetworkPolicyIndex = RecordPositions()
    private var gatewayClassIndex = RecordPositions()
    private var gatewayIndex = RecordPositions()
    private var routeIndex = RecordPositions()
    private var referenceGrantIndex = RecordPositions()

    struct EndpointIndexKey: Hashable, Sendable { var kind: EndpointSet.Kind; var key: ObjectKey }
    struct WorkloadIndexKey: Hashable, Sendable { var kind: WorkloadKind; var key: ObjectKey }
    struct RouteIndexKey: Hashable, Sendable { var kind: HTTPRoute.Kind; var key: ObjectKey }

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
        Self.upsert(node, into: &nodes, index: &nodeIndex)
    }
    public mutating func upsert(_ pod: consuming Pod) {
        Self.upsert(pod, into: &pods, index: &podIndex)
    }
    public mutating func upsert(_ service: consuming Service) {
        Self.upsert(service, into: &services, index: &serviceIndex)
    }
    public mutating func upsert(_ set: consuming EndpointSet) {
        Self.upsert(set, into: &endpoints, index: &endpointIndex)
    }
    /// Like `upsert`, but a record from `kubectl describe` and one from a table for the same object are joined
    /// (`RecordDetails.overlay`): the table's columns stay and the details fill what the table cannot show,
    /// whichever came first.
    ///
    /// Two table records (a watch stream) still replace each other.
    public mutating func join(_ service: Service) {
        let key = service.key
        if let position = Self.position(of: key, in: services, index: serviceIndex), services.indices.contains(position)
        {
            services[position] = RecordDetails.joined(services[position], service)
        } else {
            Self.upsert(service, into: &services, index: &serviceIndex)
        }
    }
    public mutating func join(_ pod: Pod) {
        let key = pod.key
        if let position = Self.position(of: key, in: pods, index: podIndex), pods.indices.contains(position)
        {
            pods[position] = RecordDetails.joined(pods[position], pod)
        } else {
            Self.upsert(pod, into: &pods, index: &podIndex)
        }
    }
    public mutating func join(_ node: Node) {
        let key = node.name
        if let position = Self.position(of: key, in: nodes, index: nodeIndex), nodes.indices.contains(position)
        {
            nodes[position] = RecordDetails.joined(nodes[position], node)
        } else {
            Self.upsert(node, into: &nodes, index: &nodeIndex)
        }
    }

    public mutating func upsert(_ ingress: consuming Ingress) {
        Self.upsert(ingress, into: &ingresses, index: &ingressIndex)
    }
    public mutating func upsert(_ workload: consuming Workload) {
        Self.upsert(workload, into: &workloads, index: &workloadIndex)
    }

    public mutating func upsert(_ policy: consuming NetworkPolicy) {
        Self.upsert(policy, into: &networkPolicies, index: &networkPolicyIndex)
    }
    /// The policy stored under `key`, if any.
    public func networkPolicy(_ key: ObjectKey) -> NetworkPolicy? {
        Self.position(of: key, in: networkPolicies, index: networkPolicyIndex).map { networkPolicies[$0] }
    }
    public mutating func upsert(_ namespace: consuming NamespaceRecord) {
        Self.upsert(namespace, into: &namespaces, index: &namespaceIndex)
    }
    public mutating func upsert(_ policy: consuming ClusterNetworkPolicy) {
        Self.upsert(policy, into: &clusterNetworkPolicies, index: &clusterNetworkPolicyIndex)
    }

    public mutating func upsert(_ gatewayClass: consuming GatewayClass) {
        Self.upsert(gatewayClass, into: &gatewayClasses, index: &gatewayClassIndex)
    }
    public mutating func upsert(_ gateway: consuming Gateway) {
        Self.upsert(gateway, into: &gateways, index: &gatewayIndex)
    }
    public mutating func upsert(_ route: consuming HTTPRoute) {
        Self.upsert(route, into: &routes, index: &routeIndex)
    }
    public mutating func upsert(_ grant: consuming ReferenceGrant) {
        Self.upsert(grant, into: &referenceGrants, index: &referenceGrantIndex)
    }

    // Removal: `kubectl get -w --output-watch-events` says DELETED. The last
    // record moves into the removed one's place, so a removal costs the same
    // at any size; the order of records carries no meaning (the layout sorts
    // pods, nodes and services). Each returns whether the record was there.
    @discardableResult public mutating func removeNode(named name: String) -> Bool {
        Self.remove(name, from: &nodes, index: &nodeIndex)
    }
    @discardableResult public mutating func removePod(_ key: ObjectKey) -> Bool {
        Self.remove(key, from: &pods, index: &podIndex)
    }
    @discardableResult public mutating func removeService(_ key: ObjectKey) -> Bool {
        Self.remove(key, from: &services, index: &serviceIndex)
    }
    @discardableResult public mutating func removeEndpoints(_ kind: EndpointSet.Kind, _ key: ObjectKey) -> Bool {
        Self.remove(EndpointIndexKey(kind: kind, key: key), from: &endpoints, index: &endpointIndex)
    }
    @discardableResult public mutating func removeIngress(_ key: ObjectKey) -> Bool {
        Self.remove(key, from: &ingresses, index: &ingressIndex)
    }
    @discardableResult public mutating func removeWorkload(_ kind: WorkloadKind, _ key: ObjectKey) -> Bool {
        Self.remove(WorkloadIndexKey(kind: kind, key: key), from: &workloads, index: &workloadIndex)
    }

    @discardableResult public mutating func removeNetworkPolicy(_ key: ObjectKey) -> Bool {
        Self.remove(key, from: &networkPolicies, index: &networkPolicyIndex)
    }
    @discardableResult public mutating func removeNamespace(named name: String) -> Bool {
        Self.remove(name, from: &namespaces, index: &namespaceIndex)
    }

    @discardableResult public mutating func removeGatewayClass(named name: String) -> Bool {
        Self.remove(name, from: &gatewayClasses, index: &gatewayClassIndex)
    }
    @discardableResult public mutating func removeGateway(_ key: ObjectKey) -> Bool {
        Self.remove(key, from: &gateways, index: &gatewayIndex)
    }
    @discardableResult public mutating func removeRoute(_ kind: HTTPRoute.Kind, _ key: ObjectKey) -> Bool {
        Self.remove(RouteIndexKey(kind: kind, key: key), from: &routes, index: &routeIndex)
    }
    @discardableResult public mutating func removeReferenceGrant(_ key: ObjectKey) -> Bool {
        Self.remove(key, from: &referenceGrants, index: &referenceGrantIndex)
    }

    private static func remove<Record: IndexedRecord>(
        _ key: Record.IndexKey, from list: inout [Record], index: inout RecordPositions
    ) -> Bool {
        let hash = RecordPositions.hashBits(key)
        guard let position = index.position(hash: hash, matches: { list[$0].indexKey == key }) else { return false }
        index.remove(hash: hash, position: position)
        let last = list.count - 1
        if position != last {
            list.swapAt(position, last)
            index.move(hash: RecordPositions.hashBits(list[position].indexKey), from: last, to: position)
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
    /// since an array fills from its start. Their position tables get room too (8 bytes a slot, at most half full:
    /// 4 MB for the parser's cap of 200,000 rows), so that they are not rebuilt as they fill; a table too big is
    /// touched all over, which is why the estimate is capped.
    public mutating func reserveCapacity(
        nodes moreNodes: Int = 0, pods morePods: Int = 0, services moreServices: Int = 0
    ) {
        if moreNodes > 0 {
            nodes.reserveCapacity(nodes.count + moreNodes)
            nodeIndex.reserveCapacity(nodes.count + moreNodes)
        }
        if morePods > 0 {
            pods.reserveCapacity(pods.count + morePods)
            podIndex.reserveCapacity(pods.count + morePods)
        }
        if moreServices > 0 {
            services.reserveCapacity(services.count + moreServices)
            serviceIndex.reserveCapacity(services.count + moreServices)
        }
    }

    /// Positions in `pods` and `services`, so that `Cluster` indexes by the
    /// same positions without a second dictionary of 150,000 keys.
    func podPosition(_ key: ObjectKey) -> Int? { Self.position(of: key, in: pods, index: podIndex) }
    func servicePosition(_ key: ObjectKey) -> Int? { Self.position(of: key, in: services, index: serviceIndex) }

    /// Lets `Cluster` write what it inferred (owners) into the pods
    /// themselves: one array of pods, not a second inferred copy.
    mutating func updatePods(_ body: (inout [Pod]) -> Void) { body(&pods) }

    public func node(named name: String) -> Node? {
        Self.position(of: name, in: nodes, index: nodeIndex).map { nodes[$0] }
    }
    public func pod(_ key: ObjectKey) -> Pod? { Self.position(of: key, in: pods, index: podIndex).map { pods[$0] } }
    public func service(_ key: ObjectKey) -> Service? {
        Self.position(of: key, in: services, index: serviceIndex).map { services[$0] }
    }
    public func namespace(named name: String) -> NamespaceRecord? {
        Self.position(of: name, in: namespaces, index: namespaceIndex).map { namespaces[$0] }
    }

    /// One probe of the table for a new key (the common case when loading a dump); a replacement (watch streams)
    /// stores the record where the old one was.
    @inline(__always)
    private static func upsert<Record: IndexedRecord>(
        _ record: consuming Record, into list: inout [Record], index: inout RecordPositions
    ) {
        let key = record.indexKey
        let hash = RecordPositions.hashBits(key)
        if let position = index.position(hash: hash, matches: { list[$0].indexKey == key }) {
            list[position] = record
        } else {
            index.insert(hash: hash, position: list.count)
            list.append(record)
        }
    }

    @inline(__always)
    private static func position<Record: IndexedRecord>(
        of key: Record.IndexKey, in list: [Record], index: RecordPositions
    ) -> Int? {
        index.position(hash: RecordPositions.hashBits(key), matches: { list[$0].indexKey == key })
    }
}

/// A kind of record `Resources` de-duplicates, by the key it is stored under.
protocol IndexedRecord {
    associatedtype IndexKey: Hashable
    var indexKey: IndexKey { get }
}

extension Node: IndexedRecord { var indexKey: String { name } }
extension Pod: IndexedRecord { var indexKey: ObjectKey { key } }
extension Service: IndexedRecord { var indexKey: ObjectKey { key } }
extension EndpointSet: IndexedRecord {
    var indexKey: Resources.EndpointIndexKey { Resources.EndpointIndexKey(kind: kind, key: key) }
}
extension Ingress: IndexedRecord { var indexKey: ObjectKey { key } }
extension Workload: IndexedRecord {
    var indexKey: Resources.WorkloadIndexKey { Resources.WorkloadIndexKey(kind: kind, key: key) }
}
extension NetworkPolicy: IndexedRecord { var indexKey: ObjectKey { key } }
extension NamespaceRecord: IndexedRecord { var indexKey: String { name } }
/// By kind and name: a ClusterNetworkPolicy and a v1alpha1 AdminNetworkPolicy may share a name.
extension ClusterNetworkPolicy: IndexedRecord { var indexKey: String { sourceKind + "/" + name } }
extension GatewayClass: IndexedRecord { var indexKey: String { name } }
extension Gateway: IndexedRecord { var indexKey: ObjectKey { key } }
extension HTTPRoute: IndexedRecord {
    var indexKey: Resources.RouteIndexKey { Resources.RouteIndexKey(kind: kind, key: key) }
}
extension ReferenceGrant: IndexedRecord { var indexKey: ObjectKey { key } }
