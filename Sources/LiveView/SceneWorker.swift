import AppCore
import Dispatch
import Synchronization

/// Lays out scenes on a thread of its own, so that keys, quit and resize
/// never wait for a layout (seconds for 150,000 pods).
///
/// Only the newest request is kept: one that arrives while another waits replaces it. The one being built runs to its
/// end (a layout cannot be interrupted); if it was overtaken meanwhile, `update` drops its answer as stale.
final class SceneWorker: Sendable {
    private let waiting = Mutex<SceneRequest?>(nil)
    private let queue = DispatchQueue(label: "kubehops-layout", qos: .userInitiated)
    private let mailbox: Mailbox

    init(mailbox: Mailbox) { self.mailbox = mailbox }

    func submit(_ request: SceneRequest) {
        waiting.withLock { $0 = request }
        queue.async { [self] in
            // Requests that were replaced before this block ran find nothing to do.
            guard
                let request = waiting.withLock({ pending in
                    defer { pending = nil }; return pending
                })
            else { return }
            mailbox.post(.sceneBuilt(request.build()))
        }
    }

    /// Frees what the loop no longer shows (a whole cluster and its layout
    /// can take tens of milliseconds to free) off the main thread, and not
    /// behind a layout on the worker's queue, which would keep it alive longer.
    func release(_ state: consuming AppState) {
        let discarded = state
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(discarded) {} }
    }
}
