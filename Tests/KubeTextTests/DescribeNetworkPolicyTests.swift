import ClusterModel
import Foundation
import KubeText
import Testing

/// `kubectl describe networkpolicy` text read into the same records as the YAML of the same policy:
/// kubectl's own expected outputs (Tests/Data/Describe/kubectl-describe-test-networkpolicy.txt, see SOURCES)
/// against the Go objects of that test written as YAML, and every other form describe prints.
enum DescribedPolicies {
    static func vendored() throws -> ParseResult {
        let url = TestFiles.packageRoot.appendingPathComponent("Tests/Data/Describe/kubectl-describe-test-networkpolicy.txt")
        return KubeText.parse(bytes: try TestFiles.bytes(url), source: "describe.txt")
    }

    /// The rules of kubectl's TestDescribeNetworkPolicies object, `from`/`to` as PEERS.
    static func rules(_ peersKey: String, ports: String) -> String {
        """
          - ports: \(ports)
            \(peersKey):
            - podSelector: {matchLabels: {id: pod1, id2: pod2}}
              namespaceSelector: {matchLabels: {id: ns1, id2: ns2}}
            - podSelector: {matchLabels: {id: app2, id2: app3}}
            - namespaceSelector: {matchLabels: {id: app2, id2: app3}}
            - namespaceSelector:
                matchLabels: {id: app2, id2: app3}
                matchExpressions: [{key: foo, operator: In, values: [bar1, bar2]}]
            - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.3.0/24, 192.168.4.0/24]}
          - {}
        """
    }

