import ClusterModel
import Foundation
import KubeText
import PolicyVerdicts
import Testing

@testable import FlowEngine

/// NetworkPolicy verdicts on flow hops: a small cluster in YAML (Calico, so policies are enforced) with
/// namespaces shop (team=shop) and tools, pods api (app=api, port http=8080) in shop on n2, front
/// (app=front) in shop on n1, probe in tools on n1; services shop/api (ClusterIP, targetPort http) and
/// shop/api-np (NodePort 30080).
enum PolicyFlowCluster {
    static let base = """
    apiVersion: v1
    kind: List
    items:
    - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {team: shop}}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: tools}}
    - apiVersion: v1
      kind: Node
      metadata: {name: n1}
      spec: {podCIDR: 10.244.1.0/24}
      status: {addresses: [{type: InternalIP, address: 10.0.0.1}], conditions: [{type: Ready, status: "True"}]}
    - apiVersion: v1
      kind: Node
      metadata: {name: n2}
      spec: {podCIDR: 10.244.2.0/24}
      status: {addresses: [{type: InternalIP, address: 10.0.0.2}], conditions: [{type: Ready, status: "True"}]}
    - apiVersion: v1
      kind: Pod
      metadata: {name: api-1, namespace: shop, labels: {app: api}}
      spec: {nodeName: n2, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
      status: {phase: Running, podIP: 10.244.2.10, conditions: [{type: Ready, status: "True"}]}
    - apiVersion: v1
      kind: Pod
      metadata: {name: front-1, namespace: shop, labels: {app: front}}
      spec: {nodeName: n1, containers: [{name: c}]}
      status: {phase: Running, podIP: 10.244.1.10, conditions: [{type: Ready, status: "True"}]}
    - apiVersion: v1
      kind: Pod
      metadata: {name: probe-1, namespace: tools, labels: {app: probe}}
      spec: {nodeName: n1, containers: [{name: c}]}
      status: {phase: Running, podIP: 10.244.1.20, conditions: [{type: Ready, status: "True"}]}
    - apiVersion: v1
      kind: Pod
      metadata: {name: calico-node-x1, namespace: kube-system}
      spec: {nodeName: n1, hostNetwork: true}
      status: {phase: Running, podIP: 10.0.0.1}
    - apiVersion: v1
      kind: Service
      metadata: {name: api, namespace: shop}
      spec:
        type: ClusterIP
        clusterIP: 10.96.0.50
        selector: {app: api}
        ports: [{name: web, port: 80, targetPort: http}]
    - apiVersion: v1
      kind: Service
      metadata: {name: api-np, namespace: shop}
      spec:
        type: NodePort
        clusterIP: 10.96.0.51
        externalTrafficPolicy: ETP
        selector: {app: api}
        ports: [{name: web, port: 80, targetPort: 8080, nodePort: 30080}]

    """

    static func engine(_ policies: String, etp: String = "Cluster") -> FlowEngine {
        let text = base.replacingOccurrences(of: "ETP", with: etp) + "---\n" + policies
        let parsed = KubeText.parse(text)
        return FlowEngine(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics))
    }

    static func clusterIP(_ engine: FlowEngine, from client: String) throws -> Flow {
        try engine.flow(.clusterIP, target: "shop/api", request: 0, options: FlowOptions(clientPod: client))
    }

    static let denyAllIngress = """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny-all, namespace: shop}
    spec: {podSelector: {}, policyTypes: [Ingress]}
    """
}

@Suite struct PolicyFlowTests {
    typealias C = PolicyFlowCluster

    private func verdicts(_ flow: Flow) -> [HopPolicyVerdict] { flow.hops.flatMap(\.policy) }

