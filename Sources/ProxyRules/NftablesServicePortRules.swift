import ClusterModel

/// The rules and elements of one service port in kube-proxy's nftables table: the body of the
/// per-service loop of pkg/proxy/nftables `syncProxyRules`, in its order.
struct NftServicePortRules {
    let port: ServicePortSpec
    let generator: KubeProxyNftables
    let clusterIP: IPPrefix
    let categories: EndpointCategories
    let proto: String
    let base: String
    /// `ns/svc:port`, the comment of no-endpoint elements.
    let name: String
    /// The endpoint- chain's base of each of `categories.reachable`, hashed once, and the chain's name.
    let endpointBases: [String]
    let endpointChains: [String]

    init?(port: ServicePortSpec, endpoints: [EndpointSpec], generator: KubeProxyNftables) {
        guard let clusterIP = port.clusterIPs.lazy.compactMap(generator.prefix).first else { return nil }
        self.port = port; self.generator = generator; self.clusterIP = clusterIP
        categories = EndpointCategories(port: port, endpoints: endpoints, nodeName: generator.node.name)
        proto = port.protocol.lowercased()
        base = NftablesNames.serviceBase(port) ?? NftablesNames.placeholderBase(port)
        let portName = port.portName.hashedName.map { $0 ?? "" } ?? "<port \(port.port) name not in input>"
        name = KubeProxyChains.servicePortName(port.service, portName: portName)
        // Only endpoint chains and affinity sets are named by them (1.36+ without affinity has neither).
        let named = generator.generation != .inlined || port.affinityTimeoutSeconds != nil
        endpointBases = named ? NftablesNames.endpointBases(port, categories.reachable) : []
        endpointChains = endpointBases.map { "endpoint-" + $0 }
    }

    var ipX: String { generator.ipX }
    var clusterChain: String { "service-" + base }
    var localChain: String { "local-" + base }
    var externalChain: String { "external-" + base }
    var firewallChain: String { "firewall-" + base }
    var inlined: Bool { generator.generation == .inlined }
    var affinity: Bool { port.affinityTimeoutSeconds != nil }

    /// 1.36+ keeps endpoint chains only where it must record affinity (inferred: the observed 1.36 tables
    /// without affinity have none).
    var usesEndpointChains: Bool { !inlined || affinity }

    var externallyAccessible: Bool { port.isExternallyAccessible }
    var externalPolicyLocal: Bool { port.externalTrafficPolicyLocal && externallyAccessible }
    var hasEndpoints: Bool { categories.hasAny }
    var usesClusterChain: Bool {
        !categories.cluster.isEmpty
            && (!port.internalTrafficPolicyLocal || (externallyAccessible && !externalPolicyLocal))
    }
    var usesLocalChain: Bool {
        !categories.local.isEmpty && (port.internalTrafficPolicyLocal || externalPolicyLocal)
    }
    var hasInternalEndpoints: Bool { hasEndpoints && !(port.internalTrafficPolicyLocal && categories.local.isEmpty) }
    var hasExternalEndpoints: Bool { hasEndpoints && !(externalPolicyLocal && categories.local.isEmpty) }
    var internalChain: String { port.internalTrafficPolicyLocal ? localChain : clusterChain }
    var externalPolicyChain: String { externalPolicyLocal ? localChain : clusterChain }
    var usesExternalChain: Bool { hasEndpoints && externallyAccessible }
    var loadBalancerIPs: [IPPrefix] { port.loadBalancerIPs.compactMap(generator.prefix) }
    var externalIPs: [IPPrefix] { port.externalIPs.compactMap(generator.prefix) }
    var sourceRanges: [IPPrefix] { port.loadBalancerSourceRanges.compactMap(generator.prefix) }
    var usesFirewall: Bool { !loadBalancerIPs.isEmpty && !sourceRanges.isEmpty }

    func key(_ ip: IPPrefix) -> String { "\(ip.nftText) . \(proto) . \(port.port)" }
    var internalVerdict: String { hasEndpoints ? "drop" : "goto reject-chain" }
    var externalVerdict: String { hasEndpoints ? "drop" : "goto reject-chain" }