    static func policy(_ name: String, types: String, ingress: String?, egress: String?) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: \(name), namespace: default}
        spec:
          podSelector:
            matchLabels: {id1: app1, id2: app2}
            matchExpressions:
            - {key: foo, operator: In, values: [bar1, bar2]}
            - {key: foo2, operator: NotIn, values: [bar1, bar2]}
          policyTypes: \(types)
        \(ingress.map { "  ingress:\n" + $0 } ?? "")
        \(egress.map { "  egress:\n" + $0 } ?? "")
        """
    }

    /// The four objects of kubectl's tests, as `kubectl get networkpolicy -o yaml` would give them.
    static var yaml: String {
        let ports = "[{port: 80}, {port: 82, protocol: TCP}]"
        let range = "[{port: 80, endPort: 82, protocol: TCP}]"
        return [
            policy("network-policy-1", types: "[Ingress, Egress]", ingress: rules("from", ports: ports),
                   egress: rules("to", ports: ports)),
            policy("network-policy-ingress", types: "[Ingress]", ingress: rules("from", ports: ports), egress: nil),
            policy("network-policy-isolated-egress", types: "[Ingress, Egress]", ingress: rules("from", ports: ports),
                   egress: nil),
            policy("network-policy-port-range", types: "[Ingress, Egress]", ingress: rules("from", ports: range),
                   egress: rules("to", ports: range)),
        ].joined(separator: "\n---\n")
    }

    /// A record without where it came from, so that describe and YAML records compare.
    static func bare(_ policy: NetworkPolicy) -> NetworkPolicy {
        var policy = policy
        policy.origin = nil
        return policy
    }
}

@Suite("kubectl describe networkpolicy")
struct DescribeNetworkPolicyTests {
    @Test("kubectl's own describe outputs give the records the YAML of the same objects gives")
    func sameAsYAML() throws {
        let described = try DescribedPolicies.vendored()
        let yaml = KubeText.parse(DescribedPolicies.yaml)
        #expect(described.diagnostics.filter { $0.severity != .note }.isEmpty, "\(described.diagnostics)")
        #expect(yaml.diagnostics.filter { $0.severity != .note }.isEmpty, "\(yaml.diagnostics)")
        #expect(described.resources.networkPolicies.count == 4)
        #expect(described.resources.networkPolicies.map(DescribedPolicies.bare)
            == yaml.resources.networkPolicies.map(DescribedPolicies.bare))
        let first = try #require(described.resources.networkPolicies.first)
        #expect(first.ingress.count == 2 && first.ingress[0].peers.count == 5 && first.ingress[1] == NetworkPolicyRule())
        #expect(first.ingress[0].peers[4].ipBlock?.description == "192.168.0.0/16 except 192.168.3.0/24, 192.168.4.0/24")
        #expect(first.origin?.line == 1)
        let range = try #require(described.resources.networkPolicies.last)
        #expect(range.egress[0].ports == [NetworkPolicyPort(protocol: "TCP", port: .number(80), endPort: 82)])
    }

    @Test("default deny both ways: <none> pod selector and isolated directions")
    func defaultDeny() throws {
        let result = KubeText.parse("""
            Name:         default-deny
            Namespace:    ckad0021
            Created on:   2024-03-23 21:08:47 +0530 IST
            Labels:       <none>
            Annotations:  <none>
            Spec:
              PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)
              Allowing ingress traffic:
                <none> (Selected pods are isolated for ingress connectivity)
              Allowing egress traffic:
                <none> (Selected pods are isolated for egress connectivity)
              Policy Types: Ingress, Egress
            """)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(policy.key == ObjectKey(namespace: "ckad0021", name: "default-deny"))
        #expect(policy.podSelector == .everything && policy.rulesKnown)
        #expect(policy.ingress.isEmpty && policy.egress.isEmpty && policy.policyTypes == [.ingress, .egress])
    }

    @Test("any port, any source, named ports, a protocol without a port, Not affecting egress")
    func otherForms() throws {
        let result = KubeText.parse("""
            Name:         ingress-to-nptest
            Namespace:    default
            Spec:
              PodSelector:     run=np-test-1
              Allowing ingress traffic:
                To Port: 80/TCP
                From: <any> (traffic not restricted by source)
                ----------
                To Port: http/TCP
                To Port: <nil>/UDP
                From:
                  NamespaceSelector: <none>
                  PodSelector: app in (a,b),!canary
              Not affecting egress traffic
              Policy Types: Ingress
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(policy.policyTypes == [.ingress] && policy.egress.isEmpty)
        #expect(policy.ingress.count == 2)
        #expect(policy.ingress[0] == NetworkPolicyRule(peers: [], ports: [NetworkPolicyPort(port: .number(80))]))
        #expect(policy.ingress[1].ports == [NetworkPolicyPort(port: .name("http")), NetworkPolicyPort(protocol: "UDP")])
        let peer = try #require(policy.ingress[1].peers.first)
        #expect(peer.namespaceSelector == .everything)
        #expect(peer.podSelector?.description == "app in (a,b),!canary")
    }

    @Test("an older kubectl printing both sections: Policy Types decides the directions")
    func policyTypesDecide() throws {
        let result = KubeText.parse("""
            Name:         web
            Namespace:    shop
            Spec:
              PodSelector:     app=web
              Allowing ingress traffic:
                To Port: 8080/TCP
                From:
                  PodSelector: app=front
              Allowing egress traffic:
                <none> (Selected pods are isolated for egress connectivity)
              Policy Types: Ingress
            """)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(policy.policyTypes == [.ingress])
    }

    @Test("unusable lines are warnings at their own line; the rule or peer is left out, never widened")
    func unusableLines() throws {
        let result = KubeText.parse("""
            Name:         broken
            Namespace:    shop
            Spec:
              PodSelector:     app=web
              Allowing ingress traffic:
                To Port: eighty thousand/TCP
                From:
                  PodSelector: app=front
                ----------
                To Port: 443/TCP
                From:
                  PodSelector: app in (unbalanced
                From:
                  IPBlock:
                    CIDR: 10.0.0.0/8
                    Except: 10.1.0.0/16, ten
                ----------
                To Port: 99999/TCP
                To Port: 53/UDP
                From:
                  PodSelector: app=dns
                From:
                  Wormhole: yes
              Policy Types: Ingress, Sideways
            """)
        let policy = try #require(result.resources.networkPolicies.first)
        #expect(policy.ingress.count == 1, "the first two rules lose every port or peer, so they go")
        #expect(policy.ingress.first?.ports == [NetworkPolicyPort(protocol: "UDP", port: .number(53))])
        #expect(policy.ingress.first?.peers.count == 1)
        #expect(policy.policyTypes == [.ingress])
        let lines = result.diagnostics.map(\.line)
        #expect(lines == [6, 6, 12, 16, 10, 18, 23, 24], "\(result.diagnostics.map { "\($0.line) \($0.message)" })")
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning && $0.message.contains("'broken'") })
        #expect(result.diagnostics.first?.excerpt.contains("eighty thousand") == true)
    }

    @Test("a get netpol table after the describe does not forget the rules the describe gave")
    func tableAfterDescribe() throws {
        let result = KubeText.parse("""
            Name:         web
            Namespace:    shop
            Spec:
              PodSelector:     app=web
              Allowing ingress traffic:
                <none> (Selected pods are isolated for ingress connectivity)
              Not affecting egress traffic
              Policy Types: Ingress
            NAMESPACE   NAME   POD-SELECTOR   AGE
            shop        web    app=web        3d
            shop        db     app=db         3d
            """)
        #expect(result.resources.networkPolicies.map(\.rulesKnown) == [true, false])
    }
}
