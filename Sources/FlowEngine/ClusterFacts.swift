import ClusterModel
import PolicyVerdicts
import Synchronization

/// Answers about the whole cluster that several flows of one engine ask
/// (which CNI runs, which nodes an outside balancer uses, where the ingress
/// controllers are), each found by one pass over the records the first time
/// it is needed and then kept.
///
/// A flow asks them once; the tour plays four flows and `spread` plays many on one engine, so on a 150,000-pod cluster
/// they must not rescan it per flow.
///
/// A class so that copies of the engine (a value passed across threads)
/// share what was found; the only mutable state is `cache`, which a Mutex
/// guards: that is why it is Sendable without `@unchecked`.
final class ClusterFacts: Sendable {
    let cluster: Cluster
    private let cache = Mutex(Cache())

    private struct Cache: Sendable {
        var cni: CNI?
        var balancedNodes: [String]?
        var hasControlPlane: Bool?
        var controllers: [IngressController]?
        var podNamespaces: Set<String>?
        var proxyMode: ProxyModeChoice?
        var policies: PolicyEngineSlot?
    }

    init(cluster: Cluster) { self.cluster = cluster }

    /// Computes outside the lock (answers are pure, so two threads racing
    /// compute the same value) and keeps the first answer stored.
    private func cached<Value: Sendable>(_ field: WritableKeyPath<Cache, Value?>, _ compute: () -> Value) -> Value {
        if let known = cache.withLock({ $0[keyPath: field] }) { return known }
        let value = compute()
        return cache.withLock { state in
            if let known = state[keyPath: field] { return known }
            state[keyPath: field] = value
            return value
        }
    }

    /// kube-proxy's mode as far as the input shows it.
    var proxyMode: ProxyModeChoice { cached(\.proxyMode) { ProxyModeChoice.detect(in: cluster, cni: cni) } }

    /// The CNI recognised from its agent pods.
    var cni: CNI { cached(\.cni) { CNI.detect(in: cluster) } }

    /// The nodes an outside load balancer sends to under
    /// externalTrafficPolicy Cluster: ready nodes (all of them when none is
    /// ready), workers only when there are workers.
    ///
    /// In input order.
    var balancedNodes: [String] {
        cached(\.balancedNodes) {
            let nodes = cluster.nodes
            var ready: [String] = []
            var readyWorkers: [String] = []
            var workers: [String] = []
            for position in nodes.indices {
                let name = nodes[position].name
                let worker =
                    !nodes[position].roles.contains("control-plane") && !nodes[position].roles.contains("master")
                if worker { workers.append(name) }
                if nodes[position].isReady {
                    ready.append(name)
                    if worker { readyWorkers.append(name) }
                }
            }
            if !ready.isEmpty { return readyWorkers.isEmpty ? ready : readyWorkers }
            return workers.isEmpty ? nodes.map(\.name) : workers
        }
    }

    /// True when some node is a control-plane (or master) node.
    var hasControlPlane: Bool {
        cached(\.hasControlPlane) {
            cluster.nodes.contains { $0.roles.contains("control-plane") || $0.roles.contains("master") }
        }
    }

    /// The namespaces the input shows pods in (`default` for pods listed without one): a service
    /// whose namespace has no pod here was dumped without its pods, so its backing is unknown.
    var podNamespaces: Set<String> {
        cached(\.podNamespaces) { Set(cluster.pods.lazy.map { $0.namespace ?? "default" }) }
    }

    /// The policy engine over the input's policies; nil when it holds no NetworkPolicy or
    /// ClusterNetworkPolicy (then flows carry no verdicts and read as they always did).
    var policyEngine: PolicyEngine? {
        cached(\.policies) {
            let resources = cluster.resources
            guard !resources.networkPolicies.isEmpty || !resources.clusterNetworkPolicies.isEmpty else {
                return PolicyEngineSlot(engine: nil)
            }
            return PolicyEngineSlot(engine: PolicyEngine(resources: resources))
        }.engine
    }

    /// Every ready pod with an IP that a recognised ingress controller runs, in input order.
    var ingressControllers: [IngressController] {
        cached(\.controllers) { IngressController.find(in: cluster) }
    }
}

/// The cached answer "which policy engine, if any" (a plain struct: a double optional in a key path
/// crashed the runtime's metadata instantiation).
struct PolicyEngineSlot: Sendable {
    var engine: PolicyEngine?
}

/// A pod of a recognised ingress controller, and which controller it is.
struct IngressController: Sendable {
    var pod: Pod
    /// `ingress-nginx`, `traefik`, … as recognised from its labels or name.
    var name: String

    /// Names of ingress controllers whose pods kubehops recognises.
    static let names = ["ingress-nginx", "nginx-ingress", "traefik", "haproxy-ingress", "contour", "kong", "envoy"]

    /// The labels that name an application, most specific first.
    static let nameLabels = ["app.kubernetes.io/name", "app", "k8s-app"]
    /// The first bytes of `names`: a name starting otherwise needs no prefix test.
    static let firstBytes = Set(names.compactMap(\.utf8.first))

    /// One pass over the pods.
    ///
    /// The name tests come first and are cheap (a few dictionary reads, a prefix check), because almost no pod of a big
    /// cluster is a controller; pods are read in place, not copied.
    static func find(in cluster: Cluster) -> [IngressController] {
        let pods = cluster.pods
        var found: [IngressController] = []
        for position in pods.indices {
            // An inferred owner is named by a prefix of the pod's name or by its node (`Pod.hasGivenOwners`):
            // a pod whose names start with no controller name and has no labels is passed over without building one.
            let mayBeNamed =
                pods[position].hasGivenOwners || startsWithName(pods[position].name)
                || pods[position].nodeName.map(startsWithName) == true
            guard pods[position].labels?.isEmpty == false || mayBeNamed,
                let name = controllerName(pods[position], checkOwners: mayBeNamed),
                pods[position].isReadyForTraffic, !pods[position].ips.isEmpty
            else { continue }
            found.append(IngressController(pod: pods[position], name: name))
        }
        return found
    }

    static func startsWithName(_ text: String) -> Bool {
        guard let first = text.utf8.first, firstBytes.contains(first) else { return false }
        return names.contains { text.hasPrefix($0) }
    }

    /// The controller a pod belongs to: by its name labels, else by the name
    /// of its top owner (or its own).
    static func controllerName(_ pod: Pod, checkOwners: Bool = true) -> String? {
        if let labels = pod.labels, !labels.isEmpty {
            for key in nameLabels {
                if let value = labels[key], names.contains(value) {
                    if let component = labels["app.kubernetes.io/component"], component != "controller" { return nil }
                    return value
                }
            }
        }
        guard checkOwners else { return nil }
        let owner = pod.topOwnerName ?? pod.name
        return names.first { owner.hasPrefix($0) && !owner.contains("admission") }
    }
}
