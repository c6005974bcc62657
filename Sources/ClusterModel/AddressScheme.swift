/// The cluster's address ranges, guessed from the addresses present, for the
/// IP-scheme legend (the notes' table: Node IP, Pod IP, ClusterIP, NodePort).
///
/// kubectl tables never print the configured CIDRs, so each range says how many addresses it was guessed from and stays
/// a guess.
public struct AddressScheme: Sendable, Hashable, Codable {
    public struct GuessedRange: Sendable, Hashable, Codable, CustomStringConvertible {
        public var cidr: CIDR
        /// How many distinct addresses the guess covers.
        public var addressCount: Int
        /// One real address from the input, for the legend's example column.
        public var example: IPAddress
        /// Why this range, when it is a known default rather than the tightest cover.
        public var note: String?
        public var description: String { cidr.description }
    }

    /// Node addresses (the LAN/VPC), such as 192.168.1.0/24.
    public var nodes: GuessedRange?
    /// Pod addresses from the CNI (host-network pods left out), such as 172.16.0.0/16.
    public var pods: GuessedRange?
    /// ClusterIPs, such as kubeadm's 10.96.0.0/12.
    public var services: GuessedRange?
    /// NodePorts in use, sorted.
    public var nodePorts: [Int]
    /// Kubernetes' default NodePort range; the input cannot show `--service-node-port-range`.
    public static let defaultNodePortRange = 30000...32767

    public init(nodes: [Node], pods: [Pod], hostNetworkPods: Set<ObjectKey>, services: [Service]) {
        self.init(
            nodes: nodes, pods: pods,
            usesHostNetwork: { pods[checked: $0].map { hostNetworkPods.contains($0.key) } ?? false },
            services: services)
    }

    /// `usesHostNetwork(position)` tells which pods (by position) to leave out.
    init(nodes: [Node], pods: [Pod], usesHostNetwork: (Int) -> Bool, services: [Service]) {
        var nodeValues = Values()
        for node in nodes { node.internalIPs.forEach { nodeValues.add($0) } }
        let nodeSet = Set(nodeValues.values)
        var podValues = Values()
        podValues.values.reserveCapacity(pods.count)
        for position in pods.indices where !usesHostNetwork(position) {
            for ip in pods[position].ips where ip.ipv4Value.map({ !nodeSet.contains($0) }) ?? false {
                podValues.add(ip)
            }
        }
        var serviceValues = Values()
        for service in services { service.clusterIPs.forEach { serviceValues.add($0) } }
        self.nodes = nodeValues.guess(longestPrefix: 24)
        self.pods = podValues.guess(longestPrefix: 16)
        var serviceGuess = serviceValues.guess(longestPrefix: 16)
        if let guess = serviceGuess, let kubeadm = CIDR("10.96.0.0/12"),
            guess.cidr.prefixLength >= 12, kubeadm.contains(guess.example)
        {
            serviceGuess?.cidr = kubeadm
            serviceGuess?.note = "kubeadm's default service range"
        }
        self.services = serviceGuess
        self.nodePorts = Array(Set(services.flatMap { $0.ports.compactMap(\.nodePort) })).sorted()
    }

    /// IPv4 addresses as their 32-bit values (kept by `IPAddress`), plus the
    /// lowest address for the legend's example: hashing and copying 150,000
    /// addresses' text was most of the cost.
    private struct Values {
        var values: [UInt32] = []
        var lowest: (value: UInt32, address: IPAddress)?

        mutating func add(_ address: IPAddress) {
            guard let value = address.ipv4Value else { return }
            values.append(value)
            if lowest.map({ value < $0.value }) ?? true { lowest = (value, address) }
        }

        /// Counts the distinct values by sorting them once.
        mutating func guess(longestPrefix: Int) -> GuessedRange? {
            guard let lowest, let cidr = CIDR.conventionalCovering(values: values, longestPrefix: longestPrefix) else {
                return nil
            }
            values.sort()
            var distinct = 0
            for index in values.indices where index == 0 || values[index] != values[index - 1] { distinct += 1 }
            return GuessedRange(cidr: cidr, addressCount: distinct, example: lowest.address)
        }
    }
}
