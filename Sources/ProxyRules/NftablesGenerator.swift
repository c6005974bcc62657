import ClusterModel

/// Which layout kube-proxy's nftables proxier writes, by its version.
public enum NftablesGeneration: String, Sendable, Hashable, Codable {
    /// 1.29–1.35 (GA in 1.33): a `mark-for-masquerade` chain, an `endpoint-…` chain per endpoint that the
    /// service chain's `numgen random mod N vmap` jumps to (pkg/proxy/nftables/proxier.go).
    case endpointChains
    /// 1.36+: the mark set inline, the service chain DNATs with one `dnat ip to numgen random mod N map`,
    /// hairpin connections found in the `hairpin-connections` set.
    case inlined

    /// The generation of a node's kube-proxy, and the sentence saying why it was picked.
    public static func pick(_ version: KubeVersion?) -> (generation: NftablesGeneration, why: String) {
        guard let version else {
            return (
                .inlined,
                "the node's version is not in the input, so the 1.36+ layout is shown (`kubectl get nodes -o wide` "
                    + "shows VERSION; 1.33–1.35 write a mark-for-masquerade chain and an endpoint- chain each)"
            )
        }
        if version >= .nftablesSecondGeneration {
            return (
                .inlined,
                "kube-proxy \(version) writes the 1.36+ layout: masquerade marks inline, `dnat … to numgen random "
                    + "mod N map` in the service chain, hairpins in the hairpin-connections set"
            )
        }
        let stage = version >= .nftablesGA ? "" : " (nftables mode was alpha/beta before 1.33)"
        return (
            .endpointChains,
            "kube-proxy \(version) writes the 1.33–1.35 layout\(stage): a mark-for-masquerade chain, and "
                + "`numgen random mod N vmap` jumping to one endpoint- chain per endpoint"
        )
    }
}

/// The table kube-proxy's nftables proxier writes on one node for one IP family, as data.
///
/// Pure. Services are written sorted by name (kube-proxy iterates a Go map).
public struct KubeProxyNftables: Sendable {
    public var node: ProxyNode
    public var family: IPPrefix.Family
    public var generation: NftablesGeneration

    public init(node: ProxyNode, family: IPPrefix.Family = .ipv4, generation: NftablesGeneration? = nil) {
        self.node = node; self.family = family
        self.generation = generation ?? NftablesGeneration.pick(node.kubeVersion).generation
    }

    static let mark = "0x00004000"
    var ipX: String { family == .ipv6 ? "ip6" : "ip" }
    var addressType: String { family == .ipv6 ? "ipv6_addr" : "ipv4_addr" }

    func prefix(_ text: String) -> IPPrefix? {
        guard let prefix = IPPrefix(text.trimmingSpaces), prefix.family == family else { return nil }
        return prefix
    }

    /// The whole table for these service ports.
    public func table(for ports: [ServicePortSpec]) -> NftablesTable {
        var table = NftablesTable(family: family)
        writeSetup(&table)
        let sorted = ports.sorted { ($0.service, $0.port, $0.protocol) < ($1.service, $1.port, $1.protocol) }
        for port in sorted {
            let endpoints = port.endpoints.filter { IPPrefix($0.ip)?.family == family }
            NftServicePortRules(port: port, endpoints: endpoints, generator: self)?.write(into: &table)
        }
        return table
    }

    /// `ip saddr != 10.244.0.0/16` (or the interface form) and its condition: kube-proxy's IfNotLocalNFT
    /// / IfLocalNFT; nil when the local detector is not known (kube-proxy then writes no such rule).
    func podMatch(negated: Bool) -> (text: String, condition: NftCondition)? {
        let op = negated ? "!= " : ""
        switch node.localDetector {
        case .clusterCIDR(let cidrs), .nodeCIDR(let cidrs):
            guard let cidr = cidrs.lazy.compactMap(prefix).first else { return nil }
            return ("\(ipX) saddr \(op)\(cidr.nftText)", .saddr([cidr], negated: negated))
        case .bridgeInterface(let name):
            return ("iifname \(op)\"\(name)\"", .iifname(name, negated: negated))
        case .interfaceNamePrefix(let name):
            return ("iifname \(op)\"\(name)*\"", .iifname(name + "*", negated: negated))
        case nil:
            return nil
        }
    }

