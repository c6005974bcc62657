import ClusterModel
import FlowEngine
import ModelBuilders
import ProxyRules
import Testing

/// The flow's dataplane: chosen, detected from the input, or assumed; and what each one shows.
@Suite struct ProxyModeTests {
    static func cluster(ciliumWithoutKubeProxy: Bool) -> Cluster {
        var pods = [
            pod("client", ip: "10.244.1.9", node: "node-a"),
            pod("web-1", ip: "10.244.1.5", node: "node-a", labels: ["app": "web"]),
            pod("coredns-6d4b75cb6d-2hx7m", ns: "kube-system", ip: "10.244.1.2", node: "node-a"),
        ]
        pods.append(
            ciliumWithoutKubeProxy
                ? pod("cilium-x7k2p", ns: "kube-system", ip: "10.0.0.5", node: "node-a")
                : pod("kube-proxy-x7k2p", ns: "kube-system", ip: "10.0.0.5", node: "node-a"))
        let services = [
            service("web", clusterIP: "10.96.0.20", ports: [ServicePort(port: 80)], selector: ["app": "web"])
        ]
        return Cluster(
            resources: resources(
                nodes: [node("node-a", "10.0.0.5")], pods: pods, services: services,
                endpoints: [endpoints("web", ["10.244.1.5:80"])]))
    }

    static func flow(_ cluster: Cluster, mode: Dataplane? = nil) throws -> Flow {
        try FlowEngine(cluster: cluster).flow(
            .clusterIP, target: "default/web", request: 0,
            options: FlowOptions(clientPod: "default/client", proxyMode: mode))
    }

    @Test func withoutAWordIptablesIsAssumedAndSaidSo() throws {
        let flow = try Self.flow(Self.cluster(ciliumWithoutKubeProxy: false))
        #expect(flow.proxyMode?.mode == .iptables)
        #expect(flow.proxyMode?.source == .assumed)
        #expect(flow.assumptions.contains { $0.hasPrefix("assumed iptables: kube-proxy's mode is not in the input") })
        #expect(flow.hops.contains { $0.rules.contains { $0.rule.dataplane == .iptables } })
    }

    @Test func ciliumAgentsWithoutKubeProxyMeanNoKubeRules() throws {
        let flow = try Self.flow(Self.cluster(ciliumWithoutKubeProxy: true))
        #expect(flow.proxyMode?.mode == .ebpf)
        #expect(flow.proxyMode?.source == .detected)
        #expect(flow.hops.allSatisfy { $0.rules.isEmpty })
        let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
        #expect(dnat.details.contains { $0.hasPrefix("No KUBE-* rules exist on node-a: Cilium's kube-proxy replacement") })
        #expect(dnat.packet.destination.description == "10.244.1.5:80")
    }

    @Test func theOptionWinsOverDetection() throws {
        let flow = try Self.flow(Self.cluster(ciliumWithoutKubeProxy: true), mode: .iptables)
        #expect(flow.proxyMode?.mode == .iptables)
        #expect(flow.proxyMode?.source == .option)
        #expect(flow.hops.contains { !$0.rules.isEmpty })
    }

    @Test func aPodToPodFlowHasNoProxyMode() throws {
        let flow = try FlowEngine(cluster: Self.cluster(ciliumWithoutKubeProxy: false)).flow(
            .podToPod, target: "default/client,default/web-1")
        #expect(flow.proxyMode == nil)
    }

    @Test func modeNamesAreKubeProxys() {
        #expect(ProxyModeChoice.mode(named: "IPTables") == .iptables)
        #expect(ProxyModeChoice.mode(named: "ebpf") == nil)
        #expect(ProxyModeChoice.mode(named: "userspace") == nil)
    }
}
