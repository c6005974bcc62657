import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Testing

@Suite struct DiagramSnapshotTests {
    func scene(_ cluster: Cluster, width: Int, ascii: Bool = false, zoom: LayoutOptions.Zoom = .detailed) -> Scene {
        var options = SceneOptions()
        options.layout.width = width
        options.layout.glyphs = ascii ? .ascii : .unicode
        options.layout.zoom = zoom
        return Scene(cluster: cluster, options: options)
    }

    @Test func notesNginxCluster() throws {
        let cluster = try Samples.cluster("notes-nginx-nodeport.txt")
        assertScreen(scene(cluster, width: 120).render(size: Size(width: 120, height: 52)), named: "120x52")
    }

    @Test func notesSixPodsCluster() throws {
        let cluster = try Samples.cluster("notes-six-pods-nodeport.txt", "notes-six-pods-ingress.yaml")
        assertScreen(scene(cluster, width: 120).render(size: Size(width: 120, height: 52)), named: "120x52")
    }

    @Test func asciiMode() throws {
        let cluster = try Samples.cluster("notes-nginx-nodeport.txt")
        assertScreen(scene(cluster, width: 100, ascii: true).render(size: Size(width: 100, height: 40)), named: "100x40")
    }

    @Test func tinyTerminals() throws {
        let cluster = try Samples.cluster("notes-nginx-nodeport.txt")
        let flow = FlowFrame(flow: NotesClusters.nginxNodePortFlow, position: FlowPosition(hopIndex: 3, progress: 0.5, isFinished: false))
        assertScreen(scene(cluster, width: 20).render(size: Size(width: 20, height: 5)), named: "20x5")
        assertScreen(scene(cluster, width: 20).render(flowFrame: flow, size: Size(width: 20, height: 5)), named: "20x5-flow")
        assertScreen(scene(cluster, width: 19).render(size: Size(width: 19, height: 4)), named: "19x4")
        assertScreen(scene(cluster, width: 39).render(size: Size(width: 39, height: 11)), named: "39x11")
        // Every size from nothing up to the reduced view draws without trapping.
        for width in 0...45 {
            for height in 0...14 {
                let buffer = scene(cluster, width: width).render(flowFrame: flow, size: Size(width: width, height: height))
                #expect(buffer.width == width && buffer.height == height)
            }
        }
    }

    @Test func largeClusterViewport() {
        let cluster = NotesClusters.large(nodes: 60, podsPerNode: 30)
        let detailed = scene(cluster, width: 160)
        let viewport = Point(x: 0, y: detailed.layout.nodes[12].rect.y - 1)
        assertScreen(detailed.render(viewport: viewport, size: Size(width: 160, height: 40)), named: "detailed-160x40")
        let compact = scene(cluster, width: 120, zoom: .compact)
        assertScreen(compact.render(size: Size(width: 120, height: 30)), named: "compact-120x30")
    }

    @Test func wideCharactersInNames() {
        var resources = Resources()
        resources.upsert(NotesClusters.node("노드-1", ip: "10.0.0.5"))
        resources.upsert(NotesClusters.pod("웹", "웹서버-🚀-7f9c8d-ab12c", ip: "10.244.1.9", node: "노드-1"))
        resources.upsert(NotesClusters.pod("웹", "検索エンジン-0", ip: "10.244.1.10", node: "노드-1"))
        resources.upsert(NotesClusters.pod("웹", "café-e\u{301}-x", ip: "10.244.1.11", node: "노드-1"))
        let buffer = scene(Cluster(resources: resources), width: 70).render(size: Size(width: 70, height: 16))
        assertScreen(buffer, named: "70x16")
        // No row is longer or shorter than the screen: wide characters kept their continuation cells.
        for row in 0..<buffer.height {
            var columns = 0
            for x in 0..<buffer.width where !buffer[x, row].isContinuation {
                columns += DisplayWidth.of(buffer[x, row].grapheme)
            }
            #expect(columns == buffer.width)
        }
    }

    @Test func escapeSequenceInAPodNameIsSanitised() {
        var resources = Resources()
        resources.upsert(NotesClusters.node("node-a", ip: "10.0.0.5"))
        resources.upsert(NotesClusters.pod("default", "evil\u{1B}[2J\u{1B}]0;pwned\u{07}-x", ip: "10.244.1.9", node: "node-a"))
        let buffer = scene(Cluster(resources: resources), width: 60).render(size: Size(width: 60, height: 20))
        assertScreen(buffer, named: "60x20")
        let text = buffer.lines().joined()
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("evil?[2J?]0;p"))
    }
}
