import ClusterModel

/// Small builders so that tests read like the kubectl rows they stand for,
/// shared by the model and flow tests.
public func node(_ name: String, _ ip: String, roles: [String] = [], status: String = "Ready") -> Node {
    var node = Node(name: name, status: status)
    node.roles = roles
    node.internalIPs = IPAddress(ip).map { [$0] } ?? []
    return node
}

public func pod(_ name: String, ns: String? = "default", ip: String?, node: String?, labels: [String: String]? = nil,
         ready: String = "1/1", status: String = "Running") -> Pod {
    var pod = Pod(key: ObjectKey(namespace: ns, name: name), status: status)
    pod.ips = ip.flatMap(IPAddress.init).map { [$0] } ?? []
    pod.nodeName = node
    pod.labels = labels
    let counts = ready.split(separator: "/").compactMap { Int($0) }
    if counts.count == 2 { pod.ready = ReadyCount(ready: counts[0], total: counts[1]) }
    return pod
}

public func service(_ name: String, ns: String? = "default", type: ServiceType = .clusterIP, clusterIP: String?,
             ports: [ServicePort] = [ServicePort(port: 80)], selector: [String: String]?) -> Service {
    var service = Service(key: ObjectKey(namespace: ns, name: name), type: type)
    if let clusterIP, let ip = IPAddress(clusterIP) { service.clusterIPs = [ip] } else if clusterIP == "None" { service.isHeadless = true }
    service.ports = ports
    service.selector = selector
    return service
}

public func endpoints(_ service: String, ns: String? = "default", _ addresses: [String]) -> EndpointSet {
    var set = EndpointSet(key: ObjectKey(namespace: ns, name: service), kind: .endpoints, serviceName: service)
    set.addresses = addresses.compactMap { text in
        let parts = text.split(separator: ":")
        guard let ip = parts.first.flatMap({ IPAddress($0) }) else { return nil }
        return EndpointAddress(ip: ip, port: parts.count > 1 ? Int(parts[1]) : nil)
    }
    return set
}

public func resources(nodes: [Node] = [], pods: [Pod] = [], services: [Service] = [], endpoints: [EndpointSet] = []) -> Resources {
    var resources = Resources()
    nodes.forEach { resources.upsert($0) }
    pods.forEach { resources.upsert($0) }
    services.forEach { resources.upsert($0) }
    endpoints.forEach { resources.upsert($0) }
    return resources
}

/// The networking guide's cluster (samples/notes-nginx-nodeport.txt) built by hand.
public func guideCluster(withEndpoints: Bool = true, podsNamespace: String? = "nginx-demo") -> Cluster {
    let nginx = ["app": "nginx", "pod-template-hash": "7b44dc87c5"]
    return Cluster(resources: resources(
        nodes: [node("master-node", "192.168.1.181", roles: ["control-plane"]),
                node("worker-node1", "192.168.1.182"), node("worker-node2", "192.168.1.183")],
        pods: [pod("nginx-deployment-7b44dc87c5-5hrgb", ns: podsNamespace, ip: "172.16.180.193", node: "worker-node1", labels: nginx),
               pod("nginx-deployment-7b44dc87c5-7nm9s", ns: podsNamespace, ip: "172.16.180.194", node: "worker-node1", labels: nginx),
               pod("nginx-deployment-7b44dc87c5-jtq5r", ns: podsNamespace, ip: "172.16.203.129", node: "worker-node2", labels: nginx)],
        services: [service("kubernetes", clusterIP: "10.96.0.1", ports: [ServicePort(port: 443)], selector: [:]),
                   service("kube-dns", ns: "kube-system", clusterIP: "10.96.0.10",
                           ports: [ServicePort(port: 53, protocol: "UDP"), ServicePort(port: 53), ServicePort(port: 9153)],
                           selector: ["k8s-app": "kube-dns"]),
                   service("nginx-nodeport", ns: "nginx-demo", type: .nodePort, clusterIP: "10.101.63.221",
                           ports: [ServicePort(port: 80, nodePort: 30007)], selector: ["app": "nginx"])],
        endpoints: withEndpoints ? [endpoints("nginx-nodeport", ns: podsNamespace,
                                              ["172.16.180.193:80", "172.16.180.194:80", "172.16.203.129:80"])] : []))
}
