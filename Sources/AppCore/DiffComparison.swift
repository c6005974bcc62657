import CellCanvas
import ClusterDiff
import ClusterModel
import DiagramScene

/// `view --diff BEFORE AFTER`: the two dumps and what changed between them (`kubehops diff`'s data),
/// shown as outlines on the picture; `b` flips between the two pictures, `D` lists the changes.
public struct DiffComparison: Sendable {
    /// How an object changed, for its outline.
    public enum Mark: Sendable, Hashable { case added, removed, changed }

    public private(set) var before: Cluster
    public private(set) var after: Cluster
    public private(set) var diff: ClusterDiff
    /// True while `b` shows BEFORE.
    public var showingBefore = false

    public static let needsDiff = "D and b compare two dumps: kubehops view --diff BEFORE AFTER."

    public init(before: Cluster, after: Cluster) {
        self.before = before
        self.after = after
        diff = ClusterDiff(before: before, after: after)
    }

    /// A new AFTER (the file changed, kubectl polled again): compared again, and shown.
    mutating func update(after newAfter: Cluster) {
        after = newAfter
        diff = ClusterDiff(before: before, after: after)
        showingBefore = false
    }

    var shown: Cluster { showingBefore ? before : after }

    /// The objects to outline on the picture shown: added and changed ones on AFTER, removed and
    /// changed ones on BEFORE (a removed pod is only in BEFORE's picture).
    var marks: [(Selection, Mark)] {
        let wanted: Set<ChangeKind> = showingBefore ? [.removed, .changed] : [.added, .changed]
        var marks: [(Selection, Mark)] = []
        for change in diff.nodes where wanted.contains(change.change) {
            marks.append((.node(change.name), Self.mark(change.change)))
        }
        for change in diff.pods where wanted.contains(change.change) {
            marks.append((.pod(change.pod), Self.mark(change.change)))
        }
        for change in diff.services where wanted.contains(change.change) {
            marks.append((.service(change.service), Self.mark(change.change)))
        }
        // Endpoints gained or lost change what a service reaches: its line is outlined as changed.
        let outlined = Set(diff.services.map(\.service))
        for change in diff.endpoints where !outlined.contains(change.service) {
            marks.append((.service(change.service), .changed))
        }
        return marks
    }

    static func mark(_ kind: ChangeKind) -> Mark {
        switch kind {
        case .added: .added
        case .removed: .removed
        case .changed: .changed
        }
    }

    /// The `D` panel: `kubehops diff`'s text.
    var lines: [String] {
        DiffText.render(diff, beforeName: "before", afterName: "after")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The status line's part: which picture, and how much changed.
    var statusText: String {
        let what = diff.isEmpty ? "no differences" : DiffText.summary(diff)
        return "diff: " + (showingBefore ? "BEFORE" : "after") + " · " + what
    }

    /// The outline colour of each mark (green added, red removed, yellow changed), as the diff's +/-/~.
    static func colour(_ mark: Mark) -> Color {
        switch mark {
        case .added: .indexed(114)
        case .removed: .indexed(203)
        case .changed: .indexed(221)
        }
    }
}
