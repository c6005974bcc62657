import ClusterModel

/// One port of one Service, with everything kube-proxy reads to write its rules.
///
/// Built by the caller from whatever input it has; fields the input could not tell stay at their Kubernetes default and
/// the caller says so.
public struct ServicePortSpec: Sendable, Hashable {
    public var service: ObjectKey
    public var portName: PortName
    /// `TCP`, `UDP`, `SCTP` as in the Service.
    public var `protocol`: String
    public var port: Int
    /// The ClusterIPs, one per family (`spec.clusterIPs`); the generator uses the node family's.
    public var clusterIPs: [String]
    public var nodePort: Int?
    /// `status.loadBalancer.ingress[].ip` (hostnames are never destinations).
    public var loadBalancerIPs: [String]
    public var externalIPs: [String]
    public var loadBalancerSourceRanges: [String]
    public var externalTrafficPolicyLocal: Bool
    public var internalTrafficPolicyLocal: Bool
    /// `sessionAffinity: ClientIP` with this timeout (10800 by default); nil without affinity.
    public var affinityTimeoutSeconds: Int?
    public var healthCheckNodePort: Int?
    public var endpoints: [EndpointSpec]

    public init(
        service: ObjectKey, portName: PortName, protocol: String = "TCP", port: Int,
        clusterIPs: [String], nodePort: Int? = nil, loadBalancerIPs: [String] = [], externalIPs: [String] = [],
        loadBalancerSourceRanges: [String] = [], externalTrafficPolicyLocal: Bool = false,
        internalTrafficPolicyLocal: Bool = false, affinityTimeoutSeconds: Int? = nil,
        healthCheckNodePort: Int? = nil, endpoints: [EndpointSpec] = []
    ) {
        self.service = service; self.portName = portName; self.protocol = `protocol`; self.port = port
        self.clusterIPs = clusterIPs; self.nodePort = nodePort; self.loadBalancerIPs = loadBalancerIPs
        self.externalIPs = externalIPs; self.loadBalancerSourceRanges = loadBalancerSourceRanges
        self.externalTrafficPolicyLocal = externalTrafficPolicyLocal
        self.internalTrafficPolicyLocal = internalTrafficPolicyLocal
        self.affinityTimeoutSeconds = affinityTimeoutSeconds; self.healthCheckNodePort = healthCheckNodePort
        self.endpoints = endpoints
    }

    /// NodePort, load-balancer or external IPs: the service has "external" destinations.
    public var isExternallyAccessible: Bool {
        (nodePort ?? 0) != 0 || !loadBalancerIPs.isEmpty || !externalIPs.isEmpty
    }
}

/// A port's name as far as the input tells it.
///
/// Chain names hash `ns/svc:name`, so an unknown name of a multi-port service means unknown chain names.
public enum PortName: Sendable, Hashable {
    case named(String)
    /// Known to have no name (only possible for a single-port service).
    case unnamed
    /// The input hides names (every `kubectl get` table). A single-port service is assumed
    /// unnamed (said as inferred); a multi-port one must name its ports, so its names are unknown.
    case hidden(multiPort: Bool)

    /// The name kube-proxy hashes, or nil when it cannot be known.
    public var hashedName: String?? {
        switch self {
        case .named(let name): return .some(name)
        case .unnamed, .hidden(multiPort: false): return .some(nil)
        case .hidden(multiPort: true): return .none
        }
    }
}

/// One endpoint of a service port, as an EndpointSlice tells it.
public struct EndpointSpec: Sendable, Hashable {
    public var ip: String
    /// The target port (a named targetPort resolved on the pod).
    public var port: Int
    public var nodeName: String?
    public var ready: Bool
    public var serving: Bool
    public var terminating: Bool

    public init(
        ip: String, port: Int, nodeName: String? = nil, ready: Bool = true, serving: Bool? = nil,
        terminating: Bool = false
    ) {
        self.ip = ip; self.port = port; self.nodeName = nodeName; self.ready = ready
        self.serving = serving ?? ready; self.terminating = terminating
    }

    /// `ip:port` (`[ip]:port` for IPv6), kube-proxy's endpoint string: hashed into the SEP
    /// chain name, sorted on, and the DNAT destination.
    public var hostPort: String {
        IPPrefix(ip).map { $0.withPort(port) } ?? "\(ip):\(port)"
    }
}

/// The node whose kube-proxy writes the rules.
public struct ProxyNode: Sendable, Hashable {
    public var name: String
    public var kubeVersion: KubeVersion?
    /// How kube-proxy tells pod traffic (`--detect-local-mode`); nil when the input cannot tell
    /// (then the rules that depend on it are written with a placeholder and said so).
    public var localDetector: LocalDetector?
    /// The node's own addresses (`-m addrtype --dst-type LOCAL` matches them).
    public var addresses: [String]
    /// The cluster's ServiceCIDRs (`kubectl get servicecidr`; the default one is the apiserver's
    /// `--service-cluster-ip-range`), which kube-proxy 1.33+ watches; empty when the input cannot tell.
    public var serviceCIDRs: [String]

    public init(
        name: String, kubeVersion: KubeVersion? = nil, localDetector: LocalDetector? = nil,
        addresses: [String] = [], serviceCIDRs: [String] = []
    ) {
        self.name = name; self.kubeVersion = kubeVersion; self.localDetector = localDetector
        self.addresses = addresses; self.serviceCIDRs = serviceCIDRs
    }
}

/// kube-proxy's `--detect-local-mode`: how "from a pod" is written in the rules.
public enum LocalDetector: Sendable, Hashable {
    /// `ClusterCIDR` (the default): `-s <clusterCIDR>` / `! -s <clusterCIDR>`, per family.
    case clusterCIDR([String])
    /// `NodeCIDR`: the node's `spec.podCIDRs`.
    case nodeCIDR([String])
    /// `BridgeInterface`: `-i cni0` / `! -i cni0`.
    case bridgeInterface(String)
    /// `InterfaceNamePrefix`: `-i veth+` / `! -i veth+`.
    case interfaceNamePrefix(String)
}

/// kube-proxy flags that change the rules it writes.
public struct ProxyOptions: Sendable, Hashable {
    /// `--masquerade-all`: every ClusterIP packet is marked.
    public var masqueradeAll = false
    /// `--iptables-localhost-nodeports` (true by default, IPv4 only).
    public var localhostNodePorts = true
    /// The kernel supports nfacct, so kube-proxy (1.29+) counts with `-m nfacct` rules.
    public var nfacctCounters = false
    /// iptables supports `--random-fully` (every iptables of the last years).
    public var randomFully = true
    /// `nf_conntrack_tcp_be_liberal` is set: no INVALID drop rule in KUBE-FORWARD.
    public var conntrackTCPLiberal = false
    /// More than 1,000 endpoints in all: kube-proxy drops the comments of SVC and SEP rules.
    public var largeClusterEndpointThreshold = 1000

    public init() {}
}
