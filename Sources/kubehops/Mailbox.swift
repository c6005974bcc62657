import AppCore
import CursesBackend
import Synchronization

/// Where background readers leave messages for the event loop: a locked queue
/// plus a wake-up byte, so the loop sleeps in `poll` until something arrives.
final class Mailbox: Sendable {
    private let queue = Mutex<[Msg]>([])
    let wakePipe: WakePipe

    init(wakePipe: WakePipe) { self.wakePipe = wakePipe }

    /// Adds a message; a newer picture replaces one the loop has not taken
    /// yet, so a fast input never builds a backlog of stale clusters.
    func post(_ msg: Msg) {
        queue.withLock { pending in
            if case .inputArrived = msg, let last = pending.lastIndex(where: { if case .inputArrived = $0 { true } else { false } }) {
                pending[last] = msg
            } else {
                pending.append(msg)
            }
        }
        wakePipe.wake()
    }

    func takeAll() -> [Msg] {
        queue.withLock { pending in
            let taken = pending
            pending.removeAll()
            return taken
        }
    }
}