    func write(into table: inout NftablesTable) {
        // Where each endpoint chain is: its rules go there at the end, with no look-up of its long name.
        let positions = usesEndpointChains ? endpointChains.map { table.position(ensuring: $0) } : []
        if usesClusterChain { table.ensureChain(clusterChain) }
        if usesLocalChain { table.ensureChain(localChain) }
        if usesExternalChain { table.ensureChain(externalChain) }
        if usesFirewall { table.ensureChain(firewallChain) }
        writeElements(&table)
        if hasInternalEndpoints, !inlined, let notPod = generator.podMatch(negated: true) {
            table.append(
                NftRule(
                    conditions: [.daddr(clusterIP), .dport(protocol: proto, port: port.port), notPod.condition],
                    action: .jump("mark-for-masquerade"),
                    text: "\(ipX) daddr \(clusterIP.nftText) \(proto) dport \(port.port) \(notPod.text) jump "
                        + "mark-for-masquerade"), to: internalChain)
        }
        if usesExternalChain { writeExternalChain(&table) }
        if usesFirewall { writeFirewall(&table) }
        if affinity {
            for base in endpointBases {
                table.sets.append(
                    NftSet(
                        kind: "set", name: "affinity-" + base, type: generator.addressType,
                        flags: ["dynamic", "timeout"], timeout: port.affinityTimeoutSeconds))
            }
        }
        if usesClusterChain { writeEndpointChoice(&table, chain: clusterChain, local: false) }
        if usesLocalChain { writeEndpointChoice(&table, chain: localChain, local: true) }
        if usesEndpointChains {
            for index in endpointBases.indices {
                let hostPort = categories.reachableHostPorts[index]
                let endpoint = categories.reachable[index]
                let rules = endpointChainRules(endpoint, base: endpointBases[index], hostPort: hostPort)
                table.chains[positions[index]].rules += rules
            }
        }
        if inlined {
            // Only a pod of this node can reach itself through the rules of this node (the observed 1.36 table
            // lists its pods, not the API server's host endpoint).
            for endpoint in categories.reachable where endpoint.nodeName == generator.node.name {
                guard let ip = generator.prefix(endpoint.ip) else { continue }
                table.addElement(
                    "hairpin-connections", key: "\(ip.nftText) . \(ip.nftText) . \(proto) . \(endpoint.port)")
            }
        }
    }

    private func writeElements(_ table: inout NftablesTable) {
        table.addElement("cluster-ips", key: clusterIP.nftText)
        if hasInternalEndpoints {
            table.addElement("service-ips", key: key(clusterIP), verdict: "goto \(internalChain)")
        } else {
            table.addElement("no-endpoint-services", key: key(clusterIP), verdict: internalVerdict, comment: name)
        }
        for ip in externalIPs {
            if hasEndpoints { table.addElement("service-ips", key: key(ip), verdict: "goto \(externalChain)") }
            if !hasExternalEndpoints {
                table.addElement("no-endpoint-services", key: key(ip), verdict: externalVerdict, comment: name)
            }
        }
        for ip in loadBalancerIPs {
            if hasEndpoints { table.addElement("service-ips", key: key(ip), verdict: "goto \(externalChain)") }
            if usesFirewall {
                table.addElement("firewall-ips", key: key(ip), verdict: "goto \(firewallChain)", comment: name)
            }
        }
        if !hasExternalEndpoints {
            for ip in loadBalancerIPs {
                table.addElement("no-endpoint-services", key: key(ip), verdict: externalVerdict, comment: name)
            }
        }
        if let nodePort = port.nodePort, nodePort != 0 {
            let key = "\(proto) . \(nodePort)"
            if hasEndpoints { table.addElement("service-nodeports", key: key, verdict: "goto \(externalChain)") }
            if !hasExternalEndpoints {
                table.addElement("no-endpoint-nodeports", key: key, verdict: externalVerdict, comment: name)
            }
        }
    }

    /// `jump mark-for-masquerade` (1.33–1.35) or the inline `meta mark set` (1.36+).
    func mark(_ conditions: [NftCondition], _ prefix: String, comment: String? = nil) -> NftRule {
        let tail = comment.map { " comment \"\($0)\"" } ?? ""
        if inlined {
            return NftRule(
                conditions: conditions, action: .markOrContinue,
                text: prefix + "meta mark set meta mark | \(KubeProxyNftables.mark)" + tail)
        }
        return NftRule(
            conditions: conditions, action: .jump("mark-for-masquerade"),
            text: prefix + "jump mark-for-masquerade" + tail)
    }

