import ClusterModel
import ProxyRules

/// Everything kube-proxy on one node reads to write its rules, for every service of the input: the
/// node, one ``ServicePortSpec`` per service port, and what the input could not tell.
///
/// Built with the same conversion the flows use (`portSpec`, `proxyNode`, `writtenEndpoints`), so `kubehops rules`
/// prints exactly the rules the walks show.
public struct NodeProxyState: Sendable {
    public var node: ProxyNode
    /// Every port of every service with a ClusterIP (headless and ExternalName services have no rules).
    public var ports: [ServicePortSpec]
    /// Sentences saying what was assumed (printed as `#` comments above the rules).
    public var assumptions: [String]
    /// Services whose rules cannot be predicted, each with why (their rules are left out).
    public var leftOut: [String]
    /// The IP families of the services' ClusterIPs, IPv4 first.
    public var families: [IPPrefix.Family]
}

/// What the caller of `kubehops rules` knows better than the input.
public struct NodeProxyOptions: Sendable, Hashable {
    /// `--kube-version`: overrides the node's VERSION column.
    public var kubeVersion: KubeVersion?
    /// `--cluster-cidr` (one per family): overrides the range guessed from the pod IPs.
    public var clusterCIDRs: [String]
    /// `--service-cidr`: the cluster's ServiceCIDRs, which no kubectl table shows.
    public var serviceCIDRs: [String]

    public init(kubeVersion: KubeVersion? = nil, clusterCIDRs: [String] = [], serviceCIDRs: [String] = []) {
        self.kubeVersion = kubeVersion; self.clusterCIDRs = clusterCIDRs; self.serviceCIDRs = serviceCIDRs
    }
}

extension FlowEngine {
    /// The proxy state of node `name`.
    ///
    /// A node the input lists is required when it lists any.
    public func proxyState(onNode name: String, options: NodeProxyOptions = NodeProxyOptions()) throws(FlowError)
        -> NodeProxyState
    {
        if cluster.node(named: name) == nil, !cluster.nodes.isEmpty {
            throw .notFound(
                what: "node", name: name, existing: TargetResolver.listing("nodes", cluster.nodes.map(\.name)))
        }
        var builder = FlowBuilder(facts: facts, seed: seed, request: 0, options: FlowOptions())
        var node = builder.proxyNode(name, clusterCIDRs: options.clusterCIDRs)
        if let version = options.kubeVersion { node.kubeVersion = version }
        node.serviceCIDRs = options.serviceCIDRs
        if cluster.node(named: name) == nil {
            builder.assume(
                "Node \(name) is not in the input: its own addresses are unknown (`kubectl get nodes -o wide` " +
                "shows them).")
        }
        var ports: [ServicePortSpec] = []
        var leftOut: [String] = []
        var hasIPv4 = false, hasIPv6 = false
        for service in cluster.services where service.type != .externalName && !service.clusterIPs.isEmpty {
            if service.isHeadless { continue }
            for ip in service.clusterIPs { if ip.isIPv6 { hasIPv6 = true } else { hasIPv4 = true } }
            switch ServiceProxy.writtenEndpoints(service, external: false, node: name, builder: builder) {
            case .unknown(let reason):
                leftOut.append("\(service.key): " + FlowText.clean(reason))
            case .known(let info, _) where info.source == .noSelector && info.endpoints.isEmpty:
                leftOut.append(
                    "\(service.key): it has no selector, so its endpoints are written by hand or by the API server "
                        + "(default/kubernetes), and the input does not list them (add `kubectl get endpointslices "
                        + "-A`).")
            case .known(let info, let pick):
                if info.notShownCount > 0 {
                    builder.assume(
                        "kubectl printed `+ \(info.notShownCount) more...` for \(service.key)'s endpoints: its chains "
                            + "on the node have more endpoint rules than shown.")
                }
                for port in service.ports {
                    ports.append(
                        builder.portSpec(service, port: port, endpoints: pick.endpoints, terminating: pick.terminating))
                }
            }
        }
        let families: [IPPrefix.Family] = (hasIPv4 || !hasIPv6 ? [.ipv4] : []) + (hasIPv6 ? [.ipv6] : [])
        return NodeProxyState(
            node: node, ports: ports, assumptions: builder.assumptions, leftOut: leftOut, families: families)
    }
}
