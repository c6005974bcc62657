import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import PolicyVerdicts
import ProxyRules

/// The panel drawn over the diagram, if any; `Esc` closes it.
public enum Overlay: Sendable, Hashable {
    case help
    case details
    case diagnostics(scroll: Int)
    /// `w` while a flow plays: the hop's packet, sentence and the dataplane rules it walked.
    case hopRules(scroll: Int)
    /// A scrollable text: `g` (an ingress flow through its Gateway API equivalent), `D` (what changed with
    /// `--diff`). `closer` is the key that opened it, which closes it again.
    case textPanel(title: String, lines: [String], closer: Character, scroll: Int)
    case legend
    case flowMenu(items: [FlowMenuItem], index: Int)
    case filterPrompt(text: String)
    /// `:` then a kind (pods, svc, nodes, ingress), a name or a namespace.
    case jumpPrompt(text: String)
}

/// The whole state of the screen: a value, so every key is testable.
public struct AppState: Sendable {
    public internal(set) var cluster: Cluster
    public var input: InputKind
    public var live: LiveState
    public internal(set) var size: Size
    /// The plane point shown at the diagram's top left.
    public var scroll = Point.zero
    public internal(set) var zoom: LayoutOptions.Zoom = .detailed
    public var selection: Selection?
    public var overlay: Overlay?
    /// Case-insensitive part of a name or namespace; empty shows everything.
    public internal(set) var filter = ""
    /// nil shows every namespace.
    public internal(set) var namespace: String?
    /// Left out while no namespace is chosen (`--hide-system`).
    public internal(set) var hiddenNamespaces: Set<String> = []
    public var playback: FlowPlayback?
    /// The kube-proxy mode flows are played in (`--proxy-mode`, `m`); nil: as the input shows, else iptables.
    public var proxyMode: Dataplane?
    /// Nodes' real rules dumps (`--node-rules`): a flow through such a node walks or checks them.
    public var nodeRules: [String: NodeRulesInput] = [:]
    /// `view --diff BEFORE AFTER`: the earlier dump, what changed, and which of the two is shown.
    public var comparison: DiffComparison?
    /// The guided tour, while it runs (`t`, or `kubehops tour`).
    public var tour: TourProgress?
    /// A one-line message (an error or a hint) shown above the status bar until the next key.
    public var message: String?
    /// Box drawing and arrows replaced by ASCII.
    public let ascii: Bool
    /// The input's NetworkPolicies compiled once per cluster, for the details panel and the isolation overlay.
    public internal(set) var policies: PolicyEngine
    /// `p`: pods marked with the directions they are isolated in.
    public internal(set) var showsIsolation = false
    /// The laid-out diagram of what passes the filter: rebuilt only when the
    /// cluster, zoom, filter, namespace or width change, never per frame (see
    /// `pendingScene` for large clusters, laid out off the main thread).
    public internal(set) var scene: Scene
    public internal(set) var visible: VisibleSet
    /// Time of the last tick (seconds).
    public var time: Double = 0

    /// The layout asked of the loop's worker and not yet arrived; while it
    /// is set, `scene` is the previous picture and the status bar says so.
    public internal(set) var pendingScene: SceneRequest?
    /// Counts the layouts asked for, so that a late answer is recognised as stale.
    var sceneGeneration = 0
    /// Clusters with more nodes, pods and services than this are laid out in
    /// the background (`Effect.buildScene`); smaller ones, and all of them when
    /// nil, inside `update`.
    ///
    /// The terminal loop sets it; tests and one-shot renderings leave it nil and get every scene at once.
    public var backgroundLayoutAbove: Int?

    public init(cluster: Cluster, input: InputKind, live: LiveState, size: Size, ascii: Bool = false) {
        self.cluster = cluster
        self.input = input
        self.live = live
        self.size = Self.nonNegative(size)
        self.ascii = ascii
        self.policies = PolicyEngine(resources: cluster.resources)
        let built = SceneRequest(
            generation: 0, cluster: cluster, filter: "", namespace: nil, width: size.width, zoom: .detailed,
            ascii: ascii
        ).build()
        self.visible = built.visible
        self.scene = built.scene
    }

