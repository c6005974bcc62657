/// The cluster as kubehops understands it: the records plus what was inferred
/// (placeholder nodes, owners, host-network pods, pod CIDRs, which pods back
/// which service).
///
/// Built once, with indexes, so that every lookup the diagram and the flows make is a dictionary hit: a 150,000-pod
/// dump must not turn into pods × services work.
public struct Cluster: Sendable {
    /// The records, each pod's inferred owners written into it (see `pods`).
    public private(set) var resources: Resources
    /// The parser's diagnostics plus the model's own (placeholder nodes, …).
    public private(set) var diagnostics: [Diagnostic]
    /// Listed nodes in input order, then placeholder nodes (`isPlaceholder`)
    /// for NODE values no listing showed, in the order pods named them.
    public let nodes: [Node]
    /// The pods, with `owners` filled in from their names (marked inferred)
    /// when the input gave none.
    ///
    /// The same array as `resources.pods`: one copy of 150,000 records, not two.
    public var pods: [Pod] { resources.pods }
    public var services: [Service] { resources.services }
    public var ingresses: [Ingress] { resources.ingresses }
    public var endpointSets: [EndpointSet] { resources.endpoints }
    public var workloads: [Workload] { resources.workloads }
    public var gatewayClasses: [GatewayClass] { resources.gatewayClasses }
    public var gateways: [Gateway] { resources.gateways }
    /// HTTPRoutes and GRPCRoutes, in input order.
    public var routes: [HTTPRoute] { resources.routes }
    public var referenceGrants: [ReferenceGrant] { resources.referenceGrants }
    /// The ranges in use, guessed from the addresses present, for the IP-scheme legend.
    public let addressScheme: AddressScheme

    private let nodeIndex: [String: Int]
    /// Aligned with `nodes`: the positions in `pods` of each node's pods.
    private let podsByNode: [[Int32]]
    /// Pods naming a node that has no box (an empty NODE value).
    private let podsByOtherNode: [String: [Int32]]
    private let podsByIP: PodAddressIndex
    private let nodeByIP: [IPAddress: Int]
    let servicesByName: [String: [Int]]
    /// Aligned with `pods`.
    private let hostNetwork: [HostNetworkUse]
    private let podRanges: [String: NodePodRange]
    private let inferredNodeIPs: Set<String>
    /// Aligned with `services`.
    ///
    /// This and the two other service indexes are internal, not private: the service lookups live in
    /// Cluster+Services.swift.
    let backings: [StoredBacking]
    /// The reverse of `backings`: the services each pod receives traffic for.
    let servicesByPod: PodServiceLinks

    /// Pass the records as the last use of them (`consuming`): the pods'
    /// inferred owners are then written in place, without copying them.
    public init(resources: consuming Resources, diagnostics: [Diagnostic] = []) {
        var resources = resources
        var diagnostics = diagnostics

        // Nodes: listed ones, then a placeholder for each NODE value never listed.
        var nodes = resources.nodes
        var nodeIndex: [String: Int] = [:]
        for (position, node) in nodes.enumerated() { nodeIndex[node.name] = position }
        let anyNodeListed = !nodes.isEmpty
        let (nodeOfPod, placeholders) = Self.placePods(resources.pods, nodes: &nodes, nodeIndex: &nodeIndex)
        diagnostics += Self.placeholderDiagnostics(
            placeholders.compactMap { entry in resources.pods[checked: entry.pod].map { (entry.node, $0) } },
            anyNodeListed: anyNodeListed)
        let inferredNodeIPs =
            placeholders.isEmpty ? [] : Self.inferPlaceholderIPs(resources.pods, nodeOfPod: nodeOfPod, nodes: &nodes)
        var nodeByIP: [IPAddress: Int] = [:]
        for (position, node) in nodes.enumerated() {
            for ip in node.internalIPs + node.externalIPs where nodeByIP[ip] == nil { nodeByIP[ip] = position }
        }

        // Pods: owners from names (written into the records), host network from IPs, indexes.
        Self.inferOwners(&resources, nodeOfPod: nodeOfPod, nodes: nodes)
        let pods = resources.pods
        let podIndexes = Self.indexPods(pods, nodeOfPod: nodeOfPod, nodeCount: nodes.count, nodeByIP: nodeByIP)
        let (podsByNode, podsByIP, hostNetwork) = (podIndexes.byNode, podIndexes.byIP, podIndexes.hostNetwork)
        let podRanges = Self.podRanges(nodes, pods: pods, podsByNode: podsByNode, hostNetwork: hostNetwork)

        var servicesByName: [String: [Int]] = [:]
        for (position, service) in resources.services.enumerated() {
            servicesByName[service.name, default: []].append(position)
        }

        let matcher = BackingMatcher(resources: resources, podsByIP: podsByIP, nodeByIP: nodeByIP)
        let backings = resources.services.map { matcher.backing(of: $0) }
        self.servicesByPod = PodServiceLinks(
            podCount: pods.count, backings: backings, podPosition: { [resources] in resources.podPosition($0) })

        self.addressScheme = AddressScheme(
            nodes: nodes, pods: pods, usesHostNetwork: { hostNetwork[checked: $0] != HostNetworkUse.no },
            services: resources.services)
        self.resources = resources
        self.diagnostics = diagnostics
        self.nodes = nodes
        self.nodeIndex = nodeIndex
        self.podsByNode = podsByNode
        self.podsByOtherNode = podIndexes.byOtherNode
        self.podsByIP = podsByIP
        self.nodeByIP = nodeByIP
        self.servicesByName = servicesByName
        self.hostNetwork = hostNetwork
        self.podRanges = podRanges
        self.inferredNodeIPs = inferredNodeIPs
        self.backings = backings
    }

