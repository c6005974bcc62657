import ClusterModel
import ProxyRules

/// The last leg of a request inside the cluster: from a node's rules to the
/// pod, directly over the node's bridge/veth or across the overlay.
extension FlowBuilder {
    /// The place a pod is drawn at; an endpoint whose pod the input does not
    /// show is named by its IP so the hop still reads right.
    func podPlace(_ endpoint: ServiceEndpoint, namespace: String?) -> Place {
        .pod(endpoint.pod ?? ObjectKey(namespace: namespace, name: endpoint.ip.text))
    }

    func podLabel(_ endpoint: ServiceEndpoint) -> String {
        guard let pod = endpoint.pod else { return "endpoint \(endpoint.ip.text) (its pod is not in the input)" }
        return "pod \(pod.name)"
    }

    /// Adds the hop leaving `from` on `fromNode` with `packet`, and when the
    /// pod lives on another node, the overlay hop between the node IPs.
    ///
    /// Returns the pod's node when the packet crossed nodes.
    @discardableResult
    mutating func deliver(
        from: Place, fromNode: String?, packet: Packet, rewrite: Rewrite, by: Actor?,
        provenance: Provenance = Hop.defaultProvenance, sentence: String,
        details: [String] = [], rules: [WalkedRule] = [], to pod: Place, podNode: String?,
        podUsesHostNetwork: Bool
    ) -> String? {
        guard let fromNode, let podNode, fromNode != podNode else {
            // Same node: the bridge/veth. A side whose node is unknown: say nothing about the path.
            let sameNode = fromNode != nil && fromNode == podNode
            if sameNode, !podUsesHostNetwork { noteCNI() }
            let last =
                podUsesHostNetwork
                ? " The pod uses the host network, so it is the node itself that receives it."
                : sameNode ? " " + cni.lastStep(ipv6: packet.destination.host.contains(":")) : ""
            add(
                Hop(
                    from: from, to: pod, packet: packet, rewrite: rewrite, by: by, provenance: provenance,
                    sentence: sentence + last,
                    details: details, rules: rules))
            return nil
        }
        noteUnknownNodeIP(fromNode)
        noteUnknownNodeIP(podNode)
        if !podUsesHostNetwork { noteCNI() }
        let overlay = Place.overlay(from: fromNode, to: podNode)
        add(
            Hop(
                from: from, to: overlay, packet: packet, rewrite: rewrite, by: by, provenance: provenance,
                sentence: sentence + " The pod is on \(podNode), so the packet leaves \(fromNode).", details: details,
                rules: rules))
        add(
            crossing(
                overlay, to: pod, packet: packet, from: fromNode, podNode: podNode, hostNetwork: podUsesHostNetwork))
        return podNode
    }

    /// The hop across the node network to a pod on another node: over the LAN to a host-network pod, routed by
    /// a CNI that keeps pod addresses, or inside the overlay's outer packet.
    func crossing(
        _ overlay: Place, to pod: Place, packet: Packet, from fromNode: String, podNode: String, hostNetwork: Bool
    ) -> Hop {
        if hostNetwork {
            return Hop(
                from: overlay, to: pod, packet: packet,
                sentence:
                    "The pod uses \(podNode)'s host network, so the packet simply crosses the LAN from " +
                    "\(nodeAddress(fromNode)) to \(nodeAddress(podNode)); no tunnel is needed.")
        }
        if !cni.encapsulates {
            let owner = cni == .awsVPC ? "whose network interface holds the pod's IP" : "which owns the pod's range"
            return Hop(
                from: overlay, to: pod, packet: packet,
                sentence:
                    "\(cni.name) routes it from \(fromNode) (\(nodeAddress(fromNode))) to \(podNode) " +
                    "(\(nodeAddress(podNode))), \(owner); the packet keeps its pod addresses and reaches the " +
                    "pod's veth.",
                details: [cni.crossing])
        }
        var hop = Hop(
            from: overlay, to: pod, packet: packet, rewrite: .encapsulate,
            by: cniActor,
            sentence: cni == .unknown
                ? "The CNI carries it from \(fromNode) (\(nodeAddress(fromNode))) to \(podNode) " +
                    "(\(nodeAddress(podNode))), routed or wrapped in an outer packet between the node IPs (an " +
                    "overlay); the inner packet keeps its pod addresses and reaches the pod's veth."
                : "\(cni.name) carries it from \(fromNode) (\(nodeAddress(fromNode))) to \(podNode) " +
                    "(\(nodeAddress(podNode))) inside an outer packet between the node IPs; the inner packet " +
                    "keeps its addresses. \(podNode) unwraps it and hands it to the pod's veth.",
            details: [
                "outer header: \(nodeAddress(fromNode)) → \(nodeAddress(podNode)) (node IPs). \(cni.crossing)",
                "inner packet: \(packet.source) → \(packet.destination), unchanged inside the tunnel",
            ])
        hop.encapsulation = Packet(
            source: SocketAddress(host: nodeAddress(fromNode), port: nil),
            destination: SocketAddress(host: nodeAddress(podNode), port: nil), protocol: encapsulationLabel)
        return hop
    }

