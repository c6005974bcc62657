import ClusterModel
import KubeText
import Testing

/// NetworkPolicy, namespace and ClusterNetworkPolicy input: YAML/JSON, tables, and what goes wrong in them.
@Suite("Policy input")
struct PolicyParsingTests {
    @Test("kubectl get netpol -A: names and pod selectors, rules unknown")
    func netpolTable() throws {
        let result = KubeText.parse("""
            NAMESPACE   NAME                   POD-SELECTOR                      AGE
            default     web-deny-all           app=web                           3d
            default     default-deny           <none>                            12d
            shop        api-allow              app=api,tier in (back,front)      5h
            shop        broken                 app==x,(                          5h
            """)
        let policies = result.resources.networkPolicies
        #expect(policies.map(\.name) == ["web-deny-all", "default-deny", "api-allow"])
        #expect(policies.allSatisfy { !$0.rulesKnown })
        #expect(policies[0].podSelector.matchLabels == ["app": "web"])
        #expect(policies[1].podSelector.isEmpty)
        #expect(policies[2].key.namespace == "shop")
        #expect(policies[2].podSelector.matchExpressions == [LabelRequirement(key: "tier", operator: .in, values: ["back", "front"])])
        #expect(policies[2].podSelector.matches(["app": "api", "tier": "front"]))
        #expect(!policies[2].podSelector.matches(["app": "api", "tier": "db"]))
        #expect(result.diagnostics.contains { $0.line == 5 && $0.message.contains("POD-SELECTOR") })
    }

    @Test("kubectl get ns --show-labels, and a plain namespaces table")
    func namespaceTable() {
        let result = KubeText.parse("""
            NAME          STATUS   AGE   LABELS
            default       Active   40d   kubernetes.io/metadata.name=default
            ops           Active   3d    kubernetes.io/metadata.name=ops,team=operations
            empty         Active   3d    <none>
            """)
        #expect(result.resources.namespaces.map(\.name) == ["default", "ops", "empty"])
        #expect(result.resources.namespace(named: "ops")?.labels?["team"] == "operations")
        #expect(result.resources.namespace(named: "empty")?.labels == [:])
        #expect(result.resources.namespace(named: "empty")?.effectiveLabels == ["kubernetes.io/metadata.name": "empty"])
        let plain = KubeText.parse("NAME     STATUS   AGE\nkube-system   Active   40d\n")
        #expect(plain.resources.namespaces.first?.labels == nil)
    }

    @Test("NetworkPolicy YAML: selectors, peers, ports, policyTypes")
    func networkPolicyYAML() throws {
        let result = KubeText.parse("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: test-network-policy, namespace: default}
            spec:
              podSelector: {matchLabels: {role: db}}
              policyTypes: [Ingress, Egress]
              ingress:
              - from:
                - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
                - namespaceSelector: {matchLabels: {project: myproject}}
                - podSelector: {matchLabels: {role: frontend}}
                ports: [{protocol: TCP, port: 6379}]
              egress:
              - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
                ports: [{protocol: TCP, port: 32000, endPort: 32768}, {port: metrics}]
            """)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(policy.policyTypes == [.ingress, .egress])
        #expect(policy.ingress[0].peers.count == 3)
        let block = try #require(policy.ingress[0].peers[0].ipBlock)
        #expect(block.contains(IPAddress("172.17.5.1")!))
        #expect(!block.contains(IPAddress("172.17.1.9")!))
        #expect(policy.ingress[0].peers[1].namespaceSelector?.matchLabels == ["project": "myproject"])
        #expect(policy.ingress[0].peers[1].podSelector == nil)
        #expect(policy.egress[0].ports == [NetworkPolicyPort(protocol: "TCP", port: .number(32000), endPort: 32768),
                                           NetworkPolicyPort(protocol: "TCP", port: .name("metrics"))])
        #expect(result.diagnostics.isEmpty)
    }

    @Test("policyTypes default: Ingress, plus Egress when egress rules exist")
    func defaultPolicyTypes() throws {
        let result = KubeText.parse("""
            {"kind": "NetworkPolicy", "metadata": {"name": "a", "namespace": "x"},
             "spec": {"podSelector": {}, "egress": [{"to": [{"podSelector": {}}]}]}}
            """)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(policy.declaredPolicyTypes == nil)
        #expect(policy.policyTypes == [.ingress, .egress])
    }

    @Test("broken policies fail closed and say why")
    func brokenPolicies() throws {
        let result = KubeText.parse("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: odd, namespace: default}
            spec:
              podSelector: {matchExpressions: [{key: app, operator: Near, values: [x]}]}
              ingress:
              - from: [{}, {ipBlock: {cidr: 300.1.2.3/8}}]
            """)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(!policy.podSelector.isValid)
        #expect(!policy.podSelector.matches(["app": "x"]))
        #expect(policy.ingress[0].peers.allSatisfy { $0.podSelector?.isValid == false })
        let message = try #require(result.diagnostics.first { $0.message.contains("odd") }).message
        #expect(message.contains("Near") && message.contains("not a CIDR") && message.contains("matches nothing"))
    }

