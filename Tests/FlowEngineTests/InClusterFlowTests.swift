import ModelBuilders
import Testing
import ClusterModel
@testable import FlowEngine

@Suite struct InClusterFlowTests {
    @Test func clusterIPFromAPodResolvesTheFullNameThenDNATsWithoutSNAT() throws {
        var all = guideCluster().resources
        all.upsert(pod("client", ns: "nginx-demo", ip: "172.16.180.200", node: "worker-node1", labels: ["app": "client"]))
        let engine = FlowEngine(cluster: Cluster(resources: all))
        let flow = try engine.flow(.clusterIP, target: "nginx-nodeport", request: 0, options: FlowOptions(clientPod: "nginx-demo/client"))
        let client = ObjectKey(namespace: "nginx-demo", name: "client")
        #expect(flow.hops[0].from == .pod(client))
        #expect(flow.hops[0].to == .dns)
        #expect(flow.hops[0].packet.destination.description == "10.96.0.10:53")
        #expect(flow.hops[0].packet.protocol == "UDP")
        #expect(flow.hops[0].sentence.contains("nginx-nodeport.nginx-demo.svc.cluster.local"))
        #expect(flow.hops[1].sentence.contains("→ 10.101.63.221"))
        #expect(flow.hops[2].to == .clusterIP(service: ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")))
        #expect(flow.hops[2].packet.destination.description == "10.101.63.221:80")
        let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
        #expect(dnat.packet.source.host == "172.16.180.200")
        #expect(["172.16.180.193", "172.16.180.194", "172.16.203.129"].contains(dnat.packet.destination.host))
        #expect(dnat.rules.first?.rule.chain == "PREROUTING")
        #expect(dnat.matchedRuleTexts.contains {
            $0.hasPrefix("-A KUBE-SERVICES -d 10.101.63.221/32 -p tcp") && $0.hasSuffix("-j KUBE-SVC-7EKCV6CHM5FQ364Q")
        })
        #expect(!flow.hops.contains { $0.rewrite == .snat || $0.rewrite == .masquerade })
        let last = try #require(flow.hops.last)
        #expect(last.isReply && last.rewrite == .unNAT)
        #expect(last.packet.source.description == "10.101.63.221:80")
        #expect(last.to == .pod(client))
    }

    @Test func hairpinIsMasqueraded() throws {
        let cluster = guideCluster(endpointIPs: ["172.16.180.193"])
        let flow = try FlowEngine(cluster: cluster).flow(.clusterIP, target: "nginx-nodeport", request: 0,
                                                         options: FlowOptions(clientPod: "nginx-deployment-7b44dc87c5-5hrgb"))
        let masquerade = try #require(flow.hops.first { $0.rewrite == .masquerade })
        #expect(masquerade.packet.source.host == "192.168.1.182")
        #expect(masquerade.packet.destination.description == "172.16.180.193:80")
        let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
        #expect(dnat.matchedRuleTexts.contains {
            $0.hasPrefix("-A KUBE-SEP-J27MLTSUV4RDPHXJ -s 172.16.180.193/32") && $0.hasSuffix("-j KUBE-MARK-MASQ")
        })
        #expect(masquerade.sentence.hasPrefix("Hairpin: a pod reaching itself through its service is masqueraded"))
    }

    @Test func headlessServiceAnswersWithPodIPsAndSkipsKubeProxy() throws {
        var all = guideCluster().resources
        all.upsert(service("nginx-headless", ns: "nginx-demo", clusterIP: "None", selector: ["app": "nginx"]))
        all.upsert(pod("client", ns: "nginx-demo", ip: "172.16.203.140", node: "worker-node2", labels: ["app": "client"]))
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.clusterIP, target: "nginx-headless", request: 0,
                                                                         options: FlowOptions(clientPod: "client"))
        #expect(flow.hops[1].sentence.contains("172.16.180.193, 172.16.180.194, 172.16.203.129"))
        #expect(!flow.hops.contains { $0.rewrite == .dnat })
        #expect(!flow.hops.contains { if case .clusterIP = $0.to { true } else { false } })
        #expect(flow.hops[2].packet.source.host == "172.16.203.140")
    }

    @Test func externalNameIsACNAMEWithNoProxying() throws {
        var all = guideCluster().resources
        var external = Service(key: ObjectKey(namespace: "nginx-demo", name: "db"), type: .externalName)
        external.externalName = "db.example.org"
        external.ports = [ServicePort(port: 5432)]
        all.upsert(external)
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.externalName, target: "db")
        #expect(flow.hops[1].sentence.contains("CNAME db.example.org"))
        #expect(flow.hops[2].to == .externalHost("db.example.org"))
        #expect(flow.hops[2].packet.destination.description == "db.example.org:5432")
        #expect(!flow.hops.contains { [.dnat, .snat, .masquerade].contains($0.rewrite) })
    }

    @Test func podToPodSameNodeHasNoOverlay() throws {
        let flow = try FlowEngine(cluster: guideCluster()).flow(.podToPod, target: "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-7nm9s")
        #expect(flow.requestHops.count == 1)
        #expect(flow.hops[0].packet.destination.description == "172.16.180.194:80")
        #expect(flow.hops[0].packet.source.host == "172.16.180.193")
        #expect(!flow.hops.contains { $0.encapsulation != nil })
        #expect(flow.title.contains("same node"))
    }

    @Test func podToPodAcrossNodesKeepsPodIPsInsideTheTunnel() throws {
        let flow = try FlowEngine(cluster: guideCluster()).flow(.podToPod, target: "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-jtq5r")
        #expect(route(flow.requestHops.isEmpty ? flow : Flow(kind: .podToPod, title: "", hops: flow.requestHops)).map { $0.components(separatedBy: ": ").first ?? "" } == [
            "Pod nginx-demo/nginx-deployment-7b44dc87c5-5hrgb → Overlay worker-node1 → worker-node2",
            "Overlay worker-node1 → worker-node2 → Pod nginx-demo/nginx-deployment-7b44dc87c5-jtq5r",
        ])
        #expect(flow.hops[1].packet.source.host == "172.16.180.193")
        #expect(flow.hops[1].packet.destination.description == "172.16.203.129:80")
        #expect(flow.hops[1].encapsulation?.source.host == "192.168.1.182")
        #expect(flow.hops[1].encapsulation?.destination.host == "192.168.1.183")
    }

    @Test func podFlowWithUnknownPodListsPods() {
        let error = #expect(throws: FlowError.self) { try FlowEngine(cluster: guideCluster()).flow(.podToPod, target: "a,b") }
        #expect(error?.message.contains("no pod with an IP named a") == true)
        #expect(error?.message.contains("nginx-deployment-7b44dc87c5-5hrgb") == true)
    }
}

