import ClusterModel
import ProxyRules

/// kube-proxy's whole IPVS-mode state of a node: besides the IPVS table (`ipvsadm -Ln`), the ipsets
/// (`ipset save`) and the iptables rules that test them (`iptables-save`), each in its tool's format
/// with `#` notes, which `ipset restore` and `iptables-restore` skip, so each part can be fed to its tool.
public enum NodeRulesIPVSText {
    /// The parts `rules --proxy-mode ipvs` prints.
    public enum Part: String, Sendable, CaseIterable { case ipvsadm, ipset, iptables }

    /// The parts asked for, one after the other, ipvsadm's, ipset's and iptables', each headed by `#` notes.
    public static func text(
        _ state: NodeProxyState, families: [IPPrefix.Family], parts: [Part] = Part.allCases
    ) -> String {
        parts.map { part in
            switch part {
            case .ipvsadm: NodeRulesText.ipvsadmList(state, families: families)
            case .ipset: ipsetSave(state, families: families)
            case .iptables: iptablesSave(state, family: families.first ?? .ipv4, assumptions: part == parts.first)
            }
        }.joined(separator: "\n")
    }

    /// What `ipset save` on the node should print: every set kube-proxy creates for each family (IPv6
    /// ones named `KUBE-6-…`), empty ones too, with their members.
    public static func ipsetSave(_ state: NodeProxyState, families: [IPPrefix.Family]) -> String {
        let notes = [
            "kubehops: what `ipset save` on node \(state.node.name) should print for kube-proxy "
                + "\(NodeRulesText.versionText(state)) in IPVS mode (deprecated since 1.35, removed in 1.43), "
                + "predicted from the kubectl output, not read from the node.",
            "kube-proxy creates its sets in Go map order and the kernel lists a hash set's members in hash order: "
                + "here the sets are in kube-proxy's table order and members sorted. ipset 7.11+ also prints "
                + "`bucketsize 12 initval 0x…` (a random seed) on a hash set's create line.",
        ]
        var lines: [String] = []
        for family in families {
            let generator = KubeProxyIPVS(node: state.node, family: family)
            for set in generator.ipsets(for: state.ports) { lines += set.saveLines }
        }
        return comments(notes) + lines.joined(separator: "\n") + "\n"
    }

    /// What `iptables-save` (`ip6tables-save`) on the node should print in IPVS mode: kube-proxy's few
    /// chains testing the ipsets, KUBE-IPVS-FILTER, and kubelet's KUBE-FIREWALL.
    ///
    /// `assumptions`: repeat what was assumed (not when the ipvsadm part above already says it).
    public static func iptablesSave(
        _ state: NodeProxyState, family: IPPrefix.Family, assumptions: Bool = true
    )
        -> String
    {
        let generator = KubeProxyIPVS(node: state.node, family: family)
        let ruleset = generator.iptablesRuleset(for: state.ports, sets: generator.ipsets(for: state.ports))
        let tool = family == .ipv6 ? "ip6tables-save" : "iptables-save"
        var notes = [
            "kubehops: what `\(tool)` on node \(state.node.name) should print for kube-proxy "
                + "\(NodeRulesText.versionText(state)) in IPVS mode, predicted from the kubectl output, not read "
                + "from the node: the rules of pkg/proxy/ipvs (1.29+ layout, with KUBE-IPVS-OUT-FILTER). They test "
                + "the ipsets above, so they are the same few rules however many services there are; "
                + "`iptables-restore` needs the sets to exist (`ipset restore` first).",
            "A node also has rules of others (CNI, kubelet, Docker) in the built-in chains.",
        ]
        if state.families.count > 1 {
            let (other, otherTool) = family == .ipv6 ? ("ipv4", "iptables-save") : ("ipv6", "ip6tables-save")
            notes.append(
                "The cluster is dual-stack: the other family's rules are in `\(otherTool)` (kubehops rules "
                    + "--proxy-mode ipvs --ip-family \(other)).")
        }
        return comments(notes) + (assumptions ? NodeRulesText.assumedAndLeftOut(state) : "") + ruleset.saveText
    }

    static func comments(_ notes: [String]) -> String {
        notes.flatMap { NodeRulesText.wrap($0) }.map { "# " + $0 + "\n" }.joined()
    }
}
