import ClusterModel
import ProxyRules

/// A node's whole predicted kube-proxy state in the real tool's own format, with what the input could
/// not tell said in `#` comments (which `iptables-restore` skips), so the text can be fed to the tool.
public enum NodeRulesText {
    /// What `iptables-save` (`ip6tables-save` for IPv6) on the node should print: the filter and nat
    /// tables, every chain declared, kube-proxy's rules in its order, `COMMIT`.
    public static func iptablesSave(_ state: NodeProxyState, family: IPPrefix.Family) -> String {
        let generator = KubeProxyIptables(node: state.node, family: family)
        let ruleset = generator.ruleset(for: state.ports)
        return header(state, family: family) + ruleset.saveText
    }

    /// What `nft list table ip kube-proxy` (`ip6` for IPv6) on the node should print, from the very
    /// generator the flow walk uses, in the layout of the node's kube-proxy generation.
    ///
    /// `nft -f` reads it.
    public static func nftList(_ state: NodeProxyState, family: IPPrefix.Family) -> String {
        let generator = KubeProxyNftables(node: state.node, family: family)
        let table = generator.table(for: state.ports)
        var notes = [
            "kubehops: what `nft list table \(table.tableName)` on node \(state.node.name) should print for "
                + "kube-proxy \(versionText(state)) in nftables mode, predicted from the kubectl output, not read "
                + "from the node.",
            "Layout: " + NftablesGeneration.pick(state.node.kubeVersion).why + ".",
            "Services are sorted by name; nft prints a set's elements in its own order and wraps them at its "
                + "own width, so a real listing may differ in order and line breaks only.",
        ]
        if state.node.localDetector == nil {
            notes.append(
                "The cluster CIDR (kube-proxy's --cluster-cidr) is not known: the rules that masquerade "
                    + "traffic from outside it (`ip saddr != <cluster CIDR> …`) and the short-circuit of pod "
                    + "traffic are left out; give --cluster-cidr to see them.")
        }
        if table.hasCommentedOutRules {
            notes.append(
                "The cluster's ServiceCIDRs are not in the input (`kubectl get servicecidr` shows them): the "
                    + "cluster-ips-check rule dropping traffic to their unallocated addresses is commented out "
                    + "with \(KubeProxyNftables.serviceCIDRPlaceholder) in their place; give --service-cidr to see it.")
        }
        if hasHiddenPortNames(state) {
            notes.append(
                "Some port names are not in the input (kubectl get svc hides them): their chains are named "
                    + "service-_xxxxxx_-NS/NAME/PROTO/portN-name-unknown (lowercase and _ mark it) instead of "
                    + "kube-proxy's hash of the name: `kubectl get svc -o yaml` shows the names.")
        }
        return commentBlock(notes, state: state, otherFamily: family, mode: "nftables") + table.listing
    }

    /// What `ipvsadm -Ln` on the node should print: one virtual server per ClusterIP:port, external and
    /// load-balancer IP:port and node address:nodePort, `rr`, `persistent` for ClientIP affinity, real
    /// servers Masq weight 1, both families as ipvsadm lists them together.
    ///
    /// `#` lines are kubehops' notes.
    public static func ipvsadmList(_ state: NodeProxyState, families: [IPPrefix.Family]) -> String {
        let sorted = state.ports.sorted {
            ($0.service, $0.port, $0.protocol) < ($1.service, $1.port, $1.protocol)
        }
        var lines = IPVSVirtualServer.header
        for family in families {
            let generator = KubeProxyIPVS(node: state.node, family: family)
            for port in sorted { lines += generator.virtualServers(port).flatMap(\.listing) }
        }
        let notes = [
            "kubehops: what `ipvsadm -Ln` on node \(state.node.name) should print for kube-proxy "
                + "\(versionText(state)) in IPVS mode (deprecated since 1.35), predicted from the kubectl output, "
                + "not read from the node.",
            "The kernel lists virtual servers in its hash order; here they are sorted by service. The "
                + "connection counters are 0. kube-proxy also adds every ClusterIP to the kube-ipvs0 dummy "
                + "interface (`ip addr show kube-ipvs0`) and matches them with ipsets (`ipset list`).",
        ]
        return commentBlock(notes, state: state, otherFamily: nil, mode: "ipvs")
            + lines.joined(separator: "\n") + "\n"
    }

