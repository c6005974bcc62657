/// The iptables rules of kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go writeIptablesRules and
/// createAndLinkKubeChain), in its order, as iptables-save prints them. A rule testing a set is written
/// only when the set has members, so the rules follow from ``KubeProxyIPVS/ipsets(for:)``.
extension KubeProxyIPVS {
    static let natChains = [
        "KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ",
    ]
    static let filterChains = [
        "KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER",
        "KUBE-IPVS-OUT-FILTER",
    ]

    /// `ipsetWithIptablesChain`: set, table, chain, target, match flags, protocol.
    static let setRules: [(set: String, table: String, chain: String, target: String, flags: String, proto: String?)] =
        [
            ("KUBE-LOOP-BACK", "nat", "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", nil),
            ("KUBE-LOAD-BALANCER", "nat", "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", nil),
            ("KUBE-LOAD-BALANCER-LOCAL", "nat", "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", nil),
            ("KUBE-NODE-PORT-LOCAL-TCP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
            ("KUBE-NODE-PORT-TCP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
            ("KUBE-NODE-PORT-LOCAL-UDP", "nat", "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
            ("KUBE-NODE-PORT-UDP", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
            ("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "nat", "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"),
            ("KUBE-NODE-PORT-SCTP-HASH", "nat", "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"),
            ("KUBE-LOAD-BALANCER-FW", "filter", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", nil),
            ("KUBE-LOAD-BALANCER-SOURCE-CIDR", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", nil),
            ("KUBE-LOAD-BALANCER-SOURCE-IP", "filter", "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", nil),
        ]

    /// The nat and filter tables kube-proxy's IPVS mode writes for these sets (and `ports`, for the
    /// load-balancer IPs the node itself may not reach).
    public func iptablesRuleset(for ports: [ServicePortSpec], sets: [IPSet]) -> IptablesRuleset {
        let byName = Dictionary(
            uniqueKeysWithValues: IPSet.kubeProxySets.indices.map { (IPSet.kubeProxySets[$0].name, sets[$0]) })
        var nat = IptablesTable(name: "nat"), filter = IptablesTable(name: "filter")
        for chain in Self.natChains { nat.declare(chain) }
        for chain in Self.filterChains { filter.declare(chain) }
        for (table, rule) in jumpRules() {
            if table == "nat" { nat.append(rule) } else { filter.append(rule) }
        }
        nat.append(
            IptablesRule(
                chain: "KUBE-SERVICES", source: AddressMatch(.loopback(family)),
                target: .jump("RETURN")))
        for entry in Self.setRules {
            guard let set = byName[entry.set], !set.isEmpty else { continue }
            let rule = IptablesRule(
                chain: entry.chain, protocol: entry.proto,
                matches: [.comment(set.comment), Self.match(set, entry.flags)], target: .jump(entry.target))
            if entry.table == "nat" { nat.append(rule) } else { filter.append(rule) }
        }
        writeServiceRules(&nat, byName)
        writeFilterRules(&filter, ports, byName)
        writeMasquerade(&nat)
        var ruleset = IptablesRuleset(family: family, tables: [filter, nat])
        if ruleset.tables[1].placeholderCount > 0 {
            ruleset.tables[1].notes.append(
                "The cluster CIDR (kube-proxy's --cluster-cidr) is not known: the rule that masquerades traffic to "
                    + "ClusterIPs from outside it is commented out with \(KubeProxyIptables.clusterCIDRPlaceholder).")
        }
        return ruleset
    }

    static func match(_ set: IPSet, _ flags: String) -> IptablesMatch {
        .other("-m set --match-set \(set.name) \(flags)")
    }

    /// KUBE-SERVICES: ClusterIP masquerade, external IPs, the NodePort jump, the ACCEPTs that must end it.
    private func writeServiceRules(_ nat: inout IptablesTable, _ sets: [String: IPSet]) {
        let markMasq = IptablesTarget.jump(KubeProxyIptables.markMasq)
        if let cluster = sets["KUBE-CLUSTER-IP"], !cluster.isEmpty {
            var rule = IptablesRule(
                chain: "KUBE-SERVICES", matches: [.comment(cluster.comment), Self.match(cluster, "dst,dst")],
                target: markMasq)
            if !options.masqueradeAll {
                switch node.localDetector {
                case .clusterCIDR(let cidrs), .nodeCIDR(let cidrs):
                    if let cidr = cidrs.lazy.compactMap(prefix).first {
                        rule.source = AddressMatch(cidr, negated: true)
                    } else {
                        rule.unknownSource = "! -s " + KubeProxyIptables.clusterCIDRPlaceholder
                    }
                case .bridgeInterface(let name): rule.inInterface = InterfaceMatch(name, negated: true)
                case .interfaceNamePrefix(let name): rule.inInterface = InterfaceMatch(name + "+", negated: true)
                case nil: rule.unknownSource = "! -s " + KubeProxyIptables.clusterCIDRPlaceholder
                }
            }
            nat.append(rule)
        }
        for name in ["KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL"] {
            guard let set = sets[name], !set.isEmpty else { continue }
            let base: [IptablesMatch] = [.comment(set.comment), Self.match(set, "dst,dst")]
            if name == "KUBE-EXTERNAL-IP" {
                nat.append(IptablesRule(chain: "KUBE-SERVICES", matches: base, target: markMasq))
            }
            let offMachine: [IptablesMatch] = [
                .physdevIsIn(negated: true), .addrType(source: .init("LOCAL", negated: true), destination: nil),
            ]
            nat.append(IptablesRule(chain: "KUBE-SERVICES", matches: base + offMachine, target: .jump("ACCEPT")))
            nat.append(
                IptablesRule(
                    chain: "KUBE-SERVICES", matches: base + [.addrType(source: nil, destination: .init("LOCAL"))],
                    target: .jump("ACCEPT")))
        }
        nat.append(
            IptablesRule(
                chain: "KUBE-SERVICES", matches: [.addrType(source: nil, destination: .init("LOCAL"))],
                target: .jump("KUBE-NODE-PORT")))
        nat.append(IptablesRule(chain: "KUBE-LOAD-BALANCER", target: markMasq))
        for name in ["KUBE-CLUSTER-IP", "KUBE-LOAD-BALANCER"] {
            guard let set = sets[name], !set.isEmpty else { continue }
            nat.append(
                IptablesRule(chain: "KUBE-SERVICES", matches: [Self.match(set, "dst,dst")], target: .jump("ACCEPT")))
        }
    }
}

extension KubeProxyIPVS {
    /// `iptablesJumpChain`, each rule prepended in turn (so they stand in reverse order in a chain),
    /// then kubelet's KUBE-FIREWALL jumps (IPv4).
    func jumpRules() -> [(String, IptablesRule)] {
        func jump(_ table: String, _ from: String, _ to: String, _ comment: String) -> (String, IptablesRule) {
            (table, IptablesRule(chain: from, matches: [.comment(comment)], target: .jump(to)))
        }
        var rules = [
            jump("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"),
            jump("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"),
            jump("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"),
            jump("filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
            jump("filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules"),
            jump("filter", "INPUT", "KUBE-IPVS-FILTER", "kubernetes ipvs access filter"),
            jump("filter", "INPUT", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
            jump("filter", "INPUT", "KUBE-NODE-PORT", "kubernetes health check rules"),
            jump("filter", "OUTPUT", "KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter"),
        ]
        if family == .ipv4 {
            rules += [
                ("filter", IptablesRule(chain: "INPUT", target: .jump("KUBE-FIREWALL"))),
                ("filter", IptablesRule(chain: "OUTPUT", target: .jump("KUBE-FIREWALL"))),
                ("filter", KubeProxyIptables.kubeletFirewall),
            ]
        }
        return rules
    }

    /// filter: the source-range firewall, the node's own access to load balancers it may not reach,
    /// KUBE-FORWARD, the health check node ports and KUBE-IPVS-FILTER.
    fileprivate func writeFilterRules(
        _ filter: inout IptablesTable, _ ports: [ServicePortSpec], _ sets: [String: IPSet]
    ) {
        filter.append(IptablesRule(chain: "KUBE-SOURCE-RANGES-FIREWALL", target: .jump("DROP")))
        let nodeIP = node.addresses.lazy.compactMap(prefix).first
        for port in ports where !port.loadBalancerSourceRanges.isEmpty {
            let ranges = port.loadBalancerSourceRanges.compactMap(prefix)
            guard !ranges.isEmpty, !(nodeIP.map { ip in ranges.contains { $0.contains(ip) } } ?? false) else {
                continue
            }
            for ip in port.loadBalancerIPs.compactMap(prefix) {
                let number = Self.protocolNumbers[port.protocol.lowercased()] ?? 0
                filter.append(
                    IptablesRule(
                        chain: "KUBE-IPVS-OUT-FILTER", source: AddressMatch(ip),
                        matches: [.other("-m ipvs --vproto \(number) --vaddr \(ip) --vport \(port.port)")],
                        target: .jump("DROP")))
            }
        }
        let mark = KubeProxyIptables.masqueradeMark
        filter.append(
            IptablesRule(
                chain: "KUBE-FORWARD",
                matches: [.comment("kubernetes forwarding rules"), .mark(value: mark, mask: mark, negated: false)],
                target: .jump("ACCEPT")))
        filter.append(
            IptablesRule(
                chain: "KUBE-FORWARD",
                matches: [
                    .comment("kubernetes forwarding conntrack rule"),
                    .conntrack(states: ["RELATED", "ESTABLISHED"], negated: false),
                ],
                target: .jump("ACCEPT")))
        guard let health = sets["KUBE-HEALTH-CHECK-NODE-PORT"], let ipvsIPs = sets["KUBE-IPVS-IPS"] else { return }
        filter.append(
            IptablesRule(
                chain: "KUBE-NODE-PORT", matches: [.comment(health.comment), Self.match(health, "dst")],
                target: .jump("ACCEPT")))
        for name in ["KUBE-LOAD-BALANCER", "KUBE-CLUSTER-IP", "KUBE-EXTERNAL-IP", "KUBE-EXTERNAL-IP-LOCAL"] {
            guard let set = sets[name] else { continue }
            filter.append(
                IptablesRule(chain: "KUBE-IPVS-FILTER", matches: [Self.match(set, "dst,dst")], target: .jump("RETURN")))
        }
        filter.append(
            IptablesRule(chain: "KUBE-IPVS-FILTER", matches: [Self.match(health, "dst")], target: .jump("RETURN")))
        filter.append(
            IptablesRule(
                chain: "KUBE-IPVS-FILTER",
                matches: [.conntrack(states: ["NEW"], negated: false), Self.match(ipvsIPs, "dst")],
                target: .reject(with: family == .ipv6 ? "icmp6-port-unreachable" : "icmp-port-unreachable")))
    }

    static let protocolNumbers = ["tcp": 6, "udp": 17, "sctp": 132]

    /// KUBE-POSTROUTING's mark test, clearing and MASQUERADE, and KUBE-MARK-MASQ.
    fileprivate func writeMasquerade(_ nat: inout IptablesTable) {
        let mark = KubeProxyIptables.masqueradeMark
        nat.append(
            IptablesRule(
                chain: "KUBE-POSTROUTING", matches: [.mark(value: mark, mask: mark, negated: true)],
                target: .jump("RETURN")))
        nat.append(IptablesRule(chain: "KUBE-POSTROUTING", target: .mark(xorValue: mark, clearMask: 0)))
        nat.append(
            IptablesRule(
                chain: "KUBE-POSTROUTING", matches: [.comment("kubernetes service traffic requiring SNAT")],
                target: .masquerade(randomFully: options.randomFully)))
        nat.append(IptablesRule(chain: KubeProxyIptables.markMasq, target: .mark(xorValue: mark, clearMask: mark)))
    }
}