    /// Each pod's node position (-1: none), found once; a NODE value no node has gets a placeholder node
    /// (appended to `nodes` and `nodeIndex`) and is returned with the first pod naming it.
    ///
    /// Pods of a node usually come in runs, so the last answer is tried first.
    private static func placePods(
        _ pods: [Pod], nodes: inout [Node], nodeIndex: inout [String: Int]
    ) -> (nodeOfPod: [Int32], placeholders: [(node: String, pod: Int)]) {
        var placeholders: [(node: String, pod: Int)] = []
        var nodeOfPod = [Int32](repeating: -1, count: pods.count)
        var last: (name: String, position: Int)?
        for position in pods.indices {
            guard let name = pods[position].nodeName, !name.isEmpty else { continue }
            if let last, last.name == name {
                nodeOfPod[position] = Int32(last.position)
                continue
            }
            let nodePosition: Int
            if let known = nodeIndex[name] {
                nodePosition = known
            } else {
                var placeholder = Node(name: name, status: "Unknown")
                placeholder.isPlaceholder = true
                nodePosition = nodes.count
                nodeIndex[name] = nodePosition
                nodes.append(placeholder)
                placeholders.append((name, position))
            }
            nodeOfPod[position] = Int32(nodePosition)
            last = (name, nodePosition)
        }
        return (nodeOfPod, placeholders)
    }

    /// A placeholder's IP shows through its host-network system pods (kube-proxy, CNI agents, static pods):
    /// written into `nodes`; returns the names of the nodes whose IP was so inferred.
    private static func inferPlaceholderIPs(_ pods: [Pod], nodeOfPod: [Int32], nodes: inout [Node]) -> Set<String> {
        var inferredNodeIPs = Set<String>()
        var lacksIP = nodes.map { $0.isPlaceholder && $0.internalIPs.isEmpty }
        for position in pods.indices {
            guard let nodePosition = nodeOfPod[checked: position].map(Int.init),
                lacksIP[checked: nodePosition] == true,
                pods[position].hostNetwork != false, let ip = pods[position].ips.first,
                let name = nodes[checked: nodePosition]?.name,
                Self.alwaysHostNetwork(podName: pods[position].key.name, nodeName: name)
            else { continue }
            nodes[nodePosition].internalIPs = [ip]
            lacksIP[nodePosition] = false
            inferredNodeIPs.insert(name)
        }
        return inferredNodeIPs
    }

    /// The pods' indexes, in one pass: by node position (or by the name of a node not in `nodes`), by IP,
    /// and whether each uses the host's network (given, or inferred from a node's IP).
    private static func indexPods(
        _ pods: [Pod], nodeOfPod: [Int32], nodeCount: Int, nodeByIP: [IPAddress: Int]
    ) -> (byNode: [[Int32]], byOtherNode: [String: [Int32]], byIP: PodAddressIndex, hostNetwork: [HostNetworkUse]) {
        // Asked once per pod: IPv4 values hash as integers.
        let nodeIPv4s = Set(nodeByIP.keys.compactMap(\.ipv4Value))
        func isNodeIP(_ ip: IPAddress) -> Bool { ip.ipv4Value.map(nodeIPv4s.contains) ?? (nodeByIP[ip] != nil) }
        var podsByNode = [[Int32]](repeating: [], count: nodeCount)
        var podsByOtherNode: [String: [Int32]] = [:]
        var podsByIP = PodAddressIndex(expectedCount: pods.count)
        var hostNetwork = [HostNetworkUse](repeating: .no, count: pods.count)
        for position in pods.indices {
            if let nodePosition = nodeOfPod[checked: position], podsByNode.indices.contains(Int(nodePosition)) {
                podsByNode[Int(nodePosition)].append(Int32(position))
            } else if let name = pods[position].nodeName {
                podsByOtherNode[name, default: []].append(Int32(position))
            }
            let ips = pods[position].ips
            for ip in ips { podsByIP.insert(ip, at: position) }
            switch pods[position].hostNetwork {
            case true?: hostNetwork[position] = .given
            case nil where ips.contains(where: isNodeIP): hostNetwork[position] = .inferred
            default: break
            }
        }
        return (podsByNode, podsByOtherNode, podsByIP, hostNetwork)
    }

