import ClusterModel
import FlowEngine
import KubeText
import Testing

/// EndpointSlices decide which endpoints kube-proxy writes on a node: zone hints narrow the chain,
/// and with no ready endpoint the serving, terminating ones are used (kube-proxy 1.28+).
@Suite struct TopologyFlowTests {
    static func cluster(endpoints: String, distribution: String = "") -> Cluster {
        let yaml = """
            apiVersion: v1
            kind: Node
            metadata: {name: node-a, labels: {topology.kubernetes.io/zone: zone-a}}
            status: {addresses: [{type: InternalIP, address: 192.168.0.1}], nodeInfo: {kubeletVersion: v1.33.1}}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: node-b, labels: {topology.kubernetes.io/zone: zone-b}}
            status: {addresses: [{type: InternalIP, address: 192.168.0.2}], nodeInfo: {kubeletVersion: v1.33.1}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: shop, labels: {app: client}}
            spec: {nodeName: node-a}
            status: {podIP: 10.244.1.9, phase: Running}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              clusterIP: 10.96.0.20
              ports: [{name: http, port: 80, targetPort: 8080}]
              selector: {app: web}
            \(distribution)
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-abc12, namespace: shop, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            ports: [{name: http, port: 8080, protocol: TCP}]
            endpoints:
            \(endpoints)
            """
        let parsed = KubeText.parse(yaml, source: "topology.yaml")
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    static func endpoint(_ ip: String, node: String, ready: Bool, terminating: Bool = false, hint: String? = nil)
        -> String
    {
        let hints = hint.map { "\n  hints: {forZones: [{name: \($0)}]}" } ?? ""
        return """
            - addresses: ["\(ip)"]
              conditions: {ready: \(ready), serving: true, terminating: \(terminating)}
              nodeName: \(node)\(hints)
            """
    }

    static func destinations(_ cluster: Cluster) throws -> Set<String> {
        let engine = FlowEngine(cluster: cluster)
        return try Set((0..<16).compactMap {
            try engine.flow(.clusterIP, target: "shop/web", request: $0, options: FlowOptions(clientPod: "shop/client"))
                .hops.first { $0.rewrite == .dnat }?.packet.destination.host
        })
    }

    @Test func noReadyEndpointFallsBackToServingTerminatingOnes() throws {
        let cluster = Self.cluster(
            endpoints: Self.endpoint("10.244.2.7", node: "node-b", ready: false, terminating: true))
        let flow = try FlowEngine(cluster: cluster).flow(
            .clusterIP, target: "shop/web", request: 0, options: FlowOptions(clientPod: "shop/client"))
        #expect(flow.failure == nil)
        let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
        #expect(dnat.packet.destination.description == "10.244.2.7:8080")
        #expect(dnat.details.contains { $0.contains("serving but terminating") })
    }

    /// trafficDistribution that narrows nothing says why (kube-proxy uses hints only when every ready
    /// endpoint has one and one names the caller's zone), instead of silently using every endpoint.
    @Test func aDistributionThatNarrowsNothingSaysWhy() throws {
        func dnatDetails(_ endpoints: String) throws -> [String] {
            let cluster = Self.cluster(endpoints: endpoints, distribution: "  trafficDistribution: PreferSameZone")
            let flow = try FlowEngine(cluster: cluster).flow(
                .clusterIP, target: "shop/web", request: 0, options: FlowOptions(clientPod: "shop/client"))
            return try #require(flow.hops.first { $0.rewrite == .dnat }).details
        }
        let a = Self.endpoint("10.244.1.5", node: "node-a", ready: true)
        let b = Self.endpoint("10.244.2.7", node: "node-b", ready: true)
        let none = try dnatDetails(a + "\n" + b)
        #expect(none.contains { $0.contains("narrowed nothing") && $0.contains("kubectl get endpointslices") })
        #expect(none.contains { $0.contains("all 2 ready endpoints") })
        let half = try dnatDetails(Self.endpoint("10.244.1.5", node: "node-a", ready: true, hint: "zone-a") + "\n" + b)
        #expect(half.contains { $0.contains("1 of 2 ready endpoints have no hint") })
        let elsewhere = try dnatDetails(
            Self.endpoint("10.244.1.5", node: "node-a", ready: true, hint: "zone-b") + "\n"
                + Self.endpoint("10.244.2.7", node: "node-b", ready: true, hint: "zone-b"))
        #expect(elsewhere.contains { $0.contains("no ready endpoint is hinted for zone zone-a") })
        // Without trafficDistribution there is nothing to explain.
        let plain = Self.cluster(endpoints: a + "\n" + b)
        let flow = try FlowEngine(cluster: plain).flow(
            .clusterIP, target: "shop/web", request: 0, options: FlowOptions(clientPod: "shop/client"))
        #expect(!(try #require(flow.hops.first { $0.rewrite == .dnat })).details.contains { $0.contains("narrowed") })
    }

    @Test func terminatingEndpointIsNotUsedWhileAnotherIsReady() throws {
        let cluster = Self.cluster(
            endpoints: Self.endpoint("10.244.1.5", node: "node-a", ready: true) + "\n"
                + Self.endpoint("10.244.2.7", node: "node-b", ready: false, terminating: true))
        #expect(try Self.destinations(cluster) == ["10.244.1.5"])
    }

    @Test func zoneHintsKeepConnectionsInTheCallersZone() throws {
        let endpoints =
            Self.endpoint("10.244.1.5", node: "node-a", ready: true, hint: "zone-a") + "\n"
            + Self.endpoint("10.244.2.7", node: "node-b", ready: true, hint: "zone-b")
        let hinted = Self.cluster(endpoints: endpoints, distribution: "  trafficDistribution: PreferSameZone")
        #expect(try Self.destinations(hinted) == ["10.244.1.5"])
        let flow = try FlowEngine(cluster: hinted).flow(
            .clusterIP, target: "shop/web", request: 0, options: FlowOptions(clientPod: "shop/client"))
        #expect(flow.hops.contains { $0.details.contains { $0.contains("hinted 1 of 2 endpoints for zone zone-a") } })
        // Without hints both zones are used.
        let plain = Self.cluster(
            endpoints: Self.endpoint("10.244.1.5", node: "node-a", ready: true) + "\n"
                + Self.endpoint("10.244.2.7", node: "node-b", ready: true))
        #expect(try Self.destinations(plain) == ["10.244.1.5", "10.244.2.7"])
    }
}
