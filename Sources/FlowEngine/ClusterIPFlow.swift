import ClusterModel
import ProxyRules

/// A pod calling a service by name: DNS → ClusterIP → kube-proxy's DNAT on
/// the caller's node → pod, and the reply un-NATed by conntrack.
///
/// The connection leg is shared with ExternalName services that alias an in-cluster name.
enum ClusterIPFlow {
    static func build(_ service: Service, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let port = try builder.servicePort(of: service)
        let client = try InClusterFlows.clientPod(calling: service, builder: &builder)
        let name = builder.dnsName(of: service.key)
        builder.noteAffinity(of: service)
        let title = "ClusterIP: pod \(client.name) → DNS → \(service.name) → Pod"
        if service.isHeadless {
            let source = SocketAddress(
                host: client.ips.first?.text ?? "?", port: builder.ephemeralPort("client|\(client.key)"))
            return InClusterFlows.headless(
                service, port: port, client: client, source: source, name: name, builder: &builder)
        }
        guard let called = calledAddress(service, port: port, client: client, builder: &builder) else {
            throw .noClusterIP(service: service.key)
        }
        let source = SocketAddress(host: called.clientIP, port: builder.ephemeralPort("client|\(client.key)"))
        let answered = InClusterFlows.addClusterDNS(
            from: client, source: source, name: name, answer: called.ip,
            answerNote: "its ClusterIP (\(called.record) record)", builder: &builder)
        guard answered else { return builder.finish(kind: .clusterIP, title: title, target: service.key.description) }
        connect(service, port: port, clusterIP: called.ip, client: client, source: source, builder: &builder)
        return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
    }

    /// The ClusterIP of the family the caller can reach, and the caller's address of that family:
    /// an IPv6-only service is called over IPv6 (AAAA), a dual-stack one per the caller's first family.
    static func calledAddress(
        _ service: Service, port: ServicePort, client: Pod, builder: inout FlowBuilder
    )
        -> (ip: String, clientIP: String, record: String)?
    {
        let clientFamilies = Set(client.ips.map(\.isIPv6))
        let preferred = client.ips.first?.isIPv6 ?? false
        guard
            let ip = service.clusterIPs.first(where: { $0.isIPv6 == preferred })
                ?? service.clusterIPs.first(where: { clientFamilies.contains($0.isIPv6) })
                ?? service.clusterIPs.first
        else { return nil }
        let clientIP = client.ips.first(where: { $0.isIPv6 == ip.isIPv6 })
        if clientIP == nil, !client.ips.isEmpty {
            builder.assume(
                "\(client.name) shows no \(ip.isIPv6 ? "IPv6" : "IPv4") address, and \(service.key)'s ClusterIP "
                    + "\(ip.text) is \(ip.isIPv6 ? "IPv6" : "IPv4"): a dual-stack pod has one of each (the wide table "
                    + "prints only the first; `kubectl get pod \(client.name) -o jsonpath='{.status.podIPs}'` "
                    + "shows both)."
            )
        }
        if service.clusterIPs.count > 1 {
            builder.assume(
                "\(service.key) is dual-stack (\(service.clusterIPs.map(\.text).joined(separator: ", "))): the "
                    + "\(ip.isIPv6 ? "IPv6" : "IPv4") family is shown; each family has its own rules "
                    + "(\(ip.isIPv6 ? "ip6tables" : "iptables"))."
            )
        }
        return (ip.text, (clientIP ?? client.ips.first)?.text ?? "?", ip.isIPv6 ? "AAAA" : "A")
    }

