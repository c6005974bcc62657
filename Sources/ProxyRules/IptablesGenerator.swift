import ClusterModel

/// The rules kube-proxy's iptables proxier (pkg/proxy/iptables/proxier.go, 1.24+ layout) writes
/// on one node for one IP family, as data.
///
/// Pure: same services, node and options, same rules.
///
/// Rule order within a chain is kube-proxy's; between services kube-proxy iterates a Go map, so
/// its order is unspecified: services are written sorted by name here. iptables-save prints the
/// chains sorted by name, so a dump differs only in the order of KUBE-SERVICES and KUBE-NODEPORTS.
public struct KubeProxyIptables: Sendable {
    public var node: ProxyNode
    public var family: IPPrefix.Family
    public var options: ProxyOptions

    public init(node: ProxyNode, family: IPPrefix.Family = .ipv4, options: ProxyOptions = ProxyOptions()) {
        self.node = node; self.family = family; self.options = options
    }

    public static let markMasq = "KUBE-MARK-MASQ"
    /// Stands for the cluster CIDR in rules whose value the input cannot tell (never valid syntax).
    public static let clusterCIDRPlaceholder = "<cluster CIDR>"
    static let masqueradeMark: UInt32 = 0x4000

    /// The nat and filter tables for these service ports (of every service the node sees).
    public func ruleset(for ports: [ServicePortSpec]) -> IptablesRuleset {
        var tables = Tables(filter: IptablesTable(name: "filter"), nat: IptablesTable(name: "nat"))
        writeFixedRules(&tables)
        let sortedPorts = ports.sorted { ($0.service, $0.port, $0.protocol) < ($1.service, $1.port, $1.protocol) }
        let perFamily = sortedPorts.map { port in
            (port, port.endpoints.filter { IPPrefix($0.ip)?.family == family })
        }
        let total = perFamily.reduce(0) { $0 + $1.1.count }
        // A chain per endpoint, and up to four per service port (SVC, SVL, EXT, FW).
        tables.nat.reserveCapacity(chains: total + 4 * perFamily.count + 8)
        let large = total > options.largeClusterEndpointThreshold
        for (port, endpoints) in perFamily {
            guard
                let serviceRules = ServicePortRules(
                    port: port, endpoints: endpoints, generator: self,
                    largeCluster: large)
            else { continue }
            serviceRules.write(into: &tables)
        }
        writeTrailingRules(&tables)
        if tables.nat.placeholderCount > 0 {
            tables.nat.notes.append(
                "The cluster CIDR (kube-proxy's --cluster-cidr) is not known: the \(tables.nat.placeholderCount) "
                    + "rules that test it are commented out with \(Self.clusterCIDRPlaceholder) in its place.")
        }
        return IptablesRuleset(family: family, tables: [tables.filter, tables.nat])
    }

    struct Tables {
        var filter: IptablesTable
        var nat: IptablesTable
        /// The statistic ladder of each endpoint count met so far (services of a cluster share a few counts).
        private var ladders: [Int: [StatisticProbability]] = [:]

        init(filter: IptablesTable, nat: IptablesTable) { self.filter = filter; self.nat = nat }

        /// `-m statistic` of the first `count - 1` of `count` endpoint rules (1/n, 1/(n−1), …, 1/2).
        mutating func probabilities(_ count: Int, kubeVersion: KubeVersion?) -> [StatisticProbability] {
            if let ladder = ladders[count] { return ladder }
            let ladder = (0..<count).compactMap { index in
                KubeProxyChains.probability(rule: index, of: count).map {
                    StatisticProbability($0, kubeVersion: kubeVersion)
                }
            }
            ladders[count] = ladder
            return ladder
        }
    }

    var isIPv6: Bool { family == .ipv6 }

    func prefix(_ text: String) -> IPPrefix? {
        guard let prefix = IPPrefix(text.trimmingSpaces), prefix.family == family else { return nil }
        return prefix
    }

    /// `-s <pod CIDR>` (or `-i cni0`) from the local detector; nil when it is not configured.
    func podSource(negated: Bool) -> (AddressMatch?, InterfaceMatch?)? {
        switch node.localDetector {
        case .clusterCIDR(let cidrs), .nodeCIDR(let cidrs):
            guard let cidr = cidrs.lazy.compactMap(prefix).first else { return nil }
            return (AddressMatch(cidr, negated: negated), nil)
        case .bridgeInterface(let name):
            return (nil, InterfaceMatch(name, negated: negated))
        case .interfaceNamePrefix(let name):
            return (nil, InterfaceMatch(name + "+", negated: negated))
        case nil:
            return nil
        }
    }

