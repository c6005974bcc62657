import ClusterModel
import ProxyRules

/// Which dataplane translates service addresses in a flow, and how kubehops knows: the user said so
/// (`--proxy-mode`, the live view's key), the input showed it, or it is assumed (iptables, still the
/// default).
///
/// Every flow through kube-proxy's rules carries it, so the text, the JSON and the status line can say which rules are
/// shown and why.
public struct ProxyModeChoice: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        /// `--proxy-mode`, or chosen in the live view.
        case option
        /// From the input (the pods it lists); `evidence` says what.
        case detected
        /// The input does not say: iptables, kube-proxy's default.
        case assumed
    }

    public var mode: Dataplane
    public var source: Source
    /// What the choice rests on, as a sentence.
    public var evidence: String

    public init(mode: Dataplane, source: Source, evidence: String) {
        self.mode = mode; self.source = source; self.evidence = evidence
    }

    /// The modes `--proxy-mode` and the live view's key cycle through (eBPF is only ever detected).
    public static let selectable: [Dataplane] = [.iptables, .nftables, .ipvs]

    /// kube-proxy's name for the mode (`--proxy-mode` and the ConfigMap's `mode:` value).
    public static func mode(named text: String) -> Dataplane? {
        let mode = Dataplane(rawValue: text.lowercased())
        return mode.flatMap { selectable.contains($0) ? $0 : nil }
    }

    static let assumedIptables = ProxyModeChoice(
        mode: .iptables, source: .assumed,
        evidence:
            "assumed iptables: kube-proxy's mode is not in the input; `kubectl -n kube-system get cm kube-proxy "
            + "-o yaml` shows it")

    /// From the pods in the input: Cilium agents and no kube-proxy pod (while kube-system pods are listed, so
    /// the absence means something) is Cilium's kube-proxy replacement.
    ///
    /// k3s runs kube-proxy inside its own process (no pod), so a k3s node version never counts as "no kube-proxy". Else
    /// iptables, assumed.
    static func detect(in cluster: Cluster, cni: CNI) -> ProxyModeChoice {
        guard cni == .cilium, !cluster.nodes.contains(where: { $0.version?.contains("+k3s") == true }) else {
            return assumedIptables
        }
        var systemPods = 0
        for pod in cluster.pods where pod.namespace == "kube-system" {
            if pod.name.hasPrefix("kube-proxy") { return assumedIptables }
            systemPods += 1
        }
        guard systemPods > 0 else { return assumedIptables }
        return ProxyModeChoice(
            mode: .ebpf, source: .detected,
            evidence:
                "detected Cilium's kube-proxy replacement: the input shows cilium agent pods and no kube-proxy pod "
                + "in kube-system (inferred; `cilium status | grep KubeProxyReplacement` on an agent tells).")
    }

    /// `option` when the user chose one, else what the input shows.
    static func resolve(_ option: Dataplane?, detected: ProxyModeChoice) -> ProxyModeChoice {
        guard let option else { return detected }
        let input =
            detected.source == .assumed
            ? "the input does not tell the mode (`kubectl -n kube-system get cm kube-proxy -o yaml` shows it)"
            : detected.evidence
        return ProxyModeChoice(mode: option, source: .option, evidence: "\(option.rawValue) mode, as chosen; \(input)")
    }

    /// How the dataplane chooses among the endpoints, for the DNAT sentence.
    var pickedHow: String { mode == .ipvs ? "taken in turn by rr" : "picked at random" }

    /// `iptables (assumed)`, `nftables (chosen)`, `eBPF (detected)`: for the status line.
    public var label: String {
        let word: String =
            switch source {
            case .option: "chosen"
            case .detected: "detected"
            case .assumed: "assumed"
            }
        return "\(mode == .ebpf ? "eBPF" : mode.rawValue) (\(word))"
    }
}

extension FlowBuilder {
    /// The assumption line of a flow through kube-proxy's rules on `node`: the mode, how it is known, and
    /// which kube-proxy's rules are shown.
    func proxyModeAssumption(on node: String) -> String {
        switch proxyMode.mode {
        case .iptables:
            return proxyMode.evidence + ". " + ServiceProxy.layoutAssumption(version: proxyVersion(on: node))
        case .nftables:
            return proxyMode.evidence + "; " + NftablesGeneration.pick(proxyVersion(on: node)).why + "."
        case .ipvs:
            return proxyMode.evidence + "; IPVS mode is deprecated since 1.35 (removal planned for 1.43): virtual "
                + "servers, ipsets and a few iptables rules as kube-proxy's pkg/proxy/ipvs writes them."
        case .ebpf:
            return proxyMode.evidence + "."
        }
    }
}
