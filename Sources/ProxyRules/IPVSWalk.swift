import ClusterModel

/// A connection walked through kube-proxy's IPVS mode on one node: the few iptables rules that match
/// the ipsets (masquerade marks), the IPVS virtual server and the real server its scheduler picked, and
/// KUBE-POSTROUTING.
public struct IPVSWalk: Sendable, Hashable {
    public var walked: [WalkedRule]
    public var outcome: WalkOutcome
    public var endpointIndex: Int?
    /// The iptables rule that jumped to KUBE-MARK-MASQ, or the KUBE-LOOP-BACK rule of a hairpin.
    public var markedBy: Rule?
    public var virtualServer: IPVSVirtualServer?
    /// The real servers the scheduler chose among (their count), and the one it took.
    public var picked: Int?
    /// How many real servers the scheduler chose among (those of weight above 0).
    public var usable: Int?
    /// Their `ip:port`.
    public var choices: [String]?
}

/// kube-proxy's IPVS proxier (pkg/proxy/ipvs/proxier.go) for one node and family, as data.
///
/// Pure.
public struct KubeProxyIPVS: Sendable {
    public var node: ProxyNode
    public var family: IPPrefix.Family
    /// The flags that change its iptables rules (--masquerade-all, --random-fully support).
    public var options: ProxyOptions

    public init(node: ProxyNode, family: IPPrefix.Family = .ipv4, options: ProxyOptions = ProxyOptions()) {
        self.node = node; self.family = family; self.options = options
    }

    func prefix(_ text: String) -> IPPrefix? {
        guard let prefix = IPPrefix(text.trimmingSpaces), prefix.family == family else { return nil }
        return prefix
    }

    /// Every virtual server of `port` on this node: ClusterIP:port, each node address:nodePort, the
    /// load-balancer and external IPs; real servers per traffic policy (node-local ones for `Local`).
    public func virtualServers(_ port: ServicePortSpec) -> [IPVSVirtualServer] {
        let endpoints = port.endpoints.filter { IPPrefix($0.ip)?.family == family }
        let categories = EndpointCategories(port: port, endpoints: endpoints, nodeName: node.name)
        let internalServers = (port.internalTrafficPolicyLocal ? categories.local : categories.cluster).map(\.hostPort)
        let externalLocal = port.externalTrafficPolicyLocal && port.isExternallyAccessible
        let externalServers = (externalLocal ? categories.local : categories.cluster).map(\.hostPort)
        func server(_ ip: IPPrefix, _ number: Int, _ servers: [String]) -> IPVSVirtualServer {
            IPVSVirtualServer(
                protocol: port.protocol.uppercased(), address: ip, port: number, scheduler: "rr",
                persistence: port.affinityTimeoutSeconds, realServers: servers)
        }
        var servers: [IPVSVirtualServer] = []
        if let clusterIP = port.clusterIPs.lazy.compactMap(prefix).first {
            servers.append(server(clusterIP, port.port, internalServers))
        }
        for ip in (port.externalIPs + port.loadBalancerIPs).compactMap(prefix) {
            servers.append(server(ip, port.port, externalServers))
        }
        if let nodePort = port.nodePort, nodePort != 0 {
            for ip in node.addresses.compactMap(prefix) { servers.append(server(ip, nodePort, externalServers)) }
        }
        return servers
    }

    /// Walks one connection.
    ///
    /// `connection` counts this client's connections to the virtual server on this node: `rr` hands them to the real
    /// servers in turn (other clients' connections in between would shift it: said as inferred by the caller).
    /// `affinityEndpoint`: the real server persistence already holds. `observed`: the node's own `ipvsadm -Ln`, whose
    /// virtual and real servers are walked instead.
    public func walk(
        _ port: ServicePortSpec, entry: ServiceEntry, source: PacketSource, connection: Int,
        affinityEndpoint: Int? = nil, observed: ObservedIPVS? = nil
    ) -> IPVSWalk? {
        guard let (sourceAddress, fromNode, destinationAddress, destinationPort) = addresses(port, entry, source)
        else { return nil }
        var walk = IPVSRuleWalk(
            generator: self, port: port, source: sourceAddress, fromNode: fromNode, beside: observed?.source)
        walk.natServices(entry: entry, destination: destinationAddress)
        guard let (virtual, listed) = virtualServer(port, destinationAddress, destinationPort, observed: observed)
        else {
            return IPVSWalk(walked: walk.walked, outcome: .notTranslated, markedBy: walk.markedBy)
        }
        var result = IPVSWalk(walked: walk.walked, outcome: .notTranslated, markedBy: walk.markedBy)
        result.virtualServer = virtual
        let provenance = { (line: Int?) in line.flatMap { observed?.provenance($0) } ?? walk.provenance }
        walk.walked.append(
            WalkedRule(
                rule: Rule(dataplane: .ipvs, table: "ipvs", chain: "virtual servers", text: virtual.line),
                matched: true, provenance: provenance(listed?.line)))
        // IPVS's schedulers pass over a real server of weight 0 (kube-proxy's graceful termination).
        let usable = virtual.realServers.indices.filter { listed?.realServers[$0].weight != 0 }
        guard !usable.isEmpty else {
            result.walked = walk.walked
            result.outcome = .reject(
                reason: "\(virtual.line) has no real servers"
                    + (virtual.realServers.isEmpty ? "" : " of weight above 0"))
            return result
        }
        let persisted = persistedServer(port, virtual, affinityEndpoint: affinityEndpoint)
        let picked = persisted ?? usable[max(0, connection) % usable.count]
        let pick = RealServerPick(
            virtual: virtual, listed: listed, usable: usable, picked: picked, persisted: persisted != nil,
            connection: connection)
        walk.walked += pick.rules(provenance: provenance)
        let chosen = virtual.realServers[picked]
        walk.postrouting(hairpin: IptablesWalker.address(ofHostPort: chosen) == sourceAddress)
        result.walked = walk.walked
        result.markedBy = walk.markedBy
        result.outcome = .dnat(destination: chosen, endpointChain: virtual.line)
        result.endpointIndex = port.endpoints.firstIndex { $0.hostPort == chosen }
        result.picked = usable.firstIndex(of: picked)
        result.usable = usable.count
        result.choices = usable.map { virtual.realServers[$0] }
        return result
    }

