import ClusterModel
import ProxyRules

/// The places a packet visits.
///
/// The diagram maps each to a box on screen, so every case names the object it stands for.
public enum Place: Sendable, Hashable {
    case user
    case dns
    case externalLoadBalancer
    /// The ingress controller (its pod when the dump shows it).
    case ingressController(pod: ObjectKey?)
    /// A Gateway's data plane (Envoy, Cilium, …): the Gateway and the proxy pod when the input shows it.
    case gateway(ObjectKey, pod: ObjectKey?)
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

public enum FlowKind: String, Sendable, Hashable, Codable, CaseIterable {
    case nodePort = "nodeport"
    case loadBalancer = "loadbalancer"
    case ingress = "ingress"
    case clusterIP = "clusterip"
    case podToPod = "pod"
    case externalName = "externalname"
    /// Gateway API: Gateway listener → HTTPRoute rule → weighted backend.
    case gateway = "gateway"
}

public struct Flow: Sendable, Hashable {
    public var kind: FlowKind
    public var title: String
    public var hops: [Hop]
    /// Assumptions made because the input did not say (defaults used).
    public var assumptions: [String]
    /// The object the flow is about (`nginx-demo/nginx-nodeport`, `web.example.com`, `a,b`).
    public var target: String = ""
    /// Which request of a series this is (endpoint choices spread over requests).
    public var request: Int = 0
    /// The dataplane whose rules the hops show, when the flow passes kube-proxy's rules.
    public var proxyMode: ProxyModeChoice?
    /// What a Gateway decided (listener, route rule, backend weights), for gateway flows.
    public var routing: GatewayDecision?
    public init(kind: FlowKind, title: String, hops: [Hop], assumptions: [String] = []) {
        self.kind = kind; self.title = title; self.hops = hops; self.assumptions = assumptions
    }

    /// The request's hops, without the reply.
    public var requestHops: [Hop] { hops.filter { !$0.isReply } }
    public var replyHops: [Hop] { hops.filter(\.isReply) }
    /// The first hop that failed, when the request could not get through.
    public var failure: (index: Int, reason: String)? {
        for (index, hop) in hops.enumerated() { if let failure = hop.failure { return (index, failure.reason) } }
        return nil
    }
}

/// Choices a user can replay a flow with; nil fields mean "as the cluster says".
public struct FlowOptions: Sendable, Hashable, Codable {
    /// The node the request enters (NodePort/LoadBalancer/ingress); nil lets the external LB pick.
    public var entryNode: String?
    /// Replay with this externalTrafficPolicy instead of the service's.
    public var externalTrafficPolicy: TrafficPolicy?
    /// Replay with `ClientIP` or `None` instead of the service's sessionAffinity.
    public var sessionAffinity: String?
    /// The calling pod for `clusterip` and `externalname` flows (`ns/name` or `name`).
    public var clientPod: String?
    /// The HTTP path for ingress flows (default `/`).
    public var path: String?
    /// The service port (number or name) when a service has several.
    public var port: String?
    /// Append the reply path.
    public var includeReply: Bool = true
    /// Show kube-proxy's rules in this mode (`--proxy-mode`); nil: as the input shows, else iptables (assumed).
    public var proxyMode: Dataplane?
    /// The HTTP method for gateway flows (default GET).
    public var method: String?
    /// Request headers for gateway flows (`--header NAME=VALUE`).
    public var headers: [HTTPHeaderField] = []
    /// The Host of a gateway flow whose target names the Gateway (nil: a host it serves).
    public var host: String?

    public init(
        entryNode: String? = nil, externalTrafficPolicy: TrafficPolicy? = nil, sessionAffinity: String? = nil,
        clientPod: String? = nil, path: String? = nil, port: String? = nil, includeReply: Bool = true,
        proxyMode: Dataplane? = nil
    ) {
        self.entryNode = entryNode; self.externalTrafficPolicy = externalTrafficPolicy;
        self.sessionAffinity = sessionAffinity
        self.clientPod = clientPod; self.path = path; self.port = port; self.includeReply = includeReply
        self.proxyMode = proxyMode
    }
}

extension Place: CustomStringConvertible {
    /// How much of a place's name to say.
    public enum NameForm: Sendable {
        /// For text output and JSON readers: `NodePort worker-node1:30007`, `Pod nginx-demo/web-1`.
        case long
        /// For a caption title or a tiny screen, where both ends of a hop must fit: `pod web-1`,
        /// `ClusterIP web` (object names without their namespace).
        case short
    }

