import ClusterModel

/// k3s ServiceLB (klipper-lb): the service's EXTERNAL-IPs are the nodes' own addresses, so the user's
/// packet goes straight to the node owning the address it called.
///
/// No balancer box sits in the path: kube-proxy's "loadbalancer IP" rule on that node catches the packet, and the
/// `svclb-…` pods only forward where kube-proxy does not handle the address (their hostPort rules are a fallback).
enum NodeAddressBalancer {
    static func build(
        _ service: Service, port: ServicePort, client: SocketAddress, name: String, builder: inout FlowBuilder
    ) -> Flow {
        let (address, node) = calledAddress(of: service, builder: builder)
        let others = service.externalIPs.map(\.text).filter { $0 != address }
        ExternalFlows.addDNS(
            name: name, answer: address,
            answerNote: others.isEmpty
                ? "the service's EXTERNAL-IP"
                : "one of the service's EXTERNAL-IPs (also \(others.joined(separator: ", "))): ServiceLB " +
                    "publishes the addresses of the nodes running its svclb pods",
            client: client, builder: &builder)
        let lb = SocketAddress(host: address, port: port.port)
        let arriving = Packet(source: client, destination: lb, protocol: port.protocol)
        builder.add(
            Hop(
                from: .user, to: .kubeProxy(node: node), packet: arriving,
                provenance: .inferred(from: "the EXTERNAL-IPs, which are the nodes' own addresses"),
                sentence:
                    "The browser connects to \(lb), the service's EXTERNAL-IP, which is \(node)'s own address: " +
                    "k3s ServiceLB publishes node addresses, so no balancer sits in between and the packet reaches " +
                    "\(node) unchanged. kube-proxy's KUBE-SERVICES rule for the load-balancer IP matches it there.",
                details: fallbackDetails(service, node: node, port: port, builder: builder)))
        ExternalFlows.throughNode(
            service, port: port, entry: .loadBalancerIP(address), node: node, arriving: arriving,
            from: .kubeProxy(node: node), builder: &builder, reply: builder.options.includeReply)
        return builder.finish(
            kind: .loadBalancer, title: "LoadBalancer: User → DNS → \(node) \(address) (ServiceLB, LB IP) → Pod",
            target: service.key.description)
    }

    /// The EXTERNAL-IP the user calls and the node owning it: the node asked for with `--node` when it
    /// owns one of them, else the first EXTERNAL-IP's.
    static func calledAddress(of service: Service, builder: FlowBuilder) -> (String, String) {
        let owned = service.externalIPs.compactMap { ip in builder.cluster.node(withIP: ip).map { (ip.text, $0.name) } }
        if let wanted = builder.options.entryNode, let pick = owned.first(where: { $0.1 == wanted }) { return pick }
        return owned.first ?? (service.externalIPs.first?.text ?? "", FlowBuilder.unknownNode)
    }

    /// The svclb pod on the node, when the input shows it: what it does and why it is not in the path.
    static func fallbackDetails(_ service: Service, node: String, port: ServicePort, builder: FlowBuilder) -> [String] {
        let prefix = "svclb-\(service.name)-"
        let svclb = builder.cluster.pods.first { $0.name.hasPrefix(prefix) && $0.nodeName == node }
        let pod = svclb.map { "The svclb pod on \(node), \($0.name)," } ?? "ServiceLB's svclb pod on \(node)"
        return [
            "\(pod) holds hostPort \(port.port) and forwards to the service only for packets kube-proxy does not " +
                "translate (a fallback): with kube-proxy running, its rule matches first."
        ]
    }
}
