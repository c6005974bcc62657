import ClusterModel
import ModelBuilders

/// A small random cluster (seeded, so a failure replays) with every service shape kube-proxy writes
/// rules for: ClusterIP, NodePort, LoadBalancer with source ranges, external IPs, traffic policies
/// Local, ClientIP affinity, multi-port services with named, unnamed and hidden port names, UDP,
/// IPv6 and dual-stack ClusterIPs, services without endpoints, headless and ExternalName ones.
struct GeneratedCluster {
    var seed: UInt64

    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    var cluster: Cluster {
        var random = Random(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        let nodeCount = 1 + random.next(3)
        let nodes = (0..<nodeCount).map { node("node-\($0)", "192.168.10.\($0 + 10)") }
        var pods: [Pod] = []
        var services: [Service] = []
        var endpointSets: [EndpointSet] = []
        for index in 0..<(3 + random.next(8)) {
            let name = "svc-\(index)"
            let types: [ServiceType] = [.clusterIP, .nodePort, .loadBalancer]
            let dualStack = random.chance(15), ipv6Only = !dualStack && random.chance(10)
            let v4 = "10.96.\(seed % 200).\(index + 2)", v6 = "fd00:10:96::\(String(index + 2, radix: 16))"
            var service = service(
                name, ns: "ns-\(index % 3)", type: types[random.next(3)], clusterIP: ipv6Only ? v6 : v4,
                ports: [], selector: ["app": name])
            if dualStack, let ip = IPAddress(v6) { service.clusterIPs.append(ip) }
            let portCount = 1 + random.next(3)
            let named = random.chance(50)
            service.portNamesKnown = named || random.chance(30)
            for p in 0..<portCount {
                let proto = random.chance(20) ? "UDP" : "TCP"
                let nodePort = service.type.opensNodePorts ? 30000 + index * 10 + p : nil
                service.ports.append(
                    ServicePort(
                        name: named ? "p\(p)" : (portCount == 1 ? nil : (service.portNamesKnown ? "x\(p)" : nil)),
                        port: 80 + p, targetPort: .number(8080 + p), nodePort: nodePort, protocol: proto))
            }
            if service.type == .loadBalancer {
                service.externalIPs = IPAddress("203.0.113.\(index + 1)").map { [$0] } ?? []
                if random.chance(40) { service.loadBalancerSourceRanges = ["198.51.100.0/24", "192.168.10.0/24"] }
                if random.chance(40) {
                    service.externalTrafficPolicy = .local
                    service.healthCheckNodePort = 32000 + index
                }
            } else if random.chance(15), let ip = IPAddress("198.51.100.\(index + 20)") {
                service.externalIPs = [ip]
            }
            if random.chance(15) { service.internalTrafficPolicy = .local }
            if random.chance(25) {
                service.sessionAffinity = "ClientIP"
                service.sessionAffinityTimeoutSeconds = 60 * (1 + random.next(100))
            }
            let podCount = random.chance(15) ? 0 : 1 + random.next(4)
            for p in 0..<podCount {
                let ip = ipv6Only ? "fd00:10:244::\(String(index * 16 + p + 1, radix: 16))" : "10.244.\(index).\(p + 2)"
                pods.append(
                    pod("\(name)-\(p)", ns: service.namespace, ip: ip, node: "node-\(random.next(nodeCount))",
                        labels: ["app": name]))
            }
            services.append(service)
            if random.chance(30) {
                var set = endpoints(name, ns: service.namespace, [])
                set.addresses = pods.filter { $0.labels?["app"] == name }.compactMap { pod in
                    pod.ips.first.map { EndpointAddress(ip: $0, port: 8080, ready: true, nodeName: pod.nodeName) }
                }
                endpointSets.append(set)
            }
        }
        var headless = service("headless", ns: "ns-0", clusterIP: "None", selector: ["app": "svc-0"])
        headless.ports = [ServicePort(port: 5432)]
        var external = Service(key: ObjectKey(namespace: "ns-1", name: "ext"), type: .externalName)
        external.externalName = "db.example.com"
        services += [headless, external]
        return Cluster(resources: resources(nodes: nodes, pods: pods, services: services, endpoints: endpointSets))
    }
}
