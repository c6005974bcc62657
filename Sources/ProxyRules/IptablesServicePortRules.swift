import ClusterModel

/// The rules of one service port on one node: the body of kube-proxy's per-service loop in
/// `syncProxyRules`, in its order.
struct ServicePortRules {
    let port: ServicePortSpec
    let generator: KubeProxyIptables
    let clusterIP: IPPrefix
    let categories: EndpointCategories
    let largeCluster: Bool
    /// `ns/svc:port` (or a placeholder when the name is hidden), as in every comment.
    let name: String
    let proto: String
    let svc: String, svl: String, ext: String, fw: String
    /// The KUBE-SEP chain of each of `categories.reachable`, hashed once.
    let endpointChains: [String]

    init?(port: ServicePortSpec, endpoints: [EndpointSpec], generator: KubeProxyIptables, largeCluster: Bool) {
        guard let clusterIP = port.clusterIPs.lazy.compactMap(generator.prefix).first else { return nil }
        self.port = port; self.generator = generator; self.clusterIP = clusterIP; self.largeCluster = largeCluster
        categories = EndpointCategories(port: port, endpoints: endpoints, nodeName: generator.node.name)
        proto = port.protocol.lowercased()
        let chains = ServicePortRules.chainNames(port)
        name = chains.name; svc = chains.svc; svl = chains.svl; ext = chains.ext; fw = chains.fw
        endpointChains = Self.endpointChainNames(port, hostPorts: categories.reachableHostPorts)
    }

    /// `KubeProxyIptables.endpointChainName` of each endpoint (`ip:port`), the port's part of the message hashed
    /// into reused bytes.
    static func endpointChainNames(_ port: ServicePortSpec, hostPorts: [String]) -> [String] {
        guard let portName = port.portName.hashedName else {
            return hostPorts.map { hostPort in
                KubeProxyChains.placeholderChain(
                    "KUBE-SEP-", service: port.service, protocol: port.protocol, port: port.port, endpoint: hostPort)
            }
        }
        var hasher = ChainNameHasher(
            base: KubeProxyChains.servicePortName(port.service, portName: portName) + port.protocol.lowercased())
        return hostPorts.map { hasher.name(prefix: "KUBE-SEP-", hashLength: 16, suffix: $0) }
    }

    /// The chain names kube-proxy hashes, or visible placeholders when the port name is hidden.
    static func chainNames(_ port: ServicePortSpec) -> (name: String, svc: String, svl: String, ext: String, fw: String)
    {
        guard let portName = port.portName.hashedName else {
            let name = "\(port.service.effectiveNamespace)/\(port.service.name):<port \(port.port) name not in input>"
            let chain = { (prefix: String) in
                KubeProxyChains.placeholderChain(
                    prefix, service: port.service, protocol: port.protocol, port: port.port)
            }
            return (name, chain("KUBE-SVC-"), chain("KUBE-SVL-"), chain("KUBE-EXT-"), chain("KUBE-FW-"))
        }
        let name = KubeProxyChains.servicePortName(port.service, portName: portName)
        let hash = KubeProxyChains.hash(name + port.protocol.lowercased())
        return (name, "KUBE-SVC-" + hash, "KUBE-SVL-" + hash, "KUBE-EXT-" + hash, "KUBE-FW-" + hash)
    }

    var hasEndpoints: Bool { categories.hasAny }
    var hasInternalEndpoints: Bool {
        hasEndpoints && !(port.internalTrafficPolicyLocal && categories.local.isEmpty)
    }
    var externalPolicyLocal: Bool { port.externalTrafficPolicyLocal && port.isExternallyAccessible }
    var hasExternalEndpoints: Bool { hasEndpoints && !(externalPolicyLocal && categories.local.isEmpty) }
    var internalChain: String { port.internalTrafficPolicyLocal ? svl : svc }
    var externalPolicyChain: String { externalPolicyLocal ? svl : svc }
    var loadBalancerIPs: [IPPrefix] { port.loadBalancerIPs.compactMap(generator.prefix) }
    var externalIPs: [IPPrefix] { port.externalIPs.compactMap(generator.prefix) }
    var sourceRanges: [IPPrefix] { port.loadBalancerSourceRanges.compactMap(generator.prefix) }
    var usesFirewall: Bool { hasEndpoints && !loadBalancerIPs.isEmpty && !sourceRanges.isEmpty }
    var rejectWith: String { generator.isIPv6 ? "icmp6-port-unreachable" : "icmp-port-unreachable" }

