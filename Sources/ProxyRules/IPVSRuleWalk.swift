import ClusterModel

/// The iptables rules kube-proxy's IPVS mode keeps beside IPVS, as iptables-save prints them, and how one
/// connection passes them: the ipsets (KUBE-CLUSTER-IP, KUBE-NODE-PORT-TCP, KUBE-LOAD-BALANCER,
/// KUBE-LOOP-BACK) hold every service at once, so the rules stay the same few however many services exist.
struct IPVSRuleWalk {
    init(generator: KubeProxyIPVS, port: ServicePortSpec, source: IPPrefix, fromNode: Bool, beside: String? = nil) {
        self.generator = generator; self.port = port; self.source = source; self.fromNode = fromNode
        self.beside = beside
    }

    let generator: KubeProxyIPVS
    let port: ServicePortSpec
    let source: IPPrefix
    let fromNode: Bool
    /// The node's own `ipvsadm -Ln` walked beside these rules, which it does not hold.
    var beside: String? = nil
    var walked: [WalkedRule] = []
    var markedBy: Rule?

    var provenance: Provenance {
        if let beside {
            return .inferred(
                from: "kube-proxy's IPVS-mode ipsets and iptables rules predicted from \(port.service) (\(beside) is "
                    + "an `ipvsadm -Ln`, which holds only the virtual servers; `iptables-save` and `ipset list` on the "
                    + "node show these)")
        }
        return .inferred(
            from: "kube-proxy \(generator.node.kubeVersion.map(\.description) ?? "") IPVS mode predicted from "
                + "\(port.service) and its endpoints (pkg/proxy/ipvs: virtual servers, ipsets and their iptables rules)"
        )
    }

    mutating func record(_ chain: String, _ text: String, matched: Bool, whyNot: String? = nil) {
        let rule = Rule(dataplane: .iptables, table: "nat", chain: chain, text: text)
        walked.append(WalkedRule(rule: rule, matched: matched, whyNot: whyNot, provenance: provenance))
        if matched,
            text.hasSuffix("-j KUBE-MARK-MASQ")
                || text.hasSuffix("-j MASQUERADE") && chain == "KUBE-POSTROUTING"
                    && text.contains("KUBE-LOOP-BACK")
        {
            markedBy = rule
        }
    }

    var proto: String { port.protocol.lowercased() }
    var podCIDR: IPPrefix? {
        switch generator.node.localDetector {
        case .clusterCIDR(let cidrs), .nodeCIDR(let cidrs): cidrs.lazy.compactMap(generator.prefix).first
        default: nil
        }
    }

    /// nat PREROUTING (OUTPUT) → KUBE-SERVICES, and KUBE-NODE-PORT / KUBE-LOAD-BALANCER for external entries.
    mutating func natServices(entry: ServiceEntry, destination: IPPrefix) {
        let hook = fromNode ? "OUTPUT" : "PREROUTING"
        record(hook, "-A \(hook) -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES", matched: true)
        let clusterEntry: Bool = if case .clusterIP = entry { true } else { false }
        clusterIPMasquerade(clusterEntry: clusterEntry)
        switch entry {
        case .loadBalancer, .externalIP: loadBalancerPortal()
        case .nodePort: nodePortPortal()
        case .clusterIP: clusterIPPortal()
        }
        if markedBy != nil {
            record("KUBE-MARK-MASQ", "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000", matched: true)
        }
    }

    /// KUBE-SERVICES' mark for ClusterIP traffic from outside the pod network (written only when the pod CIDR is
    /// known): such a packet must be masqueraded so the reply comes back through this node.
    mutating func clusterIPMasquerade(clusterEntry: Bool) {
        let fromPod = podCIDR?.contains(source) ?? false
        if let cidr = podCIDR {
            let matched = clusterEntry && !fromPod
            record(
                "KUBE-SERVICES",
                "-A KUBE-SERVICES ! -s \(cidr) -m comment --comment \"Kubernetes service cluster ip + port for "
                    + "masquerade purpose\" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ",
                matched: matched,
                whyNot: matched ? nil : clusterEntry ? "source \(source.address) is in \(cidr)" : "not a ClusterIP")
        }
    }