    /// The hop on which kube-proxy's rules on `node` look for an endpoint of `service` and find none to use:
    /// it fails with the rules' reason.
    mutating func addNoEndpointHop(
        from: Place, node: String, packet: Packet, service: ObjectKey, decision: ProxyDecision
    ) {
        add(
            Hop(
                from: from, to: .kubeProxy(node: node), packet: packet, by: proxyActor(on: node),
                sentence: "kube-proxy's rules on \(node) look for an endpoint of \(service).",
                details: decision.details, rules: decision.rules,
                failure: decision.failure ?? HopFailure(.unknown, "no endpoint could be chosen.")))
    }

    /// ` (one of 3, picked at random)` when the rules chose among several endpoints, else nothing.
    func pickedAmong(_ decision: ProxyDecision) -> String {
        decision.candidates.count > 1 ? " (one of \(decision.candidates.count), \(proxyMode.pickedHow))" : ""
    }

    /// The reply's first leg: from the pod back to `toPlace` on `toNode`, through the overlay when they differ.
    mutating func replyLeg(
        from pod: Place, podNode: String?, to place: Place, toNode: String?, packet: Packet,
        rewrite: Rewrite = .none, by: Actor? = nil, sentence: String
    ) {
        guard let podNode, let toNode, podNode != toNode else {
            add(
                Hop(
                    from: pod, to: place, packet: packet, rewrite: rewrite, by: by, sentence: sentence,
                    isReply: true))
            return
        }
        let overlay = Place.overlay(from: podNode, to: toNode)
        add(Hop(from: pod, to: overlay, packet: packet, sentence: sentence, isReply: true))
        var hop = Hop(
            from: overlay, to: place, packet: packet,
            rewrite: rewrite == .none && cni.encapsulates ? .encapsulate : rewrite,
            by: by ?? (cni.encapsulates ? cniActor : nil),
            sentence:
                "Back across the node network from \(podNode) (\(nodeAddress(podNode))) to \(toNode) " +
                "(\(nodeAddress(toNode))).",
            isReply: true)
        if cni.encapsulates {
            hop.encapsulation = Packet(
                source: SocketAddress(host: nodeAddress(podNode), port: nil),
                destination: SocketAddress(host: nodeAddress(toNode), port: nil), protocol: encapsulationLabel)
        }
        add(hop)
    }

    /// The CNI as the actor of an overlay hop.
    ///
    /// The CNI decides how a packet crosses and which address a masquerade writes, and it is always recognised, never
    /// read: the assumption line says from what.
    mutating func noteCNI() {
        assume(
            cni == .unknown
                ? "The CNI is not recognised (no kindnet, kube-flannel, calico-node, cilium, weave-net or aws-node pod "
                    + "in the input): the path between nodes is told in general; `kubectl -n kube-system get pods` "
                    + "shows the CNI's agents."
                : "The CNI is \(cni.name): inferred from \(cni.evidence).")
    }

    var cniActor: Actor { .cni(name: cni == .unknown ? nil : cni.name) }

    /// The outer header's protocol as the recognised CNI uses it.
    var encapsulationLabel: String {
        switch cni {
        case .flannel, .k3sFlannel, .cilium: "VXLAN (UDP 8472)"
        case .calico: "IP-in-IP or VXLAN"
        case .weave: "VXLAN"
        case .kindnet, .awsVPC, .unknown: "VXLAN/IP-in-IP"
        }
    }
}

extension ServiceBackingInfo {
    /// The ready endpoints, one per address: a pod listed once per port is one place to connect to.
    var distinctEndpoints: [ServiceEndpoint] {
        var seen = Set<IPAddress>()
        return endpoints.filter { seen.insert($0.ip).inserted }
    }
}
