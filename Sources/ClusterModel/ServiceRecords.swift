/// Services and the endpoints behind them (Endpoints and EndpointSlices with their conditions, zones and
/// hints), as the input described them, before any inference.

public enum ServiceType: Sendable, Hashable, Codable, CustomStringConvertible {
    case clusterIP, nodePort, loadBalancer, externalName
    case other(String)

    public init(_ text: String) {
        switch text {
        case "ClusterIP": self = .clusterIP
        case "NodePort": self = .nodePort
        case "LoadBalancer": self = .loadBalancer
        case "ExternalName": self = .externalName
        default: self = .other(text)
        }
    }

    public var description: String {
        switch self {
        case .clusterIP: "ClusterIP"
        case .nodePort: "NodePort"
        case .loadBalancer: "LoadBalancer"
        case .externalName: "ExternalName"
        case .other(let text): text
        }
    }

    /// NodePort and LoadBalancer services open a port on every node.
    public var opensNodePorts: Bool { self == .nodePort || self == .loadBalancer }
}

/// As scripts want it (`"nodePort"`, `{"other": "Foo"}`), not Swift's synthesized `{"nodePort": {}}`.
extension ServiceType {
    private enum CodingKeys: String, CodingKey { case other }
    private static let known: [String: ServiceType] = [
        "clusterIP": .clusterIP, "nodePort": .nodePort, "loadBalancer": .loadBalancer, "externalName": .externalName,
    ]

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self), let known = Self.known[name] {
            self = known
            return
        }
        self = .other(try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .other))
    }

    public func encode(to encoder: any Encoder) throws {
        if case .other(let text) = self {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .other)
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode(Self.known.first { $0.value == self }?.key ?? description)
    }
}

/// `targetPort`: a number, or the name of a container port.
public enum TargetPort: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Int)
    case name(String)
    public var description: String {
        switch self {
        case .number(let n): String(n)
        case .name(let s): s
        }
    }
}

/// Kubernetes' own shape: `{"number": 80}` or `{"name": "http"}`.
extension TargetPort {
    private enum CodingKeys: String, CodingKey { case number, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try container.decodeIfPresent(Int.self, forKey: .number) {
            self = .number(number)
        } else {
            self = .name(try container.decode(String.self, forKey: .name))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .number(let number): try container.encode(number, forKey: .number)
        case .name(let name): try container.encode(name, forKey: .name)
        }
    }
}

/// One entry of `PORT(S)`: `80:30007/TCP` is port 80, nodePort 30007, TCP.
public struct ServicePort: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String?
    public var port: Int
    /// nil when unknown: a text dump does not show it; Kubernetes defaults it to `port`.
    public var targetPort: TargetPort?
    public var nodePort: Int?
    public var `protocol`: String

    public init(
        name: String? = nil, port: Int, targetPort: TargetPort? = nil, nodePort: Int? = nil, protocol: String = "TCP"
    ) {
        self.name = name; self.port = port; self.targetPort = targetPort; self.nodePort = nodePort;
        self.protocol = `protocol`
    }

    public var description: String {
        nodePort.map { "\(port):\($0)/\(`protocol`)" } ?? "\(port)/\(`protocol`)"
    }
}

public enum TrafficPolicy: String, Sendable, Hashable, Codable {
    case cluster = "Cluster"
    case local = "Local"
}

