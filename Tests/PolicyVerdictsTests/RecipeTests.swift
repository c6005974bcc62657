import ClusterModel
import KubeText
import PolicyVerdicts
import Testing

/// A small cluster in YAML: namespaces `default` and `ops` (team=operations), `other` (no labels);
/// pods web (app=web, port http=8080), db (app=db), foo (app=foo) in default, monitor (type=monitoring)
/// and shell in ops, stranger (type=monitoring) in other, kube-dns in kube-system (UDP/TCP 53).
enum Recipes {
    static let cluster = """
    apiVersion: v1
    kind: List
    items:
    - {apiVersion: v1, kind: Namespace, metadata: {name: default, labels: {kubernetes.io/metadata.name: default}}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: ops, labels: {team: operations}}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: other}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}
    - apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: default, labels: {app: web}}
      spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
      status: {podIP: 10.1.0.10}
    - {apiVersion: v1, kind: Pod, metadata: {name: db, namespace: default, labels: {app: db}}, spec: {nodeName: n1}, status: {podIP: 10.1.0.11}}
    - {apiVersion: v1, kind: Pod, metadata: {name: foo, namespace: default, labels: {app: foo}}, spec: {nodeName: n1}, status: {podIP: 10.1.0.12}}
    - {apiVersion: v1, kind: Pod, metadata: {name: monitor, namespace: ops, labels: {type: monitoring}}, spec: {nodeName: n1}, status: {podIP: 10.1.1.10}}
    - {apiVersion: v1, kind: Pod, metadata: {name: shell, namespace: ops, labels: {app: shell}}, spec: {nodeName: n1}, status: {podIP: 10.1.1.11}}
    - {apiVersion: v1, kind: Pod, metadata: {name: stranger, namespace: other, labels: {type: monitoring}}, spec: {nodeName: n1}, status: {podIP: 10.1.2.10}}
    - apiVersion: v1
      kind: Pod
      metadata: {name: coredns-1, namespace: kube-system, labels: {k8s-app: kube-dns}}
      spec: {nodeName: n1, containers: [{name: c, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]}]}
      status: {podIP: 10.1.3.10}
    - {apiVersion: v1, kind: Pod, metadata: {name: calico-node-abcde, namespace: kube-system}, spec: {nodeName: n1, hostNetwork: true}, status: {podIP: 192.168.1.1}}

    """

    /// A NetworkPolicy in `default` selecting the web pod; `spec` is the rest of its spec, indented as
    /// under `spec:`.
    static func webPolicy(_ name: String, _ spec: String) -> String {
        """
        kind: NetworkPolicy
        apiVersion: networking.k8s.io/v1
        metadata: {name: \(name), namespace: default}
        spec:
          podSelector: {matchLabels: {app: web}}

        """ + spec
    }

    static func engine(_ policies: String, extra: String = "") -> PolicyEngine {
        let result = KubeText.parse(cluster + "---\n" + policies + extra)
        return PolicyEngine(resources: result.resources)
    }

    static func verdict(_ engine: PolicyEngine, _ from: String, _ to: String, _ port: Int = 80, _ proto: String = "TCP") -> ConnectionVerdict {
        func end(_ text: String) -> PolicyEndpoint {
            if let ip = IPAddress(text) {
                if let pod = engine.resources.pods.first(where: { $0.ips.contains(ip) }) { return .pod(pod) }
                return .external(ip)
            }
            let parts = text.split(separator: "/")
            let pod = engine.resources.pods.first { $0.key.effectiveNamespace == parts[0] && $0.name == parts[1] }!
            return .pod(pod)
        }
        return engine.verdict(from: end(from), to: end(to), port: PortQuery(port: port, protocol: proto))
    }
}

@Suite struct RecipeTests {
    typealias R = Recipes

    @Test func noPolicyAllowsEverything() {
        let engine = R.engine("")
        let verdict = R.verdict(engine, "ops/shell", "default/web")
        #expect(verdict.allowed)
        #expect(verdict.ingress?.decidedBy == DecidingTier.none)
        #expect(engine.enforcement.cni == "Calico")
    }

    /// Recipe 01: deny all traffic to an application (empty ingress list).
    @Test func denyAllToApplication() {
        let engine = R.engine(R.webPolicy("web-deny-all", """
          ingress: []
        """))
        let denied = R.verdict(engine, "default/db", "default/web")
        #expect(!denied.allowed)
        #expect(denied.ingress?.verdict == .denied)
        #expect(denied.ingress?.deciding.map(\.name) == ["default/web-deny-all"])
        #expect(denied.egress?.verdict == .allowed)
        // The policy lists only Ingress (the default): web's egress and other pods stay open.
        #expect(R.verdict(engine, "default/web", "default/db").allowed)
        #expect(R.verdict(engine, "default/web", "8.8.8.8", 53, "UDP").allowed)
        #expect(R.verdict(engine, "default/db", "default/foo").allowed)
    }

