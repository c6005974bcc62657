import ClusterModel
import FlowEngine

public struct ScreenSize: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = max(0, width); self.height = max(0, height) }
}

/// One object the user can select and inspect.
public enum ObjectRef: Sendable, Hashable {
    case node(String)
    case pod(ObjectKey)
    case service(ObjectKey)
}

/// Full node boxes with one line per pod, or compact ones with only counts and IPs.
public enum Zoom: Sendable, Hashable { case full, compact }

/// The panel drawn over the diagram, if any; `Esc` closes it.
public enum Overlay: Sendable, Hashable {
    case help
    case details
    case diagnostics(scroll: Int)
    case legend
    case flowMenu(items: [FlowChoice], index: Int)
    case filterPrompt(text: String)
}

/// The whole state of the screen: a value, so every key is testable.
public struct AppState: Sendable {
    public var cluster: Cluster
    public var input: InputKind
    public var live: LiveState
    public var size: ScreenSize
    /// Top-left corner of the diagram's visible part, on the diagram's plane.
    public var scroll: (x: Int, y: Int) = (0, 0)
    public var zoom: Zoom = .full
    public var selection: ObjectRef?
    public var overlay: Overlay?
    /// Case-insensitive part of a name or namespace; empty shows everything.
    public var filter = ""
    /// nil shows every namespace.
    public var namespace: String?
    public var playback: FlowPlayback?
    /// A one-line message (an error or a hint) shown above the status bar until the next key.
    public var message: String?
    /// Box-drawing and arrows replaced by ASCII.
    public var ascii: Bool
    /// The diagram drawn for the current cluster, zoom and filter (cached: drawing 150,000 pods each frame would stall).
    public private(set) var scene: SketchScene
    public var time: Double = 0

    public init(cluster: Cluster, input: InputKind, live: LiveState, size: ScreenSize, ascii: Bool = false) {
        self.cluster = cluster
        self.input = input
        self.live = live
        self.size = size
        self.ascii = ascii
        self.scene = SketchScene(cluster: cluster, zoom: .full, visible: VisibleSet(cluster: cluster, filter: "", namespace: nil))
    }

    /// What passes the filter and the namespace choice.
    public var visible: VisibleSet { scene.visible }

    /// Redraws the cached scene after the cluster, zoom, filter or namespace changed.
    mutating func rebuildScene() {
        let visible = VisibleSet(cluster: cluster, filter: filter, namespace: namespace)
        scene = SketchScene(cluster: cluster, zoom: zoom, visible: visible)
        if let selection, !visible.contains(selection) { self.selection = nil }
        clampScroll()
    }

    /// The rows the diagram gets: the screen minus status bar and caption.
    public var diagramArea: Area {
        let caption = playback == nil ? 0 : FlowCaption.height
        let messageRows = message == nil ? 0 : 1
        return Area(x: 0, y: 0, width: size.width, height: max(0, size.height - 1 - caption - messageRows))
    }

    mutating func clampScroll() {
        let area = diagramArea
        scroll.x = max(0, min(scroll.x, scene.width - area.width))
        scroll.y = max(0, min(scroll.y, scene.height - area.height))
    }

    /// True while the flow animation runs: the loop then ticks at ~30 fps, otherwise it sleeps.
    public var isAnimating: Bool { playback?.isRunning ?? false }

    /// Sorted namespaces present in the cluster.
    public var namespaces: [String] {
        var names = Set<String>()
        for pod in cluster.pods { names.insert(pod.key.effectiveNamespace) }
        for service in cluster.services { names.insert(service.key.effectiveNamespace) }
        return names.sorted()
    }
}
