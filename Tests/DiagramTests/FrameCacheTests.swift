import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Testing

/// A scene keeps the picture under a playing flow and its caption between frames; every frame it draws must
/// be exactly what a scene that kept nothing draws, whatever changed in between (hop, progress, viewport,
/// selection, screen size).
@Suite struct FrameCacheTests {
    struct Step {
        var hop: Int
        var progress: Double
        var viewport: Point
        var selection: Selection?
        var size: Size
    }

    static let big = Size(width: 120, height: 40)
    static let steps: [Step] = [
        Step(hop: 0, progress: 0, viewport: .zero, selection: nil, size: big),
        Step(hop: 0, progress: 0.5, viewport: .zero, selection: nil, size: big),
        Step(hop: 1, progress: 0.2, viewport: .zero, selection: nil, size: big),
        Step(hop: 1, progress: 0.9, viewport: Point(x: 4, y: 3), selection: nil, size: big),
        Step(hop: 2, progress: 0.5, viewport: Point(x: 4, y: 3), selection: .node("worker-node1"), size: big),
        Step(hop: 2, progress: 0.7, viewport: Point(x: 4, y: 3), selection: .actor(.user), size: big),
        Step(hop: 3, progress: 0.1, viewport: .zero, selection: .actor(.user), size: Size(width: 90, height: 30)),
        Step(hop: 3, progress: 0.6, viewport: .zero, selection: .actor(.user), size: Size(width: 90, height: 30)),
        Step(hop: 4, progress: 1, viewport: .zero, selection: nil, size: big),
        Step(hop: 0, progress: 0, viewport: .zero, selection: nil, size: big),
    ]

    @Test func everyFrameIsWhatAFreshSceneDraws() throws {
        let cluster = try Samples.cluster("notes-nginx-nodeport.txt")
        let kept = Scene(cluster: cluster)
        let flow = NotesClusters.nginxNodePortFlow
        var different = Set<[Cell]>()
        for (number, step) in Self.steps.enumerated() {
            let frame = FlowFrame(
                flow: flow, position: FlowPosition(hopIndex: step.hop, progress: step.progress, isFinished: false))
            func render(_ scene: Scene) -> Buffer {
                scene.render(
                    viewport: step.viewport, selection: step.selection, flowFrame: frame, status: "status",
                    size: step.size)
            }
            let drawn = render(kept)
            let same = drawn == render(Scene(cluster: cluster))
            #expect(same, "frame \(number) differs from a fresh scene's")
            different.insert(drawn.cells)
        }
        // The steps really change the picture: a cache that ignored them would be caught above.
        #expect(different.count == Self.steps.count - 1)
    }
}
