import ClusterModel

/// What `MASQUERADE --random-fully` writes on a packet leaving a node: the
/// primary address of the interface it leaves by, and a random source port.
struct MasqueradedSource {
    var address: SocketAddress
    /// The interface whose address was written (`cni0`, `flannel.1`, the node's uplink).
    var device: String
    /// Why that address: a sentence fragment for the narration.
    var why: String
    var provenance: Provenance
}

extension FlowBuilder {
    /// The source a packet gets when kube-proxy's KUBE-POSTROUTING masquerades
    /// it on `node` on its way to a pod on `podNode` (TEACHING-FACTS,
    /// "MASQUERADE uses the primary address of the interface the packet leaves by").
    mutating func masqueradedSource(on node: String, towards podNode: String?, original: SocketAddress)
        -> MasqueradedSource
    {
        let port = randomFullyPort(original)
        noteCNI()
        let sameNode = podNode == nil || podNode == node
        if sameNode, cni.usesBridge, let bridge = podRangeAddress(of: node, host: 1) {
            return MasqueradedSource(
                address: SocketAddress(host: bridge.text, port: port), device: cni == .weave ? "weave" : "cni0",
                why: "the pod is on this node, so the packet leaves by the \(cni == .weave ? "weave" : "cni0") bridge, "
                    + "whose address is \(bridge.text) (the .1 of \(node)'s pod range)",
                provenance: .inferred(from: "the CNI (\(cni.evidence)) and \(node)'s pod range"))
        }
        if !sameNode, let device = cni.tunnelDevice, cni == .flannel || cni == .k3sFlannel,
            let tunnel = podRangeAddress(of: node, host: 0)
        {
            return MasqueradedSource(
                address: SocketAddress(host: tunnel.text, port: port), device: device,
                why: "the pod is on \(podNode ?? "another node"), so the packet leaves by the VXLAN device \(device), "
                    + "whose address is \(tunnel.text) (the .0 of \(node)'s pod range)",
                provenance: .inferred(from: "the CNI (\(cni.evidence)) and \(node)'s pod range"))
        }
        let nodeIP = nodeAddress(node)
        var why = "the packet leaves by \(node)'s own interface, so the node's address \(nodeIP) is written"
        if !sameNode, cni == .calico {
            why += " (with Calico's IP-in-IP it leaves by tunl0 and gets tunl0's address from the node's IP block)"
        }
        return MasqueradedSource(
            address: SocketAddress(host: nodeIP, port: port), device: "uplink", why: why,
            provenance: cni == .unknown
                ? .inferred(from: "no CNI recognised: the node's address is the usual answer on routed CNIs")
                : .inferred(from: "the CNI (\(cni.evidence))"))
    }

    /// `--random-fully`: the kernel picks the source port at random, not the client's.
    func randomFullyPort(_ original: SocketAddress) -> Int? {
        guard original.port != nil else { return nil }
        var dice = dice("masquerade-port|\(original)")
        return 1024 + Int(dice.next() % 64512)
    }

    /// The `host`-th address of the node's pod range (`.0` flannel.1, `.1` cni0), when the range is known
    /// or guessed from its pods.
    func podRangeAddress(of node: String, host: UInt32) -> IPAddress? {
        guard let range = cluster.podRange(ofNode: node)?.cidr, range.prefixLength <= 30 else { return nil }
        return IPAddress(CIDR.dotted(range.base + host))
    }
}
