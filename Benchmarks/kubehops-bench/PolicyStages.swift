import ClusterModel
import Foundation
import PolicyVerdicts

/// `--policy`: the reachability matrix of `kubehops policy` at issue 16's scale: 5,000 pods in 50 namespaces
/// (500 deployments of 10 pods, each with its own app/tier/pod-template-hash labels) and 500 NetworkPolicies
/// (10 a namespace: default deny, same-namespace allows, cross-namespace allows with namespaceSelector AND
/// podSelector, DNS egress, ipBlock except, named ports, endPort). Timed: the engine build, the grouped matrix
/// (over equivalence classes of pods) and its text. Target: under 1 s for the matrix.
enum PolicyMode {
    static let namespaces = 50
    static let appsPerNamespace = 10
    static let podsPerApp = 10
    static let tiers = ["web", "api", "db", "cache", "worker"]

    static func resources() -> Resources {
        var resources = Resources()
        for n in 0..<namespaces {
            let name = "team-\(n)"
            resources.upsert(
                NamespaceRecord(name: name, labels: ["team": name, "env": n % 2 == 0 ? "prod" : "staging"]))
            for a in 0..<appsPerNamespace {
                for p in 0..<podsPerApp {
                    var pod = Pod(key: ObjectKey(namespace: name, name: "app-\(a)-\(p)"), status: "Running")
                    pod.labels = ["app": "app-\(a)", "tier": tiers[a % tiers.count], "pod-template-hash": "h\(n)x\(a)"]
                    pod.ips = [IPAddress("10.\(n).\(a).\(p + 1)")!]
                    pod.nodeName = "node-\((n * appsPerNamespace + a) % 100)"
                    pod.containerPorts = [ContainerPort(name: "http", port: 8080), ContainerPort(name: "metrics", port: 9090)]
                    resources.upsert(pod)
                }
            }
        }
        for n in 0..<namespaces { for policy in policies(namespace: n) { resources.upsert(policy) } }
        return resources
    }

    static func selector(_ labels: [String: String]) -> LabelSelector { LabelSelector(matchLabels: labels) }

    /// Ten policies for namespace `n`, every recipe shape among them.
    static func policies(namespace n: Int) -> [NetworkPolicy] {
        let name = "team-\(n)"
        func policy(_ policyName: String, _ pods: LabelSelector) -> NetworkPolicy {
            NetworkPolicy(key: ObjectKey(namespace: name, name: policyName), podSelector: pods)
        }
        var all: [NetworkPolicy] = []
        var deny = policy("default-deny", .everything)
        deny.declaredPolicyTypes = [.ingress, .egress]
        all.append(deny)
        var dns = policy("allow-dns", .everything)
        dns.declaredPolicyTypes = [.egress]
        dns.egress = [NetworkPolicyRule(
            peers: [NetworkPolicyPeer(podSelector: selector(["k8s-app": "kube-dns"]), namespaceSelector: .everything)],
            ports: [NetworkPolicyPort(protocol: "UDP", port: .number(53)), NetworkPolicyPort(port: .number(53))])]
        all.append(dns)
        for a in 0..<6 {
            var allow = policy("allow-app-\(a)", selector(["app": "app-\(a)"]))
            let other = "team-\((n + a + 1) % namespaces)"
            allow.ingress = [
                NetworkPolicyRule(peers: [NetworkPolicyPeer(podSelector: selector(["tier": tiers[(a + 1) % tiers.count]]))],
                                  ports: [NetworkPolicyPort(port: .name("http"))]),
                NetworkPolicyRule(
                    peers: [NetworkPolicyPeer(podSelector: selector(["app": "app-\(a + 1)"]),
                                              namespaceSelector: selector(["team": other]))],
                    ports: [NetworkPolicyPort(port: .number(8000), endPort: 8100)]),
            ]
            allow.egress = [NetworkPolicyRule(peers: [NetworkPolicyPeer(namespaceSelector: selector(["env": "prod"]))])]
            allow.declaredPolicyTypes = [.ingress, .egress]
            all.append(allow)
        }
        var external = policy("allow-partners", selector(["tier": "web"]))
        external.ingress = [NetworkPolicyRule(
            peers: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: IPRange("203.0.113.0/24")!, except: [IPRange("203.0.113.128/25")!]))],
            ports: [NetworkPolicyPort(port: .number(443))])]
        all.append(external)
        var monitoring = policy("allow-metrics", .everything)
        monitoring.ingress = [NetworkPolicyRule(
            peers: [NetworkPolicyPeer(podSelector: selector(["app": "app-9"]), namespaceSelector: selector(["team": "team-0"]))],
            ports: [NetworkPolicyPort(port: .name("metrics"))])]
        all.append(monitoring)
        return all
    }

    static func run(runs: Int) {
        let resources = resources()
        precondition(resources.pods.count == 5_000 && resources.networkPolicies.count == 500)
        print("policy matrix: \(resources.pods.count) pods, \(resources.networkPolicies.count) NetworkPolicies, " +
              "\(resources.namespaces.count) namespaces; median of \(runs) runs")
        var engine: PolicyEngine?
        let build = Timing.measure(runs: runs) { engine = PolicyEngine(resources: resources); return 0 }
        guard let engine else { return }
        var matrix: ReachabilityMatrix?
        let port = PortQuery(port: 8080)
        let grouped = Timing.measure(runs: runs) { matrix = engine.matrix(port: port); return 0 }
        guard let matrix else { return }
        var text = ""
        let render = Timing.measure(runs: runs) { text = PolicyText.matrix(matrix); return text.utf8.count }
        let allowed = matrix.combined.filter { $0 == .allowed }.count
        for (name, result) in [("engine build", build), ("grouped matrix 8080/TCP", grouped), ("matrix text", render)] {
            print(pad("  " + name, 30) + String(format: "%8.1f ms wall %8.1f ms cpu", result.wall * 1000, result.cpu * 1000))
        }
        print("  \(matrix.groups.count) groups, \(matrix.groups.count * matrix.groups.count) group pairs " +
              "(\(allowed) allowed), \(text.utf8.count) bytes of text; target: matrix under 1 s")
    }
}
