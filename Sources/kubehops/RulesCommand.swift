import ArgumentParser
import ClusterModel
import FlowEngine
import Foundation
import KubeText
import ProxyRules

/// `kubehops rules --node NODE [FILE…]`: the whole kube-proxy state predicted for one node, in the real
/// tool's format (`iptables-save`), so it can be read beside, or fed to, the real thing.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the kube-proxy rules a node should have for every service, as iptables-save, nft or ipvsadm "
            + "prints them.",
        discussion: """
            The output is what `iptables-save` on NODE should show (the filter and nat tables, every chain \
            declared, kube-proxy's rules in its order, COMMIT); what the input cannot tell is said in # comments \
            and rules needing an unknown value are commented out with a <placeholder>. It is accepted by \
            `iptables-restore --test`. With --proxy-mode nftables: `nft list table ip kube-proxy` (and ip6 when \
            the cluster has IPv6) in the node's kube-proxy generation, accepted by `nft -c -f`; with ipvs: \
            `ipvsadm -Ln`, then `ipset save` and the `iptables-save` of the rules testing the sets (--only picks \
            one). Example: kubehops rules --node worker-1 cluster.txt

            With --compare DUMP (the node's `iptables-save`, `nft list table ip kube-proxy` or `ipvsadm -Ln`), \
            prints instead what the node has that the prediction lacks (+) and the reverse (-), service by \
            service, each with its likely cause; chains of other tools (CNI, Calico, Docker, kubelet) are listed \
            and not counted. IPVS: virtual servers by protocol and address:port, real servers as endpoints \
            (weight 0: a terminating endpoint draining); the ipsets and iptables rules beside IPVS are not in an \
            ipvsadm dump. Exit status as diff(1): 0 the same, 1 different, 2 trouble. Example: kubehops rules \
            --node worker-1 --compare worker-1.iptables cluster.txt
            """)

    @Option(help: "The node whose kube-proxy rules to print.")
    var node: String

    @Option(help: "kube-proxy's mode: iptables (the default; with --compare, the dump's), nftables or ipvs.")
    var proxyMode: RulesetMode?

    @Option(
        help: ArgumentHelp(
            "With --proxy-mode ipvs, print only one part: ipvsadm (ipvsadm -Ln), ipset (ipset save) or iptables "
                + "(iptables-save); default: all three.", valueName: "part"))
    var only: NodeRulesIPVSText.Part?

    @Option(
        help: ArgumentHelp(
            "Compare the prediction with the node's real rules (iptables-save, nft list or ipvsadm -Ln output); "
                + "exit 1 when they differ.",
            valueName: "dump"))
    var compare: String?

    @Option(help: "kube-proxy's version (e.g. 1.31), instead of the node's VERSION column.")
    var kubeVersion: String?

    @Option(help: "kube-proxy's --cluster-cidr (repeatable, one per family), instead of the pod IPs' range.")
    var clusterCIDR: [String] = []

    @Option(
        help: ArgumentHelp(
            "The cluster's ServiceCIDRs (repeatable; `kubectl get servicecidr`, the apiserver's "
                + "--service-cluster-ip-range): nftables mode 1.33+ drops traffic to their unallocated addresses."))
    var serviceCIDR: [String] = []

    @Option(help: "ipv4 or ipv6 (ip6tables-save); default: the services' family, IPv4 when dual-stack.")
    var ipFamily: IPFamilyChoice?

    @OptionGroup(title: "Services") var filters: PictureFilters

    @OptionGroup var input: InputFileArguments
    var files: [String] { input.all }

    enum RulesetMode: String, ExpressibleByArgument, CaseIterable { case iptables, nftables, ipvs }
    enum IPFamilyChoice: String, ExpressibleByArgument, CaseIterable { case ipv4, ipv6 }

    func validate() throws {
        if let kubeVersion, KubeVersion(kubeVersion) == nil {
            throw ValidationError("--kube-version must look like 1.31 or v1.31.2, not \(kubeVersion).")
        }
        for cidr in clusterCIDR where IPPrefix(cidr) == nil {
            throw ValidationError("--cluster-cidr must be a CIDR like 10.244.0.0/16, not \(cidr).")
        }
        for cidr in serviceCIDR where IPPrefix(cidr) == nil {
            throw ValidationError("--service-cidr must be a CIDR like 10.96.0.0/12, not \(cidr).")
        }
        if only != nil && proxyMode != .ipvs {
            throw ValidationError("--only picks a part of IPVS mode's state; give it with --proxy-mode ipvs.")
        }
        if filters.compact { throw ValidationError("--compact draws the picture smaller; rules prints text.") }
    }

    func run() throws {
        if let compare {
            try RulesCompare(command: self, dumpPath: compare).run()
            return
        }
        let state = try proxyState()
        print(text(state), terminator: "")
    }

    /// The node's predicted state from the input files (their warnings on stderr).
    func proxyState() throws -> NodeProxyState {
        let parsed = try InputSource(files: files).loadForKubehops()
        StandardError.warn(about: parsed.diagnostics)
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let options = NodeProxyOptions(
            kubeVersion: kubeVersion.flatMap(KubeVersion.init), clusterCIDRs: clusterCIDR, serviceCIDRs: serviceCIDR)
        var state: NodeProxyState
        do {
            state = try FlowEngine(cluster: cluster).proxyState(onNode: node, options: options)
        } catch {
            throw ExplainFailure(message: FlowText.clean(error.message))
        }
        state.ports = state.ports.filter { shown($0.service) }
        return state
    }

    /// The state in the mode's own format.
    ///
    /// iptables-save shows one family (ip6tables-save is another command); nft has one table per family, printed one
    /// after the other; ipvsadm lists both families.
    func text(_ state: NodeProxyState) -> String {
        let families: [IPPrefix.Family] =
            switch ipFamily {
            case .ipv4: [.ipv4]
            case .ipv6: [.ipv6]
            case nil: state.families.isEmpty ? [.ipv4] : state.families
            }
        switch proxyMode ?? .iptables {
        case .iptables: return NodeRulesText.iptablesSave(state, family: families[0])
        case .nftables: return families.map { NodeRulesText.nftList(state, family: $0) }.joined(separator: "\n")
        case .ipvs:
            return NodeRulesIPVSText.text(
                state, families: families, parts: only.map { [$0] } ?? NodeRulesIPVSText.Part.allCases)
        }
    }

    /// `-n`, `--filter` and `--hide-system` as the picture applies them.
    func shown(_ key: ObjectKey) -> Bool {
        let namespace = key.effectiveNamespace
        if let only = filters.namespace {
            if namespace != only { return false }
        } else if filters.hiddenNamespaces.contains(namespace) {
            return false
        }
        guard let needle = filters.filter?.lowercased(), !needle.isEmpty else { return true }
        return key.name.lowercased().contains(needle) || namespace.lowercased().contains(needle)
    }
}