    /// Pod ranges per node: given in the spec, else guessed from the node's pod IPs (host-network pods aside).
    private static func podRanges(
        _ nodes: [Node], pods: [Pod], podsByNode: [[Int32]], hostNetwork: [HostNetworkUse]
    ) -> [String: NodePodRange] {
        var podRanges: [String: NodePodRange] = [:]
        var values: [UInt32] = []
        for (nodePosition, node) in nodes.enumerated() {
            if let given = node.podCIDRs.lazy.compactMap(CIDR.init).first {
                podRanges[node.name] = NodePodRange(cidr: given, inferred: false)
                continue
            }
            values.removeAll(keepingCapacity: true)
            for position in podsByNode[checked: nodePosition] ?? [] where hostNetwork[checked: Int(position)] == .no {
                for ip in pods[checked: Int(position)]?.ips ?? [] {
                    if let value = ip.ipv4Value { values.append(value) }
                }
            }
            if let guess = CIDR.covering(values: values, longestPrefix: 24, shortestPrefix: 16) {
                podRanges[node.name] = NodePodRange(cidr: guess, inferred: true)
            }
        }
        return podRanges
    }

    /// Writes each pod's owners as its name implies them into pods whose
    /// input gave none (compactly: see `Pod.inferredOwners`).
    ///
    /// A listed workload of the owner's name decides its kind. `nodeOfPod` (aligned with the pods: a position in
    /// `nodes`, or -1) lets a node name be checked once for all its pods.
    static func inferOwners(_ resources: inout Resources, nodeOfPod: [Int32], nodes: [Node]) {
        var workloadKinds: [String: WorkloadKind] = [:]
        for workload in resources.workloads where workloadKinds[workload.key.name] == nil {
            workloadKinds[workload.key.name] = workload.kind
        }
        let knownKind: ((String) -> WorkloadKind?)? = workloadKinds.isEmpty ? nil : { workloadKinds[$0] }
        // Per node: its name's UTF-8 length if it is printable ASCII. A pod's NODE text of
        // the same length is the same bytes (a canonically equal spelling would be longer).
        let plainNodeLengths = nodes.map { node -> Int? in
            var name = node.name
            return name.withUTF8(OwnerInference.isPrintableASCII) ? name.utf8.count : nil
        }
        resources.updatePods { pods in
            for position in pods.indices where !pods[position].hasGivenOwners {
                let plainLength = nodeOfPod[checked: position].flatMap { plainNodeLengths[checked: Int($0)] } ?? nil
                let plain = plainLength.flatMap { $0 == pods[position].nodeName?.utf8.count ? true : nil }
                pods[position].inferredOwners = OwnerInference.shape(
                    ofPod: pods[position].key.name, nodeName: pods[position].nodeName,
                    nodeIsPlain: plain, status: pods[position].status, knownKind: knownKind)
            }
        }
    }

    /// Pods that run on the host network in every usual set-up, so their IP is their node's.
    static func alwaysHostNetwork(podName name: String, nodeName: String) -> Bool {
        let prefixes = ["kube-proxy-", "kindnet-", "calico-node-", "kube-flannel-ds-", "weave-net-"]
        let staticPods = ["etcd-", "kube-apiserver-", "kube-controller-manager-", "kube-scheduler-"]
        if prefixes.contains(where: { name.hasPrefix($0) }) { return true }
        if name.hasPrefix("cilium-"), !name.hasPrefix("cilium-operator") { return true }
        return staticPods.contains { name == $0 + nodeName }
    }

