import ClusterModel
import KubeText
import Testing

/// `kubectl get pods -w --output-watch-events`: DELETED rows take the pod out.
@Suite("Watch events: ADDED, MODIFIED, DELETED")
struct WatchEventTests {
    static let stream = """
        EVENT      NAMESPACE   NAME    READY   STATUS        RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
        ADDED      shop        web-1   1/1     Running       0          5m    10.244.1.5   node-1   <none>           <none>
        ADDED      shop        web-2   1/1     Running       0          5m    10.244.1.6   node-1   <none>           <none>
        ADDED      shop        web-3   1/1     Running       0          5m    10.244.2.7   node-2   <none>           <none>
        MODIFIED   shop        web-1   1/1     Terminating   0          6m    10.244.1.5   node-1   <none>           <none>
        DELETED    shop        web-1   0/1     Terminating   0          6m    10.244.1.5   node-1   <none>           <none>
        ADDED      shop        web-4   0/1     Pending       0          0s    <none>       <none>   <none>           <none>
        """

    @Test("a DELETED row removes the pod; the others stay, as last seen")
    func deletedRowsRemove() throws {
        let result = KubeText.parse(Self.stream)
        #expect(result.diagnostics.isEmpty)
        let names = Set(result.resources.pods.map(\.name))
        #expect(names == ["web-2", "web-3", "web-4"])
        #expect(result.resources.pod(ObjectKey(namespace: "shop", name: "web-1")) == nil)
        // The index still finds every pod after the removal moved one.
        for name in names {
            #expect(result.resources.pod(ObjectKey(namespace: "shop", name: name))?.name == name)
        }
        #expect(Cluster(resources: result.resources).pods(onNode: "node-1").map(\.name) == ["web-2"])
    }

    @Test("a pod deleted and added again comes back; a deletion of an unknown pod changes nothing")
    func readdAndUnknown() throws {
        let result = KubeText.parse(Self.stream + """

            DELETED    shop        ghost   0/1     Terminating   0          1m    10.244.9.9   node-9   <none>           <none>
            ADDED      shop        web-1   1/1     Running       0          0s    10.244.1.8   node-1   <none>           <none>
            """)
        #expect(result.diagnostics.isEmpty)
        #expect(Set(result.resources.pods.map(\.name)) == ["web-1", "web-2", "web-3", "web-4"])
        #expect(result.resources.pod(ObjectKey(namespace: "shop", name: "web-1"))?.ips.map(\.text) == ["10.244.1.8"])
    }

    @Test("streamed in small chunks, the deletion shows as a new version")
    func streamVersionChanges() throws {
        var stream = KubeTextStream(source: "watch")
        let lines = Self.stream.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines.prefix(5) { stream.feed(Array((line + "\n").utf8)) }
        #expect(stream.result.resources.pods.count == 3)
        let before = stream.version
        stream.feed(Array((lines[5] + "\n").utf8))
        #expect(stream.version != before)
        #expect(stream.result.resources.pods.count == 2)
    }

    @Test("services and nodes are removed the same way")
    func otherKinds() throws {
        let result = KubeText.parse("""
            EVENT     NAME     TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE
            ADDED     web      ClusterIP   10.96.10.10    <none>        80/TCP    1d
            ADDED     api      ClusterIP   10.96.10.11    <none>        80/TCP    1d
            DELETED   web      ClusterIP   10.96.10.10    <none>        80/TCP    1d
            EVENT     NAME     STATUS   ROLES    AGE   VERSION
            ADDED     node-1   Ready    <none>   9d    v1.31.4
            ADDED     node-2   Ready    <none>   9d    v1.31.4
            DELETED   node-1   Ready    <none>   9d    v1.31.4
            """)
        #expect(result.diagnostics.isEmpty)
        #expect(result.resources.services.map(\.name) == ["api"])
        #expect(result.resources.nodes.map(\.name) == ["node-2"])
    }
}
