import ClusterModel

/// The notes' "IP scheme" table (example, range, assigned by, scope), filled with this cluster's own
/// addresses and the ranges the cluster model guessed from them, so that a student sees which numbers
/// in the picture are which kind.
///
/// The one table both legends render: the grid's legend box (`LegendBuilder`) and the live view's `i` panel (AppCore's
/// `LegendPanelText`).
public enum IPScheme {
    /// One kind of address and what the cluster says about it.
    public struct Row: Sendable, Hashable {
        public var kind: String
        /// One real value from the input, or "none in input".
        public var example: String
        /// The range with how many values it covers; guessed unless `note` says where it came from.
        public var range: String
        public var assignedBy: String
        public var scope: String
        /// Why the range is what it is, when it is not the tightest cover of what was seen.
        public var note: String?

        /// The cells in `header` order.
        public var cells: [String] { [kind, example, range, assignedBy, scope] }
    }

    public static let header = ["", "example", "range (guessed)", "assigned by", "scope"]

    /// Said under the table: the input never holds the configured ranges.
    public static let guessNote =
        "Ranges are guessed from the addresses in the input (kubectl does not print the configured CIDRs)."

    /// Node, pod, ClusterIP and NodePort rows, and an External row when the input shows load-balancer,
    /// external or ingress addresses.
    ///
    /// `nodePorts` are the ports the picture shows.
    public static func rows(cluster: Cluster, nodePorts: [Int]) -> [Row] {
        let scheme = cluster.addressScheme
        var rows = [
            Row(
                kind: "Node IP", example: example(scheme.nodes), range: span(scheme.nodes),
                assignedBy: "your network/cloud", scope: "host network (LAN/VPC)", note: scheme.nodes?.note),
            podRow(cluster),
            Row(
                kind: "Cluster IP", example: example(scheme.services), range: span(scheme.services),
                assignedBy: "API server", scope: "in cluster only, virtual", note: scheme.services?.note),
            nodePortRow(scheme, nodePorts: nodePorts),
        ]
        let external =
            cluster.services.flatMap { $0.externalIPs.map(\.text) + $0.externalHostnames }
            + cluster.ingresses.flatMap(\.addresses)
        if let first = external.first {
            rows.append(
                Row(
                    kind: "External", example: first, range: "\(Set(external).count) seen",
                    assignedBy: "cloud LB / MetalLB / ingress", scope: "outside, into a Service"))
        }
        return rows
    }

    /// The nodes' own `spec.podCIDRs` when the input has them (then nothing is guessed), else the guess.
    static func podRow(_ cluster: Cluster) -> Row {
        let scheme = cluster.addressScheme
        let given = cluster.nodes.flatMap(\.podCIDRs)
        guard !given.isEmpty else {
            return Row(
                kind: "Pod IP", example: example(scheme.pods), range: span(scheme.pods),
                assignedBy: "CNI, node's pod range", scope: "in cluster, pod to pod", note: scheme.pods?.note)
        }
        return Row(
            kind: "Pod IP", example: example(scheme.pods),
            range: given.count <= 2 ? given.joined(separator: ", ") : "\(given[0]), … (\(given.count) node ranges)",
            assignedBy: "CNI, node's pod range", scope: "in cluster, pod to pod",
            note: "from the nodes' spec.podCIDRs, not guessed")
    }

    static func nodePortRow(_ scheme: AddressScheme, nodePorts: [Int]) -> Row {
        let example: String
        if let port = nodePorts.first {
            example = scheme.nodes.map { $0.example.withPort(port) } ?? "<node IP>:\(port)"
        } else {
            example = "none in input"
        }
        let portRange = AddressScheme.defaultNodePortRange
        return Row(
            kind: "NodePort", example: example,
            range: "\(portRange.lowerBound)-\(portRange.upperBound) (\(nodePorts.count))",
            assignedBy: "API server", scope: "every node, from outside",
            note: "the default --service-node-port-range; the input cannot show the configured one")
    }

    static func example(_ range: AddressScheme.GuessedRange?) -> String { range?.example.text ?? "none in input" }

    static func span(_ range: AddressScheme.GuessedRange?) -> String {
        guard let range else { return "-" }
        return "\(range.cidr) (\(range.addressCount))"
    }
}
