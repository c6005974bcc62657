import ClusterModel
import ProxyRules

/// Addresses kubehops makes up when the input cannot show them.
///
/// All are from the documentation ranges (RFC 5737), so nobody mistakes them for real ones.
public enum Illustrative {
    /// The outside user's machine.
    public static let clientIP = "203.0.113.10"
    /// The user's DNS resolver.
    public static let resolverIP = "198.51.100.53"
    /// An external load balancer in front of the NodePorts (notes' Flow 1).
    public static let loadBalancerIP = "198.51.100.80"
    /// The DNS domain used for made-up outside names.
    public static let domain = "example.com"

    /// The made-up outside addresses of one family (RFC 5737 for IPv4, RFC 3849's 2001:db8::/32 for
    /// IPv6): an IPv6-only cluster is called by an IPv6 client, through an IPv6 resolver and balancer.
    struct Outside: Equatable {
        var client: String
        var resolver: String
        var loadBalancer: String
        var isIPv6: Bool

        static let ipv4 = Outside(client: clientIP, resolver: resolverIP, loadBalancer: loadBalancerIP, isIPv6: false)
        static let ipv6 = Outside(
            client: "2001:db8:ffff::10", resolver: "2001:db8:ffff::53", loadBalancer: "2001:db8:ffff::80",
            isIPv6: true)

        /// The family that can reach `address` (a node IP or an LB IP).
        static func reaching(_ address: String) -> Outside { address.contains(":") ? .ipv6 : .ipv4 }

        /// The DNS record type a query of this family asks for.
        var recordType: String { isIPv6 ? "AAAA" : "A" }
    }
}

/// Accumulates hops and assumptions while a flow is built, and owns the
/// seeded choices so that every flow kind picks the same way.
struct FlowBuilder {
    let cluster: Cluster
    /// The outside world's made-up addresses, of the family the cluster's entry can be reached by.
    var outside = Illustrative.Outside.ipv4
    let seed: UInt64
    let request: Int
    let options: FlowOptions
    var hops: [Hop] = []
    var assumptions: [String] = []
    /// `assumptions` as a set: a whole node's rules assume per service, 10,000 times.
    private var assumed: Set<String> = []
    /// Real rules dumps by node name (`--node-rules`).
    let nodeRules: [String: NodeRulesInput]
    /// The engine's answers about the whole cluster, found once per engine.
    let facts: ClusterFacts
    /// The CNI recognised from its agent pods, for the overlay hops.
    var cni: CNI { facts.cni }
    /// The dataplane whose rules this flow shows: `--proxy-mode`, else the nodes' own rules dumps, else what
    /// the input's pods show, else iptables.
    let proxyMode: ProxyModeChoice

    init(
        facts: ClusterFacts, seed: UInt64, request: Int, options: FlowOptions,
        nodeRules: [String: NodeRulesInput] = [:]
    ) {
        self.cluster = facts.cluster; self.facts = facts; self.seed = seed; self.request = request;
        self.options = options
        self.nodeRules = nodeRules
        let detected = ProxyModeChoice.detect(fromNodeRules: nodeRules) ?? facts.proxyMode
        self.proxyMode = ProxyModeChoice.resolve(options.proxyMode, detected: detected)
    }

    /// Adds a hop, filling in each rewrite's packet before it from the hop that led here.
    mutating func add(_ hop: Hop) {
        var hop = hop
        let arrived = hops.last?.packet
        for index in hop.rewrites.indices where hop.rewrites[index].before == nil {
            hop.rewrites[index].before = arrived
        }
        hops.append(hop)
    }

    /// kube-proxy's rules on a node, in the dataplane this flow shows, or the one the node's own dump shows
    /// (whose rules are the ones walked there).
    func proxyActor(on node: String) -> Actor {
        .kubeProxyRules(node: node, dataplane: nodeRules[node]?.dataplane ?? proxyMode.mode)
    }

    /// Marks the last hop as where the request fails, adding the lines that explain the decision.
    mutating func failLastHop(_ kind: HopFailure.Kind, _ reason: String, details: [String] = []) {
        guard var last = hops.popLast() else { return }
        last.failure = HopFailure(kind, reason)
        last.details += details
        hops.append(last)
    }

    /// Marks the last hop as where the request fails, with the rules walked there.
    mutating func failLastHop(_ failure: HopFailure, details: [String], rules: [WalkedRule]) {
        guard var last = hops.popLast() else { return }
        last.failure = failure
        last.details += details
        last.rules += rules
        hops.append(last)
    }

