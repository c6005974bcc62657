import ClusterModel

extension ExternalFlows {
    /// An L7 proxy pod (an ingress controller, a Gateway's proxy) as its reply meets it: where it runs, and how the
    /// client's connection reached it.
    struct ReachedProxy {
        var place: Place
        var node: String?
        var actor: Actor
        /// How the sentences name it: `controller`, `proxy`.
        var noun: String
        /// The address the client called, the reply's source when it goes straight back on the client's connection.
        var answer: SocketAddress
        /// Set when the client's connection passed a node's kube-proxy rules: conntrack there undoes them.
        var throughNode: (delivered: Delivered, arriving: Packet)?
        /// Set when a load balancer was in front: its address, and its kind, which says what its back-leg undoes.
        var balancer: (lb: SocketAddress, kind: BalancerKind)?
    }

    /// The reply of a request an L7 proxy passed on: the backend pod answers the proxy's own connection (`upstream`,
    /// as the proxy opened it), and the proxy answers the client's, straight back or through the node whose
    /// conntrack undoes kube-proxy's NAT, then through the load balancer in front.
    ///
    /// One step for ingress controllers and Gateways, so a balancer's back-leg is told the same way behind both.
    static func replyFromProxy(
        _ proxy: ReachedProxy, backend: Place, backendNode: String?, upstream: Packet, client: SocketAddress,
        builder: inout FlowBuilder
    ) {
        let (source, destination) = (upstream.source, upstream.destination)
        builder.replyLeg(
            from: backend, podNode: backendNode, to: proxy.place, toNode: proxy.node,
            packet: Packet(source: destination, destination: source),
            sentence: "The pod answers the \(proxy.noun), \(destination) → \(source).")
        guard let (delivered, arriving) = proxy.throughNode else {
            builder.add(
                Hop(
                    from: proxy.place, to: .user, packet: Packet(source: proxy.answer, destination: client),
                    rewrite: .proxy, by: proxy.actor,
                    sentence: "The \(proxy.noun) sends the answer back on the browser's own connection.",
                    isReply: true))
            return
        }
        replyThroughNode(
            delivered, arriving: arriving, back: proxy.balancer == nil ? .user : .externalLoadBalancer,
            protocol: "TCP", builder: &builder)
        if let (lb, kind) = proxy.balancer { answerFromBalancer(lb, kind: kind, client: client, builder: &builder) }
    }

    /// The reply's last hop from a LoadBalancer service's balancer to the client, as its kind does it: a VIP balancer
    /// rewrote nothing on the way in (the packet reached the node with the LB IP as its destination), so it has
    /// nothing to undo; one that forwarded to a NodePort undoes its NAT; a proxying one answers on the client's own
    /// connection.
    static func answerFromBalancer(
        _ lb: SocketAddress, kind: BalancerKind, client: SocketAddress, builder: inout FlowBuilder
    ) {
        var back = Hop(
            from: .externalLoadBalancer, to: .user, packet: Packet(source: lb, destination: client),
            rewrite: kind.family == .virtualIP ? .none : .unNAT, by: .loadBalancer(kind.family),
            provenance: kind.provenance,
            sentence: kind.family == .proxy
                ? "The balancer copies the answer onto the browser's own connection: it comes from \(lb)."
                : "The answer reaches the browser from \(lb), the address it called.",
            isReply: true)
        back.isIllustrative = lb.host == builder.outside.loadBalancer
        builder.add(back)
    }
}
