import ClusterModel

/// The legend: which address ranges this cluster uses for what, like the
/// notes' table (node LAN, pod network, ClusterIPs, NodePorts, outside).
public enum IPScheme {
    public static func lines(for cluster: Cluster) -> [String] {
        let scheme = cluster.addressScheme
        var rows: [(String, String, String)] = []
        rows.append(("Node LAN", range(scheme.nodes), "INTERNAL-IP: real hosts on your network"))
        let cidrs = cluster.nodes.flatMap(\.podCIDRs)
        rows.append(
            (
                "Pod network", cidrs.isEmpty ? range(scheme.pods) : cidrs.joined(separator: ", "),
                "CNI: a range per node, routed or overlaid between nodes"
            ))
        rows.append(("ClusterIPs", range(scheme.services), "virtual: only kube-proxy rules, reachable inside only"))
        let ports = scheme.nodePorts
        rows.append(
            (
                "NodePorts", ports.isEmpty ? "none" : ports.map(String.init).joined(separator: ", "),
                "open on EVERY node IP, DNAT to a pod IP"
            ))
        let external =
            cluster.services.flatMap { $0.externalIPs.map(\.text) + $0.externalHostnames }
            + cluster.ingresses.flatMap(\.addresses)
        rows.append(
            (
                "External", external.isEmpty ? "none" : external.joined(separator: ", "),
                "load balancer / ingress addresses"
            ))
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let rangeWidth = min(40, rows.map(\.1.count).max() ?? 0)
        var lines = rows.map { name, range, meaning in
            let shown = range.count > 40 ? String(range.prefix(39)) + "…" : range
            return name.padding(nameWidth + 2) + shown.padding(rangeWidth + 2) + meaning
        }
        lines.append("")
        lines.append(
            "Ranges are guessed from the addresses in the input (kubectl does not print the configured CIDRs).")
        return lines
    }

    static func range(_ guess: AddressScheme.GuessedRange?) -> String {
        guard let guess else { return "none seen" }
        let note = guess.note.map { ", \($0)" } ?? ""
        return "\(guess.cidr) (\(guess.addressCount) seen, e.g. \(guess.example)\(note))"
    }
}
