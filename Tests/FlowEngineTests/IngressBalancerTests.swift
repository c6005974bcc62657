import ClusterModel
import ModelBuilders
import Testing

@testable import FlowEngine

/// The notes' ingress cluster with the controller's service made a LoadBalancer at 172.18.255.200 (the ingress's
/// ADDRESS), its balancer MetalLB (a speaker pod in the input) unless `ipMode` says otherwise.
private func balancedIngressCluster(ipMode: String? = nil) throws -> Cluster {
    var all = sixPodsCluster().resources
    var controller = try #require(all.service(ObjectKey(namespace: "ingress-nginx", name: "ingress-nginx-controller")))
    controller.type = .loadBalancer
    controller.externalIPs = [IPAddress("172.18.255.200")].compactMap { $0 }
    controller.loadBalancerIPMode = ipMode
    all.upsert(controller)
    var ingress = try #require(all.ingresses.first)
    ingress.addresses = ["172.18.255.200"]
    all.upsert(ingress)
    all.upsert(pod("metallb-speaker-x7k2p", ns: "metallb-system", ip: "10.100.11.12", node: "node-1"))
    return Cluster(resources: all)
}

/// An ingress controller behind a LoadBalancer service goes in and out as that balancer's kind does, as a
/// Gateway's proxy does (one reply step, `ExternalFlows.replyFromProxy`).
@Suite struct IngressBalancerTests {
    /// MetalLB routes the LB IP to a node unchanged: kube-proxy matches the LB IP itself, and on the way back the
    /// balancer has no NAT to undo (the old ingress flow DNATed to the NodePort and claimed an un-NAT).
    @Test func behindAVIPBalancerNothingIsTranslatedByTheBalancer() throws {
        let flow = try FlowEngine(cluster: balancedIngressCluster()).flow(.ingress, target: "web.example.com")
        #expect(flow.failure == nil)
        let handOver = try #require(flow.requestHops.first { $0.from == .externalLoadBalancer })
        #expect(handOver.actor == .loadBalancer(.virtualIP))
        #expect(handOver.to == .kubeProxy(node: "node-1"))
        #expect(handOver.packet.destination.description == "172.18.255.200:80")
        #expect(handOver.sentence.contains("MetalLB"))
        let back = try #require(flow.hops.last)
        #expect(back.isReply && back.from == .externalLoadBalancer && back.to == .user)
        #expect(back.actor == .loadBalancer(.virtualIP))
        #expect(back.rewrite == Rewrite.none)
        #expect(back.packet.source.description == "172.18.255.200:80")
        #expect(flow.assumptions.contains { $0.contains("The controller's load balancer is MetalLB") })
    }

    /// A proxying balancer (ipMode Proxy) opens its own connection to the NodePort and answers on the browser's.
    @Test func behindAProxyingBalancerTheBalancerAnswersOnItsOwnConnection() throws {
        let flow = try FlowEngine(cluster: balancedIngressCluster(ipMode: "Proxy")).flow(.ingress, target: "web")
        let handOver = try #require(flow.requestHops.first { $0.from == .externalLoadBalancer })
        #expect(handOver.to == .nodePort(node: "node-1", port: 30080))
        #expect(handOver.rewrite == .proxy)
        let back = try #require(flow.hops.last)
        #expect(back.actor == .loadBalancer(.proxy))
        #expect(back.rewrite == .unNAT)
        #expect(back.sentence.contains("copies the answer onto the browser's own connection"))
    }
}