    static func versionText(_ state: NodeProxyState) -> String {
        state.node.kubeVersion?.description ?? "(version unknown)"
    }

    static func hasHiddenPortNames(_ state: NodeProxyState) -> Bool {
        state.ports.contains { if case .hidden(multiPort: true) = $0.portName { true } else { false } }
    }

    /// The notes, the dual-stack pointer (when `otherFamily` is the family shown), assumptions and the
    /// services left out, as `#` lines.
    static func commentBlock(
        _ notes: [String], state: NodeProxyState, otherFamily family: IPPrefix.Family?, mode: String
    ) -> String {
        var lines = notes
        if let family, state.families.count > 1 {
            let other = family == .ipv6 ? "ipv4" : "ipv6"
            lines.append(
                "The cluster is dual-stack: kube-proxy writes one table per family (kubehops rules "
                    + "--proxy-mode \(mode) --ip-family \(other); without --ip-family both are printed).")
        }
        return lines.flatMap { wrap($0) }.map { "# " + $0 + "\n" }.joined() + assumedAndLeftOut(state)
    }

    static func assumedAndLeftOut(_ state: NodeProxyState) -> String {
        var out = ""
        if !state.assumptions.isEmpty {
            out += "# Assumed:\n"
            for assumption in state.assumptions { out += bullet(FlowText.clean(assumption)) }
        }
        if !state.leftOut.isEmpty {
            out += "# Left out (the input cannot tell their endpoints):\n"
            for service in state.leftOut { out += bullet(service) }
        }
        return out
    }

    static func header(_ state: NodeProxyState, family: IPPrefix.Family) -> String {
        let tool = family == .ipv6 ? "ip6tables-save" : "iptables-save"
        let version = state.node.kubeVersion
        var lines = [
            "kubehops: what `\(tool)` on node \(state.node.name) should print for kube-proxy "
                + "\(version?.description ?? "(version unknown)") in iptables mode, predicted from the kubectl "
                + "output, not read from the node.",
            "kube-proxy writes the services in Go map order; here they are sorted by name (KUBE-SERVICES, "
                + "KUBE-NODEPORTS), so a real dump differs in that order only. A node also has rules of others "
                + "(CNI, kubelet, Docker) in the built-in chains.",
        ]
        if let version, version < .externalChains {
            lines.append(
                "kube-proxy \(version) wrote KUBE-XLB chains (1.24 replaced them by KUBE-EXT and KUBE-SVL): "
                    + "the 1.24+ layout is shown.")
        } else if version == nil {
            lines.append("The node's version is not in the input (`kubectl get nodes -o wide`): the 1.24+ layout.")
        }
        if state.families.count > 1 {
            let (other, otherName, otherTool) =
                family == .ipv6 ? ("ipv4", "IPv4", "iptables-save") : ("ipv6", "IPv6", "ip6tables-save")
            lines.append(
                "The cluster is dual-stack: the \(otherName) rules are in `\(otherTool)` (kubehops rules "
                    + "--ip-family \(other)).")
        }
        return lines.flatMap { wrap($0) }.map { "# " + $0 + "\n" }.joined() + assumedAndLeftOut(state)
    }

    static func bullet(_ text: String) -> String {
        wrap(text, width: 96).enumerated().map { "#   " + ($0.offset == 0 ? "- " : "  ") + $0.element + "\n" }
            .joined()
    }

    /// Words of `text` in lines of at most `width` columns (a longer word stands alone).
    static func wrap(_ text: String, width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = ""
        // The line's length in Characters, kept as it grows (counting the line for each word was quadratic).
        var count = 0
        for word in text.split(separator: " ") {
            let wordCount = word.count
            if !line.isEmpty, count + 1 + wordCount > width {
                lines.append(line)
                line = ""
                count = 0
            }
            if !line.isEmpty {
                line += " "
                count += 1
            }
            line += word
            // A word opening with a combining scalar can join the space before it into one Character.
            count = (word.utf8.first ?? 0) < 0x80 ? count + wordCount : line.count
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
