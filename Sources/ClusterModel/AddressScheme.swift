/// The cluster's address ranges, guessed from the addresses present, for the
/// IP-scheme legend (the notes' table: Node IP, Pod IP, ClusterIP, NodePort).
/// kubectl tables never print the configured CIDRs, so each range says how
/// many addresses it was guessed from and stays a guess.
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

    /// Node addresses (the LAN/VPC), e.g. 192.168.1.0/24.
    public var nodes: GuessedRange?
    /// Pod addresses from the CNI (host-network pods left out), e.g. 172.16.0.0/16.
    public var pods: GuessedRange?
    /// ClusterIPs, e.g. kubeadm's 10.96.0.0/12.
    public var services: GuessedRange?
    /// NodePorts in use, sorted.
    public var nodePorts: [Int]
    /// Kubernetes' default NodePort range; the input cannot show `--service-node-port-range`.
    public static let defaultNodePortRange = 30000...32767

    public init(nodes: [Node], pods: [Pod], hostNetworkPods: Set<ObjectKey>, services: [Service]) {
        let nodeIPs = Set(nodes.flatMap(\.internalIPs))
        let podIPs = Set(pods.lazy.filter { !hostNetworkPods.contains($0.key) }.flatMap(\.ips)).subtracting(nodeIPs)
        let clusterIPs = Set(services.flatMap(\.clusterIPs))
        self.nodes = Self.guess(nodeIPs, longestPrefix: 24)
        self.pods = Self.guess(podIPs, longestPrefix: 16)
        var serviceGuess = Self.guess(clusterIPs, longestPrefix: 16)
        if let guess = serviceGuess, let kubeadm = CIDR("10.96.0.0/12"),
           guess.cidr.prefixLength >= 12, kubeadm.contains(guess.example) {
            serviceGuess?.cidr = kubeadm
            serviceGuess?.note = "kubeadm's default service range"
        }
        self.services = serviceGuess
        self.nodePorts = Array(Set(services.flatMap { $0.ports.compactMap(\.nodePort) })).sorted()
    }

    /// Works on the 32-bit values, computed once per address: sorting 150,000
    /// `IPAddress` values directly would re-parse their text on every comparison.
    private static func guess(_ addresses: Set<IPAddress>, longestPrefix: Int) -> GuessedRange? {
        var values: [UInt32] = []
        values.reserveCapacity(addresses.count)
        var lowest: (value: UInt32, address: IPAddress)?
        for address in addresses {
            guard let value = address.ipv4Value else { continue }
            values.append(value)
            if lowest.map({ value < $0.value }) ?? true { lowest = (value, address) }
        }
        guard let lowest, let cidr = CIDR.conventionalCovering(values: values, longestPrefix: longestPrefix) else { return nil }
        return GuessedRange(cidr: cidr, addressCount: values.count, example: lowest.address)
    }
}
