import ClusterModel
import ProxyRules

/// `kubehops rules --compare`: a node's real dump held against the rules the kubectl picture predicts
/// for it, with the prediction built by the same generator `kubehops rules` prints, so a difference is
/// one a user can see by running both.
public enum NodeRulesComparison {
    /// A dump this version cannot compare (said, exit status 2).
    public struct Unavailable: Error, Sendable { public var message: String }

    /// Compares `given` with the prediction for `mode`. A dump of another mode is one difference saying
    /// which mode the node runs; its rules are not held against the wrong mode's.
    public static func compare(
        _ state: NodeProxyState, given: NodeRulesInput, mode: Dataplane, family: IPPrefix.Family? = nil
    ) throws(Unavailable) -> RulesComparison {
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
        case .nftables, .ipvs:
            throw Unavailable(
                message: "comparing a \(dumpMode.rawValue) dump is not available yet: only iptables-save dumps are "
                    + "compared (`kubehops rules --proxy-mode \(dumpMode.rawValue)` prints the prediction to read "
                    + "beside it).")
        }
    }
}