    func filterVerdict(internal: Bool) -> (comment: String, target: IptablesTarget) {
        if !hasEndpoints { return ("\(name) has no endpoints", .reject(with: rejectWith)) }
        return ("\(name) has no local endpoints", .jump("DROP"))
    }

    /// `-m comment … -m tcp -p tcp -d <ip> --dport <port>`, the shape of every capture rule.
    func capture(
        _ chain: String, _ comment: String, _ ip: IPPrefix?, _ dport: Int,
        extra: [IptablesMatch] = [], target: IptablesTarget
    ) -> IptablesRule {
        IptablesRule(
            chain: chain, destination: ip.map { AddressMatch($0) }, protocol: proto,
            matches: [.comment(comment)] + extra + [.port(protocol: proto, destinationPort: dport)],
            target: target)
    }

    func write(into tables: inout KubeProxyIptables.Tables) {
        writeCaptures(into: &tables)
        writeExternalCaptures(into: &tables)
        if let healthCheck = port.healthCheckNodePort, healthCheck != 0 {
            tables.filter.append(
                IptablesRule(
                    chain: "KUBE-NODEPORTS", protocol: "tcp",
                    matches: [
                        .comment("\(name) health check node port"),
                        .port(protocol: "tcp", destinationPort: healthCheck),
                    ],
                    target: .jump("ACCEPT")))
        }
        writeServiceChains(into: &tables)
    }

    private func writeCaptures(into tables: inout KubeProxyIptables.Tables) {
        if hasInternalEndpoints {
            tables.nat.append(
                capture(
                    "KUBE-SERVICES", "\(name) cluster IP", clusterIP, port.port,
                    target: .jump(internalChain)))
        } else {
            let verdict = filterVerdict(internal: true)
            tables.filter.append(
                capture("KUBE-SERVICES", verdict.comment, clusterIP, port.port, target: verdict.target))
        }
        let external = filterVerdict(internal: false)
        for ip in externalIPs {
            if hasEndpoints {
                tables.nat.append(capture("KUBE-SERVICES", "\(name) external IP", ip, port.port, target: .jump(ext)))
            }
            if !hasExternalEndpoints {
                tables.filter.append(
                    capture(
                        "KUBE-EXTERNAL-SERVICES", external.comment, ip, port.port,
                        target: external.target))
            }
        }
        for ip in loadBalancerIPs {
            if hasEndpoints {
                tables.nat.append(
                    capture(
                        "KUBE-SERVICES", "\(name) loadbalancer IP", ip, port.port,
                        target: .jump(usesFirewall ? fw : ext)))
            }
            if usesFirewall {
                tables.filter.append(
                    capture(
                        "KUBE-PROXY-FIREWALL", "\(name) traffic not accepted by \(fw)", ip,
                        port.port, target: .jump("DROP")))
            }
        }
        if !hasExternalEndpoints {
            for ip in loadBalancerIPs {
                tables.filter.append(
                    capture(
                        "KUBE-EXTERNAL-SERVICES", external.comment, ip, port.port,
                        target: external.target))
            }
        }
    }

    private func writeExternalCaptures(into tables: inout KubeProxyIptables.Tables) {
        guard let nodePort = port.nodePort, nodePort != 0 else { return }
        if hasEndpoints {
            let options = generator.options
            if options.localhostNodePorts && !generator.isIPv6 && options.nfacctCounters {
                tables.nat.append(
                    capture(
                        "KUBE-NODEPORTS", name, IPPrefix("127.0.0.0/8"), nodePort,
                        target: .jump(ext)
                    ).appending(.nfacct(name: "localhost_nps_accepted_pkts")))
            }
            tables.nat.append(capture("KUBE-NODEPORTS", name, nil, nodePort, target: .jump(ext)))
        }
        if !hasExternalEndpoints {
            let external = filterVerdict(internal: false)
            tables.filter.append(
                capture(
                    "KUBE-EXTERNAL-SERVICES", external.comment, nil, nodePort,
                    extra: [.addrType(source: nil, destination: .init("LOCAL"))],
                    target: external.target))
        }
    }
}

extension IptablesRule {
    func appending(_ match: IptablesMatch) -> IptablesRule {
        var copy = self
        copy.matches.append(match)
        return copy
    }
}
