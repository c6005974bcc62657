import ClusterModel
import FlowEngine
import Foundation

/// Clusters built record by record (independent of the parser), matching the
/// notes' two clusters in samples/.
enum NotesClusters {
    static func ip(_ text: String) -> IPAddress {
        guard let address = IPAddress(text) else { preconditionFailure("bad fixture IP \(text)") }
        return address
    }

    static func node(_ name: String, ip text: String, roles: [String] = [], status: String = "Ready") -> Node {
        var node = Node(name: name, status: status)
        node.roles = roles
        node.internalIPs = [ip(text)]
        return node
    }

    static func pod(_ namespace: String, _ name: String, ip text: String?, node: String, status: String = "Running",
                    labels: [String: String]? = nil) -> Pod {
        var pod = Pod(key: ObjectKey(namespace: namespace, name: name), status: status)
        pod.ready = ReadyCount(ready: status == "Running" ? 1 : 0, total: 1)
        pod.ips = text.map { [ip($0)] } ?? []
        pod.nodeName = node
        pod.labels = labels
        return pod
    }

    static func service(_ namespace: String, _ name: String, type: ServiceType, clusterIP: String, port: Int, nodePort: Int? = nil,
                        selector: [String: String]? = nil) -> Service {
        var service = Service(key: ObjectKey(namespace: namespace, name: name), type: type)
        service.clusterIPs = [ip(clusterIP)]
        service.ports = [ServicePort(port: port, nodePort: nodePort)]
        service.selector = selector
        return service
    }

    static func endpoints(_ namespace: String, _ name: String, _ addresses: [String], port: Int) -> EndpointSet {
        var set = EndpointSet(key: ObjectKey(namespace: namespace, name: name), kind: .endpoints, serviceName: name)
        set.addresses = addresses.map { EndpointAddress(ip: ip($0), port: port) }
        return set
    }

    /// samples/notes-nginx-nodeport.txt
    static var nginxResources: Resources {
        var r = Resources()
        r.upsert(node("master-node", ip: "192.168.1.181", roles: ["control-plane"]))
        r.upsert(node("worker-node1", ip: "192.168.1.182"))
        r.upsert(node("worker-node2", ip: "192.168.1.183"))
        let labels = ["app": "nginx", "pod-template-hash": "7b44dc87c5"]
        r.upsert(pod("nginx-demo", "nginx-deployment-7b44dc87c5-5hrgb", ip: "172.16.180.193", node: "worker-node1", labels: labels))
        r.upsert(pod("nginx-demo", "nginx-deployment-7b44dc87c5-7nm9s", ip: "172.16.180.194", node: "worker-node1", labels: labels))
        r.upsert(pod("nginx-demo", "nginx-deployment-7b44dc87c5-jtq5r", ip: "172.16.203.129", node: "worker-node2", labels: labels))
        r.upsert(service("default", "kubernetes", type: .clusterIP, clusterIP: "10.96.0.1", port: 443, selector: [:]))
        r.upsert(service("kube-system", "kube-dns", type: .clusterIP, clusterIP: "10.96.0.10", port: 53, selector: ["k8s-app": "kube-dns"]))
        r.upsert(service("nginx-demo", "nginx-nodeport", type: .nodePort, clusterIP: "10.101.63.221", port: 80, nodePort: 30007,
                         selector: ["app": "nginx"]))
        r.upsert(endpoints("nginx-demo", "nginx-nodeport", ["172.16.180.193", "172.16.180.194", "172.16.203.129"], port: 80))
        return r
    }

    static var nginx: Cluster { Cluster(resources: nginxResources) }

    /// samples/notes-six-pods-nodeport.txt
    static var sixPods: Cluster {
        var r = Resources()
        r.upsert(node("node-1", ip: "10.100.11.12", roles: ["control-plane"]))
        r.upsert(pod("ingress-nginx", "ingress-nginx-controller-5f6b9c7d8-q7k2m", ip: "10.244.0.10", node: "node-1",
                     labels: ["app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"]))
        for n in 1...6 {
            r.upsert(pod("demo", "web-\(n)", ip: "10.244.0.\(n)", node: "node-1", labels: ["app": "web-\(n)"]))
            r.upsert(service("demo", "web-\(n)", type: .nodePort, clusterIP: "10.99.11.\(11 + n)", port: 80, nodePort: 32000 + n,
                             selector: ["app": "web-\(n)"]))
            r.upsert(endpoints("demo", "web-\(n)", ["10.244.0.\(n)"], port: 80))
        }
        r.upsert(service("default", "kubernetes", type: .clusterIP, clusterIP: "10.99.0.1", port: 443, selector: [:]))
        r.upsert(service("kube-system", "kube-dns", type: .clusterIP, clusterIP: "10.99.0.10", port: 53, selector: ["k8s-app": "kube-dns"]))
        var controller = service("ingress-nginx", "ingress-nginx-controller", type: .nodePort, clusterIP: "10.99.20.5", port: 80, nodePort: 30080,
                                 selector: ["app.kubernetes.io/component": "controller", "app.kubernetes.io/name": "ingress-nginx"])
        controller.ports.append(ServicePort(port: 443, nodePort: 30443))
        r.upsert(controller)
        var ingress = Ingress(key: ObjectKey(namespace: "demo", name: "web"))
        ingress.className = "nginx"
        ingress.hosts = ["web.example.com"]
        ingress.addresses = ["10.100.11.12"]
        ingress.ports = [80]
        r.upsert(ingress)
        return Cluster(resources: r)
    }

