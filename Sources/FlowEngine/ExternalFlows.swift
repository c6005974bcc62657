import ClusterModel

/// Requests from outside the cluster: the notes' Flow 1 (User → DNS →
/// External LB → NodeIP:nodePort → kube-proxy DNAT → Pod) and the
/// LoadBalancer-service variant, with their replies.
enum ExternalFlows {
    static func nodePort(_ service: Service, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let port = try builder.servicePort(of: service)
        guard let nodePort = port.nodePort else {
            throw .noNodePort(service: service.key, port: port.port, ports: service.ports.map(\.description))
        }
        builder.noteTrafficPolicy(of: service)
        builder.noteAffinity(of: service)
        let node = try entryNode(for: service, builder: &builder)
        builder.outside = .reaching(builder.nodeAddress(node))
        let client = SocketAddress(host: builder.outside.client, port: builder.ephemeralPort("client"))
        let lb = SocketAddress(host: builder.outside.loadBalancer, port: port.port)
        let name = "\(service.name).\(Illustrative.domain)"
        builder.assume(
            "The user (\(builder.outside.client)), the name \(name) and the external LB " +
            "(\(builder.outside.loadBalancer)) are illustrative documentation addresses: they live outside the " +
            "cluster, so no dump shows them."
        )

        addDNS(
            name: name, answer: lb.host,
            answerNote:
                "the external load balancer's address: the name points at the LB, not at anything inside the cluster",
            client: client, builder: &builder)
        var toLB = Hop(
            from: .user, to: .externalLoadBalancer, packet: Packet(source: client, destination: lb),
            sentence: "The browser connects to http://\(name)/, that is \(lb).")
        toLB.isIllustrative = true
        builder.add(toLB)

        let nodeAddress = SocketAddress(host: builder.nodeAddress(node), port: nodePort)
        let arriving = Packet(source: client, destination: nodeAddress)
        forwardToNodePort(service, node: node, nodePort: nodePort, arriving: arriving, builder: &builder)

        throughNode(
            service, port: port, entry: .nodePort(nodePort), node: node, arriving: arriving,
            from: .nodePort(node: node, port: nodePort), builder: &builder, reply: builder.options.includeReply)
        if builder.options.includeReply, builder.hops.last?.failure == nil {
            answerFromLoadBalancer(lb, client: client, builder: &builder)
        }
        return builder.finish(
            kind: .nodePort, title: "NodePort: User → DNS → External LB → \(node):\(nodePort) → Pod",
            target: service.key.description)
    }

    /// The external LB forwards the connection to `node`'s NodePort, `arriving`, keeping the client's address (L4).
    static func forwardToNodePort(
        _ service: Service, node: String, nodePort: Int, arriving: Packet, builder: inout FlowBuilder
    ) {
        let nodeAddress = arriving.destination
        var toNode = Hop(
            from: .externalLoadBalancer, to: .nodePort(node: node, port: nodePort), packet: arriving, rewrite: .dnat,
            by: .loadBalancer(.nodePortForwarding),
            sentence:
                "The external LB forwards the connection to a node's NodePort, \(node) \(nodeAddress). Every node " +
                "opens \(nodePort) on its IP, whether or not a backing pod runs there. A pass-through (L4) balancer " +
                "keeps the client's address as the source.",
            details: lbDetails(service, builder: builder))
        toNode.isIllustrative = true
        builder.add(toNode)
    }

    /// The reply's last hop: the LB puts its own address back as the source.
    static func answerFromLoadBalancer(_ lb: SocketAddress, client: SocketAddress, builder: inout FlowBuilder) {
        var last = Hop(
            from: .externalLoadBalancer, to: .user, packet: Packet(source: lb, destination: client),
            rewrite: .unNAT,
            by: .loadBalancer(.nodePortForwarding),
            sentence:
                "The LB puts its own address back: the browser gets its answer from \(lb), the address it called.",
            isReply: true)
        last.isIllustrative = true
        builder.add(last)
    }

    // MARK: Shared legs

    static func addDNS(
        name: String, answer: String, answerNote: String, client: SocketAddress, builder: inout FlowBuilder
    ) {
        let dnsClient = SocketAddress(host: client.host, port: builder.ephemeralPort("dns"))
        let resolver = SocketAddress(host: builder.outside.resolver, port: 53)
        var query = Hop(
            from: .user, to: .dns, packet: Packet(source: dnsClient, destination: resolver, protocol: "UDP"),
            sentence: "The user's machine asks DNS for \(name) (\(builder.outside.recordType) record).")
        query.isIllustrative = true
        builder.add(query)
        var reply = Hop(
            from: .dns, to: .user, packet: Packet(source: resolver, destination: dnsClient, protocol: "UDP"),
            rewrite: .dnsAnswer,
            by: .externalDNS, sentence: "DNS answers \(name) → \(answer), \(answerNote).")
        reply.isIllustrative = true
        reply.dnsAnswer = (name, answer)
        builder.add(reply)
    }

