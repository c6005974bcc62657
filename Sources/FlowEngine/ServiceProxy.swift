import ClusterModel
import ProxyRules

/// What kube-proxy's rules on one node do with a packet for a service: which
/// chains it walks, which endpoint the `statistic` rules pick, whether it is
/// marked for masquerade, or why it is rejected or dropped.
struct ProxyDecision {
    var endpoint: ServiceEndpoint?
    /// The port on the pod the DNAT writes.
    var targetPort: Int?
    /// The iptables walk, one line per rule, for the hop's details.
    var details: [String] = []
    /// Why the packet goes no further (REJECT, DROP), when it does not.
    var failure: HopFailure?
    /// KUBE-MARK-MASQ was hit: the source becomes a node address on the way out.
    var masquerade = false
    var masqueradeReason = ""
    /// The endpoints the rules chose among (all ready endpoints, or the node-local ones).
    var candidates: [ServiceEndpoint] = []
    /// Set when the chosen pod declares its ports and the target port is not among them.
    var portMismatch: String?

    var destination: SocketAddress? { endpoint.map { SocketAddress(host: $0.ip.text, port: targetPort) } }
}

/// How the packet reached kube-proxy's rules.
enum ProxyEntry {
    case clusterIP(String)
    case nodePort(Int)
    case loadBalancerIP(String)

    var isExternal: Bool {
        if case .clusterIP = self { return false }
        return true
    }
}

