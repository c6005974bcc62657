import CellCanvas
import ClusterModel
import DiagramExport
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
    // The layout builds node boxes on first use: a fresh layout plus its first
    // frame is the honest cost of showing a changed cluster.
    Stage(name: "layout + first frame w200") { scenario in
        guard let cluster = scenario.cluster else { throw BenchError("layout needs the model build stage first") }
        var options = SceneOptions()
        options.layout.width = 200
        let scene = Scene(cluster: cluster, options: options)
        _ = scene.render(viewport: Point(x: 0, y: scene.layout.size.height / 2), size: Size(width: 200, height: 60))
        return 0
    },
    // Computed once when the user starts a flow (it picks a default target),
    // not per frame: timed on its own so the frame below is only a frame.
    Stage(name: "flow NodePort (pick+build)") { scenario in
        guard let cluster = scenario.cluster else { throw BenchError("flow needs the model build stage first") }
        scenario.flow = try FlowEngine(cluster: cluster).flow(.nodePort)
        return 0
    },
    Stage(name: "flow frame 200x60") { scenario in
        guard let scene = scenario.scene, let flow = scenario.flow else { throw BenchError("flow frame needs the layout and flow stages first") }
        try flowFrame(scene: scene, flow: flow)
        return 0
    },
    // `kubehops export --format svg --flow nodeport` of the whole cluster: every node box as
    // vectors plus the flow's animation (issue 18's target: 1 s at 5,000 nodes).
    Stage(name: "export SVG + flow") { scenario in
        guard let scene = scenario.scene, let flow = scenario.flow else { throw BenchError("export needs the layout and flow stages first") }
        let svg = SVGExport.document(scene: scene, flow: flow, title: "bench")
        scenario.keptAlive = svg
        return svg.utf8.count
    },
] }

/// One animation frame of a NodePort flow on a 200×60 screen, as the TUI
/// draws it: the viewport follows the current hop, then the frame is drawn.
func flowFrame(scene: Scene, flow: Flow) throws {
    let frame = FlowFrame(flow: flow, position: FlowPosition(hopIndex: min(4, flow.hops.count - 1), progress: 0.5, isFinished: false))
    let size = Size(width: 200, height: 60)
    let area = scene.diagramArea(size: size, flowFrame: frame, hasStatus: true)
    let viewport = scene.rect(ofHopIn: frame).map { scene.viewport(showing: $0, in: area.size) } ?? .zero
    _ = scene.render(viewport: viewport, flowFrame: frame, status: "bench", size: size)
}

/// `--profile-frames N` / `--profile-layout N` / `--profile-export N`: builds the 5,000-node scene
/// once, then draws N flow frames, lays the cluster out N times or exports it as SVG with its
/// NodePort flow N times, so that a profiler sees that and not parsing.
func profile(frames: Int, layouts: Int, exports: Int = 0, root: String, stages: [Stage]) throws {
    let scenario = try Scenario(name: "5000-nodes", generator: DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000), root: root)
    for stage in stages where !stage.name.hasPrefix("frame") && !stage.name.hasPrefix("flow frame") && !stage.name.hasPrefix("every")
        && !stage.name.hasPrefix("layout compact") && !stage.name.hasPrefix("layout +") && !stage.name.hasPrefix("export")
        && !stage.name.hasPrefix("first") {
        _ = try stage.run(scenario)
    }
    guard let scene = scenario.scene, let flow = scenario.flow, let cluster = scenario.cluster else { throw BenchError("no scene or flow") }
    let clock = ContinuousClock()
    var start = clock.now
    let frameCPU = Timing.cpuSeconds(Timing.selfUsage)
    for _ in 0..<frames { try flowFrame(scene: scene, flow: flow) }
    if frames > 0 {
        print(String(format: "%d flow frames: %.2f ms wall, %.2f ms cpu each", frames, Timing.seconds(clock.now - start) * 1000 / Double(frames),
                     (Timing.cpuSeconds(Timing.selfUsage) - frameCPU) * 1000 / Double(frames)))
    }
    start = clock.now
    let cpu = Timing.cpuSeconds(Timing.selfUsage)
    for _ in 0..<layouts { _ = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 200)) }
    if layouts > 0 {
        print(String(format: "%d layouts: %.1f ms wall, %.1f ms cpu each", layouts, Timing.seconds(clock.now - start) * 1000 / Double(layouts),
                     (Timing.cpuSeconds(Timing.selfUsage) - cpu) * 1000 / Double(layouts)))
    }
    start = clock.now
    let exportCPU = Timing.cpuSeconds(Timing.selfUsage)
    var bytes = 0
    for _ in 0..<exports { bytes = SVGExport.document(scene: scene, flow: flow, title: "bench").utf8.count }
    // `KUBEHOPS_BENCH_SVG=FILE`: the export written there too, to compare two builds' bytes.
    if exports > 0, let path = ProcessInfo.processInfo.environment["KUBEHOPS_BENCH_SVG"] {
        try SVGExport.document(scene: scene, flow: flow, title: "bench").write(toFile: path, atomically: true, encoding: .utf8)
    }
    if exports > 0 {
        print(String(format: "%d SVG exports (%d bytes): %.1f ms wall, %.1f ms cpu each", exports, bytes,
                     Timing.seconds(clock.now - start) * 1000 / Double(exports),
                     (Timing.cpuSeconds(Timing.selfUsage) - exportCPU) * 1000 / Double(exports)))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
