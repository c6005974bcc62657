import CellCanvas

/// What the user chose to see.
///
/// Changing any of it means a new layout; the viewport, selection and flow frame do not (they are per frame).
public struct LayoutOptions: Sendable, Hashable {
    public enum Zoom: String, Sendable, Hashable, CaseIterable {
        /// Nodes with their NodePort and ClusterIP panels and pod boxes.
        case detailed
        /// Nodes as small boxes with counts: thousands of nodes at a glance.
        case compact
    }

    /// Width the node grid is fitted into (the terminal width).
    public var width: Int
    public var zoom: Zoom
    /// Namespaces whose pods and services are left out (such as `kube-system`).
    public var hiddenNamespaces: Set<String>
    /// Case-insensitive text a pod's or service's name or namespace (or a
    /// node's name) must contain; nil shows all.
    ///
    /// Nodes stay while they hold a shown pod.
    public var nameFilter: String?
    /// Show only this namespace's pods and services (the TUI's `n`); nil shows all.
    public var onlyNamespace: String?
    public var glyphs: GlyphSet
    /// Pod rows per node before the rest collapse into `+N more`.
    public var maxPodRows: Int
    /// Service lines per ClusterIP panel before `+N more`.
    public var maxServiceLines: Int
    /// Ingresses of the input that the view's `/` filter or namespace left out
    /// before layout: the Ingress box then says they are hidden, not missing.
    public var hiddenIngresses = 0

    public init(
        width: Int = 120, zoom: Zoom = .detailed, hiddenNamespaces: Set<String> = [], nameFilter: String? = nil,
        glyphs: GlyphSet = .unicode, maxPodRows: Int = 4, maxServiceLines: Int = 4, onlyNamespace: String? = nil
    ) {
        self.onlyNamespace = onlyNamespace
        self.width = width
        self.zoom = zoom
        self.hiddenNamespaces = hiddenNamespaces
        self.nameFilter = nameFilter
        self.glyphs = glyphs
        self.maxPodRows = maxPodRows
        self.maxServiceLines = maxServiceLines
    }

    /// Namespaces of the control plane and add-ons, hidden together by one key.
    public static let systemNamespaces: Set<String> = ["kube-system", "kube-public", "kube-node-lease"]

    var ellipsis: String { glyphs == .ascii ? "~" : "…" }
}