    /// The part of the table that is the same for every service, in kube-proxy's order (setupNFTables in
    /// pkg/proxy/nftables/proxier.go): the order is kept because the listing and the goldens show it.
    private func writeSetup(_ table: inout NftablesTable) {
        writeSets(&table)
        writeNodePortAddresses(&table)
        writeBaseChains(&table)
        writeBaseJumps(&table)
        writeMasquerading(&table)
        writeClusterIPsReject(&table)
        writeUnallocatedDrop(&table)
        writeRejectChain(&table)
        writeDispatch(&table)
    }

    /// The sets and verdict maps the service rules fill in (and, from 1.36, the hairpin connections).
    private func writeSets(_ table: inout NftablesTable) {
        let key = "\(addressType) . inet_proto . inet_service : verdict"
        if generation == .inlined {
            table.sets.append(
                NftSet(
                    kind: "set", name: "hairpin-connections",
                    type: "\(addressType) . \(addressType) . inet_proto . inet_service",
                    comment: "service hairpin connections"))
        }
        table.sets += [
            NftSet(kind: "set", name: "cluster-ips", type: addressType, comment: "Active ClusterIPs"),
            NftSet(kind: "set", name: "nodeport-ips", type: addressType, comment: "IPs that accept NodePort traffic"),
            NftSet(
                kind: "map", name: "no-endpoint-services", type: key,
                comment: "vmap to drop or reject packets to services with no endpoints"),
            NftSet(
                kind: "map", name: "no-endpoint-nodeports", type: "inet_proto . inet_service : verdict",
                comment: "vmap to drop or reject packets to service nodeports with no endpoints"),
            NftSet(
                kind: "map", name: "firewall-ips", type: key,
                comment: "destinations that are subject to LoadBalancerSourceRanges"),
            NftSet(
                kind: "map", name: "service-ips", type: key,
                comment: "ClusterIP, ExternalIP and LoadBalancer IP traffic"),
            NftSet(
                kind: "map", name: "service-nodeports", type: "inet_proto . inet_service : verdict",
                comment: "NodePort traffic"),
        ]
    }

    /// The node's own addresses in `nodeport-ips`: only traffic to them is NodePort traffic.
    private func writeNodePortAddresses(_ table: inout NftablesTable) {
        // nftables mode opens NodePorts on the node's primary IPs (`--nodeport-addresses primary`, its default).
        for address in node.addresses.compactMap(prefix) where !Self.isLoopback(address) {
            table.addElement("nodeport-ips", key: address.nftText)
        }
    }

    /// The base chains hooked into netfilter, at the priorities kube-proxy picks.
    private func writeBaseChains(_ table: inout NftablesTable) {
        let bases: [(String, String)] = [
            ("filter-prerouting", "type filter hook prerouting priority dstnat - 10; policy accept;"),
            ("filter-input", "type filter hook input priority -110; policy accept;"),
            ("filter-forward", "type filter hook forward priority -110; policy accept;"),
            ("filter-output", "type filter hook output priority -110; policy accept;"),
            ("filter-output-post-dnat", "type filter hook output priority -90; policy accept;"),
            ("nat-prerouting", "type nat hook prerouting priority dstnat; policy accept;"),
            ("nat-output", "type nat hook output priority -100; policy accept;"),
            ("nat-postrouting", "type nat hook postrouting priority srcnat; policy accept;"),
        ]
        table.chains += bases.map { NftChain(name: $0.0, base: $0.1) }
    }

    /// The jumps from the base chains to kube-proxy's own chains (the filter ones for new connections only).
    private func writeBaseJumps(_ table: inout NftablesTable) {
        let jumps: [(String, String, Bool)] = [
            ("nodeport-endpoints-check", "filter-input", true),
            ("service-endpoints-check", "filter-input", true),
            ("service-endpoints-check", "filter-forward", true),
            ("service-endpoints-check", "filter-output", true),
            ("firewall-check", "filter-prerouting", true),
            ("firewall-check", "filter-output", true),
            ("services", "nat-output", false),
            ("services", "nat-prerouting", false),
            ("masquerading", "nat-postrouting", false),
            ("cluster-ips-check", "filter-forward", true),
            ("cluster-ips-check", "filter-output-post-dnat", true),
        ]
        for (to, from, new) in jumps {
            table.ensureChain(to)
            table.append(
                NftRule(
                    conditions: new ? [.ctStateNew] : [], action: .jump(to),
                    text: (new ? "ct state new " : "") + "jump \(to)"), to: from)
        }
    }