public struct Service: Sendable, Hashable, Codable {
    public var key: ObjectKey
    public var type: ServiceType
    /// Empty for headless (`None`) and ExternalName (`<none>`) services.
    public var clusterIPs: [IPAddress] = []
    /// CLUSTER-IP printed as `None`.
    public var isHeadless = false
    /// Load balancer or `externalIPs` addresses.
    public var externalIPs: [IPAddress] = []
    /// Load balancer hostnames (AWS ELB) printed in EXTERNAL-IP.
    public var externalHostnames: [String] = []
    /// EXTERNAL-IP `<pending>`: no load balancer has been provisioned (yet).
    public var externalPending = false
    /// The DNS name an ExternalName service answers with.
    public var externalName: String?
    public var ports: [ServicePort] = []
    /// nil when the input did not show a selector; empty for `<none>`.
    public var selector: [String: String]?
    /// nil when unknown (text dumps): Kubernetes' default is Cluster.
    public var externalTrafficPolicy: TrafficPolicy?
    public var internalTrafficPolicy: TrafficPolicy?
    /// `None` or `ClientIP`; nil when unknown.
    public var sessionAffinity: String?
    /// `sessionAffinityConfig.clientIP.timeoutSeconds`; nil when unknown (Kubernetes' default is 10800).
    public var sessionAffinityTimeoutSeconds: Int?
    /// True when an input (JSON/YAML, `describe`) showed every port's name (or its absence).
    ///
    /// Table dumps hide port names: then `ServicePort.name == nil` means "unknown", not "unnamed".
    public var portNamesKnown = false
    /// `spec.loadBalancerSourceRanges`; nil when unknown, empty when none.
    public var loadBalancerSourceRanges: [String]?
    /// `spec.healthCheckNodePort` (LoadBalancer with externalTrafficPolicy Local).
    public var healthCheckNodePort: Int?
    /// `spec.trafficDistribution`: `PreferSameZone`, `PreferClose` (its old name), `PreferSameNode`.
    public var trafficDistribution: String?
    /// `status.loadBalancer.ingress[].ipMode`: `VIP` (default) or `Proxy`; nil when unknown.
    public var loadBalancerIPMode: String?
    /// `spec.ipFamilies` (`IPv4`, `IPv6`), in order; empty when unknown.
    public var ipFamilies: [String] = []
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?

    public init(key: ObjectKey, type: ServiceType) {
        self.key = key
        self.type = type
    }

    public var name: String { key.name }
    public var namespace: String? { key.namespace }
}

/// One address behind a service, from Endpoints or an EndpointSlice.
public struct EndpointAddress: Sendable, Hashable, Codable {
    public var ip: IPAddress
    public var port: Int?
    /// nil when unknown; text `get endpoints` lists only ready addresses.
    public var ready: Bool?
    public var nodeName: String?
    public var targetPod: ObjectKey?
    /// EndpointSlice `conditions.serving` / `conditions.terminating`; nil when unknown.
    public var serving: Bool?
    public var terminating: Bool?
    /// EndpointSlice `zone` and `hints.forZones` / `hints.forNodes`; nil when unknown.
    public var zone: String?
    public var hintsForZones: [String]?
    public var hintsForNodes: [String]?
    public init(
        ip: IPAddress, port: Int? = nil, ready: Bool? = nil, nodeName: String? = nil, targetPod: ObjectKey? = nil
    ) {
        self.ip = ip; self.port = port; self.ready = ready; self.nodeName = nodeName; self.targetPod = targetPod
    }
}

/// An EndpointSlice/Endpoints port: the name ties it to the service port of the same name.
public struct EndpointPort: Sendable, Hashable, Codable {
    public var name: String?
    public var port: Int
    public var `protocol`: String
    public init(name: String? = nil, port: Int, protocol: String = "TCP") {
        self.name = name; self.port = port; self.protocol = `protocol`
    }
}

public struct EndpointSet: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case endpoints = "Endpoints", endpointSlice = "EndpointSlice"
    }
    /// The object's own key (for a slice, `web-service-5s6z6`).
    public var key: ObjectKey
    public var kind: Kind
    /// The service these addresses belong to (for a slice: its
    /// `kubernetes.io/service-name` label, or its name without the generated suffix).
    public var serviceName: String
    public var addresses: [EndpointAddress] = []
    /// Ports listed by an EndpointSlice's PORTS column.
    public var ports: [Int] = []
    /// Ports with their names and protocols, when the input shows them (YAML/JSON, `describe`).
    public var namedPorts: [EndpointPort] = []
    /// kubectl's `+ 3 more...`: addresses that exist but were not printed.
    public var notShownCount = 0
    /// `IPv4`, `IPv6`, `FQDN` for slices.
    public var addressType: String?
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?

    public init(key: ObjectKey, kind: Kind, serviceName: String) {
        self.key = key
        self.kind = kind
        self.serviceName = serviceName
    }
}