    /// The node the outside traffic enters: the one asked for, else the LB's pick.
    static func entryNode(for service: Service, builder: inout FlowBuilder) throws(FlowError) -> String {
        let nodes = builder.cluster.nodes
        if let wanted = builder.options.entryNode {
            guard builder.cluster.node(named: wanted) != nil else {
                throw .notFound(
                    what: "node named", name: wanted, existing: TargetResolver.listing("nodes", nodes) { $0.name })
            }
            return wanted
        }
        guard !nodes.isEmpty else {
            builder.assume(
                "The input lists no nodes (nor pods with a NODE column): the node is shown as <NodeIP>; add `kubectl " +
                "get nodes -o wide` to see which."
            )
            return FlowBuilder.unknownNode
        }
        var pool = builder.facts.balancedNodes
        if builder.externalTrafficPolicy(of: service) == .local {
            let withEndpoints = Set(builder.cluster.backingInfo(of: service.key).endpoints.compactMap(\.nodeName))
            let healthy = pool.filter { withEndpoints.contains($0) }
            if !healthy.isEmpty { pool = healthy }
        }
        var dice = builder.dice("lb|\(service.key)")
        let index = Int(dice.next() % UInt64(max(pool.count, 1)))
        return (pool.indices.contains(index) ? pool[index] : pool.first) ?? nodes.first?.name ?? ""
    }

    static func lbDetails(_ service: Service, builder: FlowBuilder) -> [String] {
        var lines: [String] = []
        if builder.facts.hasControlPlane {
            lines.append(
                "Control-plane nodes are usually left out of load balancers (kubeadm labels them " +
                "node.kubernetes.io/exclude-from-external-load-balancers)."
            )
        }
        if builder.externalTrafficPolicy(of: service) == .local {
            lines.append(
                "externalTrafficPolicy Local: the balancer health-checks each node's healthCheckNodePort (/healthz) " +
                "and only uses nodes running a ready endpoint."
            )
        }
        return lines
    }

    /// Where a request through a node's rules ended up, for the reply.
    struct Delivered {
        var node: String
        var endpoint: ServiceEndpoint
        var pod: Place
        var destination: SocketAddress
        /// The source the pod saw (the node's address when masqueraded).
        var seenSource: SocketAddress
        var masqueraded: Bool
    }

    /// From the packet arriving at `node` to the pod; nil when the rules reject or drop it (the failing hop says why).
    @discardableResult
    static func throughNode(
        _ service: Service, port: ServicePort, entry: ProxyEntry, node: String, arriving: Packet, from: Place,
        builder: inout FlowBuilder, reply: Bool
    ) -> Delivered? {
        let decision = ServiceProxy.route(
            service, port: port, entry: entry, node: node, clientIP: arriving.source.host,
            clientPod: nil, builder: &builder)
        let rules = Place.kubeProxy(node: node)
        let by = builder.proxyActor(on: node)
        guard let endpoint = decision.endpoint, let destination = decision.destination else {
            if from == rules {
                // Delivered straight to the node's rules (a VIP balancer): they fail on the hop that arrived.
                let failure = decision.failure ?? HopFailure(.unknown, "no endpoint could be chosen.")
                builder.failLastHop(failure, details: decision.details, rules: decision.rules)
            } else {
                builder.addNoEndpointHop(
                    from: from, node: node, packet: arriving, service: service.key, decision: decision)
            }
            return nil
        }
        let dnatted = Packet(source: arriving.source, destination: destination, protocol: port.protocol)
        let dnatHop = Hop(
            from: from, to: rules, packet: dnatted, rewrite: .dnat, by: by,
            sentence:
                "\(by) DNAT the packet: destination \(arriving.destination) " +
                "becomes \(builder.podLabel(endpoint))\(builder.pickedAmong(decision)) at \(destination).",
            details: decision.details, rules: decision.masquerade ? decision.translationRules : decision.rules)
        // A packet delivered straight to the node's rules (a VIP balancer) has no NodePort hop before them:
        // the DNAT joins the hop that leaves the rules instead of a hop from the rules to themselves.
        let mergeDNAT = from == rules
        let firstLeaving = builder.hops.count
        if !mergeDNAT { builder.add(dnatHop) }
        let pod = builder.podPlace(endpoint, namespace: service.namespace)
        let seenSource = leaveNode(
            node, decision: decision, endpoint: endpoint, pod: pod, arriving: arriving, dnatted: dnatted,
            builder: &builder)
        if mergeDNAT { merge(dnatHop, into: firstLeaving, arriving: arriving, builder: &builder) }
        if let mismatch = decision.portMismatch {
            builder.failLastHop(.refused, mismatch)
            return nil
        }
        let delivered = Delivered(
            node: node, endpoint: endpoint, pod: pod, destination: destination, seenSource: seenSource,
            masqueraded: decision.masquerade)
        if reply {
            replyThroughNode(
                delivered, arriving: arriving,
                back: builder.hops.contains { $0.to == .externalLoadBalancer } ? .externalLoadBalancer : .user,
                protocol: port.protocol, builder: &builder)
        }
        return delivered
    }

