import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Testing

/// Flow frames from hand-made flows (the contract of Flow.swift), so the
/// drawing is tested whatever the engine decides; engine-made flows are
/// snapshotted too once the engine builds them.
@Suite struct FlowSnapshotTests {
    func frame(_ flow: Flow, hop: Int, progress: Double = 0.5) -> FlowFrame {
        FlowFrame(flow: flow, position: FlowPosition(hopIndex: hop, progress: progress, isFinished: false))
    }

    func render(_ scene: Scene, _ frame: FlowFrame, size: Size) -> Buffer {
        let viewport = scene.viewport(following: frame, size: size)
        return scene.render(viewport: viewport, flowFrame: frame, size: size)
    }

    @Test(arguments: [0, 2, 3, 4, 5])
    func nodePortFlowOnTheNginxCluster(hop: Int) throws {
        let scene = Scene(cluster: try Samples.cluster("notes-nginx-nodeport.txt"))
        assertScreen(render(scene, frame(NotesClusters.nginxNodePortFlow, hop: hop), size: Size(width: 120, height: 40)),
                     named: "hop\(hop + 1)")
    }

    @Test func packetMovesAlongTheCurrentHop() throws {
        let scene = Scene(cluster: try Samples.cluster("notes-nginx-nodeport.txt"))
        let start = render(scene, frame(NotesClusters.nginxNodePortFlow, hop: 3, progress: 0), size: Size(width: 120, height: 40))
        let end = render(scene, frame(NotesClusters.nginxNodePortFlow, hop: 3, progress: 1), size: Size(width: 120, height: 40))
        func packet(_ buffer: Buffer) -> Point? {
            for y in 0..<buffer.height { for x in 0..<buffer.width where buffer[x, y].grapheme == "●" && buffer[x, y].style.attributes.contains(.bold) && buffer[x, y].style.foreground == .indexed(Palette.OkabeIto.orange) { return Point(x: x, y: y) } }
            return nil
        }
        let a = try #require(packet(start))
        let b = try #require(packet(end))
        #expect(a != b)
        // From the load balancer (top) towards worker-node1's NodePort panel (below, right).
        #expect(b.y > a.y)
    }

    @Test(arguments: [2, 3, 4])
    func ingressFlowOnTheSixPodsCluster(hop: Int) throws {
        let scene = Scene(cluster: try Samples.cluster("notes-six-pods-nodeport.txt", "notes-six-pods-ingress.yaml"))
        assertScreen(render(scene, frame(NotesClusters.sixPodsIngressFlow, hop: hop), size: Size(width: 120, height: 40)),
                     named: "hop\(hop + 1)")
    }

    @Test func asciiFlowFrame() throws {
        var options = SceneOptions()
        options.layout.glyphs = .ascii
        let scene = Scene(cluster: try Samples.cluster("notes-nginx-nodeport.txt"), options: options)
        assertScreen(render(scene, frame(NotesClusters.nginxNodePortFlow, hop: 5), size: Size(width: 120, height: 40)), named: "hop6")
    }
}

/// Frames of the flows the engine builds on the notes' clusters: what
/// `kubehops print --flow KIND --hop N` shows. A change in the engine's
/// sentences or addresses shows up here as a reviewable text diff.
@Suite struct EngineFlowSnapshotTests {
    func render(_ cluster: Cluster, _ kind: FlowKind, hop: Int, size: Size = Size(width: 120, height: 40)) throws -> Buffer {
        let flow = try FlowEngine(cluster: cluster).flow(kind)
        let frame = FlowFrame(flow: flow, position: FlowPosition(hopIndex: hop, progress: 0.5, isFinished: false))
        let scene = Scene(cluster: cluster)
        let viewport = scene.viewport(following: frame, size: size)
        return scene.render(viewport: viewport, flowFrame: frame, size: size)
    }

    @Test(arguments: [3, 4, 5])
    func nodePort(hop: Int) throws {
        assertScreen(try render(try Samples.cluster("notes-nginx-nodeport.txt"), .nodePort, hop: hop), named: "hop\(hop + 1)")
    }

    @Test(arguments: [2, 3, 4])
    func ingress(hop: Int) throws {
        let cluster = try Samples.cluster("notes-six-pods-nodeport.txt", "notes-six-pods-ingress.yaml")
        assertScreen(try render(cluster, .ingress, hop: hop), named: "hop\(hop + 1)")
    }

    @Test func podToPodAndClusterIP() throws {
        let cluster = try Samples.cluster("notes-nginx-nodeport.txt")
        assertScreen(try render(cluster, .podToPod, hop: 0), named: "pod-hop1")
        assertScreen(try render(cluster, .clusterIP, hop: 1), named: "clusterip-hop2")
    }
}
