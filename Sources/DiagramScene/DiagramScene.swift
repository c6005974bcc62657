import CellCanvas
import ClusterModel
import FlowEngine

/// STUB: the diagram work replaces this with the real layout and drawing; the
/// TUI calls `DiagramScene.render`, so keep the entry point or update its callers.
public enum DiagramScene {
    public static func render(cluster: Cluster, width: Int, height: Int) -> Buffer {
        Buffer(width: width, height: height)
    }
}
