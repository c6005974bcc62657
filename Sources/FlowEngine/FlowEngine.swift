import ClusterModel


/// Builds request flows from a cluster: the hops a packet makes, with its
/// addresses as it leaves each place and who rewrote them.
///
/// Pure: the same cluster, seed, request number and options give the same flow.
public struct FlowEngine: Sendable {
    public let cluster: Cluster
    /// Same seed, same endpoint choices: several requests show the load spread.
    public let seed: UInt64
    /// Real rules dumps of nodes (`--node-rules NODE=FILE`): a flow through such a node walks them.
    public var nodeRules: [String: NodeRulesInput] = [:]

    /// What this engine's flows learnt about the whole cluster (CNI, balanced
    /// nodes, ingress controllers), shared by its copies: keep one engine to
    /// build several flows of a big cluster.
    let facts: ClusterFacts

    public init(cluster: Cluster, seed: UInt64 = 0) {
        self.cluster = cluster
        self.seed = seed
        self.facts = ClusterFacts(cluster: cluster)
    }

    /// `target`: a service (`ns/name` or `name`), an ingress host, or two pods `a,b`; nil picks the first fitting
    /// object.
    public func flow(_ kind: FlowKind, target: String? = nil, request: Int = 0) throws(FlowError) -> Flow {
        try flow(kind, target: target, request: request, options: FlowOptions())
    }

    public func flow(_ kind: FlowKind, target: String?, request: Int, options: FlowOptions) throws(FlowError) -> Flow {
        var builder = FlowBuilder(facts: facts, seed: seed, request: request, options: options, nodeRules: nodeRules)
        let targets = TargetResolver(cluster: cluster)
        var flow: Flow
        switch kind {
        case .nodePort:
            let service = try targets.service(
                target, kind: kind, fits: { $0.type.opensNodePorts && !$0.ports.compactMap(\.nodePort).isEmpty })
            flow = try ExternalFlows.nodePort(service, builder: &builder)
        case .loadBalancer:
            let service = try targets.service(target, kind: kind, fits: { $0.type == .loadBalancer })
            flow = try LoadBalancerFlow.build(service, builder: &builder)
        case .clusterIP:
            let service = try targets.service(
                target, kind: kind,
                fits: {
                    $0.type != .externalName && ($0.isHeadless || !$0.clusterIPs.isEmpty) && $0.name != "kubernetes"
                })
            flow = try ClusterIPFlow.build(service, builder: &builder)
        case .externalName:
            let service = try targets.service(target, kind: kind, fits: { $0.type == .externalName })
            flow = try InClusterFlows.externalName(service, builder: &builder)
        case .ingress:
            let ingress = try targets.ingress(target)
            flow = try IngressFlow.build(ingress, builder: &builder)
        case .gateway:
            flow = try GatewayFlow.build(target: target, builder: &builder)
        case .podToPod:
            let (from, to) = try targets.podPair(target)
            flow = InClusterFlows.podToPod(from: from, to: to, builder: &builder)
        }
        if let policies = facts.policyEngine {
            FlowPolicyJudge(cluster: cluster, engine: policies, kind: kind).apply(to: &flow)
        }
        flow.request = request
        return flow
    }
}

/// Finds the object a flow is about, or explains what exists instead.
///
/// The default picks stop at the first fitting object in input order and never copy or describe the whole cluster: on
/// 150,000 pods and 10,000 services a flow must cost what it shows. Names for an error message are built only when
/// there is an error, and only the twenty it prints.
struct TargetResolver {
    let cluster: Cluster

    static let systemNamespaces: Set<String> = ["kube-system", "kube-public", "kube-node-lease"]

    func service(_ target: String?, kind: FlowKind, fits: (Service) -> Bool) throws(FlowError) -> Service {
        let services = cluster.services
        let allListed = { Self.listing("services", services) { "\($0.key) (\($0.type))" } }
        guard let target, !target.isEmpty else {
            guard let first = defaultService(kind: kind, fits: fits) else {
                throw .nothingFits(kind, existing: allListed())
            }
            return first
        }
        let named = cluster.services(named: target)
        guard let match = named.first else {
            throw .notFound(what: "service named", name: target, existing: allListed())
        }
        guard named.count == 1 else {
            throw .ambiguous(name: target, matches: named.map(\.key.description))
        }
        guard fits(match) else {
            var fitting = Listing()
            forEachFitting(kind: kind, fits: fits) { service in
                fitting.add("\(service.key) (\(service.type))")
                return true
            }
            throw .wrongType(
                service: match.key, type: "\(match.type)", kind: kind, fitting: fitting.sentence("fitting services"))
        }
        return match
    }

    /// Visits the fitting services in the order they are offered until
    /// `visit` returns false: for a LoadBalancer flow, those with an address
    /// before `<pending>` ones (the flow that gets through teaches more), each
    /// group in input order.
    func forEachFitting(kind: FlowKind, fits: (Service) -> Bool, _ visit: (Service) -> Bool) {
        let services = cluster.services
        let groups: [Bool?] = kind == .loadBalancer ? [true, false] : [nil]
        for withAddress in groups {
            for service in services where (withAddress.map { Self.hasAddress(service) == $0 } ?? true) && fits(service)
            {
                guard visit(service) else { return }
            }
        }
    }

    static func hasAddress(_ service: Service) -> Bool {
        !service.externalIPs.isEmpty || !service.externalHostnames.isEmpty
    }