    /// Adds teaching lines to the last hop.
    mutating func annotateLastHop(_ details: [String]) {
        guard var last = hops.popLast() else { return }
        last.details += details
        hops.append(last)
    }

    /// Makes the last hop end at `place` instead, its sentence followed by `note` (a pod found to be a proxy).
    mutating func retargetLastHop(to place: Place, note: String) {
        guard var last = hops.popLast() else { return }
        last.to = place
        last.sentence += note
        hops.append(last)
    }

    mutating func assume(_ text: String) {
        if assumed.insert(text).inserted { assumptions.append(text) }
    }

    /// The source port of this request's connection: an ephemeral port that
    /// changes per request, as a real client's would.
    func ephemeralPort(_ salt: String) -> Int {
        var dice = Dice(seed: seed, salt: salt, request: request)
        return 49152 + Int(dice.next() % 16384)
    }

    func dice(_ salt: String, request: Int? = nil) -> Dice {
        Dice(seed: seed, salt: salt, request: request ?? self.request)
    }

    func finish(kind: FlowKind, title: String, target: String) -> Flow {
        var flow = Flow(kind: kind, title: title, hops: hops, assumptions: assumptions)
        flow.target = target
        if hops.contains(where: { if case .kubeProxyRules = $0.actor { true } else { false } }) {
            flow.proxyMode = proxyMode
        }
        return flow
    }

    // MARK: Facts with their defaults

    /// Stands for "some node" when the input lists none.
    static let unknownNode = "a node"

    func nodeAddress(_ name: String) -> String {
        if name == Self.unknownNode { return "<NodeIP>" }
        return cluster.nodeIP(name)?.text ?? "<\(name) IP>"
    }

    mutating func noteUnknownNodeIP(_ name: String) {
        if name != Self.unknownNode, cluster.nodeIP(name) == nil {
            assume("Node \(name)'s IP is not in the input (add `kubectl get nodes -o wide`); shown as <\(name) IP>.")
        }
    }

    /// `svc.ns.svc.cluster.local`, saying so when the namespace was not printed.
    mutating func dnsName(of service: ObjectKey) -> String {
        if service.namespace == nil {
            assume(
                "The service was listed without a namespace: assuming `default` for its DNS name; " +
                "`kubectl get svc -A -o wide` prints every service with its NAMESPACE.")
        }
        return "\(service.name).\(service.effectiveNamespace).svc.cluster.local"
    }

    /// The kube-dns ClusterIP: from the input, else derived from the `kubernetes` service, else kubeadm's 10.96.0.10.
    enum Family { case ipv4, ipv6 }

    mutating func clusterDNS(family: Family = .ipv4) -> (ip: String, service: ObjectKey?) {
        // By name through the cluster's index (input order), not a scan of every service.
        let named = cluster.services(named: "kube-dns")
        if let dns = named.first(where: { $0.namespace != "default" }) ?? named.first,
            let ip = dns.clusterIPs.first(where: { $0.isIPv6 == (family == .ipv6) }) ?? dns.clusterIPs.first
        {
            return (ip.text, dns.key)
        }
        if let api = cluster.services(named: "kubernetes").first?.clusterIPs.first?.ipv4Value {
            let ip = "\(api >> 24).\(api >> 16 & 255).\(api >> 8 & 255).10"
            assume(
                "The kube-dns service is not in the input: assuming \(ip), the tenth address of the service range " +
                "(the API server's `kubernetes` service has the first); \(Self.kubeDNSCommand) shows it."
            )
            return (ip, nil)
        }
        assume(
            "The kube-dns service is not in the input: assuming kubeadm's usual 10.96.0.10; \(Self.kubeDNSCommand) " +
            "shows it.")
        return ("10.96.0.10", nil)
    }

    static let kubeDNSCommand = "`kubectl -n kube-system get svc kube-dns`"

    func externalTrafficPolicy(of service: Service) -> TrafficPolicy {
        options.externalTrafficPolicy ?? service.externalTrafficPolicy ?? .cluster
    }

