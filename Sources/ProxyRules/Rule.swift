import ClusterModel

/// The machinery that translates service addresses on a node.
public enum Dataplane: String, Sendable, Hashable, Codable, CaseIterable {
    case iptables
    case nftables
    case ipvs
    /// Cilium kube-proxy replacement, Calico eBPF: no KUBE-* rules exist.
    case ebpf
}

/// One rule as the dataplane's own tool prints it.
public struct Rule: Sendable, Hashable, Codable {
    public var dataplane: Dataplane
    /// `nat`, `filter` (iptables), `ip kube-proxy` / `ip6 kube-proxy` (nftables), `ipvs`.
    public var table: String
    public var chain: String
    /// Exactly as `iptables-save`, `nft list table` or `ipvsadm -Ln` prints it.
    public var text: String

    public init(dataplane: Dataplane, table: String, chain: String, text: String) {
        self.dataplane = dataplane; self.table = table; self.chain = chain; self.text = text
    }
}

/// A rule a packet was checked against on its way, and the outcome.
public struct WalkedRule: Sendable, Hashable, Codable {
    public var rule: Rule
    public var matched: Bool
    /// Why the packet did not match (`probability 0.33333333349 not drawn`, `source is in the pod CIDR`).
    public var whyNot: String?
    public var provenance: Provenance

    public init(rule: Rule, matched: Bool, whyNot: String? = nil, provenance: Provenance) {
        self.rule = rule; self.matched = matched; self.whyNot = whyNot; self.provenance = provenance
    }
}
