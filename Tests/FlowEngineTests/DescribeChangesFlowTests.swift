import ClusterModel
import KubeText
import Testing

@testable import FlowEngine

/// The facts a table dump hides, and what `kubectl describe svc` adds: the same request, explained
/// before and after the describe block joins the input, must change where the describe says so.
@Suite struct DescribeChangesFlowTests {
    static let tables = """
        $ kubectl get nodes -o wide
        NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME
        node-a   Ready    <none>   9d    v1.33.2   10.0.0.11     <none>        Ubuntu 24.04.1 LTS   6.8.0-49-generic   containerd://2.0.5
        node-b   Ready    <none>   9d    v1.33.2   10.0.0.12     <none>        Ubuntu 24.04.1 LTS   6.8.0-49-generic   containerd://2.0.5
        $ kubectl get pods -n shop -o wide
        NAME                   READY   STATUS    RESTARTS   AGE   IP            NODE     NOMINATED NODE   READINESS GATES
        web-7c9f8d6b5d-2kq4x   1/1     Running   0          3d    10.244.1.5    node-b   <none>           <none>
        $ kubectl get svc -n shop -o wide
        NAME   TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)                       AGE   SELECTOR
        web    NodePort   10.96.44.20    <none>        80:30080/TCP,443:30443/TCP    3d    app=web
        $ kubectl get endpoints -n shop
        NAME   ENDPOINTS                         AGE
        web    10.244.1.5:8443,10.244.1.5:8080   3d

        """

    static let describe = """
        $ kubectl describe svc web -n shop
        Name:                     web
        Namespace:                shop
        Labels:                   <none>
        Annotations:              <none>
        Selector:                 app=web
        Type:                     NodePort
        IP Family Policy:         SingleStack
        IP Families:              IPv4
        IP:                       10.96.44.20
        IPs:                      10.96.44.20
        Port:                     http  80/TCP
        TargetPort:               8080/TCP
        NodePort:                 http  30080/TCP
        Endpoints:                10.244.1.5:8080
        Port:                     https  443/TCP
        TargetPort:               8443/TCP
        NodePort:                 https  30443/TCP
        Endpoints:                10.244.1.5:8443
        Session Affinity:         None
        External Traffic Policy:  Local
        Internal Traffic Policy:  Cluster
        Events:                   <none>

        """

    static func flow(_ text: String, entry: String) throws -> Flow {
        let parsed = KubeText.parse(bytes: Array(text.utf8), source: "dump.txt")
        let engine = FlowEngine(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics))
        return try engine.flow(.nodePort, target: "shop/web", request: 0, options: FlowOptions(entryNode: entry))
    }

    static func rules(_ flow: Flow) -> [String] { flow.hops.flatMap { $0.rules.map(\.rule.text) } }

    /// Named ports: a table dump hides them, so no chain name is printed for this multi-port service; with
    /// the describe block the comments carry `shop/web:http` and the chains are named.
    @Test func portNamesAppearWithDescribe() throws {
        let before = try Self.flow(Self.tables, entry: "node-b")
        // Placeholders, never the unnamed hash: KUBE-SVC-?…?.
        let placeholder = #/KUBE-(SVC|EXT|SEP)-\?[A-Z0-9]+\?/#
        #expect(Self.rules(before).contains { $0.contains(placeholder) }, "\(Self.rules(before))")
        #expect(!Self.rules(before).contains { $0.contains(#/KUBE-SVC-[A-Z0-9]{16}/#) })
        #expect(before.assumptions.contains { $0.contains("kubectl describe svc web") })
        // The endpoints table mixes both ports: the unknown mapping is said, not hidden.
        #expect(before.assumptions.contains { $0.contains("ports 8080, 8443 without saying which") })
        let after = try Self.flow(Self.tables + Self.describe, entry: "node-b")
        #expect(Self.rules(after).contains { $0.contains("\"shop/web:http\"") }, "\(Self.rules(after))")
        #expect(!Self.rules(after).contains { $0.contains(placeholder) })
        #expect(Self.rules(after).contains { $0.contains(#/KUBE-SVL-[A-Z0-9]{16}/#) })
        #expect(Self.rules(after).contains { $0.hasSuffix("--to-destination 10.244.1.5:8080") })
    }

    /// externalTrafficPolicy: assumed Cluster from the table (masqueraded), read as Local from describe
    /// (client address kept); on a node without the pod, Local drops instead of crossing to node-b.
    @Test func externalTrafficPolicyIsReadInsteadOfAssumed() throws {
        let before = try Self.flow(Self.tables, entry: "node-a")
        #expect(before.assumptions.contains { $0.contains("externalTrafficPolicy is not in the input") })
        #expect(before.hops.contains { $0.rewrite == .masquerade })
        let after = try Self.flow(Self.tables + Self.describe, entry: "node-a")
        #expect(!after.assumptions.contains { $0.contains("externalTrafficPolicy is not in the input") })
        let failure = try #require(after.hops.compactMap(\.failure).first)
        #expect(failure.kind == .dropped)
        #expect(failure.reason.contains("externalTrafficPolicy is Local"))
        let kept = try Self.flow(Self.tables + Self.describe, entry: "node-b")
        #expect(!kept.hops.contains { $0.rewrite == .masquerade })
        #expect(kept.hops.last { !$0.isReply }?.packet.source.host == Illustrative.clientIP)
    }
}