    /// The first fitting service that something backs, outside the system
    /// namespaces: the instructive one; else the first backed one; else the first.
    func defaultService(kind: FlowKind, fits: (Service) -> Bool) -> Service? {
        var firstFitting: Service?
        var firstBacked: Service?
        var chosen: Service?
        forEachFitting(kind: kind, fits: fits) { service in
            if firstFitting == nil { firstFitting = service }
            // Once a backed one is known, only a backed one outside the system namespaces can do better.
            let system = Self.systemNamespaces.contains(service.namespace ?? "")
            guard firstBacked == nil || !system else { return true }
            guard !cluster.backingInfo(of: service.key).endpoints.isEmpty else { return true }
            guard system else {
                chosen = service
                return false
            }
            firstBacked = service
            return true
        }
        return chosen ?? firstBacked ?? firstFitting
    }

    func ingress(_ target: String?) throws(FlowError) -> Ingress {
        let all = cluster.ingresses
        let listing = { Self.listing("ingresses", all) { "\($0.key) (hosts \($0.hosts.joined(separator: ",")))" } }
        guard let target, !target.isEmpty else {
            guard let first = all.first else {
                throw .noIngress(existing: listing())
            }
            return first
        }
        let key = Cluster.parseReference(target)
        if let byKey = all.first(where: {
            $0.key.name == key.name && Cluster.namespacesMatch($0.key.namespace, key.namespace)
        }) {
            return byKey
        }
        if let byHost = all.first(where: { $0.hosts.contains(target) || $0.rules.contains { $0.host == target } }) {
            return byHost
        }
        throw .notFound(what: "ingress named or serving host", name: target, existing: listing())
    }

    /// Namespaces whose pods make poor examples of pod-to-pod traffic.
    static let podPairSkippedNamespaces: Set<String> = [
        "kube-system", "kube-public", "kube-node-lease", "ingress-nginx",
    ]

    func podPair(_ target: String?) throws(FlowError) -> (Pod, Pod) {
        let pods = cluster.pods
        let listing = { Self.listing("pods with an IP", pods.lazy.filter { !$0.ips.isEmpty }) { $0.key.description } }
        guard let target, !target.isEmpty else {
            guard let pair = defaultPodPair() else {
                throw .tooFewPods(existing: listing())
            }
            return pair
        }
        let names = target.split(separator: ",").map(\.trimmed)
        guard names.count == 2 else { throw .needsTwoPods(existing: listing()) }
        var found: [Pod] = []
        for name in names {
            let matches = cluster.pods(named: name).filter { !$0.ips.isEmpty }
            guard let pod = matches.first else {
                throw .notFound(what: "pod with an IP named", name: name, existing: listing())
            }
            guard matches.count == 1 else {
                throw .ambiguous(name: name, matches: matches.map(\.key.description))
            }
            found.append(pod)
        }
        guard let a = found.first, let b = found.last else {
            throw .needsTwoPods(existing: listing())
        }
        return (a, b)
    }

    /// Two pods to show: application pods when there are two (system and
    /// ingress pods are less telling), the first pair across two nodes (the
    /// more instructive case), else the first two pods.
    ///
    /// The pair is the first `a` in input order (not on the host network)
    /// with the first `b` after… anywhere in the list on another node. The
    /// first `b` on another node than `a` is either the first eligible pod
    /// with a node (`first`) or, when `a` shares its node, the first pod on a
    /// second node (`second`): two positions found in one pass, so the pick
    /// stays linear where comparing every `a` with every `b` was quadratic.
    func defaultPodPair() -> (Pod, Pod)? {
        let pods = cluster.pods
        var applications = 0
        for pod in pods where !pod.ips.isEmpty && !Self.podPairSkippedNamespaces.contains(pod.namespace ?? "") {
            applications += 1
            if applications == 2 { break }
        }
        let onlyApplications = applications >= 2
        let eligible = pods.lazy.filter {
            !$0.ips.isEmpty && (!onlyApplications || !Self.podPairSkippedNamespaces.contains($0.namespace ?? ""))
        }
        var first: Pod?
        var second: Pod?
        for pod in eligible {
            guard let node = pod.nodeName else { continue }
            if let first, first.nodeName == node { continue }
            guard !cluster.usesHostNetwork(pod.key) else { continue }
            if first == nil { first = pod } else { second = pod; break }
        }
        if let first, let firstNode = first.nodeName {
            for a in eligible {
                let b = a.nodeName == firstNode ? second : first
                guard let b, !cluster.usesHostNetwork(a.key) else { continue }
                return (a, b)
            }
        }
        var two = eligible.makeIterator()
        guard let a = two.next(), let b = two.next() else { return nil }
        return (a, b)
    }

    /// `The input has services: a, b, … (n in all).`, naming only the first
    /// twenty items: the rest are counted, never described.
    static func listing<Items: Sequence>(_ what: String, _ items: Items, _ name: (Items.Element) -> String) -> String {
        var listing = Listing()
        for item in items { listing.add(name(item)) }
        return listing.sentence(what)
    }

    static func listing(_ what: String, _ names: [String]) -> String {
        listing(what, names) { $0 }
    }
}

/// The objects an error message names: the first twenty, and how many in all.
struct Listing {
    static let shownLimit = 20
    private(set) var shown: [String] = []
    private(set) var count = 0

    mutating func add(_ name: @autoclosure () -> String) {
        if shown.count < Self.shownLimit { shown.append(name()) }
        count += 1
    }

    func sentence(_ what: String) -> String {
        guard count > 0 else { return "The input has no \(what)." }
        return "The input has \(what): \(shown.joined(separator: ", "))"
            + (count > Self.shownLimit ? ", … (\(count) in all)." : ".")
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