    /// Traffic to a ClusterIP that no service port took is rejected, not left to time out.
    private func writeClusterIPsReject(_ table: inout NftablesTable) {
        table.append(
            NftRule(
                conditions: [.daddrInSet("cluster-ips")], action: .reject,
                text: "\(ipX) daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\""),
            to: "cluster-ips-check")
    }

    /// The chain the no-endpoint maps jump to, so a service without endpoints answers with a reject.
    private func writeRejectChain(_ table: inout NftablesTable) {
        table.chains.append(
            NftChain(
                name: "reject-chain", comment: "helper for @no-endpoint-services / @no-endpoint-nodeports",
                rules: [NftRule(conditions: [], action: .reject, text: "reject")]))
    }

    /// The verdict-map look-ups that send a packet to its service's chain or to its no-endpoint verdict (and, from
    /// 1.36, the inline masquerade mark for ClusterIP traffic from outside the pod network, before the look-up).
    private func writeDispatch(_ table: inout NftablesTable) {
        let dispatch = "\(ipX) daddr . meta l4proto . th dport vmap"
        table.append(
            NftRule(
                conditions: [], action: .vmap("no-endpoint-services", nodePorts: false),
                text: "\(dispatch) @no-endpoint-services"), to: "service-endpoints-check")
        table.append(
            NftRule(
                conditions: [.daddrInSet("nodeport-ips")], action: .vmap("no-endpoint-nodeports", nodePorts: true),
                text: "\(ipX) daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports"),
            to: "nodeport-endpoints-check")
        table.append(
            NftRule(conditions: [], action: .vmap("firewall-ips", nodePorts: false), text: "\(dispatch) @firewall-ips"),
            to: "firewall-check")
        if generation == .inlined, let notPod = podMatch(negated: true) {
            table.append(
                NftRule(
                    conditions: [.daddrInSet("cluster-ips"), notPod.condition], action: .markOrContinue,
                    text: "\(ipX) daddr @cluster-ips \(notPod.text) meta mark set meta mark | \(Self.mark) comment "
                        + "\"masquerade clusterIP traffic from outside cluster\""), to: "services")
        }
        table.append(
            NftRule(conditions: [], action: .vmap("service-ips", nodePorts: false), text: "\(dispatch) @service-ips"),
            to: "services")
        table.append(
            NftRule(
                conditions: [.daddrInSet("nodeport-ips")], action: .vmap("service-nodeports", nodePorts: true),
                text: "\(ipX) daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports"), to: "services")
    }

    private func writeMasquerading(_ table: inout NftablesTable) {
        switch generation {
        case .endpointChains:
            table.chains.append(
                NftChain(
                    name: "mark-for-masquerade",
                    rules: [NftRule(conditions: [], action: .markOr, text: "meta mark set meta mark | \(Self.mark)")]))
            table.append(
                NftRule(
                    conditions: [.markClear(negated: false)], action: .return,
                    text: "meta mark & \(Self.mark) == 0x00000000 return"), to: "masquerading")
            table.append(
                NftRule(
                    conditions: [], action: .markXor(thenMasquerade: false),
                    text: "meta mark set meta mark ^ \(Self.mark)"),
                to: "masquerading")
            table.append(
                NftRule(conditions: [], action: .masquerade, text: "masquerade fully-random"), to: "masquerading")
        case .inlined:
            table.append(
                NftRule(
                    conditions: [.markClear(negated: true)], action: .markXor(thenMasquerade: true),
                    text: "meta mark & \(Self.mark) != 0x00000000 meta mark set meta mark ^ \(Self.mark) masquerade "
                        + "fully-random"), to: "masquerading")
            table.append(
                NftRule(
                    conditions: [.hairpin("hairpin-connections")], action: .masquerade,
                    text: "ct status dnat \(ipX) saddr . \(ipX) daddr . meta l4proto . th dport @hairpin-connections "
                        + "masquerade fully-random"), to: "masquerading")
        }
    }

    static func isLoopback(_ address: IPPrefix) -> Bool {
        IPPrefix.loopback(address.family).contains(address)
    }
}

extension IPPrefix {
    /// As nft prints it: a host without its length, a network with it.
    public var nftText: String { length == family.hostBits ? address : description }
}
