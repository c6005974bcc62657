import ModelBuilders
import Testing
import ClusterModel
@testable import FlowEngine

@Suite struct ExternalFlowTests {
    let nginx = "nginx-demo/nginx-nodeport"

    @Test func notesFlowOneSameNodeHopByHop() throws {
        let engine = FlowEngine(cluster: guideCluster(endpointIPs: ["172.16.180.193"]))
        let flow = try engine.flow(.nodePort, target: nginx, request: 0, options: FlowOptions(entryNode: "worker-node1"))
        let client = try #require(flow.hops.first { $0.to == .externalLoadBalancer }?.packet.source)
        #expect(client.host == "203.0.113.10")
        let c = client.description
        // MASQUERADE --random-fully: the node's address and a random source port, restored on the reply.
        let masqueraded = flow.hops[5].packet.source
        #expect(masqueraded.host == "192.168.1.182")
        #expect(masqueraded.port != client.port)
        let m = masqueraded.description
        #expect(route(flow) == [
            "User → DNS: 203.0.113.10:\(flow.hops[0].packet.source.port ?? 0) → 198.51.100.53:53",
            "DNS → User: 198.51.100.53:53 → 203.0.113.10:\(flow.hops[0].packet.source.port ?? 0)",
            "User → External LB: \(c) → 198.51.100.80:80",
            "External LB → NodePort worker-node1:30007: \(c) → 192.168.1.182:30007",
            "NodePort worker-node1:30007 → kube-proxy rules on worker-node1: \(c) → 172.16.180.193:80",
            "kube-proxy rules on worker-node1 → Pod nginx-demo/nginx-deployment-7b44dc87c5-5hrgb: \(m) → 172.16.180.193:80",
            "Pod nginx-demo/nginx-deployment-7b44dc87c5-5hrgb → kube-proxy rules on worker-node1: 172.16.180.193:80 → \(m)",
            "kube-proxy rules on worker-node1 → External LB: 192.168.1.182:30007 → \(c)",
            "External LB → User: 198.51.100.80:80 → \(c)",
        ])
        #expect(flow.hops.map(\.rewrite) == [.none, .dnsAnswer, .none, .dnat, .dnat, .masquerade, .none, .unNAT, .unNAT])
        #expect(flow.hops.filter(\.isReply).count == 3)
        let walk = flow.hops[4].matchedRuleTexts
        #expect(walk.contains { $0.hasPrefix("-A KUBE-NODEPORTS -p tcp") && $0.hasSuffix("--dport 30007 -j KUBE-EXT-7EKCV6CHM5FQ364Q") })
        #expect(walk.contains { $0.hasPrefix("-A KUBE-SEP-J27MLTSUV4RDPHXJ -p tcp") && $0.hasSuffix("-j DNAT --to-destination 172.16.180.193:80") })
        #expect(flow.hops[5].matchedRuleTexts.last?.contains("-j MASQUERADE") == true)
        #expect(flow.assumptions.contains { $0.contains("externalTrafficPolicy") && $0.contains("default, Cluster") })
    }

    @Test func crossNodeNodePortIsSNATedAndEncapsulatedBetweenNodeIPs() throws {
        let engine = FlowEngine(cluster: guideCluster(endpointIPs: ["172.16.203.129"]))
        let flow = try engine.flow(.nodePort, target: nginx, request: 0, options: FlowOptions(entryNode: "worker-node1"))
        let port = flow.hops[2].packet.source.port ?? 0
        let m = "192.168.1.182:\(flow.hops[5].packet.source.port ?? 0)"
        #expect(Array(route(flow)[4...7]) == [
            "NodePort worker-node1:30007 → kube-proxy rules on worker-node1: 203.0.113.10:\(port) → 172.16.203.129:80",
            "kube-proxy rules on worker-node1 → Overlay worker-node1 → worker-node2: \(m) → 172.16.203.129:80",
            "Overlay worker-node1 → worker-node2 → Pod nginx-demo/nginx-deployment-7b44dc87c5-jtq5r: \(m) → 172.16.203.129:80",
            "Pod nginx-demo/nginx-deployment-7b44dc87c5-jtq5r → Overlay worker-node2 → worker-node1: 172.16.203.129:80 → \(m)",
        ])
        #expect(flow.hops[5].rewrite == .masquerade)
        #expect(flow.hops[6].encapsulation == Packet(source: SocketAddress(host: "192.168.1.182", port: nil),
                                                     destination: SocketAddress(host: "192.168.1.183", port: nil), protocol: "VXLAN/IP-in-IP"))
        #expect(flow.hops[8].encapsulation?.source.host == "192.168.1.183")
        #expect(flow.hops.last?.packet.source.description == "198.51.100.80:80")
    }

    @Test func trafficPolicyLocalKeepsClientIPOrDropsOnANodeWithoutEndpoint() throws {
        let engine = FlowEngine(cluster: guideCluster())
        let kept = try engine.flow(.nodePort, target: nginx, request: 0, options: FlowOptions(entryNode: "worker-node2", externalTrafficPolicy: .local))
        #expect(kept.failure == nil)
        let delivery = try #require(kept.hops.first { $0.to == .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-deployment-7b44dc87c5-jtq5r")) })
        #expect(delivery.packet.source.host == "203.0.113.10")
        #expect(delivery.rewrite == .none)
        #expect(!kept.hops.contains { $0.rewrite == .snat })

        let dropped = try engine.flow(.nodePort, target: nginx, request: 0, options: FlowOptions(entryNode: "master-node", externalTrafficPolicy: .local))
        let failure = try #require(dropped.failure)
        #expect(failure.index == dropped.hops.count - 1)
        #expect(dropped.hops[failure.index].from == .nodePort(node: "master-node", port: 30007))
        #expect(failure.reason.contains("externalTrafficPolicy is Local and master-node runs no ready endpoint"))
        #expect(failure.reason.contains("healthCheckNodePort"))
        #expect(!dropped.hops.contains { $0.isReply })
    }

    @Test func localPolicyLoadBalancerOnlyPicksNodesWithEndpoints() throws {
        let engine = FlowEngine(cluster: guideCluster(endpointIPs: ["172.16.203.129"], policy: .local))
        for request in 0..<10 {
            let flow = try engine.flow(.nodePort, target: nginx, request: request)
            #expect(flow.hops[3].to == .nodePort(node: "worker-node2", port: 30007))
            #expect(flow.failure == nil)
        }
    }

    @Test func requestsSpreadOverAllReadyEndpointsDeterministically() throws {
        let engine = FlowEngine(cluster: guideCluster(), seed: 7)
        func target(_ request: Int) throws -> String? {
            try engine.flow(.nodePort, target: nginx, request: request, options: FlowOptions(includeReply: false)).hops.last?.packet.destination.host
        }
        let hits = try (0..<30).map(target)
        #expect(Set(hits) == ["172.16.180.193", "172.16.180.194", "172.16.203.129"])
        let again = try (0..<30).map(target)
        #expect(again == hits)
        let otherSeed = try (0..<30).map { try FlowEngine(cluster: guideCluster(), seed: 8).flow(.nodePort, target: nginx, request: $0).hops[5].packet.destination.host }
        #expect(otherSeed != hits)
    }

    @Test func clientIPAffinityPinsTheEndpoint() throws {
        let engine = FlowEngine(cluster: guideCluster(affinity: "ClientIP"), seed: 3)
        let pods = try (0..<12).map {
            try engine.flow(.nodePort, target: nginx, request: $0, options: FlowOptions(entryNode: "worker-node1")).hops[4].packet.destination.host
        }
        #expect(Set(pods).count == 1)
        let later = try engine.flow(.nodePort, target: nginx, request: 5, options: FlowOptions(entryNode: "worker-node1"))
        #expect(later.hops[4].matchedRuleTexts.contains { $0.contains("--rcheck --seconds 10800") })
        #expect(later.assumptions.contains { $0.contains("10800") && $0.contains("default") })
    }

    /// The `recent` lists are each node's kernel state: the timeout comes from the service, and the
    /// pick is remembered per node (some entry node picks another endpoint than worker-node1 did).
    @Test func clientIPAffinityIsPerNodeWithTheServicesTimeout() throws {
        var all = guideCluster(affinity: "ClientIP").resources
        var svc = try #require(all.service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")))
        svc.sessionAffinityTimeoutSeconds = 600
        all.upsert(svc)
        let engine = FlowEngine(cluster: Cluster(resources: all), seed: 3)
        let later = try engine.flow(.nodePort, target: nginx, request: 2, options: FlowOptions(entryNode: "worker-node1"))
        #expect(later.hops[4].matchedRuleTexts.contains { $0.contains("--rcheck --seconds 600 --reap") })
        #expect(!later.assumptions.contains { $0.contains("10800") })
        let picks = try Set((0..<8).map { seed in
            try FlowEngine(cluster: Cluster(resources: all), seed: UInt64(seed)).flow(
                .nodePort, target: nginx, request: 1, options: FlowOptions(entryNode: "worker-node1")).hops[4].packet.destination.host
                == FlowEngine(cluster: Cluster(resources: all), seed: UInt64(seed)).flow(
                    .nodePort, target: nginx, request: 1, options: FlowOptions(entryNode: "worker-node2")).hops[4].packet.destination.host
        })
        #expect(picks.contains(false))
    }

    @Test func statisticRuleWalkUsesTheRealEndpointCount() throws {
        let flow = try FlowEngine(cluster: guideCluster()).flow(.nodePort, target: nginx, request: 0, options: FlowOptions(entryNode: "worker-node1"))
        #expect(flow.hops[4].details.contains { $0.hasPrefix("3 endpoint rules in ip:port order: probabilities 1/3") })
        // The whole ladder is listed, reached or not, in kube-proxy's order.
        let rules = flow.hops[4].ruleTexts.filter { $0.hasPrefix("-A KUBE-SVC-7EKCV6CHM5FQ364Q") && $0.contains("-j KUBE-SEP-") }
        #expect(rules.count == 3)
        #expect(rules.first?.contains("--probability 0.33333333349 -j KUBE-SEP-J27MLTSUV4RDPHXJ") == true)
        if rules.count == 3 {
            #expect(rules[1].contains("--probability 0.50000000000"))
            #expect(!rules[2].contains("--probability"))
        }
    }

    @Test func serviceWithoutEndpointsIsRejectedAtTheDNATStep() throws {
        let engine = FlowEngine(cluster: guideCluster(endpointIPs: []))
        let flow = try engine.flow(.nodePort, target: nginx, request: 0, options: FlowOptions(entryNode: "worker-node1"))
        let failure = try #require(flow.failure)
        #expect(flow.hops[failure.index].to == .kubeProxy(node: "worker-node1"))
        #expect(failure.reason.contains("ICMP port unreachable"))
        let reject = try #require(flow.hops[failure.index].matchedRules.last)
        #expect(reject.rule.table == "filter" && reject.rule.chain == "KUBE-EXTERNAL-SERVICES")
        #expect(reject.rule.text.contains("has no endpoints\"") && reject.rule.text.hasSuffix("--dport 30007 -j REJECT --reject-with icmp-port-unreachable"))
        #expect(!flow.hops.contains { $0.rewrite == .dnat && $0.rewrittenBy?.hasPrefix("kube-proxy") == true })
    }

    @Test func notReadyPodIsNeverChosen() throws {
        var all = guideCluster(withEndpoints: false).resources
        var sick = pod("nginx-deployment-7b44dc87c5-7nm9s", ns: "nginx-demo", ip: "172.16.180.194", node: "worker-node1",
                       labels: ["app": "nginx", "pod-template-hash": "7b44dc87c5"], ready: "0/1", status: "Running")
        sick.restarts = RestartCount(count: 4)
        all.upsert(sick)
        let engine = FlowEngine(cluster: Cluster(resources: all))
        let hits = try Set((0..<30).map { try engine.flow(.nodePort, target: nginx, request: $0).hops[5].packet.destination.host })
        #expect(hits == ["172.16.180.193", "172.16.203.129"])
        let walk = try engine.flow(.nodePort, target: nginx).hops[4].details
        #expect(walk.contains("left out of the endpoints, not ready: nginx-deployment-7b44dc87c5-7nm9s (0/1 Running)"))
    }

    @Test func selectorMatchingNothingStopsWithTheReason() throws {
        var all = guideCluster(withEndpoints: false).resources
        all.upsert(service("orphan", ns: "nginx-demo", type: .nodePort, clusterIP: "10.101.0.9", ports: [ServicePort(port: 80, nodePort: 30099)], selector: ["app": "orphan"]))
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.nodePort, target: "nginx-demo/orphan")
        #expect(flow.failure?.reason.contains("selector app=orphan matches no pod") == true)
    }

    @Test func loadBalancerPendingIsExplained() throws {
        var all = guideCluster().resources
        var lb = service("shop", ns: "nginx-demo", type: .loadBalancer, clusterIP: "10.101.7.7", ports: [ServicePort(port: 80, nodePort: 31500)], selector: ["app": "nginx"])
        lb.externalPending = true
        all.upsert(lb)
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.loadBalancer, target: "shop")
        #expect(flow.hops.count == 1)
        #expect(flow.failure?.reason.contains("<pending>") == true)
        #expect(flow.failure?.reason.contains("31500") == true)
    }

    /// A VIP balancer (MetalLB, GCE, Azure; ipMode VIP) delivers with the LB IP as destination:
    /// KUBE-SERVICES' load-balancer IP rule matches it, no NodePort is involved.
    @Test func loadBalancerWithAnExternalIPIsDeliveredToTheLBIPOnANode() throws {
        var all = guideCluster().resources
        var lb = service("shop", ns: "nginx-demo", type: .loadBalancer, clusterIP: "10.101.7.7", ports: [ServicePort(port: 80, nodePort: 31500)], selector: ["app": "nginx"])
        lb.externalIPs = [IPAddress("192.168.1.240")].compactMap { $0 }
        all.upsert(lb)
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.loadBalancer, target: "shop", request: 0, options: FlowOptions(entryNode: "worker-node2"))
        #expect(flow.hops[1].sentence.contains("192.168.1.240"))
        #expect(flow.hops[2].packet.destination.description == "192.168.1.240:80")
        #expect(flow.hops[3].packet.destination.description == "192.168.1.240:80")
        #expect(flow.hops[3].to == .kubeProxy(node: "worker-node2"))
        #expect(!flow.hops.contains { if case .nodePort = $0.to { true } else { false } })
        #expect(flow.hops[4].rewrites.map(\.kind) == [.dnat, .masquerade])
        #expect(flow.hops[4].matchedRuleTexts.contains { $0.contains("-d 192.168.1.240/32") && $0.contains("loadbalancer IP") })
        #expect(flow.hops.last?.packet.source.description == "192.168.1.240:80")
        #expect(flow.failure == nil)
    }

    @Test func unknownTargetListsWhatExists() {
        let missing = #expect(throws: FlowError.self) { try FlowEngine(cluster: guideCluster()).flow(.nodePort, target: "nope") }
        #expect(missing?.message.contains("no service named nope") == true)
        #expect(missing?.message.contains("nginx-demo/nginx-nodeport (NodePort)") == true)
        let wrongType = #expect(throws: FlowError.self) { try FlowEngine(cluster: guideCluster()).flow(.nodePort, target: "kube-dns") }
        #expect(wrongType?.message.contains("kube-system/kube-dns is ClusterIP") == true)
    }
}