    /// The virtual server the packet's destination names: from the node's own listing when there is one (with its
    /// listed line, for weights and provenance), else from the servers kube-proxy would write.
    func virtualServer(
        _ port: ServicePortSpec, _ address: IPPrefix, _ number: Int, observed: ObservedIPVS?
    ) -> (server: IPVSVirtualServer, listed: IpvsVirtualServer?)? {
        if let observed {
            observed.virtualServer(protocol: port.protocol, address: address, port: number).map { ($0.0, $0.1) }
        } else {
            virtualServers(port).first { $0.address == address && $0.port == number }.map { ($0, nil) }
        }
    }

    /// The real server that persistence (session affinity) already holds for this client, when it is one of the
    /// virtual server's: IPVS then skips its scheduler.
    func persistedServer(_ port: ServicePortSpec, _ virtual: IPVSVirtualServer, affinityEndpoint: Int?) -> Int? {
        affinityEndpoint.flatMap { index -> Int? in
            guard port.endpoints.indices.contains(index) else { return nil }
            return virtual.realServers.firstIndex(of: port.endpoints[index].hostPort)
        }
    }

    /// Who hands out the turns: `rr` itself, or kubehops' stand-in for another scheduler.
    static func turn(_ scheduler: String) -> String {
        scheduler == "rr" ? "rr" : "taking the servers in turn (the node's scheduler \(scheduler) may not), kubehops"
    }

    /// The packet's source and destination as this family's prefixes, and whether a node process sent it.
    func addresses(_ port: ServicePortSpec, _ entry: ServiceEntry, _ source: PacketSource)
        -> (IPPrefix, Bool, IPPrefix, Int)?
    {
        guard let destination = entry.destination(of: port, prefix: prefix) else { return nil }
        let (sourceText, fromNode, _) = source.sender
        guard let sourceAddress = prefix(sourceText), let destinationAddress = prefix(destination.host) else {
            return nil
        }
        return (sourceAddress, fromNode, destinationAddress, destination.port)
    }
}

/// The scheduler's choice among one virtual server's real servers, and why each other one was not taken.
struct RealServerPick {
    var virtual: IPVSVirtualServer
    var listed: IpvsVirtualServer?
    /// The real servers of weight above 0 (indices into `virtual.realServers`).
    var usable: [Int]
    var picked: Int
    /// Whether persistence picked, not the scheduler.
    var persisted: Bool
    var connection: Int

    /// One walked rule per real server, in the virtual server's order; only the picked one matched.
    func rules(provenance: (Int?) -> Provenance) -> [WalkedRule] {
        virtual.realServers.enumerated().map { index, server in
            let weight = listed?.realServers[index].weight ?? 1
            return WalkedRule(
                rule: Rule(
                    dataplane: .ipvs, table: "ipvs", chain: virtual.line,
                    text: IPVSVirtualServer.realServerLine(server, weight: weight)),
                matched: index == picked, whyNot: whyNot(index),
                provenance: provenance(listed?.realServers[index].line))
        }
    }

    /// Why the real server at `index` did not get the connection; nil for the one that did.
    func whyNot(_ index: Int) -> String? {
        index == picked
            ? nil
            : !usable.contains(index)
                ? "weight 0: kube-proxy is draining it (a terminating endpoint), so IPVS gives it no new connection"
                : persisted
                    ? "not chosen: persistence keeps this client on \(virtual.realServers[picked])"
                    : "not chosen: \(KubeProxyIPVS.turn(virtual.scheduler)) gives connection \(connection) to "
                        + virtual.realServers[picked]
    }
}
