import ClusterModel
import KubeText
import ModelBuilders
import Testing

@testable import FlowEngine

/// The facts that differ on the clusters learners run (k3s ServiceLB, MetalLB, EKS, IPv6-only, Local
/// policies), each on a cluster built by hand so that a wrong statement fails here, not only in a golden.
@Suite struct LearnerClusterTests {
    /// k3s ServiceLB publishes node addresses: the packet goes straight to the node owning the address it
    /// called, with no balancer hop, and kube-proxy matches the LB IP there.
    @Test func serviceLBGoesStraightToTheNodeOwningTheAddress() throws {
        var nodes = [node("s1", "192.168.56.10"), node("a1", "192.168.56.11"), node("a2", "192.168.56.12")]
        for index in nodes.indices { nodes[index].version = "v1.33.5+k3s1" }
        var web = service(
            "web", type: .loadBalancer, clusterIP: "10.43.0.20", ports: [ServicePort(port: 8080, nodePort: 30808)],
            selector: ["app": "web"])
        web.externalIPs = ["192.168.56.11", "192.168.56.12"].compactMap(IPAddress.init)
        let cluster = Cluster(
            resources: resources(
                nodes: nodes,
                pods: [
                    pod("web-1", ip: "10.42.0.5", node: "s1", labels: ["app": "web"]),
                    pod("svclb-web-1a2b3c4d-xk2p9", ns: "kube-system", ip: "10.42.1.4", node: "a1"),
                ], services: [web]))
        let flow = try FlowEngine(cluster: cluster).flow(.loadBalancer, target: "web")
        #expect(!flow.hops.contains { $0.from == .externalLoadBalancer || $0.to == .externalLoadBalancer })
        let arrival = try #require(flow.hops.first { $0.from == .user && $0.to == .kubeProxy(node: "a1") })
        #expect(arrival.packet.destination.host == "192.168.56.11")
        #expect(arrival.details.joined().contains("svclb-web-1a2b3c4d-xk2p9"))
        #expect(flow.hops.contains { $0.rules.contains { $0.matched && $0.rule.text.contains("loadbalancer IP") } })
        let asked = try FlowEngine(cluster: cluster).flow(
            .loadBalancer, target: "web", request: 0, options: FlowOptions(entryNode: "a2"))
        #expect(asked.hops.contains { $0.to == .kubeProxy(node: "a2") && $0.packet.destination.host == "192.168.56.12" })
        #expect(flow.assumptions.contains { $0.contains("k3s's flannel") && $0.contains("inferred") })
    }

    /// flannel (VXLAN): a NodePort entering a node without the pod is masqueraded to the address of the device it
    /// leaves by, flannel.1 (the .0 of that node's pod range), and crosses in VXLAN (UDP 8472) between node IPs.
    @Test func flannelMasqueradesToTheTunnelDeviceAndWrapsInVXLAN() throws {
        let nodes = [node("n1", "192.168.56.11"), node("n2", "192.168.56.12")]
        let web = service(
            "web", type: .nodePort, clusterIP: "10.96.12.1", ports: [ServicePort(port: 80, nodePort: 30080)],
            selector: ["app": "web"])
        let cluster = Cluster(
            resources: resources(
                nodes: nodes,
                pods: [
                    pod("web-1", ip: "10.244.1.6", node: "n1", labels: ["app": "web"]),
                    pod("sleep-1", ip: "10.244.2.9", node: "n2"),
                    pod("kube-flannel-ds-l5m9t", ns: "kube-flannel", ip: "192.168.56.11", node: "n1"),
                    pod("kube-flannel-ds-w4hzp", ns: "kube-flannel", ip: "192.168.56.12", node: "n2"),
                ], services: [web]))
        let flow = try FlowEngine(cluster: cluster).flow(
            .nodePort, target: "web", request: 0, options: FlowOptions(entryNode: "n2"))
        let masquerade = try #require(flow.hops.first { $0.rewrite == .masquerade })
        #expect(masquerade.packet.source.host == "10.244.2.0", "\(masquerade.packet)")
        #expect(masquerade.sentence.contains("flannel.1"))
        let tunnel = try #require(flow.hops.first { $0.encapsulation != nil && !$0.isReply })
        #expect(tunnel.encapsulation?.source.host == "192.168.56.12")
        #expect(tunnel.encapsulation?.destination.host == "192.168.56.11")
        #expect(tunnel.encapsulation?.protocol.contains("8472") == true)
        // The inner packet crosses unchanged: the pod sees n2's tunnel address.
        #expect(tunnel.packet.source.host == "10.244.2.0" && tunnel.packet.destination.host == "10.244.1.6")
        #expect(flow.assumptions.contains { $0.contains("flannel") && $0.contains("inferred") })
    }

