/// The cluster as kubehops understands it: the records plus what was inferred
/// (placeholder nodes, owners, host-network pods, pod CIDRs, which pods back
/// which service). Built once, with indexes, so that every lookup the diagram
/// and the flows make is a dictionary hit: a 150,000-pod dump must not turn
/// into pods × services work.
public struct Cluster: Sendable {
    public private(set) var resources: Resources
    /// The parser's diagnostics plus the model's own (placeholder nodes, …).
    public private(set) var diagnostics: [Diagnostic]
    /// Listed nodes in input order, then placeholder nodes (`isPlaceholder`)
    /// for NODE values no listing showed, in the order pods named them.
    public let nodes: [Node]
    /// The pods, with `owners` filled in from their names (marked inferred)
    /// when the input gave none.
    public let pods: [Pod]
    public var services: [Service] { resources.services }
    public var ingresses: [Ingress] { resources.ingresses }
    public var endpointSets: [EndpointSet] { resources.endpoints }
    public var workloads: [Workload] { resources.workloads }
    /// The ranges in use, guessed from the addresses present, for the IP-scheme legend.
    public let addressScheme: AddressScheme

    private let nodeIndex: [String: Int]
    private let podIndex: [ObjectKey: Int]
    private let podsByNode: [String: [Int]]
    private let podsByIP: [IPAddress: [Int]]
    private let nodeByIP: [IPAddress: Int]
    private let servicesByName: [String: [Int]]
    private let hostNetworkPods: Set<ObjectKey>
    private let hostNetworkInferred: Set<ObjectKey>
    private let podRanges: [String: NodePodRange]
    private let inferredNodeIPs: Set<String>
    private let serviceIndex: [ObjectKey: Int]
    /// Aligned with `services`.
    private let backings: [StoredBacking]
    /// Aligned with `pods`: the services each pod receives traffic for, as
    /// `position << 1 | inferred` (compact: 150,000 pods can have millions of links).
    private let servicesByPod: [[Int32]]

