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

    /// A pod's connection to a ClusterIP, as the rules on the caller's node see it.
    struct Call {
        var client: Pod
        var node: String
        var source: SocketAddress
        var called: SocketAddress
        var `protocol`: String
        /// The ClusterIP as the place the call goes to.
        var servicePlace: Place

        var packet: Packet { Packet(source: source, destination: called, protocol: `protocol`) }
    }

    /// From the calling pod to `clusterIP:port`, through the rules of the caller's node, to an endpoint and back.
    static func connect(
        _ service: Service, port: ServicePort, clusterIP: String, client: Pod, source: SocketAddress,
        builder: inout FlowBuilder
    ) {
        let call = Call(
            client: client, node: client.nodeName ?? "?", source: source,
            called: SocketAddress(host: clusterIP, port: port.port), protocol: port.protocol,
            servicePlace: .clusterIP(service: service.key))
        builder.add(
            Hop(
                from: .pod(client.key), to: call.servicePlace, packet: call.packet,
                sentence:
                    "The pod opens a connection to \(call.called). " +
                    clusterIPOwnership(clusterIP, client: client, builder)
            ))
        let decision = ServiceProxy.route(
            service, port: port, entry: .clusterIP(clusterIP), node: call.node, clientIP: source.host,
            clientPod: client.key, callerOnHostNetwork: builder.cluster.usesHostNetwork(client.key),
            builder: &builder)
        guard let endpoint = decision.endpoint, let destination = decision.destination else {
            builder.addNoEndpointHop(
                from: call.servicePlace, node: call.node, packet: call.packet, service: service.key, decision: decision)
            return
        }
        let pod = builder.podPlace(endpoint, namespace: service.namespace)
        let seenSource = translate(
            call, decision: decision, endpoint: endpoint, destination: destination, pod: pod, builder: &builder)
        if let mismatch = decision.portMismatch {
            builder.failLastHop(.refused, mismatch)
            return
        }
        guard builder.options.includeReply else { return }
        let answer = Packet(source: destination, destination: seenSource, protocol: port.protocol)
        reply(to: call, from: pod, podNode: endpoint.nodeName, answer: answer, decision: decision, builder: &builder)
    }

    /// The rules on the caller's node DNAT the call to the endpoint, masquerading it when they marked it (a
    /// hairpin, a host-network caller), and deliver it; returns the source the pod sees.
    static func translate(
        _ call: Call, decision: ProxyDecision, endpoint: ServiceEndpoint, destination: SocketAddress, pod: Place,
        builder: inout FlowBuilder
    ) -> SocketAddress {
        let (node, called, source) = (call.node, call.called, call.source)
        let by = builder.proxyActor(on: node)
        let podOnHostNetwork = endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false
        let dnatted = Packet(source: source, destination: destination, protocol: call.protocol)
        let spread = builder.pickedAmong(decision)
        guard decision.masquerade else {
            builder.deliver(
                from: call.servicePlace, fromNode: node, packet: dnatted, rewrite: .dnat, by: by,
                sentence:
                    "kube-proxy's rules on \(node) DNAT the packet: \(called) becomes "
                    + "\(builder.podLabel(endpoint))\(spread) at \(destination). No SNAT inside the cluster: the pod "
                    + "sees the caller's own IP \(source.host).",
                details: decision.details, rules: decision.rules, to: pod, podNode: endpoint.nodeName,
                podUsesHostNetwork: podOnHostNetwork)
            return source
        }
        let masqueraded = builder.masqueradedSource(on: node, towards: endpoint.nodeName, original: source)
        let seenSource = masqueraded.address
        builder.add(
            Hop(
                from: call.servicePlace, to: .kubeProxy(node: node), packet: dnatted, rewrite: .dnat, by: by,
                sentence:
                    "kube-proxy's rules on \(node) DNAT \(called) to \(builder.podLabel(endpoint))\(spread) at "
                    + "\(destination)"
                    + (decision.masqueradeReason == "hairpin" ? ", the calling pod itself." : "."),
                details: decision.details, rules: decision.translationRules))
        builder.deliver(
            from: .kubeProxy(node: node), fromNode: node,
            packet: Packet(source: seenSource, destination: destination, protocol: call.protocol),
            rewrite: .masquerade, by: by, provenance: masqueraded.provenance,
            sentence: masqueradeSentence(
                decision.masqueradeReason, marker: decision.masqueradeMarker, source: source, seen: seenSource,
                why: masqueraded.why, mode: builder.proxyMode.mode),
            rules: decision.postroutingRules, to: pod, podNode: endpoint.nodeName,
            podUsesHostNetwork: podOnHostNetwork)
        return seenSource
    }

    /// The pod answers the address it saw, and conntrack on the caller's node undoes the translation, so the
    /// caller sees the answer come from the address it called.
    static func reply(
        to call: Call, from pod: Place, podNode: String?, answer: Packet, decision: ProxyDecision,
        builder: inout FlowBuilder
    ) {
        builder.replyLeg(
            from: pod, podNode: podNode, to: call.servicePlace, toNode: call.node, packet: answer,
            sentence: "The pod answers the address it saw: \(answer.source) → \(answer.destination).")
        builder.add(
            Hop(
                from: call.servicePlace, to: .pod(call.client.key),
                packet: Packet(source: call.called, destination: call.source, protocol: call.protocol),
                rewrite: .unNAT, by: .conntrack(node: call.node),
                sentence:
                    "conntrack on \(call.node) undoes the translation\(decision.masquerade ? "s (both NATs)" : "")"
                    + ": the caller sees the answer come from \(call.called), the address it called.",
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
