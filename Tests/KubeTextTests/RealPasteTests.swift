import ClusterModel
import KubeText
import Testing

/// `get` output as people paste it: quoted in Markdown, indented in a list, without its header, from old kubectl,
/// or with columns kubehops does not know.
@Suite("Real pastes of get output")
struct RealPasteTests {
    @Test("a table quoted in Markdown (every line prefixed with > ), nested quotes too")
    func markdownQuote() throws {
        let result = KubeText.parse("""
            > NAME    READY   STATUS    RESTARTS   AGE   IP           NODE
            > web-1   1/1     Running   0          3d    10.244.1.5   node-a
            > > web-2   0/1     Pending   0          3d    <none>       <none>
            >
            """)
        #expect(result.diagnostics.isEmpty)
        #expect(result.resources.pods.map(\.name) == ["web-1", "web-2"])
        #expect(result.resources.pods.first?.nodeName == "node-a")
    }

    @Test("prose behind # is a comment (a note), while a table behind # is still read")
    func hashComments() throws {
        let result = KubeText.parse("""
            # The pods of the shop, before the rollout:
            # NAME    READY   STATUS    RESTARTS   AGE   IP           NODE
            # web-1   1/1     Running   0          3d    10.244.1.5   node-a
            this line is prose without a # and stays a warning
            """)
        #expect(result.resources.pods.map(\.name) == ["web-1"])
        let comment = result.diagnostics.first { $0.line == 1 }
        #expect(comment?.severity == .note)
        #expect(comment?.message.contains("comment") == true)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.line) == [4])
    }

    @Test("a table indented in a list item, after the item's text")
    func listItem() throws {
        let result = KubeText.parse("""
            1. Check the service:

                   NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
                   web    ClusterIP   10.96.0.9    <none>        80/TCP    3d
            """)
        #expect(result.resources.services.map(\.name) == ["web"])
        #expect(result.diagnostics.filter { $0.severity != .note }.count == 1)  // "1. Check the service:" is prose
    }

    @Test("services without a TYPE column (old kubectl): the type is inferred and the header says so")
    func servicesWithoutType() throws {
        let result = KubeText.parse("""
            NAME         CLUSTER-IP     EXTERNAL-IP       PORT(S)          AGE
            kubernetes   10.0.0.1       <none>            443/TCP          2d
            frontend     10.0.177.40    <nodes>           80:31021/TCP     1h
            shop         10.0.63.1      104.197.41.24     80:30080/TCP     1h
            """)
        let types = result.resources.services.map(\.type)
        #expect(types == [.clusterIP, .nodePort, .loadBalancer])
        #expect(result.resources.services.last?.externalIPs.map(\.text) == ["104.197.41.24"])
        #expect(result.diagnostics.map(\.line) == [1] && result.diagnostics.first?.message.contains("inferred") == true)
    }

    @Test("a header of NAME and titles kubehops does not know is a table, not stray lines (a note, no warning)")
    func unknownTitles() {
        let result = KubeText.parse("""
            NAME      HOSTNAMES                 AGE
            shop      ["shop.example.com"]      5m
            NAME          FOOBAR   WIDGETS
            something     1        2
            """)
        #expect(result.diagnostics.allSatisfy { $0.severity == .note })
        #expect(result.diagnostics.contains { $0.line == 3 && $0.message.contains("does not use") })
        // Its rows are not read, but each stays visible as text: a note on its line with the row as excerpt
        // (the live view's `d` panel and `parse` print it).
        let row = result.diagnostics.first { $0.line == 4 }
        #expect(row?.excerpt == "something     1        2")
        #expect(row?.message.contains("NAME FOOBAR WIDGETS") == true)
    }

    @Test("pod rows without their header: columns inferred from the values, said once")
    func headerlessPods() throws {
        let result = KubeText.parse("""
            shop   web-1   1/1   Running   0   3d   10.244.1.5   node-a   <none>   <none>
            shop   web-2   1/1   Running   2 (5m ago)   3d   10.244.2.7   node-b   <none>   <none>
            """)
        #expect(result.resources.pods.map(\.key) == [
            ObjectKey(namespace: "shop", name: "web-1"), ObjectKey(namespace: "shop", name: "web-2"),
        ])
        #expect(result.resources.pods.last?.restarts?.count == 2 && result.resources.pods.last?.nodeName == "node-b")
        let note = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1 && note.severity == .note && note.line == 1)
        #expect(note.message.contains("inferred") && note.message.contains("NAMESPACE NAME READY"))
    }

    @Test("headerless services and nodes (--no-headers), then a table with its header")
    func headerlessServicesAndNodes() throws {
        let result = KubeText.parse("""
            web      NodePort    10.96.0.9    <none>   80:30080/TCP   3d   app=web
            node-a   Ready    control-plane   9d   v1.33.1
            NAME    READY   STATUS    RESTARTS   AGE
            api-1   1/1     Running   0          3d
            """)
        let service = try #require(result.resources.services.first)
        #expect(service.type == .nodePort && service.selector == ["app": "web"] && service.ports.first?.nodePort == 30080)
        #expect(result.resources.node(named: "node-a")?.roles == ["control-plane"])
        #expect(result.resources.pods.map(\.name) == ["api-1"])
        #expect(result.diagnostics.map(\.line) == [1, 2])
    }

    @Test("prose and commands are not taken for headerless rows")
    func proseStaysProse() {
        let result = KubeText.parse("""
            The pod web-1 is 1/1 Running since 3d on node-a.
            Then run:  kubectl  get  pods  -o  wide
            """)
        #expect(result.resources.isEmpty)
    }
}
