import ClusterModel
import ModelBuilders
import Testing

@testable import FlowEngine

/// A two-node flannel cluster: node slices 10.244.0.0/24 and 10.244.1.0/24, cni0 = .1, flannel.1 = .0.
private func flannelCluster(version: String? = nil, flannelPods: Bool = true, lb: (inout Service) -> Void = { _ in })
    -> Cluster
{
    var nodes = [node("n0", "192.168.5.10"), node("n1", "192.168.5.11")]
    for index in nodes.indices { nodes[index].version = version }
    var pods = [
        pod("web-a", ip: "10.244.0.5", node: "n0", labels: ["app": "web"]),
        pod("web-b", ip: "10.244.1.7", node: "n1", labels: ["app": "web"]),
        pod("client", ip: "10.244.1.9", node: "n1", labels: ["app": "client"]),
    ]
    if flannelPods {
        pods.append(pod("kube-flannel-ds-x1", ns: "kube-flannel", ip: "192.168.5.10", node: "n0"))
    }
    var web = service(
        "web", type: .loadBalancer, clusterIP: "10.96.0.20", ports: [ServicePort(port: 80, nodePort: 30080)],
        selector: ["app": "web"])
    web.externalIPs = [IPAddress("172.18.255.200")].compactMap { $0 }
    lb(&web)
    return Cluster(resources: resources(nodes: nodes, pods: pods, services: [web]))
}

private func endpointOf(_ flow: Flow) -> String? {
    flow.hops.first {
        if case .kubeProxyRules = $0.actor, $0.rewrite == .dnat { true } else { false }
    }?.packet.destination.host
}

@Suite struct MasqueradeSourceTests {
    /// Same node on a bridge CNI: the packet leaves by cni0, so MASQUERADE writes cni0's address (.1 of the slice).
    @Test func sameNodeOnFlannelGetsTheCni0Address() throws {
        let engine = FlowEngine(cluster: flannelCluster())
        let flow = try (0..<40).lazy.map {
            try engine.flow(.nodePort, target: "web", request: $0, options: FlowOptions(entryNode: "n0"))
        }.first { endpointOf($0) == "10.244.0.5" }
        let found = try #require(flow)
        let masqueraded = try #require(found.hops.first { $0.rewrite == .masquerade })
        #expect(masqueraded.packet.source.host == "10.244.0.1")
        #expect(masqueraded.sentence.contains("cni0"))
        guard case .inferred = masqueraded.rewrites[0].provenance else {
            Issue.record("the bridge address is inferred from the CNI, not read")
            return
        }
    }

    /// Across an overlay the packet leaves by flannel.1, whose address is the .0 of the entry node's slice.
    @Test func acrossNodesOnFlannelGetsTheFlannelDeviceAddress() throws {
        let engine = FlowEngine(cluster: flannelCluster())
        let flow = try (0..<40).lazy.map {
            try engine.flow(.nodePort, target: "web", request: $0, options: FlowOptions(entryNode: "n0"))
        }.first { endpointOf($0) == "10.244.1.7" }
        let hops = try #require(flow).hops
        let masqueraded = try #require(hops.first { $0.rewrite == .masquerade })
        #expect(masqueraded.packet.source.host == "10.244.0.0")
        #expect(masqueraded.sentence.contains("flannel.1"))
        // The reply goes back to the masqueraded address and port, and conntrack restores the client's.
        let reply = try #require(hops.first { $0.isReply })
        #expect(reply.packet.destination == masqueraded.packet.source)
        let client = try #require(hops.first { $0.to == .externalLoadBalancer })?.packet.source
        #expect(hops.first { $0.rewrite == .unNAT }?.packet.destination == client)
    }

    /// k3s embeds flannel: no flannel pods, the node version says k3s.
    @Test func k3sIsRecognisedFromTheNodeVersion() throws {
        let cluster = flannelCluster(version: "v1.31.4+k3s1", flannelPods: false)
        #expect(CNI.detect(in: cluster) == .k3sFlannel)
        #expect(CNI.detect(in: flannelCluster(flannelPods: false)) == .unknown)
    }