    /// MetalLB's pods name the balancer; its L2 speaker answers ARP for the VIP, nothing is rewritten.
    @Test func metalLBIsNamedFromItsPods() throws {
        var web = service(
            "web", type: .loadBalancer, clusterIP: "10.96.0.20", ports: [ServicePort(port: 80, nodePort: 31000)],
            selector: ["app": "web"])
        web.externalIPs = ["172.18.255.200"].compactMap(IPAddress.init)
        let cluster = Cluster(
            resources: resources(
                nodes: [node("w1", "172.18.0.3")],
                pods: [
                    pod("web-1", ip: "10.244.1.5", node: "w1", labels: ["app": "web"]),
                    pod("speaker-5wl7q", ns: "metallb-system", ip: "172.18.0.3", node: "w1"),
                ], services: [web]))
        let flow = try FlowEngine(cluster: cluster).flow(.loadBalancer, target: "web")
        let handOver = try #require(flow.hops.first { $0.from == .externalLoadBalancer && !$0.isReply })
        #expect(handOver.sentence.contains("MetalLB") && handOver.sentence.contains("ARP"))
        #expect(handOver.packet.destination.host == "172.18.255.200")
        #expect(flow.assumptions.contains { $0.contains("MetalLB: inferred from its pods") })
    }

    /// An IPv6-only cluster is called from outside by an IPv6 client (AAAA), and its host routes are /128.
    @Test func ipv6OnlyNodePortHasAnIPv6Client() throws {
        var echo = service(
            "echo", type: .nodePort, clusterIP: "fd00:10:96::7f3a", ports: [ServicePort(port: 8080, nodePort: 31380)],
            selector: ["app": "echo"])
        echo.ipFamilies = ["IPv6"]
        let cluster = Cluster(
            resources: resources(
                nodes: [node("v6", "2001:db8:10::11")],
                pods: [
                    pod("echo-1", ip: "fd00:10:244:1::5", node: "v6", labels: ["app": "echo"]),
                    pod("calico-node-x", ns: "kube-system", ip: "2001:db8:10::11", node: "v6"),
                ], services: [echo]))
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort, target: "echo")
        #expect(flow.failure == nil, "\(String(describing: flow.failure))")
        #expect(flow.hops.first?.sentence.contains("AAAA") == true)
        #expect(flow.hops.allSatisfy { $0.packet.source.host.contains(":") && $0.packet.destination.host.contains(":") })
        let text = FlowText.render(flow)
        #expect(text.contains("ip6tables rules walked"))
        #expect(!text.contains("/32"), "an IPv6 flow names a /32: \(text)")
    }

    /// internalTrafficPolicy Local drops on a node without a local endpoint, and no balancer health check
    /// is offered as the way out (healthCheckNodePort only exists for external traffic).
    @Test func internalLocalDropGivesNoLoadBalancerAdvice() throws {
        var api = service("api", clusterIP: "10.96.30.40", selector: ["app": "api"])
        api.internalTrafficPolicy = .local
        let cluster = Cluster(
            resources: resources(
                nodes: [node("a", "10.20.0.11"), node("b", "10.20.0.12")],
                pods: [
                    pod("api-1", ip: "10.244.0.14", node: "a", labels: ["app": "api"]),
                    pod("client", ip: "10.244.1.30", node: "b", labels: ["app": "client"]),
                ], services: [api]))
        let flow = try FlowEngine(cluster: cluster).flow(.clusterIP, target: "api")
        let failure = try #require(flow.hops.compactMap(\.failure).first)
        #expect(failure.kind == .dropped)
        #expect(failure.reason.contains("internalTrafficPolicy is Local"))
        #expect(!failure.reason.contains("healthCheckNodePort"), "\(failure.reason)")
    }

    /// A kube-dns whose pods cannot be matched (no endpoints listed for it, no labels) is unknown, not
    /// rejected: the DNS query is assumed answered and the flow goes on.
    @Test func unmatchableKubeDNSIsUnknownNotRejected() throws {
        var set = endpoints("web", ns: "shop", ["10.244.1.7:8080"])
        set.kind = .endpointSlice
        let cluster = Cluster(
            resources: resources(
                nodes: [node("n", "192.168.5.10")],
                pods: [
                    pod("coredns-6b9575c64c-7hd4s", ns: "kube-system", ip: "10.244.1.2", node: "n"),
                    pod("web-1", ns: "shop", ip: "10.244.1.7", node: "n"),
                    pod("client", ns: "shop", ip: "10.244.1.9", node: "n"),
                ],
                services: [
                    service("kube-dns", ns: "kube-system", clusterIP: "10.96.0.10", selector: ["k8s-app": "kube-dns"]),
                    service("web", ns: "shop", clusterIP: "10.96.0.20", selector: ["app": "web"]),
                ], endpoints: [set]))
        let flow = try FlowEngine(cluster: cluster).flow(.clusterIP, target: "shop/web")
        #expect(flow.failure == nil, "\(String(describing: flow.failure))")
        #expect(flow.hops.contains { $0.to == .pod(ObjectKey(namespace: "shop", name: "web-1")) })
        #expect(flow.assumptions.contains { $0.contains("cannot tell which pods back kube-dns") })
    }

    /// CoreDNS pods use the node's resolver, so they never play the caller whose DNS step is shown.
    @Test func aCoreDNSPodIsNotTheDefaultCaller() throws {
        let cluster = Cluster(
            resources: resources(
                nodes: [node("n", "192.168.5.10")],
                pods: [
                    pod("coredns-1", ns: "kube-system", ip: "10.244.1.2", node: "n", labels: ["k8s-app": "kube-dns"]),
                    pod("metrics-1", ns: "kube-system", ip: "10.244.1.3", node: "n", labels: ["app": "metrics"]),
                    pod("web-1", ip: "10.244.1.7", node: "n", labels: ["app": "web"]),
                ],
                services: [
                    service("kube-dns", ns: "kube-system", clusterIP: "10.96.0.10", selector: ["k8s-app": "kube-dns"]),
                    service("web", clusterIP: "10.96.0.20", selector: ["app": "web"]),
                ]))
        let flow = try FlowEngine(cluster: cluster).flow(.clusterIP, target: "web")
        #expect(flow.hops.first?.from == .pod(ObjectKey(namespace: "kube-system", name: "metrics-1")))
    }

    /// A pre-1.24 node: kubehops draws the 1.24+ chain layout and says so, never that 1.19 wrote it.
    @Test func oldNodeVersionsSayTheLayoutIsTheNewOne() throws {
        var old = node("n", "192.168.5.10")
        old.version = "v1.19.0"
        let cluster = Cluster(
            resources: resources(
                nodes: [old],
                pods: [
                    pod("web-1", ip: "10.244.1.7", node: "n", labels: ["app": "web"]),
                    pod("client", ip: "10.244.1.9", node: "n", labels: ["app": "client"]),
                ],
                services: [service("web", clusterIP: "10.96.0.20", selector: ["app": "web"])]))
        let flow = try FlowEngine(cluster: cluster).flow(.clusterIP, target: "web")
        let layout = try #require(flow.assumptions.first { $0.contains("kube-proxy 1.19") })
        #expect(layout.contains("KUBE-XLB") && layout.contains("1.24+ layout"))
        #expect(!layout.contains("those kube-proxy 1.19 writes"))
    }

    /// The spread says when affinity, not the draw, sent connections to one endpoint.
    @Test func spreadCountsConnectionsPinnedByAffinity() throws {
        func cluster(affinity: String?) -> Cluster {
            var web = service("web", clusterIP: "10.96.0.20", selector: ["app": "web"])
            web.sessionAffinity = affinity
            return Cluster(
                resources: resources(
                    nodes: [node("n", "192.168.5.10")],
                    pods: [
                        pod("web-1", ip: "10.244.1.7", node: "n", labels: ["app": "web"]),
                        pod("web-2", ip: "10.244.1.8", node: "n", labels: ["app": "web"]),
                        pod("client", ip: "10.244.1.9", node: "n", labels: ["app": "client"]),
                    ], services: [web]))
        }
        let pinned = try FlowEngine(cluster: cluster(affinity: "ClientIP")).spread(
            .clusterIP, target: "web", requests: 20)
        #expect(pinned.shares.count == 1)
        #expect(pinned.pinnedByAffinity == 19)
        #expect(pinned.shares.first?.node == "n")
        #expect(pinned.summary.contains("19 pinned by sessionAffinity ClientIP"))
        let free = try FlowEngine(cluster: cluster(affinity: nil)).spread(.clusterIP, target: "web", requests: 20)
        #expect(free.pinnedByAffinity == 0)
        #expect(free.shares.count == 2)
        #expect(!free.summary.contains("pinned"))
    }

    /// A trimmed manifest without containerStatuses: the pod's Ready condition says it is ready.
    @Test func readyConditionWithoutContainerStatusesIsReady() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: worker-1, namespace: prod}
            spec:
              nodeName: a
              containers: [{name: worker}]
            status:
              phase: Running
              podIP: 10.244.0.42
              conditions: [{type: Ready, status: "True"}]
            """
        let parsed = KubeText.parse(bytes: Array(yaml.utf8), source: "pod.yaml")
        let pod = parsed.resources.pods.first
        #expect(pod?.ready == ReadyCount(ready: 1, total: 1))
        #expect(pod?.isReadyForTraffic == true)
    }
}
