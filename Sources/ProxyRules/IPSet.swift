/// One ipset of kube-proxy's IPVS mode, as `ipset save` prints it.
///
/// IPVS mode matches every service with a handful of iptables rules that test these sets, so the sets, not the rules,
/// grow with the cluster.
public struct IPSet: Sendable, Hashable {
    /// `KUBE-CLUSTER-IP`; IPv6 sets are `KUBE-6-…`, cut to ipset's 31 characters as kube-proxy cuts them.
    public var name: String
    /// `hash:ip,port`, `hash:ip,port,ip`, `hash:ip,port,net`, `hash:ip`, `bitmap:port`.
    public var type: String
    public var family: IPPrefix.Family
    /// kube-proxy's description, which is also the comment of the rule that tests the set.
    public var comment: String
    /// Members as kube-proxy writes them (`10.96.0.1,tcp:443`, `30080`), once each.
    public private(set) var members: Set<String> = []

    public init(name: String, type: String, family: IPPrefix.Family, comment: String) {
        self.name = family == .ipv6 ? Self.ipv6Name(name) : name
        self.type = type; self.family = family; self.comment = comment
    }

    /// pkg/proxy/ipvs/ipset.go NewIPSet: `KUBE-` becomes `KUBE-6-`, cut at 31 characters.
    static func ipv6Name(_ name: String) -> String {
        guard name.hasPrefix("KUBE-") else { return name }
        return String(("KUBE-6-" + name.dropFirst(5)).prefix(31))
    }

    public mutating func insert(_ entry: String) { members.insert(entry) }

    public var isEmpty: Bool { members.isEmpty }

    /// The members sorted (the kernel lists a hash set in its hash order, a bitmap in port order).
    public var entries: [String] {
        type == "bitmap:port" ? members.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) } : members.sorted()
    }

    /// pkg/proxy/ipvs/ipset/ipset.go createSet: `family … hashsize 1024 maxelem 65536` for hash sets,
    /// `range 0-65535` for bitmap:port.
    ///
    /// ipset 7.11+ adds `bucketsize 12 initval 0x…` (a random seed) when it saves a hash set; `ipset restore` takes the
    /// line with or without them.
    public var createLine: String {
        if type == "bitmap:port" { return "create \(name) \(type) range 0-65535" }
        return "create \(name) \(type) family \(family == .ipv6 ? "inet6" : "inet") hashsize 1024 maxelem 65536"
    }

    /// The set as `ipset save` prints it: its create line, then one `add` line per member.
    public var saveLines: [String] { [createLine] + entries.map { "add \(name) \($0)" } }
}

extension IPSet {
    /// `hash:ip,port` members: `ip,proto:port` (pkg/proxy/ipvs/ipset Entry.String).
    static func ipPort(_ ip: IPPrefix, _ proto: String, _ port: Int) -> String { "\(ip.address),\(proto):\(port)" }

    /// kube-proxy's sets in its `ipsetInfo` order: name, type and description.
    static let kubeProxySets: [(name: String, type: String, comment: String)] = [
        (
            "KUBE-LOOP-BACK", "hash:ip,port,ip",
            "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"
        ),
        ("KUBE-CLUSTER-IP", "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"),
        (
            "KUBE-EXTERNAL-IP", "hash:ip,port",
            "Kubernetes service external ip + port for masquerade and filter purpose"
        ),
        (
            "KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port",
            "Kubernetes service external ip + port with externalTrafficPolicy=local"
        ),
        ("KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"),
        (
            "KUBE-LOAD-BALANCER-FW", "hash:ip,port",
            "Kubernetes service load balancer ip + port for load balancer with sourceRange"
        ),
        (
            "KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port",
            "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"
        ),
        (
            "KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip",
            "Kubernetes service load balancer ip + port + source IP for packet filter purpose"
        ),
        (
            "KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net",
            "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"
        ),
        ("KUBE-NODE-PORT-TCP", "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"),
        ("KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
        ("KUBE-NODE-PORT-UDP", "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"),
        ("KUBE-NODE-PORT-LOCAL-UDP", "bitmap:port", "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
        (
            "KUBE-NODE-PORT-SCTP-HASH", "hash:ip,port",
            "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"
        ),
        (
            "KUBE-NODE-PORT-LOCAL-SCTP-HASH", "hash:ip,port",
            "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"
        ),
        ("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", "Kubernetes health check node port"),
        ("KUBE-IPVS-IPS", "hash:ip", "Addresses on the ipvs interface"),
    ]
}