    /// From the calling pod to `clusterIP:port`, through the rules of the caller's node, to an endpoint and back.
    static func connect(
        _ service: Service, port: ServicePort, clusterIP: String, client: Pod, source: SocketAddress,
        builder: inout FlowBuilder
    ) {
        let node = client.nodeName ?? "?"
        let called = SocketAddress(host: clusterIP, port: port.port)
        let servicePlace = Place.clusterIP(service: service.key)
        let hostNetwork = builder.cluster.usesHostNetwork(client.key)
        builder.add(
            Hop(
                from: .pod(client.key), to: servicePlace,
                packet: Packet(source: source, destination: called, protocol: port.protocol),
                sentence:
                    "The pod opens a connection to \(called). " + clusterIPOwnership(clusterIP, client: client, builder)
            ))
        let decision = ServiceProxy.route(
            service, port: port, entry: .clusterIP(clusterIP), node: node, clientIP: source.host,
            clientPod: client.key, callerOnHostNetwork: hostNetwork, builder: &builder)
        let by = builder.proxyActor(on: node)
        guard let endpoint = decision.endpoint, let destination = decision.destination else {
            builder.add(
                Hop(
                    from: servicePlace, to: .kubeProxy(node: node),
                    packet: Packet(source: source, destination: called, protocol: port.protocol),
                    by: by, sentence: "kube-proxy's rules on \(node) look for an endpoint of \(service.key).",
                    details: decision.details, rules: decision.rules,
                    failure: decision.failure ?? HopFailure(.unknown, "no endpoint could be chosen.")))
            return
        }
        let pod = builder.podPlace(endpoint, namespace: service.namespace)
        let podOnHostNetwork = endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false
        let dnatted = Packet(source: source, destination: destination, protocol: port.protocol)
        let spread =
            decision.candidates.count > 1
            ? " (one of \(decision.candidates.count), \(builder.proxyMode.pickedHow))"
            : ""
        var seenSource = source
        if decision.masquerade {
            let masqueraded = builder.masqueradedSource(on: node, towards: endpoint.nodeName, original: source)
            seenSource = masqueraded.address
            builder.add(
                Hop(
                    from: servicePlace, to: .kubeProxy(node: node), packet: dnatted, rewrite: .dnat, by: by,
                    sentence:
                        "kube-proxy's rules on \(node) DNAT \(called) to \(builder.podLabel(endpoint))\(spread) at "
                        + "\(destination)"
                        + (decision.masqueradeReason == "hairpin" ? ", the calling pod itself." : "."),
                    details: decision.details, rules: decision.translationRules))
            builder.deliver(
                from: .kubeProxy(node: node), fromNode: node,
                packet: Packet(source: seenSource, destination: destination, protocol: port.protocol),
                rewrite: .masquerade, by: by, provenance: masqueraded.provenance,
                sentence: masqueradeSentence(
                    decision.masqueradeReason, marker: decision.masqueradeMarker, source: source, seen: seenSource,
                    why: masqueraded.why, mode: builder.proxyMode.mode),
                rules: decision.postroutingRules, to: pod, podNode: endpoint.nodeName,
                podUsesHostNetwork: podOnHostNetwork)
        } else {
            builder.deliver(
                from: servicePlace, fromNode: node, packet: dnatted, rewrite: .dnat, by: by,
                sentence:
                    "kube-proxy's rules on \(node) DNAT the packet: \(called) becomes "
                    + "\(builder.podLabel(endpoint))\(spread) at \(destination). No SNAT inside the cluster: the pod "
                    + "sees the caller's own IP \(source.host).",
                details: decision.details, rules: decision.rules, to: pod, podNode: endpoint.nodeName,
                podUsesHostNetwork: podOnHostNetwork)
        }
        if let mismatch = decision.portMismatch {
            builder.failLastHop(.refused, mismatch)
            return
        }
        guard builder.options.includeReply else { return }
        builder.replyLeg(
            from: pod, podNode: endpoint.nodeName, to: servicePlace, toNode: node,
            packet: Packet(source: destination, destination: seenSource, protocol: port.protocol),
            sentence: "The pod answers the address it saw: \(destination) → \(seenSource).")
        builder.add(
            Hop(
                from: servicePlace, to: .pod(client.key),
                packet: Packet(source: called, destination: source, protocol: port.protocol),
                rewrite: .unNAT, by: .conntrack(node: node),
                sentence:
                    "conntrack on \(node) undoes the translation\(decision.masquerade ? "s (both NATs)" : ""): the "
                    + "caller sees the answer come from \(called), the address it called.",
                isReply: true))
    }

    /// Who owns a ClusterIP in the flow's dataplane: nobody (iptables, nftables: not pingable), the `kube-ipvs0`
    /// dummy interface (IPVS: pingable), or an eBPF map.
    static func clusterIPOwnership(_ clusterIP: String, client: Pod, _ builder: FlowBuilder) -> String {
        let node = client.nodeName ?? "the pod's node"
        switch builder.proxyMode.mode {
        case .iptables, .nftables:
            return "No interface owns \(clusterIP): it exists only as kube-proxy rules, so it is not pingable and "
                + "not routed anywhere by itself. The rules on \(node) handle it as the packet leaves the pod."
        case .ipvs:
            return "In IPVS mode kube-proxy binds \(clusterIP) to the dummy interface kube-ipvs0 on every node, so it "
                + "answers ping; the IPVS virtual server on \(node) takes the connection as the packet leaves the pod."
        case .ebpf:
            return "No interface owns \(clusterIP) and no KUBE-* rule names it: it exists only in Cilium's eBPF "
                + "service map on \(node)."
        }
    }

    static func masqueradeSentence(
        _ reason: String, marker: String?, source: SocketAddress, seen: SocketAddress, why: String,
        mode: Dataplane = .iptables
    ) -> String {
        let rule = marker.map { " (`\($0)`)" } ?? ""
        let (endpointRule, serviceRule): (String, String) =
            switch mode {
            case .nftables:
                (
                    marker?.contains("@hairpin-connections") == true
                        ? "the masquerading chain's hairpin-connections rule" : "its endpoint chain's rule",
                    marker?.contains("@cluster-ips") == true
                        ? "the services chain's first rule" : "the service chain's rule"
                )
            case .ipvs: ("KUBE-POSTROUTING's KUBE-LOOP-BACK rule", "KUBE-SERVICES' KUBE-CLUSTER-IP rule")
            case .ebpf: ("Cilium's eBPF SNAT (inferred)", "Cilium's eBPF SNAT (inferred)")
            default: ("its KUBE-SEP chain's rule", "KUBE-SVC's first rule")
            }
        let cause =
            reason == "hairpin"
            ? "Hairpin: a pod reaching itself through its service is masqueraded by \(endpointRule)\(rule)"
            : "The caller is not in the cluster CIDR (it uses the host network), so \(serviceRule)\(rule) "
                + "marked it for masquerade"
        return
            "\(cause): source \(source) becomes \(seen), because \(why), with a random port (\(randomPort(mode))); so "
            + "the reply comes back through the rules that must undo the DNAT."
    }

    /// The masquerade's random source port, as the dataplane's rule says it.
    static func randomPort(_ mode: Dataplane) -> String {
        switch mode {
        case .nftables: "`masquerade fully-random`"
        case .ebpf: "Cilium's eBPF SNAT"
        default: "--random-fully"
        }
    }
}
