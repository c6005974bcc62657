import ClusterModel
import FlowEngine
import ModelBuilders

/// The networking notes' node (samples/notes-six-pods-nodeport.txt) built by hand, with the ingress rules of
/// samples/notes-six-pods-ingress.yaml when `withRules`.
func sixPodsCluster(withRules: Bool = true) -> Cluster {
    var pods = [pod("ingress-nginx-controller-5f6b9c7d8-q7k2m", ns: "ingress-nginx", ip: "10.244.0.10", node: "node-1",
                    labels: ["app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"])]
    var services = [service("kubernetes", clusterIP: "10.99.0.1", ports: [ServicePort(port: 443)], selector: [:]),
                    service("kube-dns", ns: "kube-system", clusterIP: "10.99.0.10", ports: [ServicePort(port: 53, protocol: "UDP")], selector: ["k8s-app": "kube-dns"]),
                    service("ingress-nginx-controller", ns: "ingress-nginx", type: .nodePort, clusterIP: "10.99.20.5",
                            ports: [ServicePort(port: 80, nodePort: 30080), ServicePort(port: 443, nodePort: 30443)],
                            selector: ["app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"])]
    var sets: [EndpointSet] = []
    for n in 1...6 {
        pods.append(pod("web-\(n)", ns: "demo", ip: "10.244.0.\(n)", node: "node-1", labels: ["app": "web-\(n)"]))
        services.append(service("web-\(n)", ns: "demo", type: .nodePort, clusterIP: "10.99.11.\(11 + n)",
                                ports: [ServicePort(port: 80, nodePort: 32000 + n)], selector: ["app": "web-\(n)"]))
        sets.append(endpoints("web-\(n)", ns: "demo", ["10.244.0.\(n):80"]))
    }
    var all = resources(nodes: [node("node-1", "10.100.11.12", roles: ["control-plane"])], pods: pods, services: services, endpoints: sets)
    var ingress = Ingress(key: ObjectKey(namespace: "demo", name: "web"))
    ingress.className = "nginx"
    ingress.hosts = ["web.example.com"]
    ingress.addresses = ["10.100.11.12"]
    ingress.ports = [80]
    if withRules {
        ingress.rules = [IngressRule(host: "web.example.com", path: "/", pathType: "Prefix", serviceName: "web-1", servicePort: .number(80)),
                         IngressRule(host: "web.example.com", path: "/shop", pathType: "Prefix", serviceName: "web-2", servicePort: .number(80))]
    }
    all.upsert(ingress)
    return Cluster(resources: all)
}

/// `from → to: src → dst` of every hop, the shape tests compare against.
func route(_ flow: Flow) -> [String] {
    flow.hops.map { "\($0.from) → \($0.to): \($0.packet.source) → \($0.packet.destination)" }
}

/// The guide's cluster whose nginx-nodeport service has only the listed endpoints.
func guideCluster(endpointIPs: [String] = ["172.16.180.193", "172.16.180.194", "172.16.203.129"], policy: TrafficPolicy? = nil, affinity: String? = nil) -> Cluster {
    let base = guideCluster()
    var all = base.resources
    if var svc = all.service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")) {
        svc.externalTrafficPolicy = policy
        svc.sessionAffinity = affinity
        all.upsert(svc)
    }
    all.upsert(endpoints("nginx-nodeport", ns: "nginx-demo", endpointIPs.map { "\($0):80" }))
    return Cluster(resources: all)
}

/// The guide's cluster with one CNI agent pod on worker-node1, so that the CNI is inferred from its name.
func guideCluster(withAgent agent: String) -> Cluster {
    var all = guideCluster().resources
    all.upsert(pod(agent, ns: "kube-system", ip: "192.168.1.182", node: "worker-node1"))
    return Cluster(resources: all)
}

extension Hop {
    /// The rules this hop walked, as `iptables-save` prints them, matched or not.
    var ruleTexts: [String] { rules.map(\.rule.text) }
    /// Only the rules that matched, in the order walked.
    var matchedRuleTexts: [String] { matchedRules.map(\.rule.text) }
}
