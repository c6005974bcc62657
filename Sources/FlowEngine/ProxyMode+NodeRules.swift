import ProxyRules

extension NodeRulesInput {
    /// The kube-proxy mode that writes what this dump holds (`NodeRulesDump.dataplane`: an nft listing of
    /// iptables-nft tables only is iptables mode).
    public var dataplane: Dataplane { dump.dataplane }

    /// What the dump is, as a reader says it: `an nft listing`.
    var kindPhrase: String {
        switch dump {
        case .iptables: "an iptables-save"
        case .nftables: dataplane == .iptables ? "an nft listing of iptables-nft tables" : "an nft listing"
        case .ipvs: "an ipvsadm listing"
        }
    }
}

extension ProxyModeChoice {
    /// The mode the given node dumps show, when they all show the same one: a node's own rules are stronger
    /// evidence than the pods in the input.
    ///
    /// kube-proxy runs as one DaemonSet with one configuration, so the nodes without a dump are taken to run the
    /// same mode (said, as inferred). Dumps of different modes (a cluster mid-migration) decide nothing: each
    /// node's own dump is still walked, and its note says which mode it shows.
    static func detect(fromNodeRules nodeRules: [String: NodeRulesInput]) -> ProxyModeChoice? {
        let modes = Set(nodeRules.values.map(\.dataplane))
        guard modes.count == 1, let mode = modes.first else { return nil }
        let dumps = nodeRules.sorted { $0.key < $1.key }.map { node, input in
            "\(input.source) is \(input.kindPhrase) from \(node)"
        }
        return ProxyModeChoice(
            mode: mode, source: .detected,
            evidence:
                "detected \(mode.rawValue) mode from the node's own rules (\(dumps.joined(separator: "; "))); "
                + "nodes without a dump are taken to run the same mode, since kube-proxy's DaemonSet gives every "
                + "node one configuration (inferred)")
    }
}
