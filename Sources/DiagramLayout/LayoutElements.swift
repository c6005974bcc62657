import CellCanvas
import ClusterModel

/// The boxes of the diagram on a virtual plane (cell coordinates, origin top
/// left). Text is decided here (shortened to fit) so that drawing is a plain
/// copy and the layout can be tested without a canvas.

/// The outside world around the cluster.
public enum ActorKind: String, Sendable, Hashable, CaseIterable {
    case user, dns, externalLoadBalancer, ingress
    /// Gateway API Gateways (drawn only when the input has one).
    case gateway
}

public struct ActorBox: Sendable, Hashable {
    public var kind: ActorKind
    public var rect: Rect
    public var title: String
    public var lines: [String]
    /// Column where lines leave the bottom edge for the lanes: near the
    /// middle, but never on a lane or gutter column (they would overlap).
    public var dropX: Int
}

/// One line of a panel; `service` says which object it stands for so that a
/// flow can highlight it.
public struct PanelLine: Sendable, Hashable {
    public var text: String
    /// Where the text goes (plane coordinates); set when the panel is arranged.
    public var rect: Rect
    public var service: ObjectKey?
    /// The link behind this line was guessed from names (shown with `?`).
    public var inferred: Bool
    public init(text: String, rect: Rect = .zero, service: ObjectKey? = nil, inferred: Bool = false) {
        self.text = text; self.rect = rect; self.service = service; self.inferred = inferred
    }
}

/// The NodePort or ClusterIP panel inside a node box.
public struct Panel: Sendable, Hashable {
    public var rect: Rect
    public var title: String
    public var lines: [PanelLine]

    /// Entries in as many columns as the width allows (filled top to bottom,
    /// then left to right), at most `maxRows` rows; what does not fit becomes
    /// a last `+N more` entry.
    ///
    /// `total`: how many entries there are when only the first ones were made.
    public static func arrange(
        title: String, entries: [PanelLine], at origin: Point, width: Int, maxRows: Int,
        singleColumn: Bool = false, total: Int? = nil
    ) -> Panel {
        arrange(
            title: title, widths: entries.map { DisplayWidth.of($0.text) }, at: origin, width: width,
            maxRows: maxRows, singleColumn: singleColumn, total: total
        ) { entries[$0] }
    }

    /// `arrange` with each entry made only when shown: `widths` are the display widths of all the
    /// entries' texts (they decide the columns), `entry` makes the one at a position.
    static func arrange(
        title: String, widths: [Int], at origin: Point, width: Int, maxRows: Int,
        singleColumn: Bool = false, total: Int? = nil, entry: (Int) -> PanelLine
    ) -> Panel {
        let textWidth = max(1, width - 4)
        let entryWidth = min(textWidth, widths.max() ?? 1)
        let columns = singleColumn ? 1 : max(1, (textWidth + 3) / (entryWidth + 3))
        let capacity = max(1, columns * max(1, maxRows))
        let count = max(total ?? widths.count, widths.count)
        var shown: [PanelLine]
        if count > capacity {
            shown = (0..<min(capacity - 1, widths.count)).map(entry)
            shown.append(PanelLine(text: "+\(count - (capacity - 1)) more"))
        } else {
            shown = widths.indices.map(entry)
        }
        let rows = max(1, (shown.count + columns - 1) / columns)
        let columnWidth = columns == 1 ? textWidth : entryWidth + 3
        for index in shown.indices {
            let column = index / rows
            let row = index % rows
            shown[index].rect = Rect(
                x: origin.x + 2 + column * columnWidth, y: origin.y + 1 + row,
                width: min(columns == 1 ? textWidth : entryWidth, textWidth), height: 1)
        }
        return Panel(rect: Rect(x: origin.x, y: origin.y, width: width, height: rows + 2), title: title, lines: shown)
    }
}

public struct PodBox: Sendable, Hashable {
    public var key: ObjectKey
    public var rect: Rect
    /// Status symbol and the name shortened in the middle: `● nginx-dep…5hrgb`.
    public var title: String
    public var ip: String
    public var health: PodHealth
}

/// Pods of one namespace inside a node, under a label row.
public struct NamespaceGroup: Sendable, Hashable {
    public var namespace: String
    public var labelRect: Rect
    public var label: String
    public var pods: [PodBox]
}

/// What a box in the node grid stands for.
///
/// Only `.node` is a machine: the other two gather pods whose node the input does not give, and have no NodePort or
/// ClusterIP panel, since those exist only on nodes.
public enum NodeBoxKind: String, Sendable, Hashable {
    /// A node (listed, or named by a pod's NODE column).
    case node
    /// Pods waiting for the scheduler: status Pending (or SchedulingGated) and no node.
    case unscheduled
    /// Pods that run on some node the input does not name (a table without
    /// a NODE column: `kubectl get pods` without `-o wide`).
    case nodeNotShown
}

public struct NodeBox: Sendable, Hashable {
    public var name: String
    public var kind: NodeBoxKind
    public var rect: Rect
    public var title: String
    public var isReady: Bool
    /// The node's InternalIP as text; nil when the input did not show one.
    public var nodeIP: String?
    public var nodePortPanel: Panel?
    public var clusterIPPanel: Panel?
    public var groups: [NamespaceGroup]
    /// Text lines inside the box that are not panels (compact counts, `+N more pods`, `no pods`).
    public var notes: [(rect: Rect, text: String)]
    public var podCount: Int
    public var failingPodCount: Int

    public static func == (a: NodeBox, b: NodeBox) -> Bool {
        a.name == b.name && a.kind == b.kind && a.rect == b.rect && a.title == b.title && a.groups == b.groups
            && a.nodePortPanel == b.nodePortPanel && a.clusterIPPanel == b.clusterIPPanel
            && a.notes.map(\.text) == b.notes.map(\.text) && a.notes.map(\.rect) == b.notes.map(\.rect)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(rect)
    }
}

/// A static line between boxes (the request paths every cluster has).
public struct Connector: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case actorChain, nodePortLane, clusterIPLane
    }
    public var role: Role
    public var points: [Point]
    public var arrow: Bool
    public var dashed: Bool
    public var bounds: Rect

    public init(role: Role, points: [Point], arrow: Bool = true, dashed: Bool = false) {
        self.role = role
        self.points = points
        self.arrow = arrow
        self.dashed = dashed
        var box = Rect.zero
        for p in points { box = box.union(Rect(x: p.x, y: p.y, width: 1, height: 1)) }
        bounds = box
    }
}

/// The notes' IP scheme table with this cluster's values.
public struct LegendTable: Sendable, Hashable {
    public var rect: Rect
    public var header: [String]
    public var rows: [[String]]
    /// Column widths in cells.
    public var columnWidths: [Int]
    /// One-line key for symbols and markers (status symbols, `?`).
    public var keyLines: [String]
}
