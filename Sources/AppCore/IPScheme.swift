import ClusterModel

/// The legend: which address ranges this cluster uses for what, like the
/// notes' table (node LAN, pod network, ClusterIPs, NodePorts, outside).
public enum IPScheme {
    public static func lines(for cluster: Cluster) -> [String] {
        var rows: [(String, String, String)] = []
        let nodeIPs = cluster.nodes.flatMap(\.internalIPs)
        rows.append(("Node LAN", summary(nodeIPs), "INTERNAL-IP: real hosts on your network"))
        let cidrs = cluster.nodes.flatMap(\.podCIDRs)
        let podIPs = cluster.pods.filter { $0.hostNetwork != true }.flatMap(\.ips).filter { ip in !nodeIPs.contains(ip) }
        rows.append(("Pod network", cidrs.isEmpty ? summary(podIPs) : cidrs.joined(separator: ", "), "CNI: one range per node, routed/overlaid between nodes"))
        rows.append(("Service IPs", summary(cluster.services.flatMap(\.clusterIPs)), "ClusterIP: virtual, only kube-proxy rules, inside only"))
        let nodePorts = cluster.services.flatMap { $0.ports.compactMap(\.nodePort) }.sorted()
        rows.append(("NodePorts", nodePorts.isEmpty ? "none" : nodePorts.map(String.init).joined(separator: ", "), "open on EVERY node IP, DNAT to a pod IP"))
        let external = cluster.services.flatMap { $0.externalIPs.map(\.text) + $0.externalHostnames }
            + cluster.ingresses.flatMap(\.addresses)
        rows.append(("External", external.isEmpty ? "none" : external.joined(separator: ", "), "load balancer / ingress addresses"))
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let rangeWidth = min(40, rows.map(\.1.count).max() ?? 0)
        return rows.map { name, range, meaning in
            let shown = range.count > 40 ? String(range.prefix(39)) + "…" : range
            return name.padding(nameWidth + 2) + shown.padding(rangeWidth + 2) + meaning
        }
    }

    /// `a, b, c` for a few addresses; `first … last (n)` for many.
    static func summary(_ ips: [IPAddress]) -> String {
        let unique = Array(Set(ips)).sorted()
        guard let first = unique.first, let last = unique.last else { return "none" }
        if unique.count <= 3 { return unique.map(\.text).joined(separator: ", ") }
        return "\(first.text) … \(last.text) (\(unique.count))"
    }
}