    /// A load-balancer or external IP: KUBE-LOAD-BALANCER, which marks for masquerade unless the traffic policy is
    /// Local (the client's address is kept).
    mutating func loadBalancerPortal() {
        record(
            "KUBE-SERVICES",
            "-A KUBE-SERVICES -m comment --comment \"Kubernetes service lb portal\" -m set --match-set "
                + "KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER", matched: true)
        if port.externalTrafficPolicyLocal {
            record(
                "KUBE-LOAD-BALANCER",
                "-A KUBE-LOAD-BALANCER -m comment --comment \"Kubernetes service load balancer ip + port with "
                    + "externalTrafficPolicy=local\" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN",
                matched: true)
        } else {
            record("KUBE-LOAD-BALANCER", "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ", matched: true)
        }
    }

    /// A NodePort: KUBE-NODE-PORT, which marks for masquerade unless the traffic policy is Local.
    mutating func nodePortPortal() {
        record("KUBE-SERVICES", "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT", matched: true)
        let upper = proto.uppercased()
        if port.externalTrafficPolicyLocal {
            record(
                "KUBE-NODE-PORT",
                "-A KUBE-NODE-PORT -p \(proto) -m comment --comment \"Kubernetes nodeport \(upper) port with "
                    + "externalTrafficPolicy=local\" -m set --match-set KUBE-NODE-PORT-LOCAL-\(upper) dst "
                    + "-j RETURN",
                matched: true)
        } else {
            record(
                "KUBE-NODE-PORT",
                "-A KUBE-NODE-PORT -p \(proto) -m comment --comment \"Kubernetes nodeport \(upper) port for "
                    + "masquerade purpose\" -m set --match-set KUBE-NODE-PORT-\(upper) dst -j KUBE-MARK-MASQ",
                matched: true)
        }
    }

    /// A ClusterIP: it passes KUBE-NODE-PORT unmarked and is accepted by the KUBE-CLUSTER-IP set.
    mutating func clusterIPPortal() {
        // The ClusterIP is on kube-ipvs0, so it is a local address: the jump is taken, and the NodePort set
        // does not hold the service's port.
        let upper = proto.uppercased()
        record("KUBE-SERVICES", "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT", matched: true)
        record(
            "KUBE-NODE-PORT",
            "-A KUBE-NODE-PORT -p \(proto) -m comment --comment \"Kubernetes nodeport \(upper) port for "
                + "masquerade purpose\" -m set --match-set KUBE-NODE-PORT-\(upper) dst -j KUBE-MARK-MASQ",
            matched: false, whyNot: "port \(port.port) is not in KUBE-NODE-PORT-\(upper) (a ClusterIP port)")
        record(
            "KUBE-SERVICES", "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT", matched: true)
    }

    /// nat POSTROUTING → KUBE-POSTROUTING: the hairpin set, then the mark.
    mutating func postrouting(hairpin: Bool) {
        let marked = markedBy != nil
        record(
            "POSTROUTING", "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
            matched: true)
        record(
            "KUBE-POSTROUTING",
            "-A KUBE-POSTROUTING -m comment --comment \"Kubernetes endpoints dst ip:port, source ip for solving "
                + "hairpin "
                + "purpose\" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE", matched: hairpin,
            whyNot: hairpin ? nil : "not a hairpin: the source is not the chosen endpoint")
        if hairpin { return }
        record(
            "KUBE-POSTROUTING", "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN", matched: !marked,
            whyNot: marked ? "the packet carries the 0x4000 mark" : nil)
        guard marked else { return }
        record("KUBE-POSTROUTING", "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0", matched: true)
        record(
            "KUBE-POSTROUTING",
            "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE "
                + "--random-fully", matched: true)
    }
}
