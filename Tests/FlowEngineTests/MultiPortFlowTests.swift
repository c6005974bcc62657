import ClusterModel
import FlowEngine
import KubeText
import Testing

/// Each port of a multi-port service has its own chains: a connection to port 443 is DNATed to that
/// port's targetPort, never to another port's.
@Suite struct MultiPortFlowTests {
    static func cluster(targetPorts: (String, String)) -> Cluster {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: shop, labels: {app: client}}
            spec: {nodeName: node-a}
            status: {podIP: 10.244.1.9, phase: Running}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, namespace: shop, labels: {app: web}}
            spec:
              nodeName: node-a
              containers:
              - name: web
                ports: [{name: web, containerPort: 8080}, {name: tls, containerPort: 8443}]
            status: {podIP: 10.244.1.5, phase: Running, conditions: [{type: Ready, status: "True"}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              clusterIP: 10.96.0.20
              ports:
              - {name: http, port: 80, targetPort: \(targetPorts.0)}
              - {name: https, port: 443, targetPort: \(targetPorts.1)}
              selector: {app: web}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-abc12, namespace: shop, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            ports: [{name: http, port: 8080, protocol: TCP}, {name: https, port: 8443, protocol: TCP}]
            endpoints:
            - addresses: ["10.244.1.5"]
              conditions: {ready: true}
              nodeName: node-a
              targetRef: {kind: Pod, name: web-1, namespace: shop}
            """
        let parsed = KubeText.parse(yaml, source: "multiport.yaml")
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    static func dnat(_ cluster: Cluster, port: String) throws -> Hop {
        let flow = try FlowEngine(cluster: cluster).flow(
            .clusterIP, target: "shop/web", request: 0, options: FlowOptions(clientPod: "shop/client", port: port))
        return try #require(flow.hops.first { $0.rewrite == .dnat })
    }

    @Test(arguments: [("8080", "8443"), ("web", "tls")])
    func eachPortGoesToItsOwnTargetPort(_ targets: (String, String)) throws {
        let cluster = Self.cluster(targetPorts: targets)
        let https = try Self.dnat(cluster, port: "443")
        #expect(https.packet.destination.description == "10.244.1.5:8443")
        #expect(https.matchedRuleTexts.contains { $0.contains("\"shop/web:https cluster IP\"") || $0.contains("shop/web:https") })
        #expect(https.matchedRuleTexts.last { $0.contains("-j DNAT") }?.hasSuffix("--to-destination 10.244.1.5:8443") == true)
        let http = try Self.dnat(cluster, port: "80")
        #expect(http.packet.destination.description == "10.244.1.5:8080")
        // Named ports give each port its own chain names.
        let chains = { (hop: Hop) in Set(hop.matchedRules.map(\.rule.chain).filter { $0.hasPrefix("KUBE-SVC-") }) }
        #expect(!chains(http).isEmpty && chains(http).isDisjoint(with: chains(https)))
    }
}