    private func writeFixedRules(_ tables: inout Tables) {
        for chain in [
            "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS",
            "KUBE-PROXY-FIREWALL",
        ] {
            tables.filter.declare(chain)
        }
        for chain in ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", Self.markMasq] {
            tables.nat.declare(chain)
        }
        for jump in Self.jumpRules(family: family) {
            if jump.table == "nat" { tables.nat.append(jump.rule) } else { tables.filter.append(jump.rule) }
        }
        let mark = Self.masqueradeMark
        tables.nat.append(
            IptablesRule(
                chain: "KUBE-POSTROUTING", matches: [.mark(value: mark, mask: mark, negated: true)],
                target: .jump("RETURN")))
        tables.nat.append(IptablesRule(chain: "KUBE-POSTROUTING", target: .mark(xorValue: mark, clearMask: 0)))
        tables.nat.append(
            IptablesRule(
                chain: "KUBE-POSTROUTING", matches: [.comment("kubernetes service traffic requiring SNAT")],
                target: .masquerade(randomFully: options.randomFully)))
        tables.nat.append(IptablesRule(chain: Self.markMasq, target: .mark(xorValue: mark, clearMask: mark)))
        if !isIPv6 { tables.filter.append(Self.kubeletFirewall) }
    }

    private func writeTrailingRules(_ tables: inout Tables) {
        var destination: AddressMatch?
        if isIPv6 {
            destination = AddressMatch(.loopback(.ipv6), negated: true)
        } else if !options.localhostNodePorts {
            destination = AddressMatch(.loopback(.ipv4), negated: true)
        }
        tables.nat.append(
            IptablesRule(
                chain: "KUBE-SERVICES", destination: destination,
                matches: [
                    .comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                    .addrType(source: nil, destination: .init("LOCAL")),
                ],
                target: .jump("KUBE-NODEPORTS")))
        let mark = Self.masqueradeMark
        if !options.conntrackTCPLiberal {
            var matches: [IptablesMatch] = [.conntrack(states: ["INVALID"], negated: false)]
            if options.nfacctCounters { matches.append(.nfacct(name: "ct_state_invalid_dropped_pkts")) }
            tables.filter.append(IptablesRule(chain: "KUBE-FORWARD", matches: matches, target: .jump("DROP")))
        }
        tables.filter.append(
            IptablesRule(
                chain: "KUBE-FORWARD",
                matches: [.comment("kubernetes forwarding rules"), .mark(value: mark, mask: mark, negated: false)],
                target: .jump("ACCEPT")))
        tables.filter.append(
            IptablesRule(
                chain: "KUBE-FORWARD",
                matches: [
                    .comment("kubernetes forwarding conntrack rule"),
                    .conntrack(states: ["RELATED", "ESTABLISHED"], negated: false),
                ],
                target: .jump("ACCEPT")))
    }

    /// kubelet's KUBE-FIREWALL rule (pkg/kubelet/kubelet_network_linux.go), on every IPv4 node whatever
    /// kube-proxy's mode.
    static let kubeletFirewall = IptablesRule(
        chain: "KUBE-FIREWALL", source: AddressMatch(.loopback(.ipv4), negated: true),
        destination: AddressMatch(.loopback(.ipv4)),
        matches: [
            .comment("block incoming localnet connections"),
            .conntrack(states: ["RELATED", "ESTABLISHED", "DNAT"], negated: true),
        ],
        target: .jump("DROP"))

    /// The rules kube-proxy (and kubelet, for KUBE-FIREWALL) put in the built-in chains.
    ///
    /// kube-proxy prepends each of its `iptablesJumpChains` in turn, so they stand in reverse order, before kubelet's
    /// KUBE-FIREWALL jumps.
    static func jumpRules(family: IPPrefix.Family) -> [(table: String, rule: IptablesRule)] {
        let new: [IptablesMatch] = [.conntrack(states: ["NEW"], negated: false)]
        func jump(
            _ table: String, _ from: String, _ to: String, _ comment: String, _ extra: [IptablesMatch]
        )
            -> (table: String, rule: IptablesRule)
        {
            (table, IptablesRule(chain: from, matches: extra + [.comment(comment)], target: .jump(to)))
        }
        var rules = [
            jump("filter", "INPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", new),
            jump("filter", "INPUT", "KUBE-NODEPORTS", "kubernetes health check service ports", []),
            jump("filter", "INPUT", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", new),
            jump("filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", new),
            jump("filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules", []),
            jump("filter", "FORWARD", "KUBE-SERVICES", "kubernetes service portals", new),
            jump("filter", "FORWARD", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals", new),
            jump("filter", "OUTPUT", "KUBE-PROXY-FIREWALL", "kubernetes load balancer firewall", new),
            jump("filter", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", new),
            jump("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals", []),
            jump("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals", []),
            jump("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules", []),
        ]
        if family == .ipv4 {
            let firewall = [
                ("filter", IptablesRule(chain: "INPUT", target: .jump("KUBE-FIREWALL"))),
                ("filter", IptablesRule(chain: "OUTPUT", target: .jump("KUBE-FIREWALL"))),
            ]
            rules.insert(firewall[0], at: 3)
            rules.insert(firewall[1], at: rules.count - 3)
        }
        return rules
    }
}

extension String {
    /// kube-proxy trims `loadBalancerSourceRanges` (" 203.0.113.0/25" is accepted).
    var trimmingSpaces: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