    @Test func denyAllIngressStopsAClusterIPFlowAtThePod() throws {
        let flow = try C.clusterIP(C.engine(C.denyAllIngress), from: "shop/front-1")
        let last = try #require(flow.hops.last)
        #expect(last.to == .pod(ObjectKey(namespace: "shop", name: "api-1")))
        #expect(last.failure?.kind == .dropped)
        #expect(last.failure?.reason.contains("NetworkPolicy shop/deny-all") == true)
        #expect(last.failure?.reason.contains("pods labelled app=front in namespace shop") == true)
        #expect(flow.replyHops.isEmpty, "a dropped request has no reply")
        let ingress = try #require(last.policy.first { $0.direction == .ingress })
        #expect(ingress.verdict == .denied)
        #expect(ingress.tier == .networkPolicy)
        #expect(ingress.deciding.map(\.name) == ["shop/deny-all"])
        #expect(ingress.port == "8080/TCP", "judged on the pod's port after DNAT, not the service port 80")
        #expect(ingress.peer == "shop/front-1")
        // Egress of front-1 is not isolated: allowed, with the sentence saying so.
        let egress = verdicts(flow).filter { $0.direction == .egress }
        #expect(!egress.isEmpty && egress.allSatisfy { $0.verdict == .allowed })
        #expect(egress.contains { $0.sentence.contains("no policy selects shop/front-1 for egress: allowed") })
    }

    @Test func allowFromNamespaceAllowsOnlyThatNamespacesCaller() throws {
        let engine = C.engine(
            C.denyAllIngress + """

            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-shop, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {team: shop}}}]
            """)
        let inside = try C.clusterIP(engine, from: "shop/front-1")
        #expect(inside.failure == nil)
        #expect(!inside.replyHops.isEmpty)
        let allowed = try #require(verdicts(inside).first { $0.direction == .ingress })
        #expect(allowed.verdict == .allowed)
        #expect(allowed.deciding == [PolicyRuleRef(kind: .networkPolicy, name: "shop/allow-shop", ruleIndex: 0)])

        let outside = try C.clusterIP(engine, from: "tools/probe-1")
        #expect(outside.hops.last?.failure?.kind == .dropped)
        let denied = try #require(verdicts(outside).first { $0.direction == .ingress })
        #expect(denied.verdict == .denied)
        #expect(Set(denied.deciding.map(\.name)) == ["shop/deny-all", "shop/allow-shop"])
    }

