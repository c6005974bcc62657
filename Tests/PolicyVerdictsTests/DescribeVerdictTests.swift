import ClusterModel
import KubeText
import PolicyVerdicts
import Testing

/// The recipe policies as `kubectl describe networkpolicy` prints them (pkg/describe's format) give the same
/// verdicts, deciding policies and rules as their YAML, for every pair of the recipe cluster's pods, outside
/// addresses and ports.
@Suite struct DescribeVerdictTests {
    static let yaml = """
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web-from-monitoring, namespace: default}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {team: operations}}
          podSelector: {matchLabels: {type: monitoring}}
        - podSelector: {matchLabels: {app: foo}}
        ports: [{port: http}, {port: 9000, endPort: 9100}]
      - from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: db-egress-dns-only, namespace: default}
    spec:
      podSelector: {matchLabels: {app: db}}
      policyTypes: [Egress]
      egress:
      - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
        ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny-all, namespace: ops}
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
    """

    static let describe = """
    Name:         web-from-monitoring
    Namespace:    default
    Created on:   2026-12-06 10:00:00 +0000 UTC
    Labels:       <none>
    Annotations:  <none>
    Spec:
      PodSelector:     app=web
      Allowing ingress traffic:
        To Port: http/TCP
        To Port Range: 9000-9100/TCP
        From:
          NamespaceSelector: team=operations
          PodSelector: type=monitoring
        From:
          PodSelector: app=foo
        ----------
        To Port: <any> (traffic allowed to all ports)
        From:
          IPBlock:
            CIDR: 203.0.113.0/24
            Except: 203.0.113.128/25
      Not affecting egress traffic
      Policy Types: Ingress


    Name:         db-egress-dns-only
    Namespace:    default
    Created on:   2026-12-06 10:00:00 +0000 UTC
    Labels:       <none>
    Annotations:  <none>
    Spec:
      PodSelector:     app=db
      Not affecting ingress traffic
      Allowing egress traffic:
        To Port: 53/UDP
        To Port: 53/TCP
        To:
          NamespaceSelector: <none>
          PodSelector: k8s-app=kube-dns
      Policy Types: Egress


    Name:         deny-all
    Namespace:    ops
    Created on:   2026-12-06 10:00:00 +0000 UTC
    Labels:       <none>
    Annotations:  <none>
    Spec:
      PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)
      Allowing ingress traffic:
        <none> (Selected pods are isolated for ingress connectivity)
      Allowing egress traffic:
        <none> (Selected pods are isolated for egress connectivity)
      Policy Types: Ingress, Egress
    """

    @Test("describe text and YAML of the same policies decide every connection alike")
    func sameVerdicts() {
        let fromYAML = Recipes.engine(Self.yaml)
        // Two inputs, as `kubehops policy cluster.yaml describe.txt` reads them.
        var resources = KubeText.parse(Recipes.cluster).resources
        let described = KubeText.parse(Self.describe)
        #expect(described.diagnostics.isEmpty, "\(described.diagnostics)")
        resources.merge(described.resources)
        let fromDescribe = PolicyEngine(resources: resources)
        #expect(fromDescribe.resources.networkPolicies.count == 3)
        let ends = fromYAML.resources.pods.filter { !($0.hostNetwork ?? false) }.map {
            "\($0.key.effectiveNamespace)/\($0.name)"
        } + ["203.0.113.7", "203.0.113.200", "198.51.100.1"]
        var compared = 0
        var denied = 0
        for from in ends where !from.first!.isNumber {
            for to in ends where to != from {
                for (port, proto) in [(53, "UDP"), (53, "TCP"), (80, "TCP"), (8080, "TCP"), (9050, "TCP"), (9101, "TCP")] {
                    let a = Recipes.verdict(fromYAML, from, to, port, proto)
                    let b = Recipes.verdict(fromDescribe, from, to, port, proto)
                    #expect(a == b, "\(from) → \(to) \(port)/\(proto)")
                    compared += 1
                    if !a.allowed { denied += 1 }
                }
            }
        }
        #expect(compared > 200 && denied > 20 && denied < compared, "the policies decide both ways")
        let external = Recipes.verdict(fromDescribe, "203.0.113.7", "default/web", 1234)
        #expect(external.allowed)
        #expect(!Recipes.verdict(fromDescribe, "203.0.113.200", "default/web", 1234).allowed)
        #expect(Recipes.verdict(fromDescribe, "ops/monitor", "default/web", 8080).ingress?.verdict == .allowed)
    }
}
