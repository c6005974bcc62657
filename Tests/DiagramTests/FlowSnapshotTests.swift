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
        let area = Scene.diagramArea(size: size, hasFlow: true, hasStatus: false)
        let viewport = scene.rect(ofHopIn: frame).map { scene.viewport(showing: $0, in: area.size) } ?? .zero
        return scene.render(viewport: viewport, flowFrame: frame, size: size)
    }

    @Test(arguments: [0, 2, 3, 4, 5])
    func nodePortFlowOnTheNginxCluster(hop: Int) throws {
        let scene = Scene(cluster: try Samples.cluster("notes-nginx-nodeport.txt"))
        assertScreen(render(scene, frame(Fixtures.nginxNodePortFlow, hop: hop), size: Size(width: 120, height: 40)),
                     named: "hop\(hop + 1)")
    }

    @Test func packetMovesAlongTheCurrentHop() throws {
        let scene = Scene(cluster: try Samples.cluster("notes-nginx-nodeport.txt"))
        let start = render(scene, frame(Fixtures.nginxNodePortFlow, hop: 3, progress: 0), size: Size(width: 120, height: 40))
        let end = render(scene, frame(Fixtures.nginxNodePortFlow, hop: 3, progress: 1), size: Size(width: 120, height: 40))
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
        assertScreen(render(scene, frame(Fixtures.sixPodsIngressFlow, hop: hop), size: Size(width: 120, height: 40)),
                     named: "hop\(hop + 1)")
    }

    @Test func asciiFlowFrame() throws {
        var options = SceneOptions()
        options.layout.glyphs = .ascii
        let scene = Scene(cluster: try Samples.cluster("notes-nginx-nodeport.txt"), options: options)
        assertScreen(render(scene, frame(Fixtures.nginxNodePortFlow, hop: 5), size: Size(width: 120, height: 40)), named: "hop6")
    }
}
