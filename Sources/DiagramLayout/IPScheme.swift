import ClusterModel

/// The notes' "IP scheme" table (example, assigned by, scope), filled with
/// this cluster's own addresses and the ranges the cluster model guessed from
/// them, so that a student sees which numbers in the picture are which kind.
enum IPScheme {
    static let header = ["", "example", "range (guessed)", "assigned by", "scope"]

    static func rows(cluster: Cluster, nodePorts: [Int]) -> [[String]] {
        let scheme = cluster.addressScheme
        func example(_ range: AddressScheme.GuessedRange?) -> String { range?.example.text ?? "none in input" }
        func span(_ range: AddressScheme.GuessedRange?) -> String {
            guard let range else { return "-" }
            return "\(range.cidr) (\(range.addressCount))"
        }
        let nodePortExample: String
        if let port = nodePorts.first {
            nodePortExample = scheme.nodes.map { $0.example.withPort(port) } ?? "<node IP>:\(port)"
        } else {
            nodePortExample = "none in input"
        }
        let portRange = AddressScheme.defaultNodePortRange
        return [
            ["Node IP", example(scheme.nodes), span(scheme.nodes), "your network/cloud", "host network (LAN/VPC)"],
            ["Pod IP", example(scheme.pods), span(scheme.pods), "CNI, node's pod range", "in cluster, pod to pod"],
            ["Cluster IP", example(scheme.services), span(scheme.services), "API server", "in cluster only, virtual"],
            [
                "NodePort", nodePortExample, "\(portRange.lowerBound)-\(portRange.upperBound) (\(nodePorts.count))",
                "API server",
                "every node, from outside",
            ],
        ]
    }
}
