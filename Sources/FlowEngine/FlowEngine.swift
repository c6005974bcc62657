import ClusterModel

/// Why a flow could not be built; the message lists what does exist.
public struct FlowError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Builds request flows from a cluster: the hops a packet makes, with its
/// addresses as it leaves each place and who rewrote them. Pure: the same
/// cluster, seed, request number and options give the same flow.
public struct FlowEngine: Sendable {
    public let cluster: Cluster
    /// Same seed, same endpoint choices: several requests show the load spread.
    public let seed: UInt64

    public init(cluster: Cluster, seed: UInt64 = 0) {
        self.cluster = cluster
        self.seed = seed
    }

    /// `target`: a service (`ns/name` or `name`), an ingress host, or two pods `a,b`; nil picks the first fitting object.
    public func flow(_ kind: FlowKind, target: String? = nil, request: Int = 0) throws(FlowError) -> Flow {
        try flow(kind, target: target, request: request, options: FlowOptions())
    }

    public func flow(_ kind: FlowKind, target: String?, request: Int, options: FlowOptions) throws(FlowError) -> Flow {
        var builder = FlowBuilder(cluster: cluster, seed: seed, request: request, options: options)
        let targets = TargetResolver(cluster: cluster)
        var flow: Flow
        switch kind {
        case .nodePort:
            let service = try targets.service(target, kind: kind, fits: { $0.type.opensNodePorts && !$0.ports.compactMap(\.nodePort).isEmpty })
            flow = try ExternalFlows.nodePort(service, builder: &builder)
        case .loadBalancer:
            let service = try targets.service(target, kind: kind, fits: { $0.type == .loadBalancer })
            flow = try ExternalFlows.loadBalancer(service, builder: &builder)
        case .clusterIP:
            let service = try targets.service(target, kind: kind, fits: { $0.type != .externalName && ($0.isHeadless || !$0.clusterIPs.isEmpty) && $0.name != "kubernetes" })
            flow = try InClusterFlows.clusterIP(service, builder: &builder)
        case .externalName:
            let service = try targets.service(target, kind: kind, fits: { $0.type == .externalName })
            flow = try InClusterFlows.externalName(service, builder: &builder)
        case .ingress:
            let ingress = try targets.ingress(target)
            flow = try IngressFlow.build(ingress, builder: &builder)
        case .podToPod:
            let (from, to) = try targets.podPair(target)
            flow = InClusterFlows.podToPod(from: from, to: to, builder: &builder)
        }
        flow.request = request
        return flow
    }
}

/// Finds the object a flow is about, or explains what exists instead.
struct TargetResolver {
    let cluster: Cluster

    func service(_ target: String?, kind: FlowKind, fits: (Service) -> Bool) throws(FlowError) -> Service {
        // A LoadBalancer with an address before a `<pending>` one: the flow that gets through teaches more.
        let fitting = cluster.services.filter(fits).sorted { a, b in
            kind == .loadBalancer && (a.externalIPs.isEmpty && a.externalHostnames.isEmpty) == false && (b.externalIPs.isEmpty && b.externalHostnames.isEmpty)
        }
        guard let target, !target.isEmpty else {
            // The first fitting service that something backs, outside the system namespaces: the instructive one.
            let system: Set<String> = ["kube-system", "kube-public", "kube-node-lease"]
            let preferred = fitting.first { !cluster.backingInfo(of: $0.key).endpoints.isEmpty && !system.contains($0.namespace ?? "") }
                ?? fitting.first { !cluster.backingInfo(of: $0.key).endpoints.isEmpty }
            guard let first = preferred ?? fitting.first else {
                throw FlowError("no service fits \(kind.article) \(kind.rawValue) flow in this input. "
                    + Self.listing("services", cluster.services.map { "\($0.key) (\($0.type))" }))
            }
            return first
        }
        let named = cluster.services(named: target)
        guard let match = named.first else {
            throw FlowError("no service named \(target). " + Self.listing("services", cluster.services.map { "\($0.key) (\($0.type))" }))
        }
        guard named.count == 1 else {
            throw FlowError("\(target) is ambiguous: " + named.map { $0.key.description }.joined(separator: ", ") + ". Name it as namespace/name.")
        }
        guard fits(match) else {
            throw FlowError("service \(match.key) is \(match.type), which does not fit \(kind.article) \(kind.rawValue) flow. "
                + Self.listing("fitting services", fitting.map { "\($0.key) (\($0.type))" }))
        }
        return match
    }