    private func writeExternalChain(_ table: inout NftablesTable) {
        if !externalPolicyLocal {
            table.append(mark([], ""), to: externalChain)
        } else {
            if let pod = generator.podMatch(negated: false) {
                table.append(
                    NftRule(
                        conditions: [pod.condition], action: .goto(clusterChain),
                        text: "\(pod.text) goto \(clusterChain) comment \"short-circuit pod traffic\""),
                    to: externalChain)
            }
            table.append(
                mark([.fibSaddrLocal], "fib saddr type local ", comment: "masquerade local traffic"), to: externalChain)
            table.append(
                NftRule(
                    conditions: [.fibSaddrLocal], action: .goto(clusterChain),
                    text: "fib saddr type local goto \(clusterChain) comment \"short-circuit local traffic\""),
                to: externalChain)
        }
        if hasExternalEndpoints {
            table.append(
                NftRule(conditions: [], action: .goto(externalPolicyChain), text: "goto \(externalPolicyChain)"),
                to: externalChain)
        }
    }

    private func writeFirewall(_ table: inout NftablesTable) {
        var sources = sourceRanges
        if let nodeIP = generator.node.addresses.lazy.compactMap(generator.prefix).first,
            sourceRanges.contains(where: { $0.contains(nodeIP) })
        {
            sources += loadBalancerIPs
        }
        // nft prints an anonymous set sorted, and one element without braces (adjacent ranges it lists merged
        // into one `a-b` interval: not done here).
        let printed = Array(Set(sources)).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map(\.nftText)
        let set = printed.count == 1 ? printed[0] : "{ " + printed.joined(separator: ", ") + " }"
        table.append(
            NftRule(conditions: [.saddr(sources, negated: true)], action: .drop, text: "\(ipX) saddr != \(set) drop"),
            to: firewallChain)
    }

    /// The cluster (local: false) or local endpoints' choice in the chain.
    private func writeEndpointChoice(_ table: inout NftablesTable, chain: String, local: Bool) {
        let endpoints = local ? categories.local : categories.cluster
        // Named only where endpoint chains are (1.36+ without affinity DNATs in the service chain).
        let bases = usesEndpointChains ? categories.values(endpointBases, local: local) : []
        if affinity {
            for base in bases {
                table.append(
                    NftRule(
                        conditions: [.saddrInSet("affinity-" + base)], action: .goto("endpoint-" + base),
                        text: "\(ipX) saddr @affinity-\(base) goto endpoint-\(base)"), to: chain)
            }
        }
        if usesEndpointChains {
            let chains = categories.values(endpointChains, local: local)
            var text = "numgen random mod \(endpoints.count) vmap { "
            for (index, endpointChain) in chains.enumerated() {
                if index > 0 { text += ", " }
                text += String(index)
                text += " : goto "
                text += endpointChain
            }
            text += " }"
            table.append(NftRule(conditions: [], action: .numgenGoto(chains), text: text), to: chain)
        } else {
            let destinations = local ? categories.localHostPorts : categories.clusterHostPorts
            let slots = endpoints.enumerated().map { index, endpoint in
                "\(index) : \(generator.prefix(endpoint.ip)?.nftText ?? endpoint.ip) . \(endpoint.port)"
            }
            table.append(
                NftRule(
                    conditions: [], action: .numgenDNAT(destinations),
                    text: "meta l4proto \(proto) dnat \(ipX) to numgen random mod \(endpoints.count) map { "
                        + slots.joined(separator: ", ") + " }"), to: chain)
        }
    }

    /// The rules of one endpoint's chain: mark its own traffic (1.33–1.35), record affinity, DNAT.
    private func endpointChainRules(_ endpoint: EndpointSpec, base: String, hostPort: String) -> [NftRule] {
        var rules: [NftRule] = []
        if !inlined, let ip = generator.prefix(endpoint.ip) {
            rules.append(mark([.saddr([ip], negated: false)], "\(ipX) saddr \(ip.nftText) "))
        }
        if affinity {
            rules.append(
                NftRule(
                    conditions: [], action: .updateSet("affinity-" + base),
                    text: "update @affinity-\(base) { \(ipX) saddr }"))
        }
        rules.append(
            NftRule(conditions: [], action: .dnat(hostPort), text: "meta l4proto \(proto) dnat to \(hostPort)"))
        return rules
    }
}