    /// Replies of an allowed connection pass: web may send nothing (egress isolated, no rule), yet db's
    /// connection to it is allowed, because its replies are part of db's connection, not web's egress.
    @Test func repliesOfAnAllowedConnectionPassAnEgressDenyAll() {
        let engine = R.engine(R.webPolicy("web-no-egress", """
          policyTypes: [Egress]
        """))
        let served = R.verdict(engine, "default/db", "default/web", 8080)
        #expect(served.allowed)
        #expect(served.notes.contains { $0.hasPrefix("replies of this connection pass") })
        let opened = R.verdict(engine, "default/web", "default/db", 8080)
        #expect(!opened.allowed, "a connection web opens is its egress, and that is denied")
        #expect(opened.egress?.deciding.map(\.name) == ["default/web-no-egress"])
        #expect(!opened.notes.contains { $0.hasPrefix("replies of this connection pass") })
    }

    /// Default deny all ingress and egress in a namespace (podSelector {}).
    @Test func defaultDenyNamespace() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-all, namespace: default}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """)
        let inside = R.verdict(engine, "default/db", "default/web")
        #expect(inside.egress?.verdict == .denied)
        #expect(inside.ingress?.verdict == .denied)
        #expect(!R.verdict(engine, "ops/shell", "default/web").allowed)
        #expect(!R.verdict(engine, "default/web", "ops/shell").allowed)
        // Other namespaces are not selected.
        #expect(R.verdict(engine, "ops/shell", "other/stranger").allowed)
    }

    /// Recipe 06/07: allow from a namespace by label; a lone podSelector means the policy's own namespace.
    @Test func allowFromNamespace() {
        let engine = R.engine(R.webPolicy("web-allow-ops", """
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {team: operations}}
            - podSelector: {matchLabels: {type: monitoring}}
        """))
        #expect(R.verdict(engine, "ops/shell", "default/web").allowed)
        #expect(R.verdict(engine, "ops/monitor", "default/web").allowed)
        #expect(!R.verdict(engine, "other/stranger", "default/web").allowed, "type=monitoring, but in another namespace")
        #expect(!R.verdict(engine, "default/db", "default/web").allowed)
    }

    /// Recipe: allow from pods with a label in another namespace (namespaceSelector AND podSelector in one peer).
    @Test func allowFromPodsInAnotherNamespace() {
        let engine = R.engine(R.webPolicy("web-allow-monitoring", """
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {team: operations}}
              podSelector: {matchLabels: {type: monitoring}}
        """))
        let allowed = R.verdict(engine, "ops/monitor", "default/web")
        #expect(allowed.allowed)
        #expect(allowed.ingress?.deciding == [PolicyRuleRef(kind: .networkPolicy, name: "default/web-allow-monitoring", ruleIndex: 0)])
        #expect(!R.verdict(engine, "ops/shell", "default/web").allowed, "right namespace, wrong pod")
        #expect(!R.verdict(engine, "other/stranger", "default/web").allowed, "right pod label, wrong namespace")
    }

    /// Recipe 11: deny egress except DNS (ports without `to`: any destination on 53).
    @Test func egressDenyWithDNS() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: foo-deny-egress, namespace: default}
        spec:
          podSelector: {matchLabels: {app: foo}}
          policyTypes: [Egress]
          egress:
          - ports:
            - {port: 53, protocol: UDP}
            - {port: 53, protocol: TCP}
        """)
        #expect(R.verdict(engine, "default/foo", "kube-system/coredns-1", 53, "UDP").allowed)
        #expect(R.verdict(engine, "default/foo", "kube-system/coredns-1", 53, "TCP").allowed)
        let web = R.verdict(engine, "default/foo", "default/web", 8080)
        #expect(!web.allowed)
        #expect(web.egress?.verdict == .denied)
        #expect(web.ingress?.verdict == .allowed)
        #expect(!R.verdict(engine, "default/foo", "93.184.216.34", 443).allowed)
        // Egress only: ingress to foo stays open.
        #expect(R.verdict(engine, "default/web", "default/foo").allowed)
    }

    /// Named ports resolve on the destination pod's container ports.
    @Test func namedPort() {
        let engine = R.engine(R.webPolicy("web-http", """
          ingress:
          - ports: [{port: http}]
        """))
        #expect(R.verdict(engine, "default/db", "default/web", 8080).allowed)
        #expect(!R.verdict(engine, "default/db", "default/web", 80).allowed, "the name means 8080, not 80")
        #expect(!R.verdict(engine, "default/db", "default/web", 8080, "UDP").allowed)
    }

    @Test func endPortRange() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: db-range, namespace: default}
        spec:
          podSelector: {matchLabels: {app: db}}
          policyTypes: [Ingress]
          ingress:
          - from: [{podSelector: {}}]
            ports: [{protocol: TCP, port: 32000, endPort: 32768}]
        """)
        #expect(R.verdict(engine, "default/web", "default/db", 32000).allowed)
        #expect(R.verdict(engine, "default/web", "default/db", 32768).allowed)
        #expect(!R.verdict(engine, "default/web", "default/db", 32769).allowed)
        #expect(!R.verdict(engine, "default/web", "default/db", 31999).allowed)
        #expect(!R.verdict(engine, "ops/shell", "default/db", 32000).allowed, "podSelector {} alone is the policy's namespace")
    }

    @Test func ipBlockExcept() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: foo-egress-cidr, namespace: default}
        spec:
          podSelector: {matchLabels: {app: foo}}
          policyTypes: [Egress, Ingress]
          egress:
          - to: [{ipBlock: {cidr: 172.16.0.0/16, except: [172.16.5.0/24]}}]
          ingress:
          - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [203.0.113.0/24]}}]
        """)
        #expect(R.verdict(engine, "default/foo", "172.16.1.1", 443).allowed)
        #expect(!R.verdict(engine, "default/foo", "172.16.5.9", 443).allowed)
        #expect(!R.verdict(engine, "default/foo", "172.17.0.1", 443).allowed)
        let inbound = R.verdict(engine, "198.51.100.7", "default/foo")
        #expect(inbound.allowed)
        #expect(inbound.egress == nil, "an outside client has no egress policy")
        #expect(!R.verdict(engine, "203.0.113.10", "default/foo").allowed)
    }

    @Test func unionOfPoliciesAndPolicyTypes() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: a, namespace: default}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{from: [{podSelector: {matchLabels: {app: db}}}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: b, namespace: default}
        spec:
          podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}
          ingress: [{from: [{podSelector: {matchLabels: {app: foo}}}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: egress-only, namespace: default}
        spec:
          podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}
          policyTypes: [Egress]
          egress: [{to: [{namespaceSelector: {}}]}]
        """)
        #expect(R.verdict(engine, "default/db", "default/web").allowed)
        #expect(R.verdict(engine, "default/foo", "default/web").ingress?.deciding.map(\.name) == ["default/b"])
        #expect(!R.verdict(engine, "ops/shell", "default/web").allowed)
        // egress-only selects db and foo (NotIn web): any pod in any namespace, nothing outside.
        #expect(R.verdict(engine, "default/db", "ops/shell").allowed)
        #expect(!R.verdict(engine, "default/db", "8.8.8.8", 53, "UDP").allowed)
        #expect(R.verdict(engine, "default/web", "8.8.8.8", 53, "UDP").allowed)
    }

    @Test func hostNetworkPodsAreNotSelected() {
        let engine = R.engine("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: kube-system}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-from-system, namespace: default}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]}]
        """)
        #expect(R.verdict(engine, "default/db", "kube-system/calico-node-abcde").allowed)
        #expect(!R.verdict(engine, "default/db", "kube-system/coredns-1", 53, "UDP").allowed)
        // The host-network pod is its node's address: the namespace selector does not pick it.
        #expect(!R.verdict(engine, "kube-system/calico-node-abcde", "default/web", 8080).allowed)
    }

    @Test func plainFlannelEnforcesNothing() {
        let flannel = """

        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-flannel-ds-x1, namespace: kube-flannel}
        spec: {nodeName: n1, hostNetwork: true}
        status: {podIP: 192.168.1.1}
        """
        let text = Recipes.cluster.replacingOccurrences(of: "calico-node-abcde", with: "kube-proxy-abcde") + "---\n" + """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: default}
        spec: {podSelector: {}}
        """ + flannel
        let engine = PolicyEngine(resources: KubeText.parse(text).resources)
        let verdict = R.verdict(engine, "ops/shell", "default/web")
        #expect(engine.enforcement.state == .notEnforced)
        #expect(verdict.allowed)
        #expect(verdict.policyVerdict == .denied)
        #expect(verdict.notes.contains { $0.contains("no effect") })
    }
}
