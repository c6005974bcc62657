/// kube-proxy's flags and the kernel's features as a node's `iptables-save` shows them. The kubectl
/// output cannot tell them, so a comparison reads them from the dump rather than count every node-wide
/// rule as a difference; what was read is said.
extension ProxyOptions {
    public static func read(from ruleset: IptablesRuleset) -> ProxyOptions {
        var options = ProxyOptions()
        let nat = ruleset.table("nat"), filter = ruleset.table("filter")
        options.nfacctCounters = ruleset.tables.contains { table in
            table.allRules.contains { rule in rule.matches.contains { if case .nfacct = $0 { true } else { false } } }
        }
        for rule in nat?.rulesByChain["KUBE-POSTROUTING"] ?? [] {
            if case .masquerade(let randomFully)? = rule.target { options.randomFully = randomFully }
        }
        if let forward = filter?.rulesByChain["KUBE-FORWARD"] {
            options.conntrackTCPLiberal = !forward.contains { rule in
                rule.matches.contains { if case .conntrack(["INVALID"], false) = $0 { true } else { false } }
            }
        }
        let nodePorts = nat?.rulesByChain["KUBE-SERVICES"]?.first { $0.target == .jump("KUBE-NODEPORTS") }
        if let destination = nodePorts?.destination, destination.negated, ruleset.family == .ipv4 {
            options.localhostNodePorts = false
        }
        options.masqueradeAll = nat?.userChains.contains { chain in
            chain.hasPrefix("KUBE-SVC-")
                && (nat?.rulesByChain[chain] ?? []).contains { rule in
                    rule.target == .jump(KubeProxyIptables.markMasq) && rule.source == nil && rule.inInterface == nil
                        && rule.comment?.hasSuffix(" cluster IP") == true
                }
        } ?? false
        return options
    }

    /// What ``read(from:)`` found that differs from kube-proxy's defaults, as a sentence (none: empty).
    public static func notes(readFrom ruleset: IptablesRuleset) -> [String] {
        let read = Self.read(from: ruleset), defaults = ProxyOptions()
        var found: [String] = []
        if read.nfacctCounters { found.append("nfacct counters (kube-proxy 1.29+ on a kernel with nfacct)") }
        if read.randomFully != defaults.randomFully { found.append("MASQUERADE without --random-fully") }
        if read.conntrackTCPLiberal { found.append("no INVALID drop (nf_conntrack_tcp_be_liberal is set)") }
        if read.localhostNodePorts != defaults.localhostNodePorts {
            found.append("--iptables-localhost-nodeports=false")
        }
        if read.masqueradeAll { found.append("--masquerade-all") }
        guard !found.isEmpty else { return [] }
        return ["Read from the dump and predicted with it: " + found.joined(separator: ", ") + "."]
    }
}
