import ClusterModel
import DiagramLayout
import DiagramScene

/// What the diagram is laid out from.
///
/// Laying out a large cluster takes seconds, so for one the app asks for a layout as an effect (`Effect.buildScene`)
/// that the loop runs on a worker thread, and keeps showing the scene it has (keys, quit and resize stay immediate)
/// until the answer comes back as `Msg.sceneBuilt`. The generation tells answers apart: only the answer to the latest
/// request is taken, so a layout that was overtaken by a newer cluster, zoom, filter or width is dropped.
public struct SceneRequest: Sendable {
    /// Counts up with every layout the state asks for.
    public let generation: Int
    /// The whole cluster; the filter and namespace are applied by `build`.
    public let cluster: Cluster
    public let filter: String
    public let namespace: String?
    /// Namespaces left out while no namespace is chosen (`--hide-system`).
    public var hiddenNamespaces: Set<String> = []
    public let width: Int
    public let zoom: LayoutOptions.Zoom
    public let ascii: Bool

    /// The work itself: the visible part of the cluster, laid out.
    ///
    /// Pure, so it may run on any thread.
    public func build() -> BuiltScene {
        let visible = VisibleSet(
            cluster: cluster, filter: filter, namespace: namespace, hidden: hiddenNamespaces)
        var layout = LayoutOptions(
            width: max(20, width), zoom: zoom, glyphs: ascii ? .ascii : .unicode)
        layout.hiddenIngresses = cluster.ingresses.count - visible.cluster.ingresses.count
        let scene = Scene(cluster: visible.cluster, options: SceneOptions(layout: layout, showLegend: false))
        return BuiltScene(generation: generation, visible: visible, scene: scene)
    }
}

extension SceneRequest: Equatable {
    /// Equal when they ask for the same generation with the same options.
    ///
    /// The clusters are not compared (a cluster has no equality, and one state never asks twice for a generation with
    /// different clusters).
    public static func == (lhs: SceneRequest, rhs: SceneRequest) -> Bool {
        lhs.generation == rhs.generation && lhs.filter == rhs.filter && lhs.namespace == rhs.namespace
            && lhs.hiddenNamespaces == rhs.hiddenNamespaces
            && lhs.width == rhs.width && lhs.zoom == rhs.zoom && lhs.ascii == rhs.ascii
    }
}

/// A finished layout, with the generation of the request it answers.
public struct BuiltScene: Sendable {
    public let generation: Int
    public let visible: VisibleSet
    public let scene: Scene
}

extension Cluster {
    /// Nodes, pods and services: what the layout's cost grows with.
    var drawnObjectCount: Int { nodes.count + pods.count + services.count }
}