    /// Unknown CNI: the node's address, said to be inferred.
    @Test func unknownCNIUsesTheNodeAddress() throws {
        let engine = FlowEngine(cluster: flannelCluster(flannelPods: false))
        let flow = try engine.flow(.nodePort, target: "web", request: 0, options: FlowOptions(entryNode: "n0"))
        let masqueraded = try #require(flow.hops.first { $0.rewrite == .masquerade })
        #expect(masqueraded.packet.source.host == "192.168.5.10")
        #expect(masqueraded.packet.source.port != flow.hops[2].packet.source.port)
    }
}

@Suite struct BalancerFamilyTests {
    @Test func hostnameExternalIPIsResolvedNeverUsedAsADestination() throws {
        let cluster = flannelCluster {
            $0.externalIPs = []
            $0.externalHostnames = ["a1b2-123456.us-east-2.elb.amazonaws.com"]
        }
        let flow = try FlowEngine(cluster: cluster).flow(.loadBalancer, target: "web")
        #expect(!flow.hops.contains { $0.packet.destination.host.contains("amazonaws") })
        #expect(flow.hops.contains { $0.rewrite == .dnsAnswer && $0.sentence.contains("CNAME") })
        // A Classic ELB proxies: the node sees the balancer's address, not the client's.
        let handOver = try #require(flow.hops.first { $0.from == .externalLoadBalancer && !$0.isReply })
        #expect(handOver.rewrite == .proxy)
        #expect(handOver.packet.source.host != Illustrative.clientIP)
        #expect(handOver.actor == .loadBalancer(.proxy))
        #expect(flow.assumptions.contains { $0.contains("Classic ELB") && $0.contains("inferred") })
    }

    @Test func networkLoadBalancerHostnameForwardsToTheNodePortKeepingTheClient() throws {
        let cluster = flannelCluster {
            $0.externalIPs = []
            $0.externalHostnames = ["web-0123abcd.elb.us-east-2.amazonaws.com"]
        }
        let flow = try FlowEngine(cluster: cluster).flow(.loadBalancer, target: "web")
        let handOver = try #require(flow.hops.first { $0.from == .externalLoadBalancer && !$0.isReply })
        #expect(handOver.actor == .loadBalancer(.nodePortForwarding))
        #expect(handOver.packet.source.host == Illustrative.clientIP)
        #expect(handOver.packet.destination.port == 30080)
    }

    @Test func ipModeProxyIsReadFromTheInput() throws {
        let cluster = flannelCluster { $0.loadBalancerIPMode = "Proxy" }
        let flow = try FlowEngine(cluster: cluster).flow(.loadBalancer, target: "web")
        let handOver = try #require(flow.hops.first { $0.from == .externalLoadBalancer && !$0.isReply })
        #expect(handOver.actor == .loadBalancer(.proxy))
        #expect(handOver.rewrites.first?.provenance == .input("status.loadBalancer.ingress[].ipMode: Proxy"))
    }

    @Test func serviceLBExternalIPsThatAreNodeIPsAreK3sServiceLB() throws {
        let cluster = flannelCluster { $0.externalIPs = [IPAddress("192.168.5.10"), IPAddress("192.168.5.11")].compactMap { $0 } }
        let flow = try FlowEngine(cluster: cluster).flow(.loadBalancer, target: "web")
        #expect(flow.assumptions.contains { $0.contains("k3s ServiceLB") })
        // No balancer in the path: the user's packet reaches the node owning the first EXTERNAL-IP.
        let arrival = try #require(flow.hops.first { $0.from == .user && $0.to != .dns })
        #expect(arrival.to == .kubeProxy(node: "n0"))
        #expect(arrival.packet.destination == SocketAddress(host: "192.168.5.10", port: 80))
    }
}

extension Place {
    fileprivate var node: String? {
        if case .kubeProxy(let node) = self { return node }
        return nil
    }
}
