import ClusterModel

/// How the service's load balancer hands connections to the nodes, and what that rests on.
struct BalancerKind {
    var family: BalancerFamily
    /// `MetalLB or a cloud VIP balancer`, `k3s ServiceLB`, `AWS Classic ELB`.
    var product: String
    var provenance: Provenance
    /// The EXTERNAL-IPs are the nodes' own addresses (k3s ServiceLB): no balancer sits between the
    /// user and the node owning the address the user called.
    var addressesAreNodes = false
    /// MetalLB: in L2 mode the elected node's speaker answers ARP for the LB IP; in BGP mode routers spread it.
    var isMetalLB = false

    static func isMetalLBPod(_ pod: Pod) -> Bool {
        pod.namespace == "metallb-system" || pod.name.hasPrefix("metallb-speaker-")
            || pod.name.hasPrefix("metallb-controller-")
    }

    /// Classifies from what the input shows: the ipMode, a hostname EXTERNAL-IP
    /// (AWS: `…-id.region.elb.amazonaws.com` is a Classic ELB, `…-id.elb.region.amazonaws.com`
    /// an NLB), EXTERNAL-IPs that are node IPs (k3s ServiceLB), else a VIP balancer.
    static func classify(_ service: Service, cluster: Cluster) -> BalancerKind {
        if service.loadBalancerIPMode == "Proxy" {
            return BalancerKind(
                family: .proxy, product: "a proxying load balancer (ipMode Proxy)",
                provenance: .input("status.loadBalancer.ingress[].ipMode: Proxy"))
        }
        if service.externalIPs.isEmpty, let host = service.externalHostnames.first?.lowercased() {
            let labels = host.split(separator: ".")
            if host.hasSuffix(".amazonaws.com"), let elb = labels.firstIndex(of: "elb") {
                // Classic: name-id.REGION.elb.amazonaws.com; NLB: name-id.elb.REGION.amazonaws.com.
                let isNLB = elb == 1 && labels.count >= 5
                return isNLB
                    ? BalancerKind(
                        family: .nodePortForwarding, product: "an AWS Network Load Balancer (instance targets)",
                        provenance: .inferred(from: "the hostname form name-id.elb.REGION.amazonaws.com"))
                    : BalancerKind(
                        family: .proxy, product: "an AWS Classic ELB",
                        provenance: .inferred(from: "the hostname form name-id.REGION.elb.amazonaws.com"))
            }
            return BalancerKind(
                family: .proxy, product: "a load balancer known by a hostname",
                provenance: .inferred(from: "a hostname EXTERNAL-IP (balancers published by name usually proxy)"))
        }
        let nodeIPs = Set(cluster.nodes.flatMap { $0.internalIPs + $0.externalIPs })
        if !service.externalIPs.isEmpty, service.externalIPs.allSatisfy(nodeIPs.contains) {
            return BalancerKind(
                family: .virtualIP, product: "k3s ServiceLB (klipper-lb)",
                provenance: .inferred(from: "the EXTERNAL-IPs, which are the nodes' own addresses"),
                addressesAreNodes: true)
        }
        if let speaker = cluster.pods.first(where: isMetalLBPod) {
            return BalancerKind(
                family: .virtualIP, product: "MetalLB",
                provenance: .inferred(from: "its pods (\(speaker.key)) in the input"), isMetalLB: true)
        }
        return BalancerKind(
            family: .virtualIP, product: "a VIP load balancer (MetalLB, GCE, Azure; ipMode VIP)",
            provenance: service.loadBalancerIPMode == "VIP"
                ? .input("ipMode VIP") : .kubernetesDefault("ipMode VIP, the default: the LB IP stays the destination"))
    }
}

/// An outside request to a LoadBalancer service, delivered as its balancer's family does it.
enum LoadBalancerFlow {
    static func build(_ service: Service, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let port = try builder.servicePort(of: service)
        if let address = service.externalIPs.first?.text {
            builder.outside = .reaching(address)
        } else if let node = builder.cluster.nodes.first?.name {
            builder.outside = .reaching(builder.nodeAddress(node))
        }
        let client = SocketAddress(host: builder.outside.client, port: builder.ephemeralPort("client"))
        let name = "\(service.name).\(Illustrative.domain)"
        builder.assume(
            "The user (\(client.host)) and the name \(name) are illustrative documentation values.")
        let shownAddress = service.externalIPs.first?.text ?? service.externalHostnames.first ?? "<pending>"
        guard service.externalIPs.first != nil || service.externalHostnames.first != nil else {
            pending(service, port: port, client: client, builder: &builder)
            return builder.finish(
                kind: .loadBalancer, title: "LoadBalancer: User → LB <pending>", target: service.key.description)
        }
        builder.noteTrafficPolicy(of: service)
        builder.noteAffinity(of: service)
        let kind = BalancerKind.classify(service, cluster: builder.cluster)
        builder.assume("The load balancer is \(kind.product): \(kind.provenance.said).")
        if kind.addressesAreNodes {
            return NodeAddressBalancer.build(service, port: port, client: client, name: name, builder: &builder)
        }
        let node = try ExternalFlows.entryNode(for: service, builder: &builder)
        let lb = resolve(service, port: port, client: client, name: name, builder: &builder)
        let (arriving, from, entry) = handOver(
            service, port: port, kind: kind, lb: lb, client: client, node: node, builder: &builder)
        ExternalFlows.throughNode(
            service, port: port, entry: entry, node: node, arriving: arriving, from: from, builder: &builder,
            reply: builder.options.includeReply)
        if builder.options.includeReply, builder.hops.last?.failure == nil {
            ExternalFlows.answerFromBalancer(lb, kind: kind, client: client, builder: &builder)
        }
        let via = kind.family == .virtualIP ? "LB IP" : "NodePort"
        return builder.finish(
            kind: .loadBalancer, title: "LoadBalancer: User → DNS → LB \(shownAddress) → \(node) (\(via)) → Pod",
            target: service.key.description)
    }

