import ClusterModel

/// Where a connection to a service enters the node.
public enum ServiceEntry: Sendable, Hashable {
    /// The service's ClusterIP (of the generator's family) and port.
    case clusterIP
    /// `nodeIP:nodePort`.
    case nodePort(nodeIP: String)
    /// A `status.loadBalancer.ingress` IP delivered as the destination (VIP balancers).
    case loadBalancer(ip: String)
    case externalIP(ip: String)
}

/// Who sends the connection's first packet.
public enum PacketSource: Sendable, Hashable {
    /// A pod (its IP in the pod CIDR), arriving from its veth or the bridge (`interface`, if known).
    case pod(ip: String, interface: String? = nil)
    /// A process of this node or a hostNetwork pod: nat OUTPUT, `--src-type LOCAL`.
    case node(ip: String)
    /// A client outside the cluster.
    case outside(ip: String)
}

extension ServiceEntry {
    /// Where the connection's first packet is addressed, the same for every dataplane.
    ///
    /// The port's ClusterIP of the family `prefix` reads, the node's address with the nodePort, or an LB or
    /// external IP with the service port; nil when the port has no such address (no nodePort, no ClusterIP of
    /// that family).
    func destination(of port: ServicePortSpec, prefix: (String) -> IPPrefix?) -> (host: String, port: Int)? {
        switch self {
        case .clusterIP:
            guard let ip = port.clusterIPs.first(where: { prefix($0) != nil }) else { return nil }
            return (ip, port.port)
        case .nodePort(let nodeIP):
            guard let nodePort = port.nodePort else { return nil }
            return (nodeIP, nodePort)
        case .loadBalancer(let ip), .externalIP(let ip):
            return (ip, port.port)
        }
    }
}

extension PacketSource {
    /// The sender's address, whether it is a process of the node (nat OUTPUT), and the interface a pod's packet
    /// comes in by, when known.
    var sender: (ip: String, fromNode: Bool, interface: String?) {
        switch self {
        case .pod(let ip, let interface): (ip, false, interface)
        case .node(let ip): (ip, true, nil)
        case .outside(let ip): (ip, false, nil)
        }
    }
}

/// A node's real iptables-save (`--node-rules NODE=FILE`): walked instead of the predicted rules.
public struct ObservedIptables: Sendable, Hashable {
    public var dump: IptablesDump
    /// The file it was read from, for `.observed("file:line")`.
    public var source: String
    public init(dump: IptablesDump, source: String) { self.dump = dump; self.source = source }
}

/// A service connection walked through the rules kube-proxy would write on the node.
public struct ServiceWalk: Sendable, Hashable {
    public var result: IptablesWalkResult
    /// Index into the port's `endpoints` of the DNAT destination, when DNATed.
    public var endpointIndex: Int?
    /// The whole predicted ruleset the walk used (for "show the whole chain").
    public var ruleset: IptablesRuleset
}

extension KubeProxyIptables {
    /// Walks one connection to `port` entering at `entry` from `source`.
    /// - Parameters:
    ///   - draws: one per `-m statistic` rule reached, in [0, 1) (seeded by the caller).
    ///   - affinityEndpoint: with ClientIP affinity, the index into `port.endpoints` whose
    ///     `-m recent` list already holds the source on this node (nil: a first connection).
    ///   - otherPorts: the rest of the node's service ports, when the walk should see them too.
    /// - Returns: nil when the entry has no address in this family (no ClusterIP of the family,
    ///   or an unparsable IP).
    public func walk(
        _ port: ServicePortSpec, entry: ServiceEntry, source: PacketSource, draws: [Double] = [],
        affinityEndpoint: Int? = nil, otherPorts: [ServicePortSpec] = [], observed: ObservedIptables? = nil
    ) -> ServiceWalk? {
        let ruleset = observed?.dump.ruleset ?? ruleset(for: [port] + otherPorts)
        var local = node.addresses.compactMap(prefix)
        guard let destination = entry.destination(of: port, prefix: prefix) else { return nil }
        let (sourceText, fromNode, interface) = source.sender
        guard let sourceAddress = prefix(sourceText), let destinationAddress = prefix(destination.host) else {
            return nil
        }
        if case .nodePort = entry { local.append(destinationAddress) }
        if fromNode { local.append(sourceAddress) }
        let packet = IptablesPacket(
            source: sourceAddress, destination: destinationAddress, protocol: port.protocol,
            destinationPort: destination.port, fromLocalProcess: fromNode, inInterface: interface)
        var hits: Set<String> = []
        if let affinityEndpoint, port.endpoints.indices.contains(affinityEndpoint) {
            hits.insert(Self.endpointChainName(port, port.endpoints[affinityEndpoint]))
        }
        let provenance = Provenance.inferred(
            from: "kube-proxy \(node.kubeVersion.map(\.description) ?? "1.24+") iptables rules predicted from "
                + "\(port.service) and its endpoints")
        let walker = IptablesWalker(ruleset: ruleset, localAddresses: local) { rule in
            guard let observed else { return provenance }
            let line = ["nat", "filter"].lazy.compactMap { observed.dump.line(of: rule, table: $0) }.first
            return .observed(observed.source + (line.map { ":\($0)" } ?? ""))
        }
        let result = walker.walk(packet, choices: WalkChoices(draws: draws, recentHits: hits))
        var index: Int?
        if case .dnat(let to, _) = result.outcome { index = port.endpoints.firstIndex { $0.hostPort == to } }
        return ServiceWalk(result: result, endpointIndex: index, ruleset: ruleset)
    }

    /// The KUBE-SEP chain of one endpoint of a port (a placeholder when the port name is hidden).
    public static func endpointChainName(_ port: ServicePortSpec, _ endpoint: EndpointSpec) -> String {
        guard let portName = port.portName.hashedName else {
            return KubeProxyChains.placeholderChain(
                "KUBE-SEP-", service: port.service, protocol: port.protocol, port: port.port,
                endpoint: endpoint.hostPort)
        }
        return KubeProxyChains.endpointChain(
            port.service, portName: portName, protocol: port.protocol, endpoint: endpoint.hostPort)
    }

    /// The KUBE-SVC / KUBE-SVL / KUBE-EXT / KUBE-FW chain names of a port, and the
    /// `ns/svc:port` text of its comments (placeholders when the port name is hidden).
    public static func chainNames(
        _ port: ServicePortSpec
    )
        -> (servicePortName: String, svc: String, svl: String, ext: String, fw: String)
    {
        let names = ServicePortRules.chainNames(port)
        return (names.name, names.svc, names.svl, names.ext, names.fw)
    }
}
