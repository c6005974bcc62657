import ClusterModel

/// The CNI plugin, recognised from its agent pods (or k3s's node version,
/// whose flannel is built in), so that the hops can say how packets really
/// cross between nodes and which address a masquerade writes.
///
/// Always inferred: the assumption line says from what. Unknown keeps the text general.
enum CNI: Equatable {
    case kindnet, flannel, calico, cilium, weave, awsVPC, unknown
    /// k3s embeds flannel (VXLAN, `cni0` bridge, `flannel.1`): no flannel pods to see.
    case k3sFlannel

    private static let agentFirstBytes: Set<UInt8> = Set("kfcwa".utf8)

    /// The first agent pod in input order decides, else a k3s node version.
    ///
    /// One pass over the pods: engines keep the answer (`ClusterFacts.cni`).
    static func detect(in cluster: Cluster) -> CNI {
        let pods = cluster.pods
        for position in pods.indices {
            let name = pods[position].name
            // Most pods of a big cluster start with none of the letters below: skip them without prefix tests.
            guard let first = name.utf8.first, agentFirstBytes.contains(first) else { continue }
            if name.hasPrefix("kindnet-") { return .kindnet }
            if name.hasPrefix("kube-flannel-") || name.hasPrefix("flannel-") { return .flannel }
            if name.hasPrefix("calico-node-") { return .calico }
            if name.hasPrefix("cilium-"), !name.hasPrefix("cilium-operator"), !name.hasPrefix("cilium-envoy") {
                return .cilium
            }
            if name.hasPrefix("weave-net-") { return .weave }
            if name.hasPrefix("aws-node-") { return .awsVPC }
        }
        if cluster.nodes.contains(where: { $0.version?.contains("+k3s") == true }) { return .k3sFlannel }
        return .unknown
    }

    /// What the recognition rests on, for the assumption line.
    var evidence: String {
        switch self {
        case .kindnet: "its kindnet pods"
        case .flannel: "its kube-flannel pods"
        case .calico: "its calico-node pods"
        case .cilium: "its cilium agent pods"
        case .weave: "its weave-net pods"
        case .awsVPC: "its aws-node pods (Amazon VPC CNI)"
        case .k3sFlannel: "the nodes' k3s version (k3s embeds flannel)"
        case .unknown: "nothing: no CNI agent pod is in the input"
        }
    }

    /// False when the CNI routes pod ranges between nodes without a tunnel.
    ///
    /// Calico's manifests default to IP-in-IP; with BGP only it routes plainly (the text says both).
    var encapsulates: Bool { ![.kindnet, .awsVPC].contains(self) }

    /// True when the pods of a node hang off one Linux bridge (`cni0`, `weave`), false for
    /// point-to-point veths with a /32 route each (Calico, kindnet, VPC CNI, Cilium).
    var usesBridge: Bool { [.flannel, .k3sFlannel, .weave].contains(self) }

    /// The tunnel device a packet leaves by towards another node, when there is one.
    var tunnelDevice: String? {
        switch self {
        case .flannel, .k3sFlannel: "flannel.1"
        case .calico: "tunl0"
        case .cilium: "cilium_vxlan"
        case .weave: "weave"
        case .kindnet, .awsVPC, .unknown: nil
        }
    }

    var name: String {
        switch self {
        case .kindnet: "kindnet"
        case .flannel: "flannel"
        case .k3sFlannel: "k3s's flannel"
        case .calico: "Calico"
        case .cilium: "Cilium"
        case .weave: "Weave Net"
        case .awsVPC: "the Amazon VPC CNI"
        case .unknown: "the CNI"
        }
    }

    /// How the packet crosses, for the hop's details.
    var crossing: String {
        switch self {
        case .kindnet:
            "kindnet installs a route per node's pod range: the packet crosses the node network unchanged, no tunnel."
        case .flannel, .k3sFlannel:
            "flannel's default VXLAN backend wraps it (device flannel.1, UDP port 8472) between the node IPs."
        case .calico:
            "Calico wraps it in IP-in-IP (tunl0; or VXLAN, UDP 4789, depending on the IP pool), or routes it plainly "
                + "with BGP."
        case .cilium: "Cilium wraps it in VXLAN (UDP 8472) by default, or routes it natively."
        case .weave: "Weave Net wraps it in VXLAN between the node IPs (its fast datapath)."
        case .awsVPC:
            "Pods have VPC addresses: the VPC routes the packet to the node's network interface that owns the pod IP, "
                + "no overlay."
        case .unknown: "Depending on the CNI it is routed as is or wrapped (VXLAN, IP-in-IP) between the node IPs."
        }
    }

    /// How a packet on a node reaches a pod there, for the last hop (a host route is /128 in IPv6).
    func lastStep(ipv6: Bool) -> String {
        switch self {
        case .flannel, .k3sFlannel: "It reaches the pod through the cni0 bridge and the pod's veth."
        case .weave: "It reaches the pod through the weave bridge and the pod's veth."
        case .calico, .kindnet, .cilium, .awsVPC:
            "A /\(ipv6 ? 128 : 32) route on the node sends it down the pod's own veth (no bridge)."
        case .unknown: "It reaches the pod's network namespace through its veth (and a bridge, on bridge CNIs)."
        }
    }
}