@Suite struct IngressFlowTests {
    @Test func notesFlowTwoWithTheControllerDoubleHop() throws {
        let flow = try FlowEngine(cluster: sixPodsCluster()).flow(.ingress, target: "web.example.com")
        let controller = Place.ingressController(pod: ObjectKey(namespace: "ingress-nginx", name: "ingress-nginx-controller-5f6b9c7d8-q7k2m"))
        let request = flow.requestHops
        #expect(request[1].sentence.contains("web.example.com → 10.100.11.12"))
        #expect(request[2].to == .nodePort(node: "node-1", port: 30080))
        #expect(request[2].packet.destination.description == "10.100.11.12:30080")
        #expect(request[3].packet.destination.description == "10.244.0.10:80")
        #expect(request[4].to == controller)
        #expect(request[4].packet.source.host == "10.100.11.12")
        #expect(request[5].from == controller)
        #expect(request[5].to == .pod(ObjectKey(namespace: "demo", name: "web-1")))
        #expect(request[5].rewrite == .proxy)
        #expect(request[5].packet.source.host == "10.244.0.10")
        #expect(request[5].packet.destination.description == "10.244.0.1:80")
        #expect(request[5].details.first == "rule: host web.example.com path / (Prefix) → service web-1:80")
        #expect(request[5].details.contains { $0.contains("not through its ClusterIP 10.99.11.12") })
        #expect(flow.hops.last?.packet.source.description == "10.100.11.12:30080")
        #expect(flow.hops.last?.to == .user)
    }

    @Test func pathPicksTheLongestMatchingRule() throws {
        let flow = try FlowEngine(cluster: sixPodsCluster()).flow(.ingress, target: "demo/web", request: 0, options: FlowOptions(path: "/shop/cart"))
        #expect(flow.requestHops.last?.packet.destination.description == "10.244.0.2:80")
    }

    @Test func unknownRulesAreSaidHonestly() throws {
        let flow = try FlowEngine(cluster: sixPodsCluster(withRules: false)).flow(.ingress, target: "web")
        let failure = try #require(flow.failure)
        #expect(failure.reason.contains("rules are unknown"))
        #expect(failure.reason.contains("kubectl get ingress web -n demo -o yaml"))
        #expect(!flow.hops.contains { $0.to == .pod(ObjectKey(namespace: "demo", name: "web-1")) })
    }