    public init(resources: Resources, diagnostics: [Diagnostic] = []) {
        self.resources = resources
        var diagnostics = diagnostics

        // Nodes: listed ones, then a placeholder for each NODE value never listed.
        var nodes = resources.nodes
        var nodeIndex: [String: Int] = [:]
        for (position, node) in nodes.enumerated() { nodeIndex[node.name] = position }
        let anyNodeListed = !nodes.isEmpty
        var placeholders: [(node: String, pod: Pod)] = []
        for pod in resources.pods {
            guard let name = pod.nodeName, !name.isEmpty, nodeIndex[name] == nil else { continue }
            var placeholder = Node(name: name, status: "Unknown")
            placeholder.isPlaceholder = true
            nodeIndex[name] = nodes.count
            nodes.append(placeholder)
            placeholders.append((name, pod))
        }
        diagnostics += Self.placeholderDiagnostics(placeholders, anyNodeListed: anyNodeListed)
        // A placeholder's IP shows through its host-network system pods (kube-proxy, CNI agents, static pods).
        var inferredNodeIPs = Set<String>()
        if !placeholders.isEmpty {
            for pod in resources.pods {
                guard let name = pod.nodeName, let position = nodeIndex[name], var node = nodes[checked: position],
                      node.isPlaceholder, node.internalIPs.isEmpty, pod.hostNetwork != false,
                      Self.alwaysHostNetwork(pod, nodeName: name), let ip = pod.ips.first else { continue }
                node.internalIPs = [ip]
                nodes[position] = node
                inferredNodeIPs.insert(name)
            }
        }
        var nodeByIP: [IPAddress: Int] = [:]
        for (position, node) in nodes.enumerated() {
            for ip in node.internalIPs + node.externalIPs where nodeByIP[ip] == nil { nodeByIP[ip] = position }
        }

        // Pods: owners from names, host network from IPs, indexes.
        let workloadKinds = Dictionary(resources.workloads.map { ($0.key.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let pods = resources.pods.map { record -> Pod in
            guard record.owners.isEmpty else { return record }
            var pod = record
            pod.owners = OwnerInference.owners(ofPod: pod.name, nodeName: pod.nodeName, status: pod.status,
                                               knownKind: { workloadKinds[$0] })
            return pod
        }
        var podIndex: [ObjectKey: Int] = [:]
        var podsByNode: [String: [Int]] = [:]
        var podsByIP: [IPAddress: [Int]] = [:]
        var hostNetworkPods = Set<ObjectKey>()
        var hostNetworkInferred = Set<ObjectKey>()
        for (position, pod) in pods.enumerated() {
            podIndex[pod.key] = position
            if let node = pod.nodeName { podsByNode[node, default: []].append(position) }
            for ip in pod.ips { podsByIP[ip, default: []].append(position) }
            if pod.hostNetwork == true {
                hostNetworkPods.insert(pod.key)
            } else if pod.hostNetwork == nil, pod.ips.contains(where: { nodeByIP[$0] != nil }) {
                hostNetworkPods.insert(pod.key)
                hostNetworkInferred.insert(pod.key)
            }
        }

        // Pod ranges per node: given in the spec, else guessed from the node's pod IPs.
        var podRanges: [String: NodePodRange] = [:]
        for node in nodes {
            if let given = node.podCIDRs.lazy.compactMap(CIDR.init).first {
                podRanges[node.name] = NodePodRange(cidr: given, inferred: false)
                continue
            }
            let ips = (podsByNode[node.name] ?? []).lazy.compactMap { pods[checked: $0] }
                .filter { !hostNetworkPods.contains($0.key) }.flatMap(\.ips)
            if let guess = CIDR.covering(Array(ips), longestPrefix: 24, shortestPrefix: 16) {
                podRanges[node.name] = NodePodRange(cidr: guess, inferred: true)
            }
        }

        var servicesByName: [String: [Int]] = [:]
        var serviceIndex: [ObjectKey: Int] = [:]
        for (position, service) in resources.services.enumerated() {
            servicesByName[service.name, default: []].append(position)
            serviceIndex[service.key] = position
        }

        let matcher = BackingMatcher(resources: resources, pods: pods, podsByIP: podsByIP,
                                     hostNetworkPods: hostNetworkPods, nodeByIP: nodeByIP)
        var backings: [StoredBacking] = []
        backings.reserveCapacity(resources.services.count)
        var servicesByPod = [[Int32]](repeating: [], count: pods.count)
        for (position, service) in resources.services.enumerated() {
            let stored = matcher.backing(of: service)
            backings.append(stored)
            for (pod, inferred) in stored.podLinks(podIndex: podIndex) where servicesByPod.indices.contains(pod) {
                let link = Int32(position) << 1 | (inferred ? 1 : 0)
                if servicesByPod[pod].last.map({ $0 >> 1 }) != Int32(position) { servicesByPod[pod].append(link) }
            }
        }

        self.diagnostics = diagnostics
        self.nodes = nodes
        self.pods = pods
        self.nodeIndex = nodeIndex
        self.podIndex = podIndex
        self.podsByNode = podsByNode
        self.podsByIP = podsByIP
        self.nodeByIP = nodeByIP
        self.servicesByName = servicesByName
        self.hostNetworkPods = hostNetworkPods
        self.hostNetworkInferred = hostNetworkInferred
        self.podRanges = podRanges
        self.inferredNodeIPs = inferredNodeIPs
        self.serviceIndex = serviceIndex
        self.backings = backings
        self.servicesByPod = servicesByPod
        self.addressScheme = AddressScheme(nodes: nodes, pods: pods, hostNetworkPods: hostNetworkPods,
                                           services: resources.services)
    }

    /// Pods that run on the host network in every usual set-up, so their IP is their node's.
    static func alwaysHostNetwork(_ pod: Pod, nodeName: String) -> Bool {
        let prefixes = ["kube-proxy-", "kindnet-", "calico-node-", "kube-flannel-ds-", "weave-net-"]
        let staticPods = ["etcd-", "kube-apiserver-", "kube-controller-manager-", "kube-scheduler-"]
        if prefixes.contains(where: { pod.name.hasPrefix($0) }) { return true }
        if pod.name.hasPrefix("cilium-"), !pod.name.hasPrefix("cilium-operator") { return true }
        return staticPods.contains { pod.name == $0 + nodeName }
    }

    /// One warning per node missing from a node listing (a conflict worth fixing), at most
    /// `limit` of them; a single note when there was no node listing at all (normal for a pods dump).
    static func placeholderDiagnostics(_ placeholders: [(node: String, pod: Pod)], anyNodeListed: Bool, limit: Int = 20) -> [Diagnostic] {
        guard let first = placeholders.first else { return [] }
        guard anyNodeListed else {
            let names = placeholders.prefix(5).map(\.node).joined(separator: ", ") + (placeholders.count > 5 ? ", …" : "")
            return [Diagnostic(severity: .note, source: first.pod.origin?.source ?? "-", line: 0,
                               message: "no node listing in the input: \(placeholders.count) node\(placeholders.count == 1 ? "" : "s") (\(names)) come from the pods' NODE column, without IPs; add `kubectl get nodes -o wide` to see them")]
        }
        var diagnostics = placeholders.prefix(limit).map { entry in
            Diagnostic(severity: .warning, source: entry.pod.origin?.source ?? "-", line: entry.pod.origin?.line ?? 0,
                       message: "pod \(entry.pod.key) runs on node \(entry.node), which no node listing showed; drawn as a placeholder node (run `kubectl get nodes -o wide` to fill it in)")
        }
        if placeholders.count > limit {
            diagnostics.append(Diagnostic(severity: .warning, source: first.pod.origin?.source ?? "-", line: 0,
                                          message: "\(placeholders.count - limit) more nodes named by pods are missing from the node listing; drawn as placeholders"))
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
        (podsByNode[name] ?? []).compactMap { pods[checked: $0] }
    }

    // MARK: Pods

    public func pod(_ key: ObjectKey) -> Pod? {
        podIndex[key].flatMap { pods[checked: $0] }
    }

    /// Pods carrying `ip` (several when they use the host network).
    public func pods(withIP ip: IPAddress) -> [Pod] {
        (podsByIP[ip] ?? []).compactMap { pods[checked: $0] }
    }

    /// True when the pod shares its node's network (said by the input, or its IP is a node IP).
    public func usesHostNetwork(_ pod: ObjectKey) -> Bool { hostNetworkPods.contains(pod) }

    /// True when `usesHostNetwork` was concluded from the pod IP equal to a node IP.
    public func isHostNetworkInferred(_ pod: ObjectKey) -> Bool { hostNetworkInferred.contains(pod) }

    /// Pods by `ns/name` or `name` (a bare name may match in several namespaces).
    public func pods(named reference: String) -> [Pod] {
        let key = Self.parseReference(reference)
        if let namespace = key.namespace {
            return pod(ObjectKey(namespace: namespace, name: key.name)).map { [$0] }
                ?? pod(ObjectKey(namespace: nil, name: key.name)).map { [$0] } ?? []
        }
        return pods.filter { $0.name == key.name }
    }

    // MARK: Services

    public func service(_ key: ObjectKey) -> Service? { resources.service(key) }

    /// Services by `ns/name` or `name`; a namespace that the input did not print matches any.
    public func services(named reference: String) -> [Service] {
        let key = Self.parseReference(reference)
        return (servicesByName[key.name] ?? []).compactMap { position -> Service? in
            guard let service = services[checked: position] else { return nil }
            guard let namespace = key.namespace else { return service }
            return Self.namespacesMatch(service.namespace, namespace) ? service : nil
        }
    }

    /// The pods behind a service that receive traffic (NotReady pods left out), with the evidence.
    public func backing(of service: ObjectKey) -> [Backing] {
        stored(service)?.backing(pods: pods) ?? []
    }

    /// Endpoints, their source and what is missing (see `ServiceBackingInfo`).
    public func backingInfo(of service: ObjectKey) -> ServiceBackingInfo {
        stored(service)?.info(pods: pods) ?? ServiceBackingInfo()
    }

    /// The services a pod receives traffic for.
    public func services(backedBy pod: ObjectKey) -> [ObjectKey] {
        guard let position = podIndex[pod] else { return [] }
        return serviceLinks(ofPodAt: position).compactMap { services[checked: $0.service]?.key }
    }

    /// The services the pod at `position` in `pods` receives traffic for, by
    /// position in `services`, each with whether the link was guessed: the
    /// cheap form of `backing(of:)` for a layout that visits every pod.
    public func serviceLinks(ofPodAt position: Int) -> [(service: Int, inferred: Bool)] {
        (servicesByPod[checked: position] ?? []).map { (Int($0 >> 1), $0 & 1 == 1) }
    }

    private func stored(_ service: ObjectKey) -> StoredBacking? {
        serviceIndex[service].flatMap { backings[checked: $0] }
    }

    // MARK: Ingresses

    public func ingress(_ key: ObjectKey) -> Ingress? { ingresses.first { $0.key == key } }

    // MARK: Helpers

    /// `ns/name` → key with namespace; `name` → key without.
    public static func parseReference(_ reference: String) -> ObjectKey {
        let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 { return ObjectKey(namespace: parts[0], name: parts[1]) }
        return ObjectKey(namespace: nil, name: reference)
    }

    /// A namespace the input did not print (nil) is compatible with any.
    public static func namespacesMatch(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b
    }
}

/// A node's pod range and whether it was guessed.
public struct NodePodRange: Sendable, Hashable, Codable {
    public var cidr: CIDR
    /// True when guessed from pod IPs (text dumps never print `spec.podCIDR`).
    public var inferred: Bool
    public init(cidr: CIDR, inferred: Bool) { self.cidr = cidr; self.inferred = inferred }
}
