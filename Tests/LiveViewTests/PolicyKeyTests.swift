import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import KubeText
import LiveView
import Testing

/// NetworkPolicy in the live view: a pod's details list the policies that select it and what they allow;
/// `p` marks the isolated pods on the diagram.
@Suite struct PolicyKeySequences {
    /// One node, three pods: web (isolated for ingress by `web-allow`), db (both ways by `db-lockdown`),
    /// tools (no policy); Calico's agent so that policies are enforced.
    static let cluster = """
    apiVersion: v1
    kind: List
    items:
    - {apiVersion: v1, kind: Node, metadata: {name: n1}, status: {addresses: [{type: InternalIP, address: 192.168.1.10}]}}
    - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {team: web}}}
    - apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
      status: {podIP: 10.1.0.10, phase: Running}
    - {apiVersion: v1, kind: Pod, metadata: {name: db, namespace: shop, labels: {app: db}}, spec: {nodeName: n1}, status: {podIP: 10.1.0.11, phase: Running}}
    - {apiVersion: v1, kind: Pod, metadata: {name: tools, namespace: shop, labels: {app: tools}}, spec: {nodeName: n1}, status: {podIP: 10.1.0.12, phase: Running}}
    - {apiVersion: v1, kind: Pod, metadata: {name: calico-node-x1, namespace: kube-system}, spec: {nodeName: n1, hostNetwork: true}, status: {podIP: 192.168.1.10, phase: Running}}
    - apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web-allow, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: tools}}}, {ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
          ports: [{port: http}]
    - apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db-lockdown, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: db}}
        policyTypes: [Ingress, Egress]
        ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
    """

    static func state() -> AppState {
        let parsed = KubeText.parse(Self.cluster)
        return KeySequences.loaded(Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics),
                                   input: .files(["cluster.yaml"]))
    }

    static func text(_ run: ScriptedRun, _ name: String) -> String {
        run.captures[name].map(ScreenSnapshots.text) ?? ""
    }

    /// The screen without its legend row: the diagram's own rows.
    static func boxRows(_ screen: String) -> [Substring] {
        Array(screen.split(separator: "\n").dropFirst())
    }

    @Test func podDetailsListThePoliciesThatSelectItAndWhatTheyAllow() throws {
        let run = try KeySequences.play([
            .text(":pods/web"), .key(.enter), .key(.enter), .capture("policy-details-web"), .key(.escape),
            .text(":pods/db"), .key(.enter), .key(.enter), .capture("policy-details-db"), .key(.escape),
            .text(":pods/tools"), .key(.enter), .key(.enter), .capture("policy-details-tools"), .text("qq"),
        ], on: Self.state(), width: 120, height: 40)
        #expect(run.status == 0)
        let web = Self.text(run, "policy-details-web")
        #expect(web.contains("Pod") && web.contains("shop/web"), "\(web)")
        #expect(web.contains("ingress isolated") && web.contains("egress open"), "\(web)")
        #expect(web.contains("shop/web-allow: isolates ingress"), "\(web)")
        #expect(web.contains("ingress 0: from pods app=tools in shop; 203.0.113.0/24 except"), "\(web)")
        #expect(web.contains("    203.0.113.128/25 on http/TCP"), "a long rule wraps under itself: \(web)")
        #expect(!web.contains("db-lockdown"))
        let db = Self.text(run, "policy-details-db")
        #expect(db.contains("ingress isolated") && db.contains("egress isolated"), "\(db)")
        #expect(db.contains("egress: nothing allowed") && db.contains("on 5432/TCP"), "\(db)")
        let tools = Self.text(run, "policy-details-tools")
        #expect(tools.contains("no policy selects this pod; all traffic allowed"), "\(tools)")
        ScreenSnapshots.assertScreen(run.captures["policy-details-web"], named: "policy-details-web")
    }

    @Test func pOverlaysIsolationOnTheDiagramAndPHidesIt() throws {
        let run = try KeySequences.play([
            .capture("before"), .text("p"), .capture("isolation"), .text("p"), .capture("hidden"), .text("q"),
        ], on: Self.state(), width: 100, height: 30)
        #expect(run.status == 0)
        let shown = Self.text(run, "isolation")
        #expect(shown.contains("[in]") && shown.contains("[in out]"), "\(shown)")
        #expect(shown.contains("2 of 4 pods on screen isolated"), "the host-network agent is never selected: \(shown)")
        #expect(Self.boxRows(shown).filter { $0.contains("[in out]") }.count == 1)
        #expect(!Self.text(run, "before").contains("[in"))
        #expect(Self.text(run, "hidden") == Self.text(run, "before"))
        ScreenSnapshots.assertScreen(run.captures["isolation"], named: "isolation")
    }

    @Test func pWithoutPoliciesSaysEveryPodIsOpen() throws {
        let run = try KeySequences.play([.text("p"), .capture("no-policies"), .text("q")])
        let shown = Self.text(run, "no-policies")
        #expect(shown.contains("no NetworkPolicy in the input: every pod is open"), "\(shown)")
        let tagged = Self.boxRows(shown).filter { $0.contains("[in") || $0.contains("[out") }
        #expect(tagged.isEmpty, "\(tagged)")
    }
    /// A flow a policy drops stops at that hop: the hop's caption says ✗ in the failure colour, names
    /// the policy and what rule would let it through, and `w` shows the verdict under the hop; a flow
    /// the policies allow names the rule that allowed it.
    @Test func aPolicyDeniedFlowStopsAtItsHopAndSaysWhatWouldAllowIt() throws {
        let run = try KeySequences.play([
            .text(":pods/db"), .key(.enter), .text("f"), .key(.enter), .advance(seconds: 8), .capture("denied"),
            .text("w"), .capture("denied-rules"), .key(.escape), .key(.escape), .key(.escape),
            .text(":pods/tools"), .key(.enter), .text("f"), .key(.enter), .advance(seconds: 8), .text(",,,"),
            .capture("allowed"),
            .text("qq"),
        ], on: Self.state(), width: 120, height: 40)
        #expect(run.status == 0)
        let denied = Self.text(run, "denied")
        #expect(denied.contains("hop 1/1: pod db → pod web"), "the flow stops at the pod's own hop: \(denied)")
        #expect(denied.contains("✗ dropped by policy (egress of shop/db): NetworkPolicy shop/db-lockdown"), "\(denied)")
        #expect(denied.contains("An egress rule allowing pods labelled app=web in namespace shop"), "\(denied)")
        let screen = try #require(run.captures["denied"])
        let row = try #require((0..<screen.height).first { y in
            ScreenSnapshots.text(screen).split(separator: "\n", omittingEmptySubsequences: false)[y]
                .contains("✗ dropped by policy")
        })
        let column = try #require((0..<screen.width).first { screen[$0, row].grapheme == "✗" })
        #expect(screen[column, row].style == Palette.okabeIto.failure, "drawn in the failure colour")
        let rules = Self.text(run, "denied-rules")
        #expect(rules.contains("policy: egress of shop/db to shop/web on 8080/TCP: isolated for egress by"), "\(rules)")
        let allowed = Self.text(run, "allowed")
        #expect(allowed.contains("policy ingress: allowed (shop/web-allow ingress[0])"), "\(allowed)")
        #expect(allowed.contains("policy egress: allowed (no policy selects shop/tools for egress)"), "\(allowed)")
        #expect(allowed.contains("hop 1/2: pod tools → pod web") && !allowed.contains("✗"), "\(allowed)")
        ScreenSnapshots.assertScreen(run.captures["denied"], named: "policy-denied")
    }
}