    /// DNS to the balancer's address.
    ///
    /// A hostname EXTERNAL-IP is a CNAME: the packet's destination is the address it resolves to, never the name.
    static func resolve(
        _ service: Service, port: ServicePort, client: SocketAddress, name: String, builder: inout FlowBuilder
    ) -> SocketAddress {
        if let ip = service.externalIPs.first {
            ExternalFlows.addDNS(
                name: name, answer: ip.text, answerNote: "the load balancer's IP from the service's EXTERNAL-IP",
                client: client, builder: &builder)
            let lb = SocketAddress(host: ip.text, port: port.port)
            builder.add(
                Hop(
                    from: .user, to: .externalLoadBalancer, packet: Packet(source: client, destination: lb),
                    sentence: "The browser connects to the load balancer at \(lb), the service's EXTERNAL-IP."))
            return lb
        }
        let hostname = service.externalHostnames.first ?? "?"
        let lb = SocketAddress(host: builder.outside.loadBalancer, port: port.port)
        builder.assume(
            "EXTERNAL-IP is the hostname \(hostname): a DNS name, not an address. It resolves to the balancer's " +
            "addresses, which the input cannot show; \(lb.host) stands for one (`dig \(hostname)` gives the real ones)."
        )
        ExternalFlows.addDNS(
            name: name, answer: "CNAME \(hostname) → \(lb.host)",
            answerNote: "the service's EXTERNAL-IP is a name, so DNS follows it to the balancer's address",
            client: client, builder: &builder)
        var toLB = Hop(
            from: .user, to: .externalLoadBalancer, packet: Packet(source: client, destination: lb),
            sentence: "The browser connects to \(lb): packets carry addresses, never the name \(hostname).")
        toLB.isIllustrative = true
        builder.add(toLB)
        return lb
    }

    /// The balancer's hand-over to the node: the packet as the node receives it, where, and how kube-proxy sees it.
    static func handOver(
        _ service: Service, port: ServicePort, kind: BalancerKind, lb: SocketAddress, client: SocketAddress,
        node: String, builder: inout FlowBuilder
    ) -> (Packet, Place, ProxyEntry) {
        let actor = Actor.loadBalancer(kind.family)
        guard kind.family != .virtualIP, let nodePort = port.nodePort else {
            let arriving = Packet(source: client, destination: lb, protocol: port.protocol)
            let how =
                kind.isMetalLB
                ? "MetalLB makes \(lb.host) reachable: in L2 mode the speaker of one elected node (here \(node)) " +
                    "answers ARP for it, in BGP mode the routers spread it over the nodes. The packet arrives at " +
                    "\(node) with \(lb) still as its destination and the client's own source: nothing is rewritten."
                : "\(capitalized(kind.product)) delivers the packet to \(node) with \(lb) still as its " +
                    "destination and the client's own source: nothing is rewritten."
            builder.add(
                Hop(
                    from: .externalLoadBalancer, to: .kubeProxy(node: node), packet: arriving, by: actor,
                    provenance: kind.provenance,
                    sentence: how + " kube-proxy's KUBE-SERVICES chain matches the load-balancer IP itself."))
            return (arriving, .kubeProxy(node: node), .loadBalancerIP(lb.host))
        }
        let nodeAddress = SocketAddress(host: builder.nodeAddress(node), port: nodePort)
        let proxied = kind.family == .proxy
        let source = proxied ? SocketAddress(host: lb.host, port: builder.ephemeralPort("lb-proxy")) : client
        let arriving = Packet(source: source, destination: nodeAddress, protocol: port.protocol)
        var hop = Hop(
            from: .externalLoadBalancer, to: .nodePort(node: node, port: nodePort), packet: arriving,
            rewrite: proxied ? .proxy : .dnat, by: actor, provenance: kind.provenance,
            sentence: proxied
                ? "\(capitalized(kind.product)) ends the browser's connection and opens its own to \(node)'s " +
                    "NodePort \(nodeAddress): the node sees the balancer's address \(source.host), not the client."
                : "\(capitalized(kind.product)) forwards to \(node)'s NodePort \(nodeAddress), keeping the " +
                    "client's address as the source.",
            details: ExternalFlows.lbDetails(service, builder: builder))
        hop.isIllustrative = true
        builder.add(hop)
        return (arriving, .nodePort(node: node, port: nodePort), .nodePort(nodePort))
    }

    static func pending(_ service: Service, port: ServicePort, client: SocketAddress, builder: inout FlowBuilder) {
        let hint =
            port.nodePort.map {
                " Meanwhile it works as a NodePort service: any NodeIP:\($0) (`kubehops explain --flow " +
                "nodeport:\(service.key)`)."
            } ?? ""
        builder.add(
            Hop(
                from: .user, to: .externalLoadBalancer,
                packet: Packet(source: client, destination: SocketAddress(host: "<pending>", port: port.port)),
                sentence: "There is no load balancer to connect to: EXTERNAL-IP is <pending>.",
                failure: HopFailure(
                    .notFound,
                    "EXTERNAL-IP is <pending>: nothing has provisioned a load balancer for \(service.key) yet. " +
                    "Outside a cloud this stays so until something like MetalLB (or `minikube tunnel`) is " +
                    "installed." + hint)))
    }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
