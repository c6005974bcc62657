@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import KubeText
import Testing

/// `view --diff BEFORE AFTER`: the later picture with what changed outlined, `D` listing the changes as
/// `kubehops diff` says them, `b` flipping to the earlier picture where the removed pod is.
@Suite struct DiffViewTests {
    static let before = """
        NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP
        node-a   Ready    <none>   1d    v1.33.0   192.168.1.10
        node-b   Ready    <none>   1d    v1.33.0   192.168.1.11

        NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE
        shop        web-7d9f8b6c5d-abcde   1/1     Running   0          1d    10.244.1.5   node-a
        shop        web-7d9f8b6c5d-fghij   1/1     Running   0          1d    10.244.2.7   node-b
        """
    /// A rollout step: one pod gone, one new, the other moved to node-a with a new IP.
    static let after = """
        NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP
        node-a   Ready    <none>   1d    v1.33.0   192.168.1.10
        node-b   Ready    <none>   1d    v1.33.0   192.168.1.11

        NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE
        shop        web-7d9f8b6c5d-fghij   1/1     Running   0          1d    10.244.1.9   node-a
        shop        web-7d9f8b6c5d-klmno   1/1     Running   0          1m    10.244.2.8   node-b
        """

    static func cluster(_ text: String) -> Cluster {
        let parsed = KubeText.parse(bytes: Array(text.utf8), source: "test")
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    static func state() -> AppState {
        var state = AppState(
            cluster: Cluster(resources: Resources()), input: .files(["after.txt"]), live: .waiting,
            size: Size(width: 120, height: 40))
        state.comparison = DiffComparison(before: cluster(before), after: state.cluster)
        return update(state, .inputArrived(InputSnapshot(cluster: cluster(after), time: 0))).0
    }

    static func key(_ state: AppState, _ character: Character) -> AppState {
        update(state, .key(.character(character))).0
    }

    static func pod(_ name: String) -> Selection { .pod(ObjectKey(namespace: "shop", name: name)) }

    @Test func afterOutlinesTheNewAndTheChangedPodsAndBeforeTheRemovedOne() throws {
        let state = Self.state()
        let comparison = try #require(state.comparison)
        let marks = Dictionary(comparison.marks.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        #expect(marks[Self.pod("web-7d9f8b6c5d-klmno")] == .added)
        #expect(marks[Self.pod("web-7d9f8b6c5d-fghij")] == .changed)
        #expect(marks[Self.pod("web-7d9f8b6c5d-abcde")] == nil, "a removed pod is not in the later picture")
        #expect(StatusBar.text(state).left.contains("diff: after"))

        let flipped = Self.key(state, "b")
        #expect(flipped.cluster.pods.contains { $0.name == "web-7d9f8b6c5d-abcde" })
        let beforeMarks = Dictionary(
            try #require(flipped.comparison).marks.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        #expect(beforeMarks[Self.pod("web-7d9f8b6c5d-abcde")] == .removed)
        #expect(beforeMarks[Self.pod("web-7d9f8b6c5d-klmno")] == nil)
        #expect(StatusBar.text(flipped).left.contains("diff: BEFORE"))
        // Every outlined object is drawn on the picture shown.
        for (selection, _) in try #require(flipped.comparison).marks {
            #expect(flipped.scene.rect(of: selection) != nil, "\(selection)")
        }
        let back = Self.key(flipped, "b")
        #expect(back.cluster.pods.contains { $0.name == "web-7d9f8b6c5d-klmno" })
    }

    @Test func aPlaysTheChangeFromBeforeThroughTheRemovalsToAfter() throws {
        var state = Self.state()
        state = update(state, .tick(time: 10)).0
        state = Self.key(state, "a")
        let names = { (state: AppState) in Set(state.cluster.pods.map(\.name)) }
        #expect(state.isAnimating, "the loop must tick while the change plays")
        #expect(names(state) == ["web-7d9f8b6c5d-abcde", "web-7d9f8b6c5d-fghij"], "it starts from BEFORE")
        #expect(StatusBar.text(state).left.contains("before → after 1/3"))

        state = update(state, .tick(time: 10 + DiffComparison.stepSeconds * 0.5)).0
        #expect(names(state) == ["web-7d9f8b6c5d-abcde", "web-7d9f8b6c5d-fghij"], "BEFORE stays up a step")

        state = update(state, .tick(time: 10 + DiffComparison.stepSeconds * 1.1)).0
        #expect(names(state) == ["web-7d9f8b6c5d-fghij"], "the removed pod goes first, nothing is added yet")
        let middle = Dictionary(
            try #require(state.comparison).marks.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        #expect(middle[Self.pod("web-7d9f8b6c5d-fghij")] == .changed)
        #expect(middle[Self.pod("web-7d9f8b6c5d-abcde")] == nil && middle[Self.pod("web-7d9f8b6c5d-klmno")] == nil)
        #expect(StatusBar.text(state).left.contains("2/3 removed ones gone"))
        #expect(state.isAnimating)

        state = update(state, .tick(time: 10 + DiffComparison.stepSeconds * 2.1)).0
        #expect(names(state) == ["web-7d9f8b6c5d-fghij", "web-7d9f8b6c5d-klmno"], "it ends on AFTER")
        #expect(!state.isAnimating, "the loop sleeps again once AFTER is up")
        #expect(StatusBar.text(state).left.contains("diff: after"))
        // b in the middle of the change goes to BEFORE and stops it.
        let replaying = update(Self.key(state, "a"), .tick(time: 10 + DiffComparison.stepSeconds * 3.5)).0
        #expect(replaying.comparison?.picture == .withoutRemoved)
        let stopped = Self.key(replaying, "b")
        #expect(!stopped.isAnimating)
        #expect(try #require(stopped.comparison).showingBefore)
    }

    @Test func dListsTheChangesAsKubehopsDiffDoes() throws {
        let state = Self.key(Self.state(), "D")
        guard case .textPanel(_, let lines, _, _)? = state.overlay else {
            Issue.record("D opened \(String(describing: state.overlay))")
            return
        }
        #expect(lines.contains { $0.hasPrefix("+ pod shop/web-7d9f8b6c5d-klmno") })
        #expect(lines.contains { $0.hasPrefix("- pod shop/web-7d9f8b6c5d-abcde") })
        #expect(lines.contains { $0.contains("~ pod shop/web-7d9f8b6c5d-fghij") && $0.contains("(moved node)") })
        #expect(Self.key(state, "D").overlay == nil)
    }

    @Test func withoutDiffTheKeysSayWhatTheyNeed() {
        let plain = update(
            AppState(cluster: Self.cluster(Self.after), input: .demo, live: .ended, size: Size(width: 120, height: 40)),
            .key(.character("b"))).0
        #expect(plain.message == DiffComparison.needsDiff)
    }
}