@Suite struct EndpointOrderTests {
    /// kube-proxy sorts endpoints by their `ip:port` text, so 10.0.0.10 comes before 10.0.0.9.
    @Test func ruleOrderFollowsKubeProxysTextualSort() throws {
        let cluster = guideCluster(endpointIPs: ["172.16.203.129", "172.16.180.194", "172.16.180.193"])
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "nginx-nodeport", request: 0, options: FlowOptions(entryNode: "worker-node1"))
        let ladder = { (hop: Hop) in hop.ruleTexts.filter { $0.hasPrefix("-A KUBE-SVC-") && $0.contains("-j KUBE-SEP-") } }
        #expect(ladder(flow.hops[4]).first?.contains("-> 172.16.180.193:80") == true)
        var all = guideCluster().resources
        all.upsert(endpoints("nginx-nodeport", ns: "nginx-demo", ["10.0.0.9:80", "10.0.0.10:80"]))
        for request in 0..<20 {
            let hop = try FlowEngine(cluster: Cluster(resources: all)).flow(.nodePort, target: "nginx-nodeport", request: request).hops[4]
            #expect(ladder(hop).first?.contains("-> 10.0.0.10:80") == true)
        }
    }
}

@Suite struct LoadSpreadTests {
    @Test func randomSpreadReachesEveryPodAndAffinityPinsOne() throws {
        let spread = try FlowEngine(cluster: guideCluster()).spread(.nodePort, target: "nginx-nodeport", requests: 30)
        #expect(spread.requests == 30)
        #expect(spread.failed == 0)
        #expect(Set(spread.shares.map(\.destination)) == ["172.16.180.193:80", "172.16.180.194:80", "172.16.203.129:80"])
        #expect(spread.shares.map(\.requests).reduce(0, +) == 30)
        #expect(spread.shares.map(\.requests) == spread.shares.map(\.requests).sorted(by: >))
        let pinned = try FlowEngine(cluster: guideCluster(affinity: "ClientIP")).spread(.nodePort, target: "nginx-nodeport", requests: 12,
                                                                                        options: FlowOptions(entryNode: "worker-node1"))
        #expect(pinned.shares.count == 1)
        #expect(pinned.summary.hasPrefix("12 new connections: 172.16."))
        #expect(pinned.summary.contains(" ×12 (worker-node1) (11 pinned by sessionAffinity ClientIP"))
    }

    @Test func failedRequestsAreCounted() throws {
        let spread = try FlowEngine(cluster: guideCluster(endpointIPs: [])).spread(.nodePort, target: "nginx-nodeport", requests: 4)
        #expect(spread.failed == 4)
        #expect(spread.shares.isEmpty)
        #expect(spread.summary == "4 new connections: failed ×4")
    }
}
