import ClusterDiff
import ClusterModel
import KubeText
import Testing

/// Policies change as clusters do: a port opened, a rule added, a deny-all removed, a namespace
/// relabelled (which changes what a namespaceSelector picks without any policy changing).
@Suite struct PolicyDiffTests {
    static func cluster(_ yaml: String) -> Cluster {
        let parsed = KubeText.parse(bytes: Array(yaml.utf8), source: "test.yaml")
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    static func policy(_ name: String, _ spec: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: \(name)
          namespace: shop
        spec:
        \(spec)
        ---

        """
    }

    /// allow-web: ingress to app=web from role=client pods of team=a namespaces on `port`, plus `extraRules`.
    static func allowWeb(port: Int, extraRules: String = "") -> String {
        policy(
            "allow-web",
            """
              podSelector:
                matchLabels:
                  app: web
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      team: a
                  podSelector:
                    matchLabels:
                      role: client
                ports:
                - port: \(port)
            """ + extraRules)
    }
    static let allowWeb80 = allowWeb(port: 80)
    static let denyAll = policy("deny-all", "  podSelector: {}\n  policyTypes: [Ingress, Egress]")
    static func namespace(_ labels: String) -> String {
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n\(labels)\n---\n"
    }

    @Test func samePoliciesNoDifference() {
        let text = Self.allowWeb80 + Self.denyAll + Self.namespace("    team: a")
        let diff = ClusterDiff(before: Self.cluster(text), after: Self.cluster(text))
        #expect(diff.policies.isEmpty && diff.namespaces.isEmpty && diff.isEmpty)
    }

    @Test func changedRuleRemovedAndAddedPolicyAndRelabelledNamespace() throws {
        let allowWeb8080AndMetrics = Self.allowWeb(
            port: 8080, extraRules: "\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [10.1.0.0/16]")
        let allowDNS = Self.policy(
            "allow-dns", "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP")
        let before = Self.cluster(Self.allowWeb80 + Self.denyAll + Self.namespace("    team: a"))
        let after = Self.cluster(allowWeb8080AndMetrics + allowDNS + Self.namespace("    team: b"))
        let diff = ClusterDiff(before: before, after: after)
        #expect(!diff.isEmpty)

        let byName = Dictionary(uniqueKeysWithValues: diff.policies.map { ($0.policy.name, $0) })
        #expect(byName["deny-all"]?.change == .removed)
        #expect(byName["allow-dns"]?.change == .added)
        let changed = try #require(byName["allow-web"])
        #expect(changed.change == .changed)
        // Rule 0's port changed, rule 1 is new; the selection did not change, so it is not listed.
        #expect(changed.fields.map(\.field) == ["ingress[0]", "ingress[1]"])
        #expect(changed.fields[0].before?.hasSuffix("on 80/TCP") == true)
        #expect(changed.fields[0].after?.hasSuffix("on 8080/TCP") == true)
        #expect(changed.fields[0].after?.contains("namespaces") == true)
        #expect(changed.fields[1].before == "<no rule>")
        #expect(changed.fields[1].after?.contains("10.0.0.0/8") == true)
        #expect(changed.fields[1].after?.contains("10.1.0.0/16") == true)

        #expect(diff.namespaces == [
            NamespaceChange(name: "shop", change: .changed, fields: [
                FieldChange(field: "labels", before: "team=a", after: "team=b"),
            ]),
        ])
        let text = DiffText.render(diff, beforeName: "before", afterName: "after")
        #expect(text.contains("~ networkpolicy shop/allow-web\n    - ingress[0]: "))
        #expect(text.contains("- networkpolicy shop/deny-all"))
        #expect(text.contains("+ networkpolicy shop/allow-dns"))
        #expect(text.contains("~ namespace shop: labels team=a -> team=b"))
        #expect(text.contains("3 policies"))
    }

    @Test func aTableShowingNoRulesIsNotADifference() {
        let table = """
            NAMESPACE   NAME        POD-SELECTOR   AGE
            shop        allow-web   app=web        3d
            """
        let diff = ClusterDiff(before: Self.cluster(Self.allowWeb80), after: Self.cluster(table))
        #expect(diff.policies.isEmpty, "\(diff.policies)")
    }
}
