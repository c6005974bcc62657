/// The per-service chains (KUBE-SVC, KUBE-SVL, KUBE-EXT, KUBE-FW, KUBE-SEP) of one service port.
extension ServicePortRules {
    func writeServiceChains(into tables: inout KubeProxyIptables.Tables) {
        let markMasq = IptablesTarget.jump(KubeProxyIptables.markMasq)
        if hasInternalEndpoints {
            var masquerade = capture(internalChain, "\(name) cluster IP", clusterIP, port.port, target: markMasq)
            if generator.options.masqueradeAll {
                tables.nat.append(masquerade)
            } else if let (address, interface) = generator.podSource(negated: true) {
                masquerade.source = address
                masquerade.inInterface = interface
                tables.nat.append(masquerade)
            } else {
                masquerade.unknownSource = "! -s " + KubeProxyIptables.clusterCIDRPlaceholder
                tables.nat.append(masquerade)
            }
        }
        if hasEndpoints && port.isExternallyAccessible { writeExternalChain(into: &tables) }
        if usesFirewall { writeFirewallChain(into: &tables) }
        let usesCluster = !port.internalTrafficPolicyLocal || (port.isExternallyAccessible && !externalPolicyLocal)
        let usesLocal = port.internalTrafficPolicyLocal || externalPolicyLocal
        if !categories.cluster.isEmpty && usesCluster {
            writeEndpointRules(into: &tables, chain: svc, local: false)
        }
        if !categories.local.isEmpty && usesLocal {
            writeEndpointRules(into: &tables, chain: svl, local: true)
        }
        for index in categories.reachable.indices {
            writeEndpointChain(
                into: &tables, categories.reachable[index], chain: endpointChains[index],
                hostPort: categories.reachableHostPorts[index])
        }
    }

    private func writeExternalChain(into tables: inout KubeProxyIptables.Tables) {
        tables.nat.declare(ext)
        let markMasq = IptablesTarget.jump(KubeProxyIptables.markMasq)
        if !externalPolicyLocal {
            tables.nat.append(
                IptablesRule(
                    chain: ext, matches: [.comment("masquerade traffic for \(name) external destinations")],
                    target: markMasq))
        } else {
            let podTraffic = IptablesRule(
                chain: ext, matches: [.comment("pod traffic for \(name) external destinations")], target: .jump(svc))
            if let (address, interface) = generator.podSource(negated: false) {
                var rule = podTraffic
                rule.source = address
                rule.inInterface = interface
                tables.nat.append(rule)
            } else {
                var rule = podTraffic
                rule.unknownSource = "-s " + KubeProxyIptables.clusterCIDRPlaceholder
                tables.nat.append(rule)
            }
            let local = IptablesMatch.addrType(source: .init("LOCAL"), destination: nil)
            tables.nat.append(
                IptablesRule(
                    chain: ext,
                    matches: [.comment("masquerade LOCAL traffic for \(name) external destinations"), local],
                    target: markMasq))
            tables.nat.append(
                IptablesRule(
                    chain: ext, matches: [.comment("route LOCAL traffic for \(name) external destinations"), local],
                    target: .jump(svc)))
        }
        if hasExternalEndpoints {
            tables.nat.append(IptablesRule(chain: ext, target: .jump(externalPolicyChain)))
        }
    }

    private func writeFirewallChain(into tables: inout KubeProxyIptables.Tables) {
        tables.nat.declare(fw)
        let comment = IptablesMatch.comment("\(name) loadbalancer IP")
        let nodeIPs = generator.node.addresses.compactMap(generator.prefix)
        var allowFromNode = false
        for range in sourceRanges {
            tables.nat.append(
                IptablesRule(
                    chain: fw, source: AddressMatch(range), matches: [comment], target: .jump(ext)))
            if nodeIPs.first.map(range.contains) == true { allowFromNode = true }
        }
        if allowFromNode {
            for ip in loadBalancerIPs {
                tables.nat.append(
                    IptablesRule(chain: fw, source: AddressMatch(ip), matches: [comment], target: .jump(ext)))
            }
        }
        tables.nat.append(
            IptablesRule(
                chain: fw, matches: [.comment("other traffic to \(name) will be dropped by KUBE-PROXY-FIREWALL")],
                target: nil))
    }

    /// `writeServiceToEndpointRules`: affinity checks first, then the probability ladder, over the cluster or
    /// the local endpoints; the chain's rules are added at once.
    private func writeEndpointRules(into tables: inout KubeProxyIptables.Tables, chain: String, local: Bool) {
        let endpointCount = local ? categories.local.count : categories.cluster.count
        let chains = categories.values(endpointChains, local: local)
        let hostPorts = local ? categories.localHostPorts : categories.clusterHostPorts
        let ladder = tables.probabilities(endpointCount, kubeVersion: generator.node.kubeVersion)
        func comment(_ index: Int) -> [IptablesMatch] {
            largeCluster ? [] : [.comment("\(name) -> \(hostPorts[index])")]
        }
        var rules: [IptablesRule] = []
        rules.reserveCapacity(endpointCount * (port.affinityTimeoutSeconds == nil ? 1 : 2))
        if let seconds = port.affinityTimeoutSeconds {
            for index in 0..<endpointCount {
                let recent = RecentMatch(command: .rcheck, name: chains[index], seconds: seconds, reap: true)
                let matches = comment(index) + [.recent(recent)]
                rules.append(IptablesRule(chain: chain, matches: matches, target: .jump(chains[index])))
            }
        }
        for index in 0..<endpointCount {
            var matches = comment(index)
            if index < ladder.count { matches.append(.statistic(ladder[index])) }
            rules.append(IptablesRule(chain: chain, matches: matches, target: .jump(chains[index])))
        }
        tables.nat.append(contentsOf: rules, chain: chain)
    }

    private func writeEndpointChain(
        into tables: inout KubeProxyIptables.Tables, _ endpoint: EndpointSpec, chain: String, hostPort: String
    ) {
        let comment: [IptablesMatch] = largeCluster ? [] : [.comment(name)]
        guard let ip = generator.prefix(endpoint.ip) else {
            tables.nat.declare(chain)
            return
        }
        var matches = comment
        if port.affinityTimeoutSeconds != nil { matches.append(.recent(RecentMatch(command: .set, name: chain))) }
        matches.append(.port(protocol: proto, destinationPort: nil))
        let rules = [
            IptablesRule(
                chain: chain, source: AddressMatch(ip), matches: comment, target: .jump(KubeProxyIptables.markMasq)),
            IptablesRule(chain: chain, protocol: proto, matches: matches, target: .dnat(toDestination: hostPort)),
        ]
        tables.nat.append(contentsOf: rules, chain: chain)
    }
}
