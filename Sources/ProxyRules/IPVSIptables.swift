/// kube-proxy's IPVS mode keeps iptables beside IPVS: ipsets filled per service port (syncProxyRules)
/// and a fixed handful of rules testing them (writeIptablesRules, createAndLinkKubeChain), as of the
/// 1.29+ proxier (KUBE-IPVS-OUT-FILTER). Pure: same services and node, same sets and rules.
extension KubeProxyIPVS {
    /// Every ipset of this family, in kube-proxy's `ipsetInfo` order, empty ones too (kube-proxy creates
    /// them all), filled from `ports`.
    public func ipsets(for ports: [ServicePortSpec]) -> [IPSet] {
        var sets = Dictionary(
            uniqueKeysWithValues: IPSet.kubeProxySets.map {
                ($0.name, IPSet(name: $0.name, type: $0.type, family: family, comment: $0.comment))
            })
        for port in ports { fill(&sets, port) }
        return IPSet.kubeProxySets.compactMap { sets[$0.name] }
    }

    private func fill(_ sets: inout [String: IPSet], _ port: ServicePortSpec) {
        guard let clusterIP = port.clusterIPs.lazy.compactMap(prefix).first else { return }
        let proto = port.protocol.lowercased()
        let endpoints = port.endpoints.filter { IPPrefix($0.ip)?.family == family }
        for endpoint in endpoints where endpoint.nodeName == node.name {
            guard let ip = prefix(endpoint.ip) else { continue }
            sets["KUBE-LOOP-BACK"]?.insert(IPSet.ipPort(ip, proto, endpoint.port) + "," + ip.address)
        }
        sets["KUBE-CLUSTER-IP"]?.insert(IPSet.ipPort(clusterIP, proto, port.port))
        sets["KUBE-IPVS-IPS"]?.insert(clusterIP.address)
        let local = port.externalTrafficPolicyLocal && port.isExternallyAccessible
        let nodeAddresses = Set(node.addresses.compactMap(prefix))
        for ip in port.externalIPs.compactMap(prefix) {
            sets[local ? "KUBE-EXTERNAL-IP-LOCAL" : "KUBE-EXTERNAL-IP"]?.insert(IPSet.ipPort(ip, proto, port.port))
            if !nodeAddresses.contains(ip) { sets["KUBE-IPVS-IPS"]?.insert(ip.address) }
        }
        for ip in port.loadBalancerIPs.compactMap(prefix) {
            let entry = IPSet.ipPort(ip, proto, port.port)
            sets["KUBE-LOAD-BALANCER"]?.insert(entry)
            if local { sets["KUBE-LOAD-BALANCER-LOCAL"]?.insert(entry) }
            let ranges = port.loadBalancerSourceRanges.compactMap(prefix)
            if !ranges.isEmpty {
                sets["KUBE-LOAD-BALANCER-FW"]?.insert(entry)
                for range in ranges { sets["KUBE-LOAD-BALANCER-SOURCE-CIDR"]?.insert(entry + "," + Self.net(range)) }
                if let nodeIP = node.addresses.lazy.compactMap(prefix).first,
                    ranges.contains(where: {
                        $0.contains(nodeIP)
                    })
                {
                    sets["KUBE-LOAD-BALANCER-SOURCE-IP"]?.insert(entry + "," + ip.address)
                }
            }
            if !nodeAddresses.contains(ip) { sets["KUBE-IPVS-IPS"]?.insert(ip.address) }
        }
        if let nodePort = port.nodePort, nodePort != 0 {
            for (set, entries) in nodePortEntries(port, nodePort, local: local) {
                for entry in entries { sets[set]?.insert(entry) }
            }
        }
        if let healthCheck = port.healthCheckNodePort, healthCheck != 0 {
            sets["KUBE-HEALTH-CHECK-NODE-PORT"]?.insert(String(healthCheck))
        }
    }

    /// TCP and UDP node ports go in bitmap:port sets; SCTP in hash:ip,port sets, one member per node address.
    private func nodePortEntries(_ port: ServicePortSpec, _ nodePort: Int, local: Bool) -> [(String, [String])] {
        let proto = port.protocol.uppercased()
        let suffix = proto == "SCTP" ? "SCTP-HASH" : proto
        let entries =
            proto == "SCTP"
            ? node.addresses.compactMap(prefix).map { IPSet.ipPort($0, "sctp", nodePort) } : [String(nodePort)]
        let sets = ["KUBE-NODE-PORT-" + suffix] + (local ? ["KUBE-NODE-PORT-LOCAL-" + suffix] : [])
        return sets.map { ($0, entries) }
    }

    /// ipset prints a host net (/32, /128) without its length.
    static func net(_ prefix: IPPrefix) -> String {
        prefix.length == (prefix.family == .ipv6 ? 128 : 32) ? prefix.address : prefix.description
    }
}
