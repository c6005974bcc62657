import ClusterModel
import KubeText
import PolicyVerdicts
import Testing

/// Which pods a policy isolates, per direction, and the details panel's words for a pod's policies.
@Suite struct PodIsolationTests {
    static func pod(_ engine: PolicyEngine, _ name: String) -> PolicyEndpoint {
        .pod(engine.resources.pods.first { "\($0.key.effectiveNamespace)/\($0.name)" == name }!)
    }

    @Test("isolated per listed type; a table-only policy or unshown labels make it unknown; host network never")
    func isolation() {
        let engine = Recipes.engine("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-in, namespace: default}
            spec: {podSelector: {matchLabels: {app: web}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-out, namespace: default}
            spec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Egress]}

            """, extra: "NAMESPACE   NAME     POD-SELECTOR   AGE\nops         locked   app=shell      1d\n")
        #expect(engine.isolation(of: Self.pod(engine, "default/web")) == PodIsolation(ingress: .isolated, egress: .open))
        #expect(engine.isolation(of: Self.pod(engine, "default/db")) == PodIsolation(ingress: .open, egress: .isolated))
        #expect(engine.isolation(of: Self.pod(engine, "default/foo")).isOpen)
        #expect(engine.isolation(of: Self.pod(engine, "ops/shell")) == PodIsolation(ingress: .unknown, egress: .unknown))
        #expect(engine.isolation(of: Self.pod(engine, "ops/monitor")).isOpen, "the table policy does not select it")
        #expect(engine.isolation(of: Self.pod(engine, "kube-system/calico-node-abcde")).isOpen)
        var unlabelled = Self.pod(engine, "default/foo")
        unlabelled.labels = nil
        #expect(engine.isolation(of: unlabelled) == PodIsolation(ingress: .unknown, egress: .unknown))
        let text = PodPolicyText.lines(engine, pod: Self.pod(engine, "ops/shell"), width: 200).joined(separator: "\n")
        #expect(text.contains("ops/locked: rules not in the input (kubectl get networkpolicy locked -n ops -o yaml)"))
    }

    @Test("the words for each rule: peers ANDed, a lone pod selector in the policy's namespace, ports, cluster policies")
    func words() {
        let engine = Recipes.engine("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: default}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress, Egress]
              ingress:
              - from: [{namespaceSelector: {matchLabels: {team: operations}}, podSelector: {matchLabels: {type: monitoring}}}]
                ports: [{port: 9000, endPort: 9100}]
              - {}
            ---
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: admin-deny}
            spec:
              tier: Admin
              priority: 5
              subject: {namespaces: {}}
              ingress: [{name: no-other, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}]}]
            """)
        let lines = PodPolicyText.lines(engine, pod: Self.pod(engine, "default/web"), width: 200)
        #expect(lines.first == "NetworkPolicy: ingress isolated, egress isolated.")
        #expect(lines.contains("    ingress 0: from pods type=monitoring in namespaces team=operations on 9000-9100/TCP"))
        #expect(lines.contains("    ingress 1: from anywhere on any port"))
        #expect(lines.contains("    egress: nothing allowed"))
        #expect(lines.contains { $0.contains("Admin ClusterNetworkPolicy admin-deny (priority 5)") })
        #expect(lines.contains { $0.contains("ingress no-other: Deny from namespaces kubernetes.io/metadata.name=other") })
        let open = PodPolicyText.lines(engine, pod: Self.pod(engine, "ops/monitor"))
        #expect(open.contains { $0.contains("Admin ClusterNetworkPolicy admin-deny") }, "the Admin tier selects every pod")
    }
}