enum ServiceProxy {
    /// Walks the nat rules for `service`/`port` on `node` for a packet from `clientIP`
    /// (`clientPod` set when a pod calls, for hairpin).
    static func route(
        _ service: Service, port: ServicePort, entry: ProxyEntry, node: String, clientIP: String,
        clientPod: ObjectKey?, callerOnHostNetwork: Bool = false, builder: inout FlowBuilder
    ) -> ProxyDecision {
        var decision = ProxyDecision()
        builder.assume(
            "kube-proxy runs in iptables mode (the Linux default); in IPVS mode an IPVS virtual server does the same " +
            "DNAT."
        )
        let proto = port.protocol.lowercased()
        let svcChain = KubeProxyChains.serviceChain(service.key, portName: port.name, protocol: port.protocol)
        let extChain = KubeProxyChains.externalChain(service.key, portName: port.name, protocol: port.protocol)
        let svlChain = KubeProxyChains.localChain(service.key, portName: port.name, protocol: port.protocol)
        let info = builder.cluster.backingInfo(of: service.key)
        var seenIPs = Set<IPAddress>()
        // kube-proxy writes the endpoint rules sorted by their `ip:port` text (endpointslicecache's byEndpoint).
        // Each `ip:port` text built once, not twice per comparison: a service can have thousands of endpoints.
        let ready = info.endpoints.filter { seenIPs.insert($0.ip).inserted }
            .map { (text: $0.ip.withPort($0.port ?? port.port), endpoint: $0) }
            .sorted { $0.text < $1.text }
            .map(\.endpoint)
        let local = entry.isExternal && builder.externalTrafficPolicy(of: service) == .local

        switch entry {
        case .clusterIP(let ip):
            // A pod's packet arrives from its veth (PREROUTING); a node process or hostNetwork pod sends it (OUTPUT).
            let hook = callerOnHostNetwork ? "OUTPUT" : "PREROUTING"
            decision.details.append(
                "nat \(hook) → KUBE-SERVICES: -d \(ip)/\(ip.contains(":") ? 128 : 32) -p \(proto) -m \(proto) " +
                "--dport \(port.port) → \(svcChain)")
            if callerOnHostNetwork {
                decision.masquerade = true
                decision.masqueradeReason = "the caller is not in the pod CIDR"
                decision.details.append(
                    "\(svcChain): ! -s <cluster CIDR> -d \(ip) … -j KUBE-MARK-MASQ (the caller uses the host " +
                    "network, so its source is not a pod address: marked for masquerade)")
            }
        case .nodePort(let nodePort):
            decision.details.append(
                "nat PREROUTING → KUBE-SERVICES: no ClusterIP rule matches; its last rule (-m addrtype --dst-type " +
                "LOCAL) → KUBE-NODEPORTS"
            )
            decision.details.append("KUBE-NODEPORTS: -p \(proto) -m \(proto) --dport \(nodePort) → \(extChain)")
        case .loadBalancerIP(let ip):
            decision.details.append(
                "nat PREROUTING → KUBE-SERVICES: -d \(ip)/32 -p \(proto) -m \(proto) --dport \(port.port) " +
                "(load-balancer IP) → \(extChain)"
            )
        }

        guard !ready.isEmpty else {
            if let unknown = unknownBackingReason(service, info: info, facts: builder.facts) {
                decision.failure = HopFailure(.unknown, unknown)
                return decision
            }
            decision.failure = HopFailure(.rejected, noEndpointsReason(service, info: info, cluster: builder.cluster))
            let table = entry.isExternal ? "KUBE-EXTERNAL-SERVICES" : "KUBE-SERVICES"
            decision.details.append(
                "filter \(table): -m comment --comment " +
                "\"\(KubeProxyChains.servicePortName(service.key, portName: port.name)) has no endpoints\" -j REJECT " +
                "--reject-with icmp-port-unreachable"
            )
            return decision
        }

        var candidates = ready
        var chain = svcChain
        if !entry.isExternal, service.internalTrafficPolicy == .local {
            candidates = ready.filter { $0.nodeName == node }
            chain = svlChain
            decision.details.append(
                "\(svcChain) → \(svlChain): internalTrafficPolicy Local, only endpoints on \(node) " +
                "(\(candidates.count) of \(ready.count))"
            )
            guard !candidates.isEmpty else {
                decision.failure = HopFailure(
                    .dropped,
                    "dropped on \(node): internalTrafficPolicy is Local and no ready endpoint of \(service.key) runs " +
                    "on the caller's node.")
                decision.details.append("no local endpoints: the packet is dropped")
                return decision
            }
        }
        if entry.isExternal {
            if local {
                candidates = ready.filter { $0.nodeName == node }
                chain = svlChain
                decision.details.append(
                    "\(extChain): externalTrafficPolicy Local → \(svlChain) (only endpoints on \(node): " +
                    "\(candidates.count) of \(ready.count); no masquerade, the client IP is kept)"
                )
                guard !candidates.isEmpty else {
                    decision.failure = HopFailure(
                        .dropped,
                        "dropped on \(node): externalTrafficPolicy is Local and no ready endpoint of \(service.key) " +
                        "runs on this node. A cloud load balancer avoids such nodes: its health check on the " +
                        "service's healthCheckNodePort (/healthz) fails here.")
                    decision.details.append(
                        "filter KUBE-EXTERNAL-SERVICES: -m comment --comment " +
                        "\"\(KubeProxyChains.servicePortName(service.key, portName: port.name)) has no local " +
                        "endpoints\" -j DROP"
                    )
                    return decision
                }
            } else {
                decision.masquerade = true
                decision.masqueradeReason = "externalTrafficPolicy Cluster"
                decision.details.append(
                    "\(extChain): -j KUBE-MARK-MASQ (mark 0x4000: externalTrafficPolicy Cluster, the source will be " +
                    "masqueraded) → \(svcChain)"
                )
            }
        }
        decision.candidates = candidates
        if info.notShownCount > 0 {
            let filled = info.endpoints.filter { $0.evidence != .endpoints }.count
            builder.assume(
                "kubectl printed `+ \(info.notShownCount) more...` for \(service.key)'s endpoints: \(filled) of them " +
                "were filled in from the pods its selector " +
                "matches"
                    + (filled < info.notShownCount
                        ? "; the rest are unknown, so the real chain has more rules than shown" : "") + "."
            )
        }
        if !info.notReadyPods.isEmpty {
            let names = info.notReadyPods.prefix(5).map { key -> String in
                let pod = builder.cluster.pod(key)
                return "\(key.name) (\(pod?.ready?.description ?? "?") \(pod?.status ?? "not ready"))"
            }
            decision.details.append(
                "left out of the endpoints, not ready: " + names.joined(separator: ", ")
                    + (info.notReadyPods.count > 5 ? ", …" : ""))
        }

        let affinity = builder.usesClientIPAffinity(service)
        let chosenIndex: Int
        if affinity {
            chosenIndex = walkStatistic(
                candidates, chain: chain, service: service, port: port,
                // The `recent` lists are kernel state of each node: another node picks afresh.
                dice: builder.dice("affinity|\(service.key)|\(node)|\(clientIP)", request: 0),
                details: &decision.details, announce: builder.request == 0)
            let timeout = builder.affinityTimeout(of: service)
            let sep = sepChain(service, port, candidates, chosenIndex)
            let mask = clientIP.contains(":") ? "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" : "255.255.255.255"
            decision.details.append(
                builder.request == 0
                    ? "\(sep): -m recent --set --name \(sep) --mask \(mask) --rsource: \(node) remembers client " +
                        "\(clientIP) for \(timeout) s (sessionAffinity ClientIP)"
                    : "\(chain): -m recent --name \(sep) --mask \(mask) --rsource --rcheck --seconds \(timeout) " +
                        "--reap -j \(sep): client \(clientIP) was sent there within \(timeout) s on \(node) → same " +
                        "endpoint, no random pick (another node would pick afresh)")
        } else {
            chosenIndex = walkStatistic(
                candidates, chain: chain, service: service, port: port,
                dice: builder.dice("spread|\(service.key)|\(node)"), details: &decision.details, announce: true)
        }
        guard let endpoint = candidates.indices.contains(chosenIndex) ? candidates[chosenIndex] : candidates.first
        else { return decision }
        decision.endpoint = endpoint
        decision.targetPort = builder.targetPort(port, service: service, endpoint: endpoint)
        decision.portMismatch = portMismatch(
            endpoint: endpoint, targetPort: decision.targetPort, cluster: builder.cluster)
        let sep = sepChain(service, port, candidates, chosenIndex)
        if let clientPod, endpoint.pod == clientPod, !callerOnHostNetwork {
            decision.masquerade = true
            decision.masqueradeReason = "hairpin"
            decision.details.append(
                "\(sep): -s \(endpoint.ip.text)/32 -j KUBE-MARK-MASQ (hairpin: the pod is calling itself through its " +
                "service)"
            )
        }
        decision.details.append(
            "\(sep): -p \(proto) -m \(proto) -j DNAT --to-destination \(endpoint.ip.withPort(decision.targetPort))")
        if decision.masquerade {
            decision.details.append(
                "nat POSTROUTING → KUBE-POSTROUTING: mark 0x4000 set → MASQUERADE (the source becomes the node's " +
                "address)"
            )
        }
        return decision
    }

