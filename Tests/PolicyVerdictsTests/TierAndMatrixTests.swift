import ClusterModel
import KubeText
import PolicyVerdicts
import Testing

@Suite struct TierAndMatrixTests {
    typealias R = Recipes

    static let allowWeb = """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web-open, namespace: default}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress: [{}]
    ---

    """

    @Test func adminDenyOverridesNetworkPolicyAllow() {
        let engine = R.engine(Self.allowWeb + """
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: block-other}
        spec:
          tier: Admin
          priority: 5
          subject: {namespaces: {}}
          ingress:
          - {name: pass-ops, action: Pass, from: [{namespaces: {matchLabels: {team: operations}}}]}
          - {name: deny-rest, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}]}
        """)
        let denied = R.verdict(engine, "other/stranger", "default/web")
        #expect(!denied.allowed)
        #expect(denied.ingress?.decidedBy == .admin)
        #expect(denied.ingress?.deciding == [PolicyRuleRef(kind: .clusterNetworkPolicy, name: "block-other", ruleIndex: 1, ruleName: "deny-rest")])
        // Pass hands ops to the NetworkPolicy tier, which allows everything into web.
        let passed = R.verdict(engine, "ops/shell", "default/web")
        #expect(passed.allowed)
        #expect(passed.ingress?.decidedBy == .networkPolicy)
        #expect(passed.ingress?.steps.first?.outcome == .passed)
    }

    @Test func baselineAppliesOnlyWhereNoNetworkPolicyIsolates() {
        let engine = R.engine(Self.allowWeb + """
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: BaselineAdminNetworkPolicy
        metadata: {name: default}
        spec:
          subject: {namespaces: {}}
          ingress: [{action: Deny, from: [{namespaces: {}}]}]
        """)
        #expect(R.verdict(engine, "ops/shell", "default/web").allowed, "web is isolated by its NetworkPolicy, which allows all")
        let db = R.verdict(engine, "ops/shell", "default/db")
        #expect(!db.allowed)
        #expect(db.ingress?.decidedBy == .baseline)
    }

    @Test func tableOnlyPolicyIsUnknownAndNamesTheCommand() {
        let engine = PolicyEngine(resources: KubeText.parse(R.cluster + "---\n" + "").resources.merged(with: KubeText.parse("""
            NAMESPACE   NAME       POD-SELECTOR   AGE
            default     web-only   app=web        1d
            """).resources))
        let verdict = R.verdict(engine, "default/db", "default/web")
        #expect(verdict.verdict == .unknown)
        #expect(!verdict.allowed)
        #expect(verdict.ingress?.notes.contains { $0.contains("kubectl get netpol web-only -n default -o yaml") } == true)
    }

    @Test func matrixGroupsPodsAndAgreesWithPairs() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-from-ops, namespace: default}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{from: [{namespaceSelector: {matchLabels: {team: operations}}}], ports: [{port: http}]}]
        """)
        let port = PortQuery(port: 8080)
        let matrix = engine.matrix(port: port)
        #expect(matrix.groups.count == engine.resources.pods.count, "every test pod has its own label set")
        for (from, source) in matrix.groups.enumerated() {
            for (to, destination) in matrix.groups.enumerated() {
                let pair = R.verdict(engine, source.pods[0], destination.pods[0], 8080)
                #expect(matrix.combined(from, to) == pair.verdict, "\(source.pods[0]) → \(destination.pods[0])")
            }
        }
        let text = PolicyText.matrix(matrix)
        #expect(text.contains("Combined (both must allow)"))
    }

    @Test func identicalPodsShareAGroup() {
        var resources = Resources()
        for index in 0..<50 {
            var pod = Pod(key: ObjectKey(namespace: "shop", name: "api-\(index)"), status: "Running")
            pod.labels = ["app": "api"]
            pod.ips = [IPAddress("10.2.0.\(index + 1)")!]
            resources.upsert(pod)
        }
        var policy = NetworkPolicy(key: ObjectKey(namespace: "shop", name: "split"), podSelector: .everything)
        policy.ingress = [NetworkPolicyRule(peers: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: IPRange("10.2.0.0/28")!))])]
        resources.upsert(policy)
        let matrix = PolicyEngine(resources: resources).matrix(port: PortQuery(port: 80))
        // 10.2.0.1–15 are inside the /28, the rest outside: two groups, not fifty.
        #expect(matrix.groups.map(\.pods.count).sorted() == [15, 35])
    }
}

extension Resources {
    func merged(with other: Resources) -> Resources {
        var copy = self
        copy.merge(other)
        return copy
    }
}