    @Test("ClusterNetworkPolicy v1alpha2, and v1alpha1 AdminNetworkPolicy / BaselineAdminNetworkPolicy")
    func clusterPolicies() throws {
        let result = KubeText.parse("""
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: sensitive}
            spec:
              tier: Admin
              priority: 10
              subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: sensitive-ns}}}
              ingress:
              - name: deny-all
                action: Deny
                from: [{namespaces: {}}]
                protocols: [{tcp: {destinationPort: {number: 80}}}, {udp: {destinationPort: {range: {start: 1000, end: 2000}}}}, {destinationNamedPort: http}]
              egress:
              - {action: Pass, to: [{networks: [10.0.0.0/8, "fd00::/8"]}]}
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: old-admin}
            spec:
              priority: 3
              subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
              ingress:
              - action: Allow
                from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}]
                ports: [{portNumber: {protocol: TCP, port: 5432}}]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress: [{action: Deny, from: [{namespaces: {}}]}]
            """)
        let policies = result.resources.clusterNetworkPolicies
        #expect(policies.map(\.name) == ["sensitive", "old-admin", "default"])
        #expect(policies.map(\.tier) == [.admin, .admin, .baseline])
        #expect(policies[0].ingress[0].ports == [.range(protocol: "TCP", start: 80, end: 80), .range(protocol: "UDP", start: 1000, end: 2000),
                                                 .named("http")])
        #expect(policies[0].egress[0].action == .pass)
        #expect(policies[1].ingress[0].action == .accept)
        #expect(policies[1].subject.pods?.matchLabels == ["app": "db"])
        #expect(policies[1].ingress[0].ports == [.range(protocol: "TCP", start: 5432, end: 5432)])
        guard case .networks(let ranges) = policies[0].egress[0].peers[0] else { Issue.record("networks peer"); return }
        #expect(ranges[1].contains(IPAddress("fd00::1")!))
        #expect(!ranges[1].contains(IPAddress("fe80::1")!))
        #expect(result.diagnostics.isEmpty)
    }

    @Test("IPv6 ranges and hostile CIDRs")
    func ranges() {
        #expect(IPRange("2001:db8::/32")?.contains(IPAddress("2001:db8:1::5")!) == true)
        #expect(IPRange("2001:db8::/32")?.contains(IPAddress("2001:db9::5")!) == false)
        #expect(IPRange("::ffff:10.0.0.0/104")?.contains(IPAddress("::ffff:10.1.2.3")!) == true)
        #expect(IPRange("0.0.0.0/0")?.contains(IPAddress("8.8.8.8")!) == true)
        for bad in ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "/8", "::/129", "10.0.0.0/8/8", "10.0.0.0/ 8", "x/8", ""] {
            #expect(IPRange(bad) == nil, "\(bad)")
        }
    }

    @Test("hostile policy input: control bytes, deep nesting, huge lists do not crash or reach the screen")
    func hostile() {
        let escape = KubeText.parse("""
            {"kind": "NetworkPolicy", "metadata": {"name": "x\\u001b]0;pwn\\u0007", "namespace": "d"},
             "spec": {"podSelector": {"matchLabels": {"a\\u001b[2J": "b"}},
                      "ingress": [{"from": [{"podSelector": {"matchExpressions": [{"key": 5, "operator": null}]}}],
                                   "ports": [{"port": {"x": 1}}, {"port": -5, "endPort": "z"}]}]}}
            """)
        let policy = escape.resources.networkPolicies.first
        #expect(policy?.name == "x", "the whole OSC sequence is removed")
        #expect(policy?.podSelector.matchLabels.keys.first == "a")
        #expect(!escape.diagnostics.isEmpty)
        let many = (0..<2_000).map { "{\"podSelector\": {\"matchLabels\": {\"k\($0)\": \"v\"}}}" }.joined(separator: ",")
        let big = KubeText.parse("{\"kind\": \"NetworkPolicy\", \"metadata\": {\"name\": \"big\"}, \"spec\": {\"ingress\": [{\"from\": [\(many)]}]}}")
        #expect(big.resources.networkPolicies.first?.ingress.first?.peers.count == 2_000)
        let garbage = KubeText.parse("NAMESPACE  NAME  POD-SELECTOR  AGE\n\u{1B}[31m  x  !!!  3d\nd  y  a in (b  1h\n")
        #expect(!garbage.resources.networkPolicies.contains { $0.name == "y" }, "an unbalanced selector is not read")
        #expect(garbage.diagnostics.contains { $0.line == 3 && $0.message.contains("POD-SELECTOR") })
        let cnp = KubeText.parse("{\"kind\": \"ClusterNetworkPolicy\", \"metadata\": {\"name\": \"c\"}, \"spec\": {\"tier\": \"Middle\"}}")
        #expect(cnp.resources.clusterNetworkPolicies.isEmpty)
        #expect(cnp.diagnostics.contains { $0.message.contains("Admin or Baseline") })
    }
}
