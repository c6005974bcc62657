import CellCanvas
import FlowEngine
import Synchronization

/// The last value made for a key, kept so that the next frame asking the same gets it without the work.
///
/// A flow redraws the screen 30 times a second over a picture that does not change while it plays: painting
/// every box again was about half of each frame's cost, and its caption (wrapped twice: once to size the
/// panel, once to draw it) most of the rest. One entry only, as a flow plays in one place: a scroll, a new
/// selection or the next hop makes it once more.
///
/// Immutable apart from `last`, which a Mutex guards, so a Scene stays a Sendable value.
final class KeptLast<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    private let last = Mutex<(key: Key, value: Value)?>(nil)

    /// The value for `key`: the kept one, or `make()`'s, which is then kept.
    func value(for key: Key, make: () -> Value) -> Value {
        if let kept = last.withLock({ $0 }), kept.key == key { return kept.value }
        let value = make()
        last.withLock { $0 = (key, value) }
        return value
    }
}

/// What the picture under a playing flow depends on: the visible part of the plane and the selection.
struct DiagramBaseKey: Equatable, Sendable {
    var clip: Rect
    var offset: Point
    var selection: Selection?
}

/// What a flow's caption depends on: the flow, its hop (not the packet's progress along it), the panel.
struct CaptionKey: Equatable, Sendable {
    var flow: Flow
    var hopIndex: Int
    var rect: Rect
}

/// What the rows a caption wants depend on: the flow, its hop, the screen's width.
struct CaptionRowsKey: Equatable, Sendable {
    var flow: Flow
    var hopIndex: Int
    var width: Int
}

/// The frames' repeated work, kept per scene.
struct SceneFrameCaches: Sendable {
    let base = KeptLast<DiagramBaseKey, Buffer>()
    let caption = KeptLast<CaptionKey, Buffer>()
    let captionRows = KeptLast<CaptionRowsKey, Int>()
}
