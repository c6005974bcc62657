import ClusterModel

/// A connection walked through kube-proxy's nftables table on one node.
public struct NftablesWalk: Sendable, Hashable {
    public var walked: [WalkedRule]
    public var outcome: WalkOutcome
    /// Index into the port's `endpoints` of the DNAT destination.
    public var endpointIndex: Int?
    /// The rule that set the masquerade mark (or, 1.36+, the hairpin rule that masqueraded).
    public var markedBy: Rule?
    /// `numgen random mod N` drew `slot` of `count`.
    public var slot: (drawn: Int, count: Int)?
    /// A no-endpoint element dropped the packet because no endpoint is local: true for the external one.
    public var noLocalEndpointsDrop: Bool?
    public var table: NftablesTable
    /// The affinity set the walk's endpoint chain added the source to (`update @affinity-… { ip saddr }`):
    /// with ClientIP affinity, the set a later connection of this client is found in.
    public var affinitySet: String?
    /// The `ip:port` the numgen rule chose among, in slot order (nil when no numgen rule chose).
    public var choices: [String]?

    public static func == (lhs: NftablesWalk, rhs: NftablesWalk) -> Bool {
        lhs.walked == rhs.walked && lhs.outcome == rhs.outcome && lhs.endpointIndex == rhs.endpointIndex
            && lhs.slot?.drawn == rhs.slot?.drawn && lhs.slot?.count == rhs.slot?.count
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(walked) }
}

/// A node's own nftables table (`--node-rules NODE=FILE`, `nft list table ip kube-proxy` or `nft list ruleset`):
/// walked instead of the predicted table.
public struct ObservedNftables: Sendable, Hashable {
    public var table: NftablesTable
    /// The file it was read from, for `.observed("file:line")`.
    public var source: String
    public init(table: NftablesTable, source: String) { self.table = table; self.source = source }

    /// kube-proxy's tables of a listing (`ip`, `ip6`) as walkable tables, one per family.
    public static func tables(of dump: NftDump) -> [NftablesTable] {
        dump.tables.filter { $0.name == "kube-proxy" }.compactMap(NftablesTable.init(listed:))
    }
}

extension KubeProxyNftables {
    /// Walks one connection to `port` entering at `entry` from `source`, as netfilter runs kube-proxy's
    /// base chains: filter-prerouting, nat-prerouting, then filter-input or filter-forward, nat-postrouting
    /// (a node's own process: filter-output, nat-output, filter-output-post-dnat, nat-postrouting).
    /// - Parameters:
    ///   - draws: in [0, 1); the first one is `numgen random`'s draw (slot = ⌊draw × N⌋).
    ///   - affinityEndpoint: with ClientIP affinity, the endpoint whose affinity set holds the source.
    ///   - affinitySet: the affinity set that holds the source (a first walk's `affinitySet`).
    ///   - observed: the node's own table, walked instead of the predicted one.
    public func walk(
        _ port: ServicePortSpec, entry: ServiceEntry, source: PacketSource, draws: [Double] = [],
        affinityEndpoint: Int? = nil, affinitySet: String? = nil, observed: ObservedNftables? = nil
    ) -> NftablesWalk? {
        let table = observed?.table ?? table(for: [port])
        var local = node.addresses.compactMap(prefix)
        guard let destination = entry.destination(of: port, prefix: prefix) else { return nil }
        let (sourceText, fromNode, interface) = source.sender
        guard let sourceAddress = prefix(sourceText), let destinationAddress = prefix(destination.host) else {
            return nil
        }
        if case .nodePort = entry { local.append(destinationAddress) }
        if fromNode { local.append(sourceAddress) }
        var hits: Set<String> = []
        if let affinityEndpoint, port.endpoints.indices.contains(affinityEndpoint),
            let base = NftablesNames.endpointBase(port, port.endpoints[affinityEndpoint])
        {
            hits.insert("affinity-" + base)
        }
        if let affinitySet { hits.insert(affinitySet) }
        let layout = generation == .inlined ? "1.36+" : "1.33–1.35"
        let provenance = Provenance.inferred(
            from: "kube-proxy \(node.kubeVersion.map(\.description) ?? layout) nftables rules (\(layout) layout) "
                + "predicted from \(port.service) and its endpoints")
        var walker = NftWalker(
            table: table, local: local, provenance: provenance, draws: draws, affinityHits: hits,
            source: sourceAddress, destination: destinationAddress, protocol: port.protocol.lowercased(),
            port: destination.port, fromNode: fromNode, interface: interface,
            fromPod: { if case .pod = source { true } else { false } }())
        walker.observedSource = observed?.source
        walker.run()
        var index: Int?
        if case .dnat(let to, _) = walker.outcome { index = port.endpoints.firstIndex { $0.hostPort == to } }
        return NftablesWalk(
            walked: walker.walked, outcome: walker.outcome, endpointIndex: index, markedBy: walker.markedBy,
            slot: walker.slot, noLocalEndpointsDrop: walker.noLocalDrop.map { $0 != destinationAddress.nftText },
            table: table, affinitySet: walker.updatedSets.first,
            choices: walker.choiceChain.flatMap { table.endpointChoice($0)?.destinations })
    }
}