    /// The DNATed packet leaves `node` for the pod: masqueraded when the rules marked it (the pod then sees a
    /// node's address), else with the client's own address; returns the source the pod sees.
    static func leaveNode(
        _ node: String, decision: ProxyDecision, endpoint: ServiceEndpoint, pod: Place, arriving: Packet,
        dnatted: Packet, builder: inout FlowBuilder
    ) -> SocketAddress {
        let rules = Place.kubeProxy(node: node)
        let by = builder.proxyActor(on: node)
        let hostNetwork = endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false
        guard decision.masquerade else {
            builder.deliver(
                from: rules, fromNode: node, packet: dnatted, rewrite: .none, by: nil,
                sentence:
                    "No SNAT (externalTrafficPolicy Local): the pod sees the real client address " +
                    "\(arriving.source.host).",
                to: pod, podNode: endpoint.nodeName, podUsesHostNetwork: hostNetwork)
            return arriving.source
        }
        let masqueraded = builder.masqueradedSource(on: node, towards: endpoint.nodeName, original: arriving.source)
        let seenSource = masqueraded.address
        builder.deliver(
            from: rules, fromNode: node,
            packet: Packet(source: seenSource, destination: dnatted.destination, protocol: dnatted.protocol),
            rewrite: .masquerade, by: by, provenance: masqueraded.provenance,
            sentence:
                "Leaving \(node), the marked packet is masqueraded (\(decision.masqueradeReason)): source " +
                "\(arriving.source) becomes \(seenSource), because \(masqueraded.why), and " +
                "\(ClusterIPFlow.randomPort(builder.proxyMode.mode)) " +
                "picks a random source port. The pod sees \(node), not the client, and its reply must come " +
                "back through \(node).",
            rules: decision.postroutingRules, to: pod, podNode: endpoint.nodeName, podUsesHostNetwork: hostNetwork)
        return seenSource
    }

    /// Joins the DNAT of a packet delivered straight to the node's rules to the first hop leaving them, at
    /// `index`: its rewrite first (from the packet as it arrived), its sentence, details and rules before.
    static func merge(_ dnatHop: Hop, into index: Int, arriving: Packet, builder: inout FlowBuilder) {
        guard builder.hops.indices.contains(index) else { return }
        var leaving = builder.hops[index]
        leaving.rewrites.insert(contentsOf: dnatHop.rewrites.map { rewrite in
            var rewrite = rewrite
            rewrite.before = arriving
            return rewrite
        }, at: 0)
        leaving.sentence = dnatHop.sentence + " " + leaving.sentence
        leaving.details = dnatHop.details + leaving.details
        leaving.rules = dnatHop.rules + leaving.rules
        builder.hops[index] = leaving
    }

    /// Through a node's rules to the pod of an L7 proxy (an ingress controller, a Gateway's proxy), which the
    /// last hop then reaches as `place(pod)`, its sentence followed by `note`.
    ///
    /// nil when the rules reject or drop the packet (the failing hop says why).
    static func throughNode(
        toProxy place: (ObjectKey?) -> Place, note: String, _ service: Service, port: ServicePort, entry: ProxyEntry,
        node: String, arriving: Packet, from: Place, builder: inout FlowBuilder
    ) -> Delivered? {
        guard
            var delivered = throughNode(
                service, port: port, entry: entry, node: node, arriving: arriving, from: from, builder: &builder,
                reply: false)
        else { return nil }
        delivered.pod = place(delivered.endpoint.pod)
        builder.retargetLastHop(to: delivered.pod, note: note)
        return delivered
    }

    /// The reply from the pod back through the node whose conntrack undoes the NAT.
    static func replyThroughNode(
        _ delivered: Delivered, arriving: Packet, back: Place, protocol: String, builder: inout FlowBuilder
    ) {
        let rules = Place.kubeProxy(node: delivered.node)
        builder.replyLeg(
            from: delivered.pod, podNode: delivered.endpoint.nodeName, to: rules, toNode: delivered.node,
            packet: Packet(source: delivered.destination, destination: delivered.seenSource, protocol: `protocol`),
            sentence: "The pod answers the address it saw: \(delivered.destination) → \(delivered.seenSource).")
        builder.add(
            Hop(
                from: rules, to: back,
                packet: Packet(source: arriving.destination, destination: arriving.source, protocol: `protocol`),
                rewrite: .unNAT, by: .conntrack(node: delivered.node),
                sentence:
                    "conntrack on \(delivered.node) remembers the translation and undoes " +
                    "it\(delivered.masqueraded ? " (both the SNAT and the DNAT)" : ""): the reply reads " +
                    "\(arriving.destination) → \(arriving.source), the address the request was sent to.",
                isReply: true))
    }
}