    /// The one namer for places.
    ///
    /// In the short form `fit` is applied to each object name, so a caption can shorten long generated names
    /// (`web-5d8f…-x2p`) without touching the words around them.
    public func name(_ form: NameForm, fit: (String) -> String = { $0 }) -> String {
        switch form {
        case .long: description
        case .short: shortName(fit)
        }
    }

    private func shortName(_ fit: (String) -> String) -> String {
        switch self {
        case .user: "User"
        case .dns: "DNS"
        case .externalLoadBalancer: "External LB"
        case .ingressController: "Ingress controller"
        case .gateway(let key, _): "Gateway \(fit(key.name))"
        case .nodePort(let node, let port): "NodePort \(fit(node)):\(port)"
        case .clusterIP(let service): "ClusterIP \(fit(service.name))"
        case .kubeProxy(let node): "kube-proxy on \(fit(node))"
        case .overlay(let from, let to): "overlay \(fit(from)) to \(fit(to))"
        case .pod(let key): "pod \(fit(key.name))"
        case .externalHost(let host): fit(host)
        }
    }

    /// The long form: `User`, `NodePort worker-node1:30007`, `Pod nginx-demo/web-1`.
    public var description: String {
        switch self {
        case .user: "User"
        case .dns: "DNS"
        case .externalLoadBalancer: "External LB"
        case .ingressController(let pod): pod.map { "Ingress controller \($0)" } ?? "Ingress controller"
        case .gateway(let key, let pod): "Gateway \(key)" + (pod.map { " (proxy pod \($0.name))" } ?? "")
        case .nodePort(let node, let port): "NodePort \(node):\(port)"
        case .clusterIP(let service): "ClusterIP of \(service)"
        case .kubeProxy(let node): "kube-proxy rules on \(node)"
        case .overlay(let from, let to): "Overlay \(from) → \(to)"
        case .pod(let key): "Pod \(key)"
        case .externalHost(let name): "External host \(name)"
        }
    }
}

/// Places encode flat (`{"type": "nodePort", "node": "worker-node1", "port": 30007}`)
/// so that `kubehops explain --format json` reads well to people and scripts.
extension Place: Codable {
    private enum CodingKeys: String, CodingKey { case type, pod, service, node, port, from, to, host, gateway }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .user: try container.encode("user", forKey: .type)
        case .dns: try container.encode("dns", forKey: .type)
        case .externalLoadBalancer: try container.encode("externalLoadBalancer", forKey: .type)
        case .ingressController(let pod):
            try container.encode("ingressController", forKey: .type)
            try container.encodeIfPresent(pod, forKey: .pod)
        case .gateway(let key, let pod):
            try container.encode("gateway", forKey: .type)
            try container.encode(key, forKey: .gateway)
            try container.encodeIfPresent(pod, forKey: .pod)
        case .nodePort(let node, let port):
            try container.encode("nodePort", forKey: .type)
            try container.encode(node, forKey: .node)
            try container.encode(port, forKey: .port)
        case .clusterIP(let service):
            try container.encode("clusterIP", forKey: .type)
            try container.encode(service, forKey: .service)
        case .kubeProxy(let node):
            try container.encode("kubeProxy", forKey: .type)
            try container.encode(node, forKey: .node)
        case .overlay(let from, let to):
            try container.encode("overlay", forKey: .type)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        case .pod(let key):
            try container.encode("pod", forKey: .type)
            try container.encode(key, forKey: .pod)
        case .externalHost(let host):
            try container.encode("externalHost", forKey: .type)
            try container.encode(host, forKey: .host)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "user": self = .user
        case "dns": self = .dns
        case "externalLoadBalancer": self = .externalLoadBalancer
        case "ingressController":
            self = .ingressController(pod: try container.decodeIfPresent(ObjectKey.self, forKey: .pod))
        case "gateway":
            self = .gateway(
                try container.decode(ObjectKey.self, forKey: .gateway),
                pod: try container.decodeIfPresent(ObjectKey.self, forKey: .pod))
        case "nodePort":
            self = .nodePort(
                node: try container.decode(String.self, forKey: .node),
                port: try container.decode(Int.self, forKey: .port))
        case "clusterIP": self = .clusterIP(service: try container.decode(ObjectKey.self, forKey: .service))
        case "kubeProxy": self = .kubeProxy(node: try container.decode(String.self, forKey: .node))
        case "overlay":
            self = .overlay(
                from: try container.decode(String.self, forKey: .from),
                to: try container.decode(String.self, forKey: .to))
        case "pod": self = .pod(try container.decode(ObjectKey.self, forKey: .pod))
        case "externalHost": self = .externalHost(try container.decode(String.self, forKey: .host))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown place type \(other)")
        }
    }
}
