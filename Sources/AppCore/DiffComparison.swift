import CellCanvas
import ClusterDiff
import ClusterModel
import DiagramScene

/// `view --diff BEFORE AFTER`: the two dumps and what changed between them (`kubehops diff`'s data),
/// shown as outlines on the picture; `b` flips between the two pictures, `a` plays the change from
/// one to the other, `D` lists the changes.
public struct DiffComparison: Sendable {
    /// How an object changed, for its outline.
    public enum Mark: Sendable, Hashable { case added, removed, changed }

    /// The pictures `a` plays, in order: BEFORE as it was, BEFORE with the removed objects gone (what
    /// a drain or a rollout takes away first), then AFTER with the new ones.
    ///
    /// `b` flips the two ends.
    public enum Picture: Int, Sendable, CaseIterable {
        case before, withoutRemoved, after
    }

    public private(set) var before: Cluster
    public private(set) var after: Cluster
    public private(set) var diff: ClusterDiff
    /// The picture shown.
    public private(set) var picture: Picture = .after
    /// When `a` started the change playing (seconds, the loop's clock); nil when it is not playing.
    public private(set) var transitionStart: Double?

    /// How long each picture of the played change stays up: long enough to see what went.
    public static let stepSeconds = 1.2

    public static let needsDiff = "D, b and a compare two dumps: kubehops view --diff BEFORE AFTER."

    public init(before: Cluster, after: Cluster) {
        self.before = before
        self.after = after
        diff = ClusterDiff(before: before, after: after)
    }

    /// True while BEFORE (as it was) is shown.
    public var showingBefore: Bool { picture == .before }

    /// True while `a` plays the change.
    public var isPlaying: Bool { transitionStart != nil }

    /// A new AFTER (the file changed, kubectl polled again): compared again, and shown.
    mutating func update(after newAfter: Cluster) {
        after = newAfter
        diff = ClusterDiff(before: before, after: after)
        picture = .after
        transitionStart = nil
    }

    /// `b`: AFTER ⇄ BEFORE (from the middle of a played change, to BEFORE).
    mutating func flip() {
        transitionStart = nil
        picture = picture == .before ? .after : .before
    }

    /// `a`: the change plays from BEFORE, one picture each `stepSeconds`.
    mutating func startTransition(at now: Double) {
        transitionStart = now
        picture = .before
    }

    /// The loop's tick while the change plays; true when the picture shown changed.
    mutating func advance(to now: Double) -> Bool {
        guard let start = transitionStart else { return false }
        let step = min(Int(max(0, now - start) / Self.stepSeconds), Picture.allCases.count - 1)
        let next = Picture(rawValue: step) ?? .after
        if next == .after { transitionStart = nil }
        guard next != picture else { return false }
        picture = next
        return true
    }

    /// The cluster of the picture shown.
    var shown: Cluster {
        switch picture {
        case .before: before
        case .withoutRemoved: withoutRemoved
        case .after: after
        }
    }

    /// BEFORE with the removed nodes, pods and services taken out.
    private var withoutRemoved: Cluster {
        var resources = before.resources
        for change in diff.nodes where change.change == .removed { resources.removeNode(named: change.name) }
        for change in diff.pods where change.change == .removed { resources.removePod(change.pod) }
        for change in diff.services where change.change == .removed { resources.removeService(change.service) }
        return Cluster(resources: resources, diagnostics: before.diagnostics)
    }

    /// The changes outlined on each picture: removed and changed ones on BEFORE (a removed pod is
    /// only there), changed ones once the removed have gone, added and changed ones on AFTER.
    private var outlinedKinds: Set<ChangeKind> {
        switch picture {
        case .before: [.removed, .changed]
        case .withoutRemoved: [.changed]
        case .after: [.added, .changed]
        }
    }

    /// The objects to outline on the picture shown, with how they changed.
    var marks: [(Selection, Mark)] {
        let wanted = outlinedKinds
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

    /// The status line's part: which picture (and the step while the change plays), how much changed.
    var statusText: String {
        let what = diff.isEmpty ? "no differences" : DiffText.summary(diff)
        return "diff: " + pictureName + " · " + what
    }

    private var pictureName: String {
        guard isPlaying else { return showingBefore ? "BEFORE" : "after" }
        let step = "\(picture.rawValue + 1)/\(Picture.allCases.count)"
        switch picture {
        case .before: return "before → after \(step) BEFORE"
        case .withoutRemoved: return "before → after \(step) removed ones gone"
        case .after: return "before → after \(step) after"
        }
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
