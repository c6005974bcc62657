import ClusterModel
import ProxyRules

/// What changed the packet at a hop.
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

extension Rewrite {
    /// The rewrite as the text renderings name it ("DNAT", "MASQUERADE"; empty for `.none`).
    public var label: String {
        switch self {
        case .none: ""
        case .dnsAnswer: "DNS answer"
        case .dnat: "DNAT"
        case .snat: "SNAT"
        case .masquerade: "MASQUERADE"
        case .encapsulate: "encapsulated"
        case .decapsulate: "decapsulated"
        case .unNAT: "un-NAT"
        case .proxy: "proxied"
        }
    }

    /// The rewrite with what it does, for a caption ("DNAT (new destination)"; "nothing" for `.none`).
    public var explanation: String {
        switch self {
        case .none: "nothing"
        case .dnsAnswer: "DNS answer"
        case .dnat: "DNAT (new destination)"
        case .snat: "SNAT (new source)"
        case .masquerade: "MASQUERADE (new source: the outgoing interface's address, a random port)"
        case .encapsulate: "encapsulated (outer header node to node)"
        case .decapsulate: "decapsulated (outer header removed)"
        case .unNAT: "reply un-NATed (original addresses restored)"
        case .proxy: "proxied (a new connection)"
        }
    }
}

/// How an outside load balancer hands a connection to the cluster: it decides
/// which address the node sees (TEACHING-FACTS, "Load balancers").
public enum BalancerFamily: String, Sendable, Hashable, Codable {
    /// Delivers with the LB IP still as destination (MetalLB, k3s ServiceLB, GCE, Azure; ipMode VIP).
    case virtualIP
    /// Sends to `NodeIP:nodePort` (AWS NLB instance targets, a hand-made balancer in front of NodePorts).
    case nodePortForwarding
    /// Opens a new connection from its own address (AWS Classic ELB, ipMode Proxy).
    case proxy
}

/// Who did something to a packet.
///
/// Data, not a sentence: renderers name them.
public enum Actor: Sendable, Hashable {
    /// The calling program (the outside user's client, or a process in a pod).
    case client
    /// The cluster's DNS (CoreDNS behind the kube-dns service).
    case clusterDNS
    /// A resolver outside the cluster.
    case externalDNS
    case loadBalancer(BalancerFamily)
    /// The kernel's netfilter/IPVS on a node, programmed by kube-proxy.
    case kubeProxyRules(node: String, dataplane: Dataplane)
    /// The kernel's connection tracking on a node, undoing the NATs on the reply.
    case conntrack(node: String)
    /// The CNI carrying the packet between nodes (`name` nil when it is not recognised).
    case cni(name: String?)
    case ingressController(pod: ObjectKey?)
    /// A Gateway's data-plane proxy (Envoy for Envoy Gateway, Cilium's Envoy, …).
    case gateway(ObjectKey, pod: ObjectKey?)
}

extension Actor: CustomStringConvertible {
    /// `kube-proxy's iptables rules on worker-node1`, `CoreDNS`, `conntrack on worker-node1`.
    public var description: String {
        switch self {
        case .client: "the client"
        case .clusterDNS: "CoreDNS"
        case .externalDNS: "the user's DNS resolver"
        case .loadBalancer(.virtualIP): "the load balancer"
        case .loadBalancer(.nodePortForwarding): "the external load balancer"
        case .loadBalancer(.proxy): "the proxying load balancer"
        case .kubeProxyRules(let node, let dataplane):
            dataplane == .ebpf ? "the eBPF dataplane on \(node)" : "kube-proxy's \(dataplane.rawValue) rules on \(node)"
        case .conntrack(let node): "conntrack on \(node)"
        case .cni(let name): "\(name ?? "the CNI") (overlay)"
        case .ingressController(let pod): pod.map { "the ingress controller \($0.name)" } ?? "the ingress controller"
        case .gateway(let key, let pod):
            "the Gateway \(key.name)'s proxy" + (pod.map { " \($0.name)" } ?? "")
        }
    }
}

/// One change made to the packet on a hop: what, by whom, the packet before and
/// after, and where kubehops got the facts.
public struct PacketRewrite: Sendable, Hashable {
    public var kind: Rewrite
    public var actor: Actor
    /// The packet as it arrived (nil when this hop starts the connection).
    public var before: Packet?
    public var after: Packet
    public var provenance: Provenance

    public init(kind: Rewrite, actor: Actor, before: Packet?, after: Packet, provenance: Provenance) {
        self.kind = kind; self.actor = actor; self.before = before; self.after = after
        self.provenance = provenance
    }
}