    mutating func noteTrafficPolicy(of service: Service) {
        if options.externalTrafficPolicy != nil, options.externalTrafficPolicy != service.externalTrafficPolicy {
            assume(
                "Replayed with externalTrafficPolicy \(externalTrafficPolicy(of: service).rawValue) (the service " +
                "says \(service.externalTrafficPolicy?.rawValue ?? "nothing; default Cluster"))."
            )
        } else if service.externalTrafficPolicy == nil {
            assume(
                "externalTrafficPolicy is not in the input (text dumps do not show it): using Kubernetes' default, " +
                "Cluster; `\(KubectlHint.describe("svc", service.key))` shows External Traffic Policy."
            )
        }
    }

    func usesClientIPAffinity(_ service: Service) -> Bool {
        (options.sessionAffinity ?? service.sessionAffinity) == "ClientIP"
    }

    /// ClientIP affinity's timeout: `sessionAffinityConfig.clientIP.timeoutSeconds`, else the default 10800.
    mutating func affinityTimeout(of service: Service) -> Int {
        if let seconds = service.sessionAffinityTimeoutSeconds { return seconds }
        assume(
            "The ClientIP affinity timeout is not in the input: using Kubernetes' default, 10800 s (3 h); " +
            "`\(KubectlHint.yaml("svc", service.key))` shows sessionAffinityConfig."
        )
        return 10800
    }

    mutating func noteAffinity(of service: Service) {
        if options.sessionAffinity == nil, service.sessionAffinity == nil {
            assume(
                "sessionAffinity is not in the input: using Kubernetes' default, None (a random endpoint per " +
                "connection); `\(KubectlHint.describe("svc", service.key))` shows Session Affinity."
            )
        }
    }

    /// The service port to follow: `options.port` (number or name), else the first TCP port, else the first.
    func servicePort(of service: Service) throws(FlowError) -> ServicePort {
        if let wanted = options.port {
            guard
                let port = service.ports.first(where: {
                    String($0.port) == wanted || $0.name == wanted || $0.nodePort.map(String.init) == wanted
                })
            else {
                throw .noSuchPort(service: service.key, wanted: wanted, ports: service.ports.map(\.description))
            }
            return port
        }
        guard let port = service.ports.first(where: { $0.protocol == "TCP" }) ?? service.ports.first else {
            throw .noPorts(service: service.key)
        }
        return port
    }

    /// The port on the pod: the numeric targetPort, a named one resolved from
    /// the pod's container ports, the endpoint's listed port, or the service port (the default).
    mutating func targetPort(_ port: ServicePort, service: Service, endpoint: ServiceEndpoint?) -> Int? {
        switch port.targetPort {
        case .number(let number): return number
        case .name(let name):
            if let pod = endpoint?.pod.flatMap(cluster.pod),
                let declared = pod.containerPorts.first(where: { $0.name == name })
            {
                return declared.port
            }
            if let listed = endpoint?.port { return listed }
            let pods =
                endpoint?.pod.map { KubectlHint.yaml("pod", $0) }
                ?? "kubectl get pods\(service.key.namespace.map { " -n \($0)" } ?? "") -o yaml"
            assume(
                "targetPort `\(name)` is a container port name the input does not resolve; the pod port is unknown. " +
                "`\(pods)` shows the containers' named ports.")
            return nil
        case nil:
            if service.ports.count == 1, let listed = endpoint?.port { return listed }
            let listed = Set(cluster.backingInfo(of: service.key).endpoints.compactMap(\.port))
            if !listed.isEmpty, !listed.contains(port.port) {
                // A multi-port service's endpoints table mixes the ports of all its service ports.
                assume(
                    "targetPort of \(service.key) port \(port.port) is not in the input, and its endpoints list " +
                    "ports \(listed.sorted().map(String.init).joined(separator: ", ")) without saying which " +
                    "service port each serves: the DNAT is shown to \(port.port), Kubernetes' default, which those " +
                    "ports contradict. `\(KubectlHint.describe("svc", service.key))` shows the mapping.")
                return port.port
            }
            assume(
                "targetPort is not in the input: Kubernetes defaults it to the service port (\(port.port)); " +
                "`\(KubectlHint.describe("svc", service.key))` shows TargetPort.")
            return port.port
        }
    }
}

/// A small seeded random stream (SplitMix64): deterministic per seed, salt
/// and request, so that request N always picks the same endpoint and several
/// requests show the spread.
struct Dice {
    private var state: UInt64

    init(seed: UInt64, salt: String, request: Int) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in salt.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        state = seed ^ hash ^ (UInt64(truncatingIfNeeded: request) &* 0x9e37_79b9_7f4a_7c15)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
