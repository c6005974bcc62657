import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Foundation

/// The drawing side: model build, the layout (once per change), and the two
/// per-frame costs the TUI pays: a still frame and an animation frame of a
/// flow, both at a viewport in the middle of the plane on a 200×60 screen.
func diagramStages() -> [Stage] { [
    Stage(name: "model build") { scenario in
        guard let parsed = scenario.parsed else { throw BenchError("model build needs the parse stage first") }
        scenario.cluster = Cluster(resources: parsed.resources)
        return 0
    },
    Stage(name: "layout detailed w200") { scenario in
        guard let cluster = scenario.cluster else { throw BenchError("layout needs the model build stage first") }
        var options = SceneOptions()
        options.layout.width = 200
        scenario.scene = Scene(cluster: cluster, options: options)
        return 0
    },
    Stage(name: "layout compact w200") { scenario in
        guard let cluster = scenario.cluster else { throw BenchError("layout needs the model build stage first") }
        _ = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 200, zoom: .compact))
        return 0
    },
    Stage(name: "frame 200x60 (middle)") { scenario in
        guard let scene = scenario.scene else { throw BenchError("frame needs the layout stage first") }
        let middle = Point(x: 0, y: scene.layout.size.height / 2)
        _ = scene.render(viewport: middle, size: Size(width: 200, height: 60))
        return 0
    },
    Stage(name: "flow frame 200x60") { scenario in
        guard let scene = scenario.scene, let cluster = scenario.cluster else { throw BenchError("flow frame needs the layout stage first") }
        let flow = try FlowEngine(cluster: cluster).flow(.nodePort)
        let frame = FlowFrame(flow: flow, position: FlowPosition(hopIndex: min(4, flow.hops.count - 1), progress: 0.5, isFinished: false))
        let size = Size(width: 200, height: 60)
        let area = scene.diagramArea(size: size, flowFrame: frame, hasStatus: true)
        let viewport = scene.rect(ofHopIn: frame).map { scene.viewport(showing: $0, in: area.size) } ?? .zero
        _ = scene.render(viewport: viewport, flowFrame: frame, status: "bench", size: size)
        return 0
    },
] }

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