    @Test func missingIngressListsWhatExists() {
        let error = #expect(throws: FlowError.self) { try FlowEngine(cluster: sixPodsCluster()).flow(.ingress, target: "shop.example.com") }
        #expect(error?.message.contains("demo/web (hosts web.example.com)") == true)
    }
}

@Suite struct BrokenWiringTests {
    @Test func targetPortThePodDoesNotDeclareStopsAtThePod() throws {
        var all = guideCluster(endpointIPs: ["172.16.180.193"]).resources
        var web = pod("nginx-deployment-7b44dc87c5-5hrgb", ns: "nginx-demo", ip: "172.16.180.193", node: "worker-node1",
                      labels: ["app": "nginx", "pod-template-hash": "7b44dc87c5"])
        web.containerPorts = [ContainerPort(port: 8080)]
        all.upsert(web)
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.nodePort, target: "nginx-nodeport", request: 0,
                                                                         options: FlowOptions(entryNode: "worker-node1"))
        let failure = try #require(flow.failure)
        #expect(flow.hops[failure.index].to == .pod(web.key))
        #expect(failure.reason.contains("declares container port 8080, not 80"))
        #expect(!flow.hops.contains { $0.isReply })
    }

    @Test func internalTrafficPolicyLocalUsesOnlyTheCallersNode() throws {
        var all = guideCluster().resources
        if var svc = all.service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")) {
            svc.internalTrafficPolicy = .local
            all.upsert(svc)
        }
        all.upsert(pod("client", ns: "nginx-demo", ip: "172.16.203.140", node: "worker-node2", labels: ["app": "client"]))
        all.upsert(pod("lonely", ns: "nginx-demo", ip: "10.0.9.9", node: "master-node", labels: ["app": "client"]))
        let engine = FlowEngine(cluster: Cluster(resources: all))
        for request in 0..<8 {
            let flow = try engine.flow(.clusterIP, target: "nginx-nodeport", request: request, options: FlowOptions(clientPod: "client"))
            #expect(flow.hops.first { $0.rewrite == .dnat }?.packet.destination.host == "172.16.203.129")
        }
        let dropped = try engine.flow(.clusterIP, target: "nginx-nodeport", request: 0, options: FlowOptions(clientPod: "lonely"))
        #expect(dropped.failure?.reason.contains("internalTrafficPolicy is Local") == true)
    }
}

@Suite struct OverlayTests {
    func crossNodeFlow(withAgent agent: String) throws -> Flow {
        try FlowEngine(cluster: guideCluster(withAgent: agent)).flow(.podToPod, target: "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-jtq5r")
    }

    @Test func kindnetRoutesWithoutATunnel() throws {
        let flow = try crossNodeFlow(withAgent: "kindnet-x7k2p")
        #expect(flow.hops[1].encapsulation == nil)
        #expect(flow.hops[1].rewrite == .none)
        #expect(flow.hops[1].sentence.hasPrefix("kindnet routes it from worker-node1 (192.168.1.182) to worker-node2 (192.168.1.183)"))
    }

    @Test func flannelWrapsInVXLANOnPort8472() throws {
        let flow = try crossNodeFlow(withAgent: "kube-flannel-ds-x7k2p")
        #expect(flow.hops[1].encapsulation?.protocol == "VXLAN (UDP 8472)")
        #expect(flow.hops[1].rewrittenBy == "flannel (overlay)")
    }
}

@Suite struct UnknownBackingTests {
    @Test func servicesOnlyDumpDoesNotClaimTheServiceIsBroken() throws {
        var svc = service("kiada", type: .loadBalancer, clusterIP: "10.96.3.3", ports: [ServicePort(port: 80, nodePort: 30080)], selector: nil)
        svc.externalIPs = [IPAddress("172.18.255.200")].compactMap { $0 }
        let flow = try FlowEngine(cluster: Cluster(resources: resources(services: [svc]))).flow(.loadBalancer, target: "kiada")
        let failure = try #require(flow.failure)
        #expect(failure.reason.hasPrefix("unknown: the input shows neither"))
        #expect(!failure.reason.contains("rejected"))
        #expect(!flow.hops.contains { $0.details.contains { $0.contains("REJECT") } })
        #expect(flow.hops[3].packet.destination.description == "172.18.255.200:80")
        #expect(flow.assumptions.contains { $0.contains("lists no nodes") })
    }
}
