import AppCore
import CursesBackend
import Synchronization

/// Where background readers leave messages for the event loop: a locked queue
/// plus a wake-up byte, so the loop sleeps in `poll` until something arrives.
public final class Mailbox: Sendable {
    private let queue = Mutex<[Msg]>([])
    public let wakePipe: WakePipe

    public init(wakePipe: WakePipe) { self.wakePipe = wakePipe }

    /// Adds a message; a newer picture (or layout) replaces one the loop has
    /// not taken yet, so a fast input never builds a backlog of stale clusters.
    public func post(_ msg: Msg) {
        queue.withLock { pending in
            if let kind = Self.replaceableKind(msg),
                let last = pending.lastIndex(where: { Self.replaceableKind($0) == kind })
            {
                pending[last] = msg
            } else {
                pending.append(msg)
            }
        }
        wakePipe.wake()
    }

    /// Messages of which only the newest matters; nil for those that all count (keys, failures, the end).
    private static func replaceableKind(_ msg: Msg) -> Int? {
        switch msg {
        case .inputArrived: 0
        case .sceneBuilt: 1
        default: nil
        }
    }

    public func takeAll() -> [Msg] {
        queue.withLock { pending in
            let taken = pending
            pending.removeAll()
            return taken
        }
    }
}