    /// One warning per node missing from a node listing (a conflict worth fixing), at most
    /// `limit` of them; a single note when there was no node listing at all (normal for a pods dump).
    static func placeholderDiagnostics(
        _ placeholders: [(node: String, pod: Pod)], anyNodeListed: Bool, limit: Int = 20
    ) -> [Diagnostic] {
        guard let first = placeholders.first else { return [] }
        guard anyNodeListed else {
            let names =
                placeholders.prefix(5).map(\.node).joined(separator: ", ") + (placeholders.count > 5 ? ", …" : "")
            return [
                Diagnostic(
                    severity: .note, source: first.pod.origin?.source ?? "-", line: 0,
                    message:
                        "no node listing in the input: \(placeholders.count) " +
                        "node\(placeholders.count == 1 ? "" : "s") (\(names)) come from the pods' NODE column, " +
                        "without IPs; add `kubectl get nodes -o wide` to see them"
                )
            ]
        }
        var diagnostics = placeholders.prefix(limit).map { entry in
            Diagnostic(
                severity: .warning, source: entry.pod.origin?.source ?? "-", line: entry.pod.origin?.line ?? 0,
                message:
                    "pod \(entry.pod.key) runs on node \(entry.node), which no node listing showed; drawn as a " +
                    "placeholder node (run `kubectl get nodes -o wide` to fill it in)"
            )
        }
        if placeholders.count > limit {
            diagnostics.append(
                Diagnostic(
                    severity: .warning, source: first.pod.origin?.source ?? "-", line: 0,
                    message:
                        "\(placeholders.count - limit) more nodes named by pods are missing from the node listing; " +
                        "drawn as placeholders"
                ))
        }
        return diagnostics
    }

    // MARK: Nodes

    public func node(named name: String) -> Node? { nodeIndex[name].flatMap { nodes[checked: $0] } }

    /// The node owning `ip` as its internal or external address.
    public func node(withIP ip: IPAddress) -> Node? { nodeByIP[ip].flatMap { nodes[checked: $0] } }

    /// The address other nodes and NodePort clients use: the first internal IPv4, else any internal, else external.
    public func nodeIP(_ name: String) -> IPAddress? {
        guard let node = node(named: name) else { return nil }
        return node.internalIPs.first { !$0.isIPv6 } ?? node.internalIPs.first ?? node.externalIPs.first
    }

    /// True when a placeholder node's IP was taken from one of its host-network pods (kube-proxy, …).
    public func isNodeIPInferred(_ name: String) -> Bool { inferredNodeIPs.contains(name) }

    /// The node's pod range: from `spec.podCIDRs`, else guessed (a /24 or wider covering its pods).
    public func podRange(ofNode name: String) -> NodePodRange? { podRanges[name] }

    public func pods(onNode name: String) -> [Pod] {
        let pods = self.pods
        return podPositions(onNode: name).compactMap { pods[checked: $0] }
    }

    /// The positions in `pods` of the node's pods, in input order: the cheap
    /// form of `pods(onNode:)` for a layout that visits every node.
    public func podPositions(onNode name: String) -> [Int] {
        let positions = nodeIndex[name].flatMap { podsByNode[checked: $0] } ?? podsByOtherNode[name] ?? []
        return positions.map(Int.init)
    }

    // MARK: Pods

    public func pod(_ key: ObjectKey) -> Pod? {
        resources.podPosition(key).flatMap { pods[checked: $0] }
    }

    /// Pods carrying `ip` (several when they use the host network).
    public func pods(withIP ip: IPAddress) -> [Pod] {
        let pods = self.pods
        return podsByIP.positions(of: ip).compactMap { pods[checked: $0] }
    }

    /// True when the pod shares its node's network (said by the input, or its IP is a node IP).
    public func usesHostNetwork(_ pod: ObjectKey) -> Bool {
        resources.podPosition(pod).map { hostNetwork[checked: $0] != HostNetworkUse.no } ?? false
    }

    /// True when `usesHostNetwork` was concluded from the pod IP equal to a node IP.
    public func isHostNetworkInferred(_ pod: ObjectKey) -> Bool {
        resources.podPosition(pod).map { hostNetwork[checked: $0] == HostNetworkUse.inferred } ?? false
    }

    /// Pods by `ns/name` or `name` (a bare name may match in several namespaces).
    public func pods(named reference: String) -> [Pod] {
        let key = Self.parseReference(reference)
        if let namespace = key.namespace {
            return pod(ObjectKey(namespace: namespace, name: key.name)).map { [$0] }
                ?? pod(ObjectKey(namespace: nil, name: key.name)).map { [$0] } ?? []
        }
        return pods.filter { $0.name == key.name }
    }
}

/// A node's pod range and whether it was guessed.
public struct NodePodRange: Sendable, Hashable, Codable {
    public var cidr: CIDR
    /// True when guessed from pod IPs (text dumps never print `spec.podCIDR`).
    public var inferred: Bool
    public init(cidr: CIDR, inferred: Bool) { self.cidr = cidr; self.inferred = inferred }
}
