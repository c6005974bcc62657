import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine

public struct SceneOptions: Sendable, Hashable {
    public var layout: LayoutOptions
    public var palette: Palette
    /// The IP scheme table below the grid.
    public var showLegend: Bool

    public init(layout: LayoutOptions = LayoutOptions(), palette: Palette = .okabeIto, showLegend: Bool = true) {
        self.layout = layout
        self.palette = palette
        self.showLegend = showLegend
    }

    public var glyphs: GlyphSet { layout.glyphs }
}

/// What the user has selected; drawn with a heavy outline.
public enum Selection: Sendable, Hashable {
    case node(String)
    case pod(ObjectKey)
    case service(ObjectKey)
    case actor(ActorKind)
}

/// A flow and where its animation is.
public struct FlowFrame: Sendable, Hashable {
    public var flow: Flow
    public var position: FlowPosition
    public init(flow: Flow, position: FlowPosition) { self.flow = flow; self.position = position }
}
