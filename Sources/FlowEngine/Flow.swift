import ClusterModel

/// The places a packet visits. The diagram maps each to a box on screen, so
/// every case names the object it stands for.
public enum Place: Sendable, Hashable, Codable {
    case user
    case dns
    case externalLoadBalancer
    /// The ingress controller (its pod when the dump shows it).
    case ingressController(pod: ObjectKey?)
    /// `NodeIP:nodePort` on a node.
    case nodePort(node: String, port: Int)
    /// A service's virtual ClusterIP (exists only as kube-proxy rules).
    case clusterIP(service: ObjectKey)
    /// kube-proxy's rules (iptables/IPVS) on a node.
    case kubeProxy(node: String)
    /// The CNI overlay/routing between two nodes.
    case overlay(from: String, to: String)
    case pod(ObjectKey)
    /// An outside DNS name (ExternalName target).
    case externalHost(String)
}

/// `ip:port` as the packet carries it; IPs stay strings because an outside
/// client or a DNS name is not always an address.
public struct SocketAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public var host: String
    public var port: Int?
    public init(host: String, port: Int?) { self.host = host; self.port = port }
    public var description: String {
        guard let port else { return host }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

public struct Packet: Sendable, Hashable, Codable, CustomStringConvertible {
    public var source: SocketAddress
    public var destination: SocketAddress
    public var `protocol`: String
    public init(source: SocketAddress, destination: SocketAddress, protocol: String = "TCP") {
        self.source = source; self.destination = destination; self.protocol = `protocol`
    }
    public var description: String { "src \(source) → dst \(destination) (\(`protocol`))" }
}

/// What changed the packet at a hop, and who did it.
public enum Rewrite: String, Sendable, Hashable, Codable {
    case none
    case dnsAnswer
    case dnat
    case snat
    case masquerade
    case encapsulate
    case decapsulate
    case unNAT
    case proxy
}

/// One step of a request: from a place to the next, with the packet as it
/// leaves `from`.
public struct Hop: Sendable, Hashable, Codable {
    public var from: Place
    public var to: Place
    public var packet: Packet
    public var rewrite: Rewrite
    /// Who rewrote it: `kube-proxy on worker-node1`, `CoreDNS`, `ingress-nginx`.
    public var rewrittenBy: String?
    /// One or two plain sentences a student can read.
    public var sentence: String
    /// Extra teaching detail (e.g. the iptables chain walk), one line each.
    public var details: [String]
    /// Set when the request cannot go on from here, with the reason.
    public var failure: String?
    /// True for the reply path.
    public var isReply: Bool

    public init(from: Place, to: Place, packet: Packet, rewrite: Rewrite = .none, rewrittenBy: String? = nil,
                sentence: String, details: [String] = [], failure: String? = nil, isReply: Bool = false) {
        self.from = from; self.to = to; self.packet = packet; self.rewrite = rewrite; self.rewrittenBy = rewrittenBy
        self.sentence = sentence; self.details = details; self.failure = failure; self.isReply = isReply
    }
}

public enum FlowKind: String, Sendable, Hashable, Codable, CaseIterable {
    case nodePort = "nodeport"
    case loadBalancer = "loadbalancer"
    case ingress = "ingress"
    case clusterIP = "clusterip"
    case podToPod = "pod"
    case externalName = "externalname"
}

public struct Flow: Sendable, Hashable, Codable {
    public var kind: FlowKind
    public var title: String
    public var hops: [Hop]
    /// Assumptions made because the input did not say (defaults used).
    public var assumptions: [String]
    public init(kind: FlowKind, title: String, hops: [Hop], assumptions: [String] = []) {
        self.kind = kind; self.title = title; self.hops = hops; self.assumptions = assumptions
    }
}
