import ClusterModel
import ModelBuilders
import Testing

@testable import FlowEngine

private func cluster(extraPods: [Pod] = [], services extra: [Service] = [], dnsEndpoints: [String]? = ["10.244.0.3:53"])
    -> Cluster
{
    let nodes = [node("n0", "192.168.5.10"), node("n1", "192.168.5.11")]
    let pods = [
        pod("web-a", ns: "shop", ip: "10.244.0.5", node: "n0", labels: ["app": "web"]),
        pod("client", ns: "shop", ip: "10.244.1.9", node: "n1", labels: ["app": "client"]),
    ] + extraPods
    let dns = service(
        "kube-dns", ns: "kube-system", clusterIP: "10.96.0.10", ports: [ServicePort(name: "dns", port: 53, protocol: "UDP")],
        selector: ["k8s-app": "kube-dns"])
    let web = service("web", ns: "shop", clusterIP: "10.96.0.20", selector: ["app": "web"])
    var sets = [endpoints("web", ns: "shop", ["10.244.0.5:80"])]
    if let dnsEndpoints { sets.append(endpoints("kube-dns", ns: "kube-system", dnsEndpoints)) }
    return Cluster(resources: resources(nodes: nodes, pods: pods, services: [dns, web] + extra, endpoints: sets))
}

@Suite struct InClusterFactsTests {
    /// CoreDNS answers a CNAME and the target's ClusterIP; kube-proxy then DNATs as for any ClusterIP.
    @Test func externalNameToAnInClusterNameContinuesThroughKubeProxy() throws {
        var alias = service("shop-alias", ns: "shop", type: .externalName, clusterIP: nil, selector: nil)
        alias.externalName = "web.shop.svc.cluster.local"
        let flow = try FlowEngine(cluster: cluster(services: [alias])).flow(.externalName, target: "shop-alias")
        let answer = try #require(flow.hops.first { $0.rewrite == .dnsAnswer })
        #expect(answer.sentence.contains("CNAME web.shop.svc.cluster.local, 10.96.0.20"))
        // Packets carry only the address; the HTTP Host header and TLS SNI still carry the alias's name.
        #expect(answer.sentence.contains("Host header and TLS SNI still carry shop-alias.shop.svc.cluster.local"))
        #expect(!flow.hops.contains { $0.packet.destination.host.contains("svc.cluster.local") })
        let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
        #expect(dnat.packet.destination.description == "10.244.0.5:80")
        #expect(flow.failure == nil)
    }

    @Test func externalNameOutsideTheClusterIsNotProxied() throws {
        var alias = service("docs", ns: "shop", type: .externalName, clusterIP: nil, selector: nil)
        alias.externalName = "docs.example.org"
        let flow = try FlowEngine(cluster: cluster(services: [alias])).flow(.externalName, target: "docs")
        #expect(!flow.hops.contains { $0.rewrite == .dnat })
        #expect(flow.hops.contains { $0.to == .externalHost("docs.example.org") })
    }

    /// kube-dns known to have no endpoints: the query fails, and no hop claims CoreDNS answered.
    @Test func dnsWithoutEndpointsFailsAtTheQuery() throws {
        let flow = try FlowEngine(cluster: cluster(dnsEndpoints: [])).flow(.clusterIP, target: "shop/web")
        #expect(!flow.hops.contains { $0.rewrite == .dnsAnswer })
        let failure = try #require(flow.hops.first?.failure)
        #expect(failure.kind == .rejected)
        #expect(flow.hops.count == 1)
    }

    /// A hostNetwork caller: nat OUTPUT, masqueraded by KUBE-SVC's `! -s <cluster CIDR>` rule, and the
    /// dnsPolicy it needs is named.
    @Test func hostNetworkCallerIsMasqueradedAndNeedsClusterFirstWithHostNet() throws {
        var agent = pod("node-agent", ns: "shop", ip: "192.168.5.11", node: "n1")
        agent.hostNetwork = true
        let flow = try FlowEngine(cluster: cluster(extraPods: [agent])).flow(
            .clusterIP, target: "shop/web", request: 0, options: FlowOptions(clientPod: "shop/node-agent"))
        #expect(flow.assumptions.contains { $0.contains("ClusterFirstWithHostNet") })
        let walk = flow.hops.flatMap(\.matchedRules)
        #expect(walk.first?.rule.chain == "OUTPUT" && walk.first?.rule.text.hasSuffix("-j KUBE-SERVICES") == true)
        #expect(walk.contains { $0.rule.text.contains("! -s ") && $0.rule.text.hasSuffix("-j KUBE-MARK-MASQ") })
        #expect(flow.hops.contains { $0.rewrite == .masquerade })
    }

    /// An IPv6-only service is asked for with AAAA and called from the pod's IPv6 address.
    @Test func ipv6ServiceIsCalledOverIPv6() throws {
        let nodes = [node("n0", "fd00::10")]
        let pods = [
            pod("web-a", ip: "fd00:10:244::5", node: "n0", labels: ["app": "web"]),
            pod("client", ip: "fd00:10:244::9", node: "n0", labels: ["app": "client"]),
            pod("coredns-1", ns: "kube-system", ip: "fd00:10:244::3", node: "n0", labels: ["k8s-app": "kube-dns"]),
        ]
        let dns = service("kube-dns", ns: "kube-system", clusterIP: "fd00:10:96::a", selector: ["k8s-app": "kube-dns"])
        let web = service("web", clusterIP: "fd00:10:96::20", selector: ["app": "web"])
        let flow = try FlowEngine(
            cluster: Cluster(
                resources: resources(
                    nodes: nodes, pods: pods, services: [dns, web]))
        ).flow(.clusterIP, target: "default/web")
        try #require(flow.hops.count > 2)
        #expect(flow.hops[0].packet.destination.host == "fd00:10:96::a")
        #expect(flow.hops[1].sentence.contains("AAAA"))
        let call = try #require(flow.hops.first { $0.to == .clusterIP(service: web.key) })
        #expect(call.packet.source.host == "fd00:10:244::9")
        #expect(call.packet.destination.description == "[fd00:10:96::20]:80")
    }
}