/// The name a DNS answer was for and the records it gave.
public struct DNSAnswer: Sendable, Hashable, Codable {
    public var name: String
    public var records: String
}

/// Why a request goes no further at a hop.
public struct HopFailure: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A REJECT rule answered (ICMP port unreachable: `connection refused`).
        case rejected
        /// A DROP rule or a policy silently discarded it (the client times out).
        case dropped
        /// Reached a pod where nothing listens (TCP reset: `connection refused`).
        case refused
        /// A name did not resolve or a route did not match (NXDOMAIN, HTTP 404).
        case notFound
        /// An HTTP proxy (ingress controller, gateway) answered with an error (404, 503).
        case httpError
        /// The input cannot tell what happens next; not a claim that it fails.
        case unknown
    }

    public var kind: Kind
    public var reason: String

    public init(_ kind: Kind, _ reason: String) { self.kind = kind; self.reason = reason }
}

/// One step of a request: from a place to the next, with the packet as it
/// leaves `from`, the changes made to it and the rules that made them.
public struct Hop: Sendable, Hashable {
    public var from: Place
    public var to: Place
    public var packet: Packet
    /// The changes made on this hop, in order (usually one).
    public var rewrites: [PacketRewrite]
    /// The dataplane rules the packet was checked against on this hop, in the order walked.
    public var rules: [WalkedRule]
    /// One or two plain sentences a student can read (the narration, rendered from the data above).
    public var sentence: String
    /// Extra teaching detail, one line each.
    public var details: [String]
    /// Set when the request cannot go on from here.
    public var failure: HopFailure?
    /// True for the reply path.
    public var isReply: Bool
    /// The outer header while the packet crosses between nodes inside an
    /// overlay tunnel (VXLAN/IP-in-IP): node IP → node IP; nil otherwise.
    public var encapsulation: Packet?
    /// What a DNS answer hop answered: the name asked and the records (`10.96.0.20`, `CNAME x, 10.96.0.20`).
    public var dnsAnswer: (name: String, records: String)? {
        get { answer.map { ($0.name, $0.records) } }
        set { answer = newValue.map { DNSAnswer(name: $0.name, records: $0.records) } }
    }
    var answer: DNSAnswer?

    /// True when an address or name on this hop was made up for illustration
    /// (the outside client, an external LB the dump cannot show).
    ///
    /// Its rewrites then involve a made-up address too, so their default provenance (inferred) becomes illustrative.
    public var isIllustrative: Bool = false {
        didSet {
            guard isIllustrative else { return }
            for index in rewrites.indices where rewrites[index].provenance == Self.defaultProvenance {
                rewrites[index].provenance = .illustrative
            }
        }
    }

    /// What a hop's rewrite is known from unless its flow says more.
    public static let defaultProvenance = Provenance.inferred(from: "the service's type and addresses")

    public init(
        from: Place, to: Place, packet: Packet, rewrite: Rewrite = .none, by actor: Actor? = nil,
        provenance: Provenance = Hop.defaultProvenance,
        sentence: String, details: [String] = [], rules: [WalkedRule] = [], failure: HopFailure? = nil,
        isReply: Bool = false
    ) {
        self.from = from; self.to = to; self.packet = packet
        self.rewrites =
            rewrite == .none
            ? []
            : [
                PacketRewrite(
                    kind: rewrite, actor: actor ?? .client, before: nil, after: packet, provenance: provenance)
            ]
        self.rules = rules
        self.sentence = sentence; self.details = details; self.failure = failure; self.isReply = isReply
        if rewrite == .none, let actor { self.handledBy = actor }
    }

    /// Who handled the packet without changing it (kube-proxy's rules that only looked, a forwarding CNI).
    public var handledBy: Actor?

    /// NetworkPolicy verdicts judged on this hop (egress leaving a pod, ingress entering one; both on a
    /// pod → pod hop); empty when the input holds no policy, so flows without policies read as before.
    public var policy: [HopPolicyVerdict] = []

    /// The main change of this hop (`none` when it was only forwarded).
    public var rewrite: Rewrite { rewrites.first?.kind ?? .none }
    /// The main actor: who rewrote the packet, else who handled it.
    public var actor: Actor? { rewrites.first?.actor ?? handledBy }
    /// The actor named for text renderings.
    public var rewrittenBy: String? { actor?.description }
    /// The rule that decided the hop (the first matched rule with a verdict).
    public var matchedRules: [WalkedRule] { rules.filter(\.matched) }
}
