import ClusterModel

/// Step 2 of the ingress flow: from the browser into the ingress controller, through the controller's own
/// NodePort or LoadBalancer service when the input shows it (the realistic double hop), else straight to a
/// controller pod.
extension IngressFlow {
    /// Where the request reached the controller, for the hops after it.
    struct Controller {
        var place: Place
        var node: String?
        /// The controller pod's IP, the upstream connection's source; nil when its pod is not in the input.
        var ip: String?
        /// Set when the request went through a node's kube-proxy rules (for the reply).
        var throughNode: (delivered: ExternalFlows.Delivered, arriving: Packet)?
        /// Set when the request came through the controller service's load balancer (for the reply's back-leg).
        var balancer: (lb: SocketAddress, kind: BalancerKind)?

        var actor: Actor { IngressFlow.controllerActor(place) }
    }

    /// Into the controller; nil when a node's rules stop the request on the way (the failing hop says why).
    static func enterController(_ request: Request, builder: inout FlowBuilder) throws(FlowError) -> Controller? {
        if let service = request.controllerService,
            let httpPort = service.ports.first(where: { $0.port == 80 }) ?? service.ports.first,
            let nodePort = httpPort.nodePort, !builder.cluster.nodes.isEmpty
        {
            return try throughControllerService(
                request, service: service, port: httpPort, nodePort: nodePort, builder: &builder)
        }
        return straightToController(request, builder: &builder)
    }

    /// Through the controller's service: to a node's NodePort (behind the service's load balancer when it has
    /// one), then the node's rules to a controller pod.
    static func throughControllerService(
        _ request: Request, service: Service, port: ServicePort, nodePort: Int, builder: inout FlowBuilder
    ) throws(FlowError) -> Controller? {
        let node = try entryNode(request, service: service, builder: &builder)
        builder.noteTrafficPolicy(of: service)
        let arrival = reachNode(
            request, service: service, port: port, node: node, nodePort: nodePort, builder: &builder)
        guard
            let delivered = ExternalFlows.throughNode(
                toProxy: { .ingressController(pod: $0) }, note: " This pod is the ingress controller.", service,
                port: port, entry: arrival.entry, node: node, arriving: arrival.packet, from: arrival.place,
                builder: &builder)
        else { return nil }
        if delivered.masqueraded {
            builder.annotateLastHop([
                "The controller sees \(delivered.seenSource.host), not the user: with externalTrafficPolicy " +
                "Cluster the client IP is lost before the controller (its X-Forwarded-For header will say " +
                "\(delivered.seenSource.host)). That is why ingress controllers are often exposed with " +
                "externalTrafficPolicy Local."
            ])
        }
        return Controller(
            place: delivered.pod, node: delivered.endpoint.nodeName, ip: delivered.endpoint.ip.text,
            throughNode: (delivered, arrival.packet), balancer: arrival.balancer)
    }

    /// The node the request enters: the one holding the ingress's ADDRESS unless a node is asked for, else
    /// the load balancer's pick.
    static func entryNode(_ request: Request, service: Service, builder: inout FlowBuilder) throws(FlowError)
        -> String
    {
        if builder.options.entryNode == nil, let address = request.address, let ip = IPAddress(address),
            let owner = builder.cluster.node(withIP: ip)
        {
            return owner.name
        }
        return try ExternalFlows.entryNode(for: service, builder: &builder)
    }

    /// How the browser's request reaches `node`: the packet as the node receives it, where, and how kube-proxy sees
    /// it; with the load balancer it came through, if any.
    struct NodeArrival {
        var packet: Packet
        var place: Place
        var entry: ProxyEntry
        var balancer: (lb: SocketAddress, kind: BalancerKind)?
    }

    /// The browser's request to `node`: through the service's load balancer when it is a LoadBalancer with an
    /// address, handed to the node as that balancer's kind does it (`LoadBalancerFlow.handOver`: a VIP balancer
    /// routes the LB IP unchanged, others forward to the NodePort), else sent to the NodePort itself.
    static func reachNode(
        _ request: Request, service: Service, port: ServicePort, node: String, nodePort: Int,
        builder: inout FlowBuilder
    ) -> NodeArrival {
        let (host, path, client) = (request.host, request.path, request.client)
        if service.type == .loadBalancer, let lbIP = service.externalIPs.first?.text {
            let kind = BalancerKind.classify(service, cluster: builder.cluster)
            builder.assume("The controller's load balancer is \(kind.product): \(kind.provenance.said).")
            let lb = SocketAddress(host: lbIP, port: port.port)
            builder.add(
                Hop(
                    from: .user, to: .externalLoadBalancer, packet: Packet(source: client, destination: lb),
                    sentence:
                        "The browser sends GET \(path) with Host: \(host) to \(lb), the load balancer of the " +
                        "controller's service \(service.key)."
                ))
            let (arriving, place, entry) = LoadBalancerFlow.handOver(
                service, port: port, kind: kind, lb: lb, client: client, node: node, builder: &builder)
            return NodeArrival(packet: arriving, place: place, entry: entry, balancer: (lb, kind))
        }
        let nodeAddress = SocketAddress(host: builder.nodeAddress(node), port: nodePort)
        let arriving = Packet(source: client, destination: nodeAddress)
        builder.add(
            Hop(
                from: .user, to: .nodePort(node: node, port: nodePort), packet: arriving,
                sentence:
                    "The browser sends GET \(path) with Host: \(host) to the controller's service " +
                    "\(service.key), a \(service.type) service: \(node)'s NodePort " +
                    "\(nodeAddress) for HTTP port \(port.port).",
                details: [
                    "To let users type plain http://\(host)/ (port 80), an external LB or a hostPort usually " +
                    "sits in front of NodePort \(nodePort)."
                ]))
        return NodeArrival(packet: arriving, place: .nodePort(node: node, port: nodePort), entry: .nodePort(nodePort))
    }

    /// Without the controller's service in the input: straight to a controller pod (or to one assumed to be
    /// installed), saying what is not shown.
    static func straightToController(_ request: Request, builder: inout FlowBuilder) -> Controller {
        let entry = SocketAddress(host: request.answer, port: 80)
        let controllers = request.controllers
        let pod = controllers.indices.contains(request.controllerIndex) ? controllers[request.controllerIndex] : nil
        let place = Place.ingressController(pod: pod?.key)
        if pod == nil { assumeAnInstalledController(&builder) }
        let why =
            pod == nil
            ? "The controller's pods are not in the input, so how the address reaches them (a LoadBalancer, a " +
                "NodePort, host ports) is not shown; `kubectl get svc,pods -A -o wide` shows them."
            : "The controller's service is not in the input: shown as reaching the controller pod " +
                "\(pod?.name ?? "") directly; `kubectl get svc -A -o wide` shows it."
        builder.add(
            Hop(
                from: .user, to: place, packet: Packet(source: request.client, destination: entry),
                sentence:
                    "The browser sends GET \(request.path) with Host: \(request.host) to \(entry), the ingress " +
                    "controller. \(why)"))
        return Controller(place: place, node: pod?.nodeName, ip: pod?.ips.first?.text, throughNode: nil)
    }
}
