/// Who writes a chain of a node's iptables: kube-proxy (in which mode), kubelet, or another tool
/// (CNI plugins, Calico, Docker…).
///
/// A comparison of kube-proxy's rules must not count the chains of other tools as differences, yet it must say they
/// were seen and whose they are.
public enum ChainOwner: Sendable, Hashable {
    /// PREROUTING, INPUT…: shared by every tool; only the rules jumping to kube-proxy's chains are its own.
    case builtin
    /// A chain of kube-proxy's iptables mode shared by every service (KUBE-SERVICES, KUBE-POSTROUTING…).
    case kubeProxy
    /// A chain of one service port (KUBE-SVC-, KUBE-SEP-, KUBE-EXT-, KUBE-SVL-, KUBE-FW-, KUBE-XLB-).
    case service
    /// A chain only kube-proxy's IPVS mode writes (KUBE-IPVS-FILTER, KUBE-NODE-PORT…).
    case ipvsMode
    /// kube-proxy's and kubelet's empty canary chains, watched to notice that the table was flushed.
    case canary
    /// A chain of kubelet (KUBE-FIREWALL) or of another tool, named.
    case other(String)

    /// The per-service chain prefixes of pkg/proxy/iptables (KUBE-XLB before 1.24).
    public static let servicePrefixes = ["KUBE-SVC-", "KUBE-SEP-", "KUBE-EXT-", "KUBE-SVL-", "KUBE-FW-", "KUBE-XLB-"]

    static let kubeProxyChains: Set<String> = [
        "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL",
        "KUBE-POSTROUTING", "KUBE-MARK-MASQ", "KUBE-MARK-DROP",
    ]

    /// pkg/proxy/ipvs/proxier.go `iptablesChains` that the iptables proxier never writes.
    public static let ipvsModeChains: Set<String> = [
        "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER",
        "KUBE-IPVS-OUT-FILTER",
    ]

    /// Chain name prefixes of the tools commonly found beside kube-proxy, with the tool's name.
    static let otherTools: [(prefix: String, tool: String)] = [
        ("KUBE-FIREWALL", "kubelet"), ("cali-", "Calico"), ("CNI-", "the CNI plugins (portmap, bridge, firewall)"),
        ("DOCKER", "Docker"), ("FLANNEL", "flannel"), ("CILIUM", "Cilium"), ("KIND-", "kind's kindnetd"),
        ("WEAVE", "Weave Net"), ("ANTREA", "Antrea"), ("KUBE-ROUTER", "kube-router"), ("KUBE-NWPLCY", "kube-router"),
        ("KUBE-POD-FW", "kube-router"), ("IP-MASQ", "ip-masq-agent"), ("AWS-", "the Amazon VPC CNI"),
        ("OVN-KUBE", "OVN-Kubernetes"), ("LIBVIRT", "libvirt"), ("ufw", "ufw"), ("f2b-", "fail2ban"),
        ("ISTIO", "Istio"), ("LINKERD", "Linkerd"), ("TS-", "Tailscale"), ("ts-", "Tailscale"),
    ]

    public static func of(_ chain: String, table: String) -> ChainOwner {
        if IptablesTable.builtinChains[table]?.contains(chain) == true { return .builtin }
        if chain == "KUBE-PROXY-CANARY" || chain == "KUBE-KUBELET-CANARY" { return .canary }
        if kubeProxyChains.contains(chain) { return .kubeProxy }
        if servicePrefixes.contains(where: chain.hasPrefix) { return .service }
        if ipvsModeChains.contains(chain) { return .ipvsMode }
        if let known = otherTools.first(where: { chain.hasPrefix($0.prefix) }) { return .other(known.tool) }
        return .other(chain.hasPrefix("KUBE-") ? "a Kubernetes component other than kube-proxy" : "another tool")
    }

    /// True for the chains kube-proxy's iptables mode writes (compared rule by rule).
    public var isKubeProxyIptables: Bool {
        switch self {
        case .kubeProxy, .service: true
        default: false
        }
    }
}