    /// `nodes` nodes named node-00000…, `podsPerNode` pods each, one service per 100 pods
    /// (every third a NodePort), each backed by the 100 pods labelled with its app, as
    /// a Deployment spread over many nodes would be.
    static func large(nodes: Int, podsPerNode: Int) -> Cluster {
        var r = Resources()
        let serviceCount = max(1, nodes * podsPerNode / 100)
        for n in 0..<nodes {
            let name = "node-" + String(100_000 + n).dropFirst()
            r.upsert(node(name, ip: "10.\(n / 65536 % 256).\(n / 256 % 256).\(n % 256)"))
            for p in 0..<podsPerNode {
                let index = n * podsPerNode + p
                let app = "app-\(index % serviceCount)"
                r.upsert(pod("ns-\(index % serviceCount % 7)", "\(app)-\(String(index, radix: 36))",
                             ip: "100.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)",
                             node: name, status: index % 97 == 0 ? "CrashLoopBackOff" : "Running", labels: ["app": app]))
            }
        }
        for s in 0..<serviceCount {
            r.upsert(service("ns-\(s % 7)", "app-\(s)", type: s % 3 == 0 ? .nodePort : .clusterIP, clusterIP: "10.96.\(s / 256 % 256).\(s % 256)",
                             port: 80, nodePort: s % 3 == 0 ? 30000 + s % 2768 : nil, selector: ["app": "app-\(s)"]))
        }
        return Cluster(resources: r)
    }

    static let client = SocketAddress(host: "203.0.113.7", port: 51234)

    /// Flow 1 of the notes on the nginx cluster, hand-made to the contract of
    /// Flow.swift (the engine's own output is tested by its helper).
    static var nginxNodePortFlow: Flow {
        let svc = ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")
        // The sample lists pods with -n nginx-demo (no NAMESPACE column): the command line names it.
        let pod = ObjectKey(namespace: "nginx-demo", name: "nginx-deployment-7b44dc87c5-jtq5r")
        let nodePort = SocketAddress(host: "192.168.1.182", port: 30007)
        return Flow(kind: .nodePort, title: "Flow 1: User → DNS → External LB → NodePort → Pod", hops: [
            Hop(from: .user, to: .dns, packet: Packet(source: client, destination: SocketAddress(host: "192.168.1.1", port: 53), protocol: "UDP"),
                sentence: "The browser asks DNS for the name of the site."),
            Hop(from: .dns, to: .user, packet: Packet(source: SocketAddress(host: "192.168.1.1", port: 53), destination: client, protocol: "UDP"),
                rewrite: .dnsAnswer, by: .externalDNS, sentence: "DNS answers with the external load balancer's address.", isReply: true),
            Hop(from: .user, to: .externalLoadBalancer, packet: Packet(source: client, destination: SocketAddress(host: "192.168.1.240", port: 80)),
                sentence: "The request goes to the external load balancer."),
            Hop(from: .externalLoadBalancer, to: .nodePort(node: "worker-node1", port: 30007), packet: Packet(source: client, destination: nodePort),
                rewrite: .dnat, by: .loadBalancer(.nodePortForwarding), sentence: "The load balancer picks a node and sends the request to NodeIP:nodePort."),
            Hop(from: .nodePort(node: "worker-node1", port: 30007), to: .clusterIP(service: svc),
                packet: Packet(source: client, destination: nodePort), sentence: "kube-proxy's rules match the NodePort and jump to the service chain."),
            Hop(from: .clusterIP(service: svc), to: .pod(pod),
                packet: Packet(source: SocketAddress(host: "192.168.1.182", port: 40112), destination: SocketAddress(host: "172.16.203.129", port: 80)),
                rewrite: .dnat, by: .kubeProxyRules(node: "worker-node1", dataplane: .iptables),
                sentence: "DNAT to a pod on worker-node2; the source is SNATed to the node IP (externalTrafficPolicy: Cluster)."),
        ])
    }

    /// Flow 2 of the notes on the six-pods cluster: User → DNS → Ingress → Service → Pod.
    static var sixPodsIngressFlow: Flow {
        let controller = ObjectKey(namespace: "ingress-nginx", name: "ingress-nginx-controller-5f6b9c7d8-q7k2m")
        let svc = ObjectKey(namespace: "demo", name: "web-2")
        let pod = ObjectKey(namespace: "demo", name: "web-2")
        let node = SocketAddress(host: "10.100.11.12", port: 30080)
        return Flow(kind: .ingress, title: "Flow 2: User → DNS → Ingress → Service → Pod", hops: [
            Hop(from: .user, to: .dns, packet: Packet(source: client, destination: SocketAddress(host: "192.168.1.1", port: 53), protocol: "UDP"),
                sentence: "The browser asks DNS for web.example.com."),
            Hop(from: .dns, to: .user, packet: Packet(source: SocketAddress(host: "192.168.1.1", port: 53), destination: client, protocol: "UDP"),
                rewrite: .dnsAnswer, by: .externalDNS, sentence: "DNS answers 10.100.11.12, the ingress address.", isReply: true),
            Hop(from: .user, to: .ingressController(pod: controller), packet: Packet(source: client, destination: node),
                sentence: "HTTP to the ingress controller through its NodePort 30080."),
            Hop(from: .ingressController(pod: controller), to: .clusterIP(service: svc),
                packet: Packet(source: SocketAddress(host: "10.244.0.10", port: 41000), destination: SocketAddress(host: "10.99.11.13", port: 80)),
                rewrite: .proxy, by: .ingressController(pod: controller), sentence: "The rule web.example.com/shop picks service web-2."),
            Hop(from: .clusterIP(service: svc), to: .pod(pod),
                packet: Packet(source: SocketAddress(host: "10.244.0.10", port: 41000), destination: SocketAddress(host: "10.244.0.2", port: 80)),
                rewrite: .dnat, by: .ingressController(pod: controller), sentence: "The controller sends the request straight to the pod IP."),
        ])
    }
}
