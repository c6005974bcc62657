import ClusterModel
import ProxyRules

/// What the flow engine knows about a service port and a node, in the form
/// ProxyRules generates kube-proxy's rules from; unknown facts at their
/// Kubernetes defaults, said as assumptions.
extension FlowBuilder {
    /// `terminating`: endpoints that are serving but terminating (kube-proxy uses them only when none is ready).
    mutating func portSpec(
        _ service: Service, port: ServicePort, endpoints: [ServiceEndpoint], terminating: Set<IPAddress> = []
    ) -> ServicePortSpec {
        let name: PortName =
            if let named = port.name, !named.isEmpty { .named(named) }
            else if service.portNamesKnown { .unnamed }
            else { .hidden(multiPort: service.ports.count > 1) }
        if case .hidden(multiPort: true) = name {
            assume(
                "\(service.key) has several ports, and kube-proxy's chain names hash each port's name, which " +
                "`kubectl get` tables do not show: the chains are shown as KUBE-SVC-?…? placeholders. `kubectl " +
                "describe svc \(service.name)` or `kubectl get svc \(service.name) -o yaml` gives the names."
            )
        }
        var specs: [EndpointSpec] = []
        specs.reserveCapacity(endpoints.count)
        // Without a targetPort the answer is the endpoint's own port only for a single-port service: else it is
        // the same for every endpoint, asked once (its assumption built once, not once per endpoint).
        var shared: Int??
        for endpoint in endpoints {
            let target: Int?
            if port.targetPort == nil, !(service.ports.count == 1 && endpoint.port != nil) {
                if shared == nil { shared = .some(targetPort(port, service: service, endpoint: endpoint)) }
                target = shared ?? nil
            } else {
                target = targetPort(port, service: service, endpoint: endpoint)
            }
            let isTerminating = terminating.contains(endpoint.ip)
            specs.append(
                EndpointSpec(
                    ip: endpoint.ip.text, port: target ?? port.port, nodeName: endpoint.nodeName,
                    ready: !isTerminating, serving: true, terminating: isTerminating))
        }
        let affinity = usesClientIPAffinity(service) ? affinityTimeout(of: service) : nil
        return ServicePortSpec(
            service: service.key, portName: name, protocol: port.protocol, port: port.port,
            clusterIPs: service.clusterIPs.map(\.text), nodePort: port.nodePort,
            loadBalancerIPs: service.type == .loadBalancer ? service.externalIPs.map(\.text) : [],
            externalIPs: service.type == .loadBalancer ? [] : service.externalIPs.map(\.text),
            loadBalancerSourceRanges: service.loadBalancerSourceRanges ?? [],
            externalTrafficPolicyLocal: externalTrafficPolicy(of: service) == .local,
            internalTrafficPolicyLocal: service.internalTrafficPolicy == .local,
            affinityTimeoutSeconds: affinity, healthCheckNodePort: service.healthCheckNodePort, endpoints: specs)
    }

    /// The node as kube-proxy sees it: its version (from the VERSION column), its addresses, and the
    /// cluster CIDR it tells pod traffic by (`clusterCIDRs` when the caller knows it, else guessed from
    /// the pod IPs, said so).
    mutating func proxyNode(_ name: String, clusterCIDRs: [String] = []) -> ProxyNode {
        var detector: LocalDetector?
        if !clusterCIDRs.isEmpty {
            detector = .clusterCIDR(clusterCIDRs)
        } else if let pods = cluster.addressScheme.pods {
            detector = .clusterCIDR([pods.cidr.description])
            assume(
                "kube-proxy's cluster CIDR is taken to be \(pods.cidr), the range covering the pod IPs in the " +
                "input (kube-proxy's --cluster-cidr, in `kubectl -n kube-system get cm kube-proxy -o yaml`)."
            )
        }
        let addresses = cluster.node(named: name).map { ($0.internalIPs + $0.externalIPs).map(\.text) } ?? []
        return ProxyNode(
            name: name, kubeVersion: proxyVersion(on: name), localDetector: detector,
            addresses: addresses.isEmpty ? [nodeAddress(name)] : addresses)
    }

    /// The kube-proxy version on a node: its VERSION column (kubelet and kube-proxy go together).
    func proxyVersion(on node: String) -> KubeVersion? {
        cluster.node(named: node)?.version.flatMap(KubeVersion.init)
    }

    /// Seeded draws for the `statistic` rules: this connection's, and the first connection's (for
    /// ClientIP affinity, whose `recent` list the first connection on this node filled).
    func connectionDraws(_ service: Service, node: String, clientIP: String, count: Int)
        -> (current: [Double], first: [Double])
    {
        var current = dice("spread|\(service.key)|\(node)")
        var first = dice("affinity|\(service.key)|\(node)|\(clientIP)", request: 0)
        return ((0..<max(count, 1)).map { _ in current.unit() }, (0..<max(count, 1)).map { _ in first.unit() })
    }
}
