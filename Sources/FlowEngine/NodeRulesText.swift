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
        var out = lines.flatMap { wrap($0) }.map { "# " + $0 + "\n" }.joined()
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

    static func bullet(_ text: String) -> String {
        wrap(text, width: 96).enumerated().map { "#   " + ($0.offset == 0 ? "- " : "  ") + $0.element + "\n" }
            .joined()
    }

    /// Words of `text` in lines of at most `width` columns (a longer word stands alone).
    static func wrap(_ text: String, width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
