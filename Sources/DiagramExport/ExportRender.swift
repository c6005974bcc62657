import ClusterModel
import DiagramScene
import FlowEngine

/// The one place that turns a cluster (and a flow) into the text of an export
/// format, so that the command line and the golden tests render the same thing.
public enum ExportRender {
    /// The title the SVG and HTML carry: the flow's, or the cluster diagram's.
    public static func title(of flow: Flow?) -> String {
        flow.map { "kubehops · \($0.title)" } ?? "kubehops · cluster diagram"
    }

    /// The text of `format`.
    ///
    /// Mermaid and DOT are graphs of the cluster and need no layout; SVG and HTML draw the scene built with `options`.
    public static func text(
        _ format: ExportFormat, cluster: Cluster, flow: Flow?, options: SceneOptions
    ) -> String {
        switch format {
        case .mermaid:
            return flow.map(MermaidExport.sequence(of:)) ?? MermaidExport.flowchart(of: cluster)
        case .dot:
            return DOTExport.graph(of: cluster, flow: flow)
        case .svg:
            let scene = Scene(cluster: cluster, options: options)
            return SVGExport.document(scene: scene, flow: flow, title: title(of: flow))
        case .html:
            let scene = Scene(cluster: cluster, options: options)
            return HTMLExport.page(scene: scene, flow: flow, title: title(of: flow))
        }
    }
}