    @Test func egressDenyWithDNSAllowedStopsAtTheSource() throws {
        let engine = C.engine(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: egress-dns-only, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
            """)
        let flow = try C.clusterIP(engine, from: "shop/front-1")
        let dns = try #require(flow.hops.first { $0.to == .dns })
        #expect(dns.policy.first?.verdict == .allowed, "the DNS query is allowed by rule 0")
        #expect(dns.policy.first?.deciding.first?.ruleIndex == 0)
        let last = try #require(flow.hops.last)
        #expect(last.from == .pod(ObjectKey(namespace: "shop", name: "front-1")))
        #expect(last.failure?.kind == .dropped)
        let egress = try #require(last.policy.first)
        #expect(egress.direction == .egress)
        #expect(egress.verdict == .denied)
        #expect(egress.peer == "shop/api-1", "judged against the pod kube-proxy would choose, not the ClusterIP")
        #expect(!flow.hops.contains { $0.to == .pod(ObjectKey(namespace: "shop", name: "api-1")) })
    }

    @Test func namedPortResolvesOnTheDestinationPod() throws {
        func engine(_ port: String) -> FlowEngine {
            C.engine(
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: api-http, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: api}}
                  ingress: [{ports: [{port: \(port)}]}]
                """)
        }
        let named = try C.clusterIP(engine("http"), from: "tools/probe-1")
        #expect(named.failure == nil)
        #expect(verdicts(named).first { $0.direction == .ingress }?.verdict == .allowed)
        let otherName = try C.clusterIP(engine("metrics"), from: "tools/probe-1")
        #expect(otherName.hops.last?.failure?.kind == .dropped)
        let number = try C.clusterIP(engine("8080"), from: "tools/probe-1")
        #expect(number.failure == nil)
    }

    static let allowClient = """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: allow-clients, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress: [{from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]
    """

    @Test func nodePortClusterPolicySeesTheNodeNotTheClient() throws {
        let engine = C.engine(Self.allowClient, etp: "Cluster")
        let flow = try engine.flow(.nodePort, target: "shop/api-np", request: 0, options: FlowOptions(entryNode: "n1"))
        let last = try #require(flow.hops.last)
        #expect(last.failure?.kind == .dropped)
        let ingress = try #require(last.policy.first)
        #expect(ingress.peer == "node n1 (10.0.0.1)", "SNATed to the entry node's address")
        #expect(ingress.verdict == .denied)
        #expect(last.failure?.reason.contains("externalTrafficPolicy Local keeps the client's address") == true)
    }

    @Test func nodePortLocalKeepsTheClientAddress() throws {
        let engine = C.engine(Self.allowClient, etp: "Local")
        let flow = try engine.flow(.nodePort, target: "shop/api-np", request: 0, options: FlowOptions(entryNode: "n2"))
        #expect(flow.failure == nil)
        let ingress = try #require(verdicts(flow).first { $0.direction == .ingress })
        #expect(ingress.verdict == .allowed)
        #expect(ingress.peer.hasPrefix("203.0.113."))
        #expect(ingress.deciding.first?.name == "shop/allow-clients")
    }

    @Test func noPoliciesNoVerdicts() throws {
        let flow = try C.clusterIP(C.engine(""), from: "shop/front-1")
        #expect(verdicts(flow).isEmpty)
        #expect(!flow.assumptions.contains { $0.hasPrefix("NetworkPolicy:") })
    }

    @Test func rulesFromATableAreUnknownAndNameTheCommand() throws {
        let engine = C.engine(
            "", etp: "Cluster"
        )
        // A `kubectl get netpol -A` table: names and selectors only.
        let table = KubeText.parse("NAMESPACE   NAME       POD-SELECTOR   AGE\nshop        api-only   app=api        3d\n")
        var resources = engine.cluster.resources
        resources.merge(table.resources)
        let withTable = FlowEngine(cluster: Cluster(resources: resources))
        let flow = try C.clusterIP(withTable, from: "shop/front-1")
        let ingress = try #require(verdicts(flow).first { $0.direction == .ingress })
        #expect(ingress.verdict == .unknown)
        #expect(ingress.sentence.contains("kubectl get netpol -A -o yaml"))
        #expect(flow.failure == nil, "unknown is not a claim that it fails")
    }

    @Test func plainFlannelMeansPoliciesHaveNoEffect() throws {
        let flannel = C.base.replacingOccurrences(of: "calico-node-x1", with: "kube-flannel-ds-x1")
            .replacingOccurrences(of: "ETP", with: "Cluster")
        let parsed = KubeText.parse(flannel + "---\n" + C.denyAllIngress)
        let engine = FlowEngine(cluster: Cluster(resources: parsed.resources))
        let flow = try C.clusterIP(engine, from: "shop/front-1")
        #expect(flow.failure == nil)
        let ingress = try #require(verdicts(flow).first { $0.direction == .ingress })
        #expect(ingress.verdict == .allowed)
        #expect(ingress.policyVerdict == .denied)
        #expect(ingress.sentence.contains("no effect"))
    }

    @Test func explainTextAndJSONCarryTheVerdict() throws {
        let flow = try C.clusterIP(C.engine(C.denyAllIngress), from: "shop/front-1")
        let text = FlowText.render(flow)
        #expect(text.contains("    policy: ingress of shop/api-1 from shop/front-1 on 8080/TCP: isolated for ingress"))
        #expect(text.contains("    ✗ dropped by policy (ingress of shop/api-1)"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(
            try JSONSerialization.jsonObject(with: encoder.encode(FlowDocument(flow))) as? [String: Any])
        let hops = try #require(json["hops"] as? [[String: Any]])
        let last = try #require(hops.last?["policy"] as? [[String: Any]])
        #expect(last.first?["verdict"] as? String == "denied")
        #expect(last.first?["direction"] as? String == "Ingress")
        let deciding = try #require(last.first?["deciding"] as? [[String: Any]])
        #expect(deciding.first?["name"] as? String == "shop/deny-all")
        #expect(hops.last?["failureKind"] as? String == "dropped")
        // Without policies the field is absent, as before.
        let plain = try JSONSerialization.jsonObject(
            with: encoder.encode(FlowDocument(try C.clusterIP(C.engine(""), from: "shop/front-1")))) as? [String: Any]
        #expect((plain?["hops"] as? [[String: Any]])?.allSatisfy { $0["policy"] == nil } == true)
    }
}
