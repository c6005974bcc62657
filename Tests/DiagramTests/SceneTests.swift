import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Testing

@Suite struct SceneTests {
    @Test func nodesAppearAsTitledBoxesWithTheirPods() {
        let buffer = DiagramScene.render(cluster: Fixtures.nginx, width: 120, height: 60)
        let text = buffer.text
        #expect(text.contains("master-node · control-plane · 192.168.1.181"))
        #expect(text.contains("worker-node1 · 192.168.1.182"))
        #expect(text.contains("● nginx-dep…5hrgb"))
        #expect(text.contains("172.16.203.129"))
        #expect(text.contains("192.168.1.183:30007"))
    }

    @Test func flowFrameShowsCaptionAndPacket() {
        let scene = Scene(cluster: Fixtures.nginx)
        let frame = FlowFrame(flow: Fixtures.nginxNodePortFlow, position: FlowPosition(hopIndex: 3, progress: 0.5, isFinished: false))
        let text = scene.render(flowFrame: frame, size: Size(width: 120, height: 40)).text
        #expect(text.contains("src 203.0.113.7:51234 → dst 192.168.1.182:30007 (TCP)"))
        #expect(text.contains("hop 4/6"))
        #expect(text.contains("●━") || text.contains("━●"))
    }
}
