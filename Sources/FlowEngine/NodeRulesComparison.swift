import ClusterModel
import ProxyRules

/// `kubehops rules --compare`: a node's real dump held against the rules the kubectl picture predicts
/// for it, with the prediction built by the same generator `kubehops rules` prints, so a difference is
/// one a user can see by running both.
public enum NodeRulesComparison {
    /// Compares `given` with the prediction for `mode`.
    ///
    /// A dump of another mode is one difference saying which mode the node runs; its rules are not held against the
    /// wrong mode's.
    public static func compare(
        _ state: NodeProxyState, given: NodeRulesInput, mode: Dataplane, family: IPPrefix.Family? = nil
    ) -> RulesComparison {
        let node = state.node.name
        let dumpMode = given.dump.dataplane
        if dumpMode != mode {
            let difference = RulesDifference(
                kind: .otherMode, table: "", chain: "", detail: "kube-proxy's \(dumpMode.rawValue) mode",
                cause: DifferenceCause.otherMode(dumpMode.rawValue, node: node, predicted: "\(mode.rawValue) mode"))
            return RulesComparison(groups: [RulesDifferenceGroup(service: nil, differences: [difference])])
        }
        switch given.dump {
        case .iptables(let dump):
            let family = family ?? dump.ruleset.family
            let generator = KubeProxyIptables(node: state.node, family: family, options: .read(from: dump.ruleset))
            var comparison = IptablesComparison.compare(
                expected: generator.ruleset(for: state.ports), dump: dump, node: node)
            comparison.notes += ProxyOptions.notes(readFrom: dump.ruleset)
            return comparison
        case .nftables(let dump):
            let onlyIPv6 = dump.kubeProxyTable(family: "ip") == nil && dump.kubeProxyTable(family: "ip6") != nil
            let family = family ?? (onlyIPv6 ? .ipv6 : .ipv4)
            let picked = NftablesGeneration.pick(state.node.kubeVersion)
            let seen = NftablesComparison.generation(of: dump, family: family)
            let generation = seen ?? picked.generation
            let table = KubeProxyNftables(node: state.node, family: family, generation: generation)
                .table(for: state.ports)
            var comparison = NftablesComparison.compare(
                expected: table, dump: dump, node: node, podRangeKnown: state.node.localDetector != nil)
            comparison.notes.append(
                seen == nil || seen == picked.generation
                    ? "Predicted layout: " + picked.why + " (--kube-version changes it)."
                    : "The dump is in kube-proxy's \(generation == .inlined ? "1.36+" : "1.33–1.35") layout, while "
                        + "the input says: " + picked.why + ". It is compared in the dump's layout: the node's "
                        + "kube-proxy is of another version than its VERSION column says (or pass --kube-version).")
            return comparison
        case .ipvs(let dump):
            return IPVSComparison.compare(
                ports: state.ports, node: state.node, families: family.map { [$0] } ?? state.families, dump: dump)
        }
    }
}
