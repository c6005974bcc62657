import ClusterModel

/// The notes' "IP scheme" table, filled with this cluster's own addresses so
/// that a student sees which numbers in the picture are which kind.
enum IPScheme {
    static let header = ["", "this cluster", "assigned by", "scope"]

    static func rows(cluster: Cluster, nodePorts: [Int], ellipsis: String) -> [[String]] {
        let nodeIPs = cluster.nodes.compactMap { $0.internalIPs.first }.sorted()
        let podIPs = cluster.pods.filter { $0.hostNetwork != true }.compactMap { $0.ips.first }
            .filter { !nodeIPs.contains($0) }.sorted()
        let clusterIPs = cluster.services.flatMap(\.clusterIPs).sorted()
        let cidrs = Array(Set(cluster.nodes.flatMap(\.podCIDRs))).sorted()
        let podValue = cidrs.isEmpty ? span(podIPs, noun: "pods", ellipsis: ellipsis) : cidrs.prefix(2).joined(separator: ", ")
            + (cidrs.count > 2 ? " (+\(cidrs.count - 2))" : "")
        let nodePortValue: String
        if let port = nodePorts.first {
            let host = nodeIPs.first.map { $0.withPort(port) } ?? "<node IP>:\(port)"
            nodePortValue = nodePorts.count > 1 ? "\(host) (\(nodePorts.count) ports)" : host
        } else {
            nodePortValue = "none in input"
        }
        return [
            ["Node IP", span(nodeIPs, noun: "nodes", ellipsis: ellipsis), "your network (DHCP, cloud)", "LAN/VPC, reachable from outside"],
            ["Pod IP", podValue, "CNI, from the node's pod range", "in cluster, pod to pod, no NAT"],
            ["Cluster IP", span(clusterIPs, noun: "services", ellipsis: ellipsis), "API server, service CIDR", "in cluster only, virtual"],
            ["NodePort", nodePortValue, "API server, 30000-32767", "every node IP, DNAT to a pod"],
        ]
    }

    /// `192.168.1.181 … 192.168.1.183 (3 nodes)`, one value, or `none in input`.
    static func span(_ sorted: [IPAddress], noun: String, ellipsis: String) -> String {
        guard let first = sorted.first, let last = sorted.last else { return "none in input" }
        if first == last { return first.text }
        return "\(first.text) \(ellipsis) \(last.text) (\(sorted.count) \(noun))"
    }
}
