import ClusterModel

/// The CNI plugin, recognised from its agent pods, so that the overlay hop
/// can say how packets really cross between nodes. Unknown means the text
/// stays general ("routed or encapsulated").
enum CNI: Equatable {
    case kindnet, flannel, calico, cilium, weave, unknown

    private static let agentFirstBytes: Set<UInt8> = Set("kfcw".utf8)

    /// The first agent pod in input order decides. One pass over the pods:
    /// engines keep the answer (`ClusterFacts.cni`).
    static func detect(in cluster: Cluster) -> CNI {
        let pods = cluster.pods
        for position in pods.indices {
            let name = pods[position].name
            // Most pods of a big cluster start with none of the letters below: skip them without prefix tests.
            guard let first = name.utf8.first, agentFirstBytes.contains(first) else { continue }
            if name.hasPrefix("kindnet-") { return .kindnet }
            if name.hasPrefix("kube-flannel-") || name.hasPrefix("flannel-") { return .flannel }
            if name.hasPrefix("calico-node-") { return .calico }
            if name.hasPrefix("cilium-"), !name.hasPrefix("cilium-operator") { return .cilium }
            if name.hasPrefix("weave-net-") { return .weave }
        }
        return .unknown
    }

    /// False when the CNI routes pod ranges between nodes without a tunnel.
    var encapsulates: Bool { self != .kindnet }

    var name: String {
        switch self {
        case .kindnet: "kindnet"
        case .flannel: "flannel"
        case .calico: "Calico"
        case .cilium: "Cilium"
        case .weave: "Weave Net"
        case .unknown: "the CNI"
        }
    }

    /// How the packet crosses, for the hop's details.
    var crossing: String {
        switch self {
        case .kindnet:
            "kindnet installs a route per node's pod range: the packet crosses the node network unchanged, no tunnel."
        case .flannel:
            "flannel's default VXLAN backend wraps it (device flannel.1, UDP port 8472) between the node IPs."
        case .calico:
            "Calico wraps it in IP-in-IP (or VXLAN, UDP 4789, depending on the IP pool), or routes it plainly with BGP."
        case .cilium: "Cilium wraps it in VXLAN (UDP 8472) by default, or routes it natively."
        case .weave: "Weave Net wraps it in VXLAN between the node IPs (its fast datapath)."
        case .unknown: "Depending on the CNI it is routed as is or wrapped (VXLAN, IP-in-IP) between the node IPs."
        }
    }
}