    func ingress(_ target: String?) throws(FlowError) -> Ingress {
        let all = cluster.ingresses
        let listing = Self.listing("ingresses", all.map { "\($0.key) (hosts \($0.hosts.joined(separator: ",")))" })
        guard let target, !target.isEmpty else {
            guard let first = all.first else { throw FlowError("no ingress in this input (add `kubectl get ingress -A -o yaml`). " + listing) }
            return first
        }
        let key = Cluster.parseReference(target)
        if let byKey = all.first(where: { $0.key.name == key.name && Cluster.namespacesMatch($0.key.namespace, key.namespace) }) { return byKey }
        if let byHost = all.first(where: { $0.hosts.contains(target) || $0.rules.contains { $0.host == target } }) { return byHost }
        throw FlowError("no ingress named or serving host \(target). " + listing)
    }

    func podPair(_ target: String?) throws(FlowError) -> (Pod, Pod) {
        let podsWithIP = cluster.pods.filter { !$0.ips.isEmpty }
        let listing = Self.listing("pods with an IP", podsWithIP.map(\.key.description))
        guard let target, !target.isEmpty else {
            // Application pods first: system and ingress pods are less telling examples.
            let system: Set<String> = ["kube-system", "kube-public", "kube-node-lease", "ingress-nginx"]
            let apps = podsWithIP.filter { !system.contains($0.namespace ?? "") }
            let podsWithIP = apps.count >= 2 ? apps : podsWithIP
            // First pair across two nodes, else any two pods: the more instructive case first.
            for a in podsWithIP where !cluster.usesHostNetwork(a.key) {
                if let b = podsWithIP.first(where: { $0.nodeName != a.nodeName && $0.nodeName != nil && !cluster.usesHostNetwork($0.key) }) { return (a, b) }
            }
            guard podsWithIP.count >= 2, let a = podsWithIP.first, let b = podsWithIP.dropFirst().first else {
                throw FlowError("a pod flow needs two pods with IPs. " + listing)
            }
            return (a, b)
        }
        let names = target.split(separator: ",").map(\.trimmed)
        guard names.count == 2 else { throw FlowError("a pod flow names two pods: --flow pod:A,B. " + listing) }
        var found: [Pod] = []
        for name in names {
            let matches = cluster.pods(named: name).filter { !$0.ips.isEmpty }
            guard let pod = matches.first else { throw FlowError("no pod with an IP named \(name). " + listing) }
            guard matches.count == 1 else {
                throw FlowError("\(name) is ambiguous: " + matches.map(\.key.description).joined(separator: ", ") + ". Name it as namespace/name.")
            }
            found.append(pod)
        }
        guard let a = found.first, let b = found.last else { throw FlowError("a pod flow names two pods: --flow pod:A,B. " + listing) }
        return (a, b)
    }

    static func listing(_ what: String, _ names: [String]) -> String {
        guard !names.isEmpty else { return "The input has no \(what)." }
        let shown = names.prefix(20).joined(separator: ", ")
        return "The input has \(what): \(shown)" + (names.count > 20 ? ", … (\(names.count) in all)." : ".")
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (no Foundation needed).
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension FlowKind {
    /// `a` or `an`, for messages.
    var article: String { [.externalName, .ingress].contains(self) ? "an" : "a" }
}
