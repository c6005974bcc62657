@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import Testing

/// Large clusters are laid out off the main thread: `update` hands out a
/// request as an effect, keeps the old scene, and takes only the answer to its latest request.
@Suite struct BackgroundLayout {
    /// A state that lays out everything in the background, before any input.
    func emptyBackgroundState(width: Int = 120) -> AppState {
        var state = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .waiting,
                             size: Size(width: width, height: 40))
        state.backgroundLayoutAbove = 0
        return state
    }

    func requests(_ effects: [Effect]) -> [SceneRequest] {
        effects.compactMap { if case .buildScene(let request) = $0 { request } else { nil } }
    }

    @Test func newInputAsksForALayoutAndKeepsThePreviousScene() throws {
        let (state, effects) = update(emptyBackgroundState(), .inputArrived(InputSnapshot(cluster: NginxDemo.cluster, time: 0)))
        let request = try #require(requests(effects).first)
        #expect(effects.count == 1)
        #expect(state.pendingScene == request)
        #expect(request.width == 120 && request.zoom == .detailed && request.filter.isEmpty)
        // Still the empty scene; the screen says what it waits for.
        #expect(state.scene.cluster.nodes.isEmpty)
        let screen = view(state).text
        #expect(screen.contains("Laying out 3 nodes, 4 pods and 1 services…"))
        #expect(view(state).lines.last?.contains("laying out…") == true)

        let done = update(state, .sceneBuilt(request.build()))
        #expect(done.1.isEmpty)
        #expect(done.0.pendingScene == nil)
        #expect(done.0.scene.cluster.nodes.count == 3)
        #expect(view(done.0).text.contains("172.16.203.129"))
        #expect(view(done.0).lines.last?.contains("laying out…") == false)
    }

    @Test func aStaleLayoutIsDroppedAndTheLatestIsTaken() throws {
        let (arrived, first) = update(emptyBackgroundState(), .inputArrived(InputSnapshot(cluster: NginxDemo.cluster, time: 0)))
        let (zoomed, second) = update(arrived, .key(.character("z")))
        let old = try #require(requests(first).first)
        let latest = try #require(requests(second).first)
        #expect(latest.generation > old.generation)
        #expect(latest.zoom == .compact)

        // The first layout finishes late: ignored, the request stays pending.
        let stale = update(zoomed, .sceneBuilt(old.build())).0
        #expect(stale.pendingScene == latest)
        #expect(stale.scene.cluster.nodes.isEmpty)

        let current = update(stale, .sceneBuilt(latest.build())).0
        #expect(current.pendingScene == nil)
        #expect(current.scene.options.layout.zoom == .compact)
        // And a duplicate answer changes nothing.
        #expect(update(current, .sceneBuilt(old.build())).0.scene.options.layout.zoom == .compact)
    }

    @Test func keysAndQuitWorkWhileALayoutIsPending() throws {
        let shown = NginxDemo.state()
        var state = shown
        state.backgroundLayoutAbove = 0
        var bigger = NginxDemo.cluster.resources
        bigger.upsert(NginxDemo.pod("nginx-new", "172.16.203.130", on: "worker-node2"))
        state = update(state, .inputArrived(InputSnapshot(cluster: Cluster(resources: bigger), time: 1))).0
        #expect(state.pendingScene != nil)
        // Tab walks the scene on screen, the old one.
        state = press(state, .tab)
        #expect(state.selection == shown.scene.selectionOrder.first)
        state = press(state, .character("?"))
        #expect(state.overlay == .help)
        state = press(state, .escape)
        #expect(update(state, .key(.character("q"))).1 == [.quit(status: 0)])
    }

    @Test func resizeAsksForTheNewWidthAndFilterForTheFilter() throws {
        var state = NginxDemo.state()
        state.backgroundLayoutAbove = 0
        let (resized, effects) = update(state, .resize(width: 80, height: 30))
        #expect(requests(effects).first?.width == 80)
        // A resize that keeps the width lays nothing out.
        #expect(requests(update(resized, .resize(width: 80, height: 20)).1).isEmpty)

        let filtered = update(typing(press(resized, .character("/")), "jtq"), .key(.enter))
        let request = try #require(requests(filtered.1).first)
        #expect(request.filter == "jtq")
        let built = update(filtered.0, .sceneBuilt(request.build())).0
        #expect(built.visible.cluster.pods.map(\.key.name) == ["nginx-jtq5r"])
    }

    @Test func aSelectionGoneFromTheNewSceneIsCleared() throws {
        var state = NginxDemo.state()
        state.backgroundLayoutAbove = 0
        let selected = Selection.pod(ObjectKey(namespace: "nginx-demo", name: "nginx-jtq5r"))
        state.selection = selected
        let (filtered, effects) = update(typing(press(state, .character("/")), "coredns"), .key(.enter))
        #expect(filtered.selection == selected, "kept until the new scene arrives")
        let request = try #require(requests(effects).first)
        let built = update(filtered, .sceneBuilt(request.build())).0
        #expect(built.scene.rect(of: selected) == nil)
        #expect(built.selection == nil)
    }

    @Test func smallClustersAreStillLaidOutAtOnce() {
        var state = emptyBackgroundState()
        state.backgroundLayoutAbove = 100
        let (arrived, effects) = update(state, .inputArrived(InputSnapshot(cluster: NginxDemo.cluster, time: 0)))
        #expect(effects.isEmpty)
        #expect(arrived.pendingScene == nil)
        #expect(arrived.scene.cluster.nodes.count == 3)
    }
}

@Suite struct BackgroundLayoutAndTheTour {
    /// Whether what the tour step points at (the packet's hop, or the first
    /// outlined box) starts inside the diagram area at the state's scroll.
    func stepIsInView(_ state: AppState) -> Bool {
        guard let step = state.tour?.step else { return false }
        let target = state.flowFrame.flatMap { state.scene.rect(ofHopIn: $0) } ?? TourPanel.highlightedRects(step, scene: state.scene).first
        guard let target else { return true }
        let area = state.diagramArea
        let view = Rect(x: state.scroll.x, y: state.scroll.y, width: area.width, height: area.height)
        return view.contains(Point(x: target.x, y: target.y))
    }

    /// `kubehops tour BIGFILE`: the tour starts on the empty picture; its
    /// step comes into view when the layout arrives.
    @Test func aTourStepComesIntoViewWhenItsLayoutArrives() throws {
        var waiting = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .reading, size: Size(width: 50, height: 13))
        waiting.backgroundLayoutAbove = 0
        let (arrived, effects) = update(waiting, .inputArrived(InputSnapshot(cluster: NginxDemo.cluster, time: 0)))
        let request = try #require(effects.compactMap { if case .buildScene(let request) = $0 { request } else { nil } }.first)
        let steps = arrived.startingTour().tour?.steps.count ?? 0
        var stepsOutOfViewBefore = 0
        for step in 0..<steps {
            let touring = (0..<step).reduce(arrived.startingTour()) { state, _ in press(state, .character(" ")) }
            let shown = update(touring, .sceneBuilt(request.build())).0
            let inView = stepIsInView(shown)
            #expect(inView, "tour step \(step + 1) is not in view at \(shown.scroll)")
            var unmoved = shown
            unmoved.scroll = touring.scroll
            unmoved.clampScroll()
            if !stepIsInView(unmoved) { stepsOutOfViewBefore += 1 }
        }
        // Without a step that the old scroll would not show, this test would prove nothing.
        #expect(stepsOutOfViewBefore > 0)
    }
}