    /// Asks for a new scene after the cluster, zoom, filter, namespace or
    /// width changed: built at once for a small cluster, otherwise left in
    /// `pendingScene` for `update` to hand out as an effect.
    mutating func rebuildScene() {
        sceneGeneration += 1
        var request = SceneRequest(
            generation: sceneGeneration, cluster: cluster, filter: filter, namespace: namespace,
            width: size.width, zoom: zoom, ascii: ascii)
        request.hiddenNamespaces = hiddenNamespaces
        if let limit = backgroundLayoutAbove, cluster.drawnObjectCount > limit {
            pendingScene = request
        } else {
            // Also overtakes a layout still running in the background.
            pendingScene = nil
            show(request.build())
        }
    }

    /// Takes a finished layout if it answers the latest request; a stale one is dropped.
    mutating func receive(_ built: BuiltScene) {
        guard let pendingScene, pendingScene.generation == built.generation else { return }
        self.pendingScene = nil
        show(built)
    }

    private mutating func show(_ built: BuiltScene) {
        let isFirstPicture = scene.cluster.drawnObjectCount == 0
        visible = built.visible
        scene = built.scene
        if let selection, scene.rect(of: selection) == nil { self.selection = nil }
        clampScroll()
        // A tour started before its diagram was laid out brings its step into view now.
        if isFirstPicture, let step = tour?.step {
            if playback != nil {
                followPacket()
            } else if let first = TourPanel.highlightedRects(step, scene: scene).first {
                scrollToShow(first)
            }
        }
    }

    mutating func setCluster(_ newCluster: Cluster) {
        cluster = newCluster
        policies = PolicyEngine(resources: newCluster.resources)
        rebuildScene()
        // A tour started before the input was complete tells about what is there now.
        if var progress = tour {
            progress.steps = Tour.steps(for: cluster)
            progress.index = min(progress.index, max(0, progress.steps.count - 1))
            tour = progress
        }
    }
    mutating func setZoom(_ newZoom: LayoutOptions.Zoom) { zoom = newZoom; rebuildScene() }
    mutating func setFilter(_ text: String) { filter = text; rebuildScene() }
    mutating func setNamespace(_ name: String?) { namespace = name; rebuildScene() }
    /// The view as the command line starts it (`--filter`, `-n`, `--hide-system`, `--compact`); keys change
    /// it from there.
    public func starting(
        filter: String?, namespace: String?, compact: Bool, hiddenNamespaces: Set<String> = []
    ) -> AppState {
        var state = self
        state.filter = filter ?? ""
        state.namespace = namespace
        state.hiddenNamespaces = hiddenNamespaces
        if compact { state.zoom = .compact }
        state.rebuildScene()
        return state
    }
    mutating func setSize(_ newSize: Size) {
        let newSize = Self.nonNegative(newSize)
        let widthChanged = newSize.width != size.width
        size = newSize
        if widthChanged { rebuildScene() } else { clampScroll() }
    }

    /// A terminal never reports a negative size, but layout arithmetic must not see one either.
    private static func nonNegative(_ size: Size) -> Size {
        Size(width: max(0, size.width), height: max(0, size.height))
    }

    var sceneSize: Size { size }

    /// The frame of the playing flow, if any.
    public var flowFrame: FlowFrame? { playback.map { FlowFrame(flow: $0.flow, position: $0.position) } }

    /// The rows the diagram gets: the screen minus caption, message and status bar.
    public var diagramArea: Rect {
        let area = scene.diagramArea(size: sceneSize, flowFrame: flowFrame, hasStatus: true)
        let tourRows = tour.map { TourPanel.height($0, size: size) } ?? 0
        return Rect(x: 0, y: 0, width: area.width, height: max(0, area.height - (message == nil ? 0 : 1) - tourRows))
    }

    mutating func clampScroll() {
        let area = diagramArea
        let plane = scene.layout.size
        scroll.x = max(0, min(scroll.x, plane.width - area.width))
        scroll.y = max(0, min(scroll.y, plane.height - area.height))
    }

    /// True while the flow animation or the diff's change (`a`) plays: the loop then ticks at ~30 fps,
    /// otherwise it sleeps.
    public var isAnimating: Bool { (playback?.isRunning ?? false) || (comparison?.isPlaying ?? false) }

    /// Sorted namespaces present in the cluster.
    public var namespaces: [String] {
        var names = Set<String>()
        for pod in cluster.pods { names.insert(pod.key.effectiveNamespace) }
        for service in cluster.services { names.insert(service.key.effectiveNamespace) }
        return names.sorted()
    }
}
