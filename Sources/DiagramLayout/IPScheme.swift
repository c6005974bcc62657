import ClusterModel

/// The notes' "IP scheme" table, filled with this cluster's own addresses so
/// that a student sees which numbers in the picture are which kind.
enum IPScheme {
    static let header = ["", "this cluster", "assigned by", "scope"]

    static func rows(cluster: Cluster, nodePorts: [Int], ellipsis: String) -> [[String]] {
        let nodeIPs = cluster.nodes.compactMap { $0.internalIPs.first }
        let nodeIPSet = Set(nodeIPs)
        let podIPs = cluster.pods.filter { $0.hostNetwork != true }.compactMap { $0.ips.first }
            .filter { !nodeIPSet.contains($0) }
        let clusterIPs = cluster.services.flatMap(\.clusterIPs)
        let cidrs = Array(Set(cluster.nodes.flatMap(\.podCIDRs))).sorted()
        let podValue = cidrs.isEmpty ? span(podIPs, noun: "pods", ellipsis: ellipsis) : cidrs.prefix(2).joined(separator: ", ")
            + (cidrs.count > 2 ? " (+\(cidrs.count - 2))" : "")
        let nodePortValue: String
        if let port = nodePorts.first {
            let host = nodeIPs.min().map { $0.withPort(port) } ?? "<node IP>:\(port)"
            nodePortValue = nodePorts.count > 1 ? "\(host) (\(nodePorts.count) ports)" : host
        } else {
            nodePortValue = "none in input"
        }
        return [
            ["Node IP", span(nodeIPs, noun: "nodes", ellipsis: ellipsis), "your network (DHCP/cloud)", "reachable from outside"],
            ["Pod IP", podValue, "CNI, node's pod range", "in cluster, pod to pod"],
            ["Cluster IP", span(clusterIPs, noun: "services", ellipsis: ellipsis), "API server, service CIDR", "in cluster only, virtual"],
            ["NodePort", nodePortValue, "API server, 30000-32767", "every node, from outside"],
        ]
    }

    /// `192.168.1.181 … 192.168.1.183 (3 nodes)`, one value, or `none in input`.
    /// One pass for the lowest and highest: no sort of 150,000 addresses.
    static func span(_ addresses: [IPAddress], noun: String, ellipsis: String) -> String {
        guard var low = addresses.first, var high = addresses.first else { return "none in input" }
        var lowValue = low.ipv4Value
        var highValue = high.ipv4Value
        for address in addresses.dropFirst() {
            let value = address.ipv4Value
            if let v = value, let l = lowValue, !address.isIPv6, !low.isIPv6 {
                if v < l { low = address; lowValue = v }
            } else if address < low {
                low = address; lowValue = value
            }
            if let v = value, let h = highValue, !address.isIPv6, !high.isIPv6 {
                if v > h { high = address; highValue = v }
            } else if high < address {
                high = address; highValue = value
            }
        }
        if low == high { return low.text }
        return "\(low.text) \(ellipsis) \(high.text) (\(addresses.count) \(noun))"
    }
}