    /// A numeric target port that the chosen pod's declared container ports do not include.
    static func portMismatch(endpoint: ServiceEndpoint, targetPort: Int?, cluster: Cluster) -> String? {
        guard let targetPort, let pod = endpoint.pod.flatMap(cluster.pod), !pod.containerPorts.isEmpty,
            !pod.containerPorts.contains(where: { $0.port == targetPort })
        else { return nil }
        let declared = pod.containerPorts.map { String($0.port) }.joined(separator: ", ")
        return
            "pod \(pod.name) declares container port\(pod.containerPorts.count == 1 ? "" : "s") \(declared), not " +
            "\(targetPort): if nothing listens on \(targetPort), the pod's kernel answers with a TCP reset and the " +
            "client sees `connection refused` (check the service's targetPort)."
    }

    private static func sepChain(
        _ service: Service, _ port: ServicePort, _ endpoints: [ServiceEndpoint], _ index: Int
    ) -> String {
        let endpoint = endpoints.indices.contains(index) ? endpoints[index] : endpoints.first
        return KubeProxyChains.endpointChain(
            service.key, portName: port.name, protocol: port.protocol,
            endpoint: endpoint.map { $0.ip.withPort($0.port ?? port.port) } ?? "")
    }

    /// Plays kube-proxy's `statistic` rules with seeded draws: rule i (0-based)
    /// of n is taken with probability 1/(n−i); the last rule always.
    private static func walkStatistic(
        _ endpoints: [ServiceEndpoint], chain: String, service: Service, port: ServicePort,
        dice: Dice, details: inout [String], announce: Bool
    ) -> Int {
        var dice = dice
        let n = endpoints.count
        var lines: [String] = []
        var chosen = n - 1
        for (index, endpoint) in endpoints.enumerated() {
            let sep = KubeProxyChains.endpointChain(
                service.key, portName: port.name, protocol: port.protocol,
                endpoint: endpoint.ip.withPort(endpoint.port ?? port.port))
            let target = "\(sep) (\(endpoint.ip.withPort(endpoint.port ?? port.port)))"
            guard let p = KubeProxyChains.probability(rule: index, of: n) else {
                lines.append("  rule \(index + 1): no probability, takes what is left → \(target) ✓")
                break
            }
            let draw = dice.unit()
            let taken = draw < p
            lines.append(
                "  rule \(index + 1): -m statistic --mode random --probability " +
                "\(KubeProxyChains.formatProbability(p)) → \(target)"
                    + (taken
                        ? "  draw \(twoDecimals(draw)) < \(twoDecimals(p)) ✓"
                        : "  draw \(twoDecimals(draw)) ≥ \(twoDecimals(p)), next rule"))
            if taken {
                chosen = index
                break
            }
        }
        if announce {
            details.append(
                "\(chain): \(n) endpoint rule\(n == 1 ? "" : "s") in ip:port order, each endpoint gets 1/\(n) overall:")
            details.append(contentsOf: lines)
        }
        return chosen
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// Set when the input cannot tell whether the service has endpoints (no
    /// Endpoints listing, and no selector or no pods to match it against):
    /// the flow stops there without claiming the service is broken.
    static func unknownBackingReason(_ service: Service, info: ServiceBackingInfo, facts: ClusterFacts) -> String? {
        let cluster = facts.cluster
        guard info.source != .endpoints, info.source != .noSelector else { return nil }
        if info.source == .unknown {
            return
                "unknown: the input shows neither \(service.key)'s endpoints nor its selector, so kubehops cannot " +
                "tell which pods kube-proxy would pick. Add `kubectl get endpoints -A` (or `kubectl get svc -o wide` " +
                "and the pods) to follow the request further."
        }
        if cluster.pods.isEmpty {
            return
                "unknown: the input has no pods, so \(service.key)'s selector cannot be matched. Add `kubectl get " +
                "endpoints -A` or `kubectl get pods -A -o wide --show-labels` to follow the request further."
        }
        let namespace = service.namespace ?? "default"
        if !facts.podNamespaces.contains(namespace) {
            return
                "unknown: the input shows no pods in namespace \(namespace), so \(service.key)'s selector cannot be " +
                "matched. Add `kubectl get endpointslices -n \(namespace)` or `kubectl get pods -n \(namespace) -o " +
                "wide --show-labels` to follow the request further."
        }
        return nil
    }

    /// Why a service has no endpoints, in words that point at the broken wire.
    static func noEndpointsReason(_ service: Service, info: ServiceBackingInfo, cluster: Cluster) -> String {
        let selector = service.selector.map {
            $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        var reason =
            "rejected: \(service.key) has no ready endpoints, so kube-proxy answers with ICMP port unreachable (the " +
            "client sees `connection refused`)."
        if !info.notReadyPods.isEmpty {
            let names = info.notReadyPods.prefix(5).map { key -> String in
                let pod = cluster.pod(key)
                return "\(key.name) (\(pod?.ready?.description ?? "?") \(pod?.status ?? "not ready"))"
            }
            reason +=
                " Pods matching it are not ready and are left out of the endpoints: " + names.joined(separator: ", ")
                + "."
        } else if info.selectorMatchesNothing, let selector {
            reason +=
                cluster.pods.contains(where: { $0.labels != nil })
                ? " Its selector \(selector) matches no pod in the input: check the pods' labels (`kubectl get pods " +
                    "--show-labels`)."
                : " Its selector is \(selector), and no pod's labels or name match it; the input shows no pod " +
                    "labels, so add `kubectl get pods --show-labels` to be sure."
        } else if info.source == .noSelector {
            reason += " It has no selector, so its endpoints are managed by hand, and none were listed."
        } else if info.source == .unknown {
            reason +=
                " The input shows neither its endpoints nor its selector: add `kubectl get endpoints` or `kubectl " +
                "get svc -o wide` to see what backs it."
        }
        return reason
    }
}
