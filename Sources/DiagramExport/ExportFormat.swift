/// The formats `kubehops export` writes.
///
/// Each is text rendered from the same layout and flow data the terminal draws, so a slide and the screen agree.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// A vector drawing of the node-box diagram; with a flow, the packet animated (SMIL).
    case svg
    /// GitHub/GitLab-renderable Mermaid: a sequenceDiagram of a flow, else a flowchart.
    case mermaid
    /// Graphviz: nodes, services, pods and their backing links; a flow's path highlighted.
    case dot
    /// One self-contained page: the SVG and the flow's explanation, steps clickable.
    case html
}
