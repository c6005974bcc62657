import AppCore
import CursesBackend
import Foundation

/// The thin loop between the pure app and the terminal: take messages
/// (input, keys, time), update, draw, sleep until something happens. Idle, it
/// sleeps in `poll` with no timeout; animating, it wakes every 33 ms (~30 fps).
/// Layouts run on the `SceneWorker`, never here.
enum ViewLoop {
    /// Runs until a quit effect or a signal; returns the exit status.
    static func run(_ initial: AppState, terminal: CursesTerminal, mailbox: Mailbox, recorder: CastRecorder?) -> Int32 {
        var state = initial
        let worker = SceneWorker(mailbox: mailbox)
        // The input read before the loop (the tour's files) may already wait for its layout.
        if let request = state.pendingScene { worker.submit(request) }
        var needsDraw = true
        while true {
            if let signal = SignalTrap.received { return SignalTrap.exitStatus(for: signal) }
            var messages: [Msg] = [.tick(time: Date().timeIntervalSince1970)] + mailbox.takeAll()
            var handled = 0
            // Keys are read one by one, so that what is typed after `q` is left to the shell.
            while let msg = messages.popFirst() ?? terminal.nextEvent().map(message) {
                handled += 1
                let (next, effects) = update(state, msg)
                if case .sceneBuilt = msg { worker.release(state) } else if case .inputArrived = msg { worker.release(state) }
                state = next
                for effect in effects {
                    switch effect {
                    case .quit(let status): return status
                    case .buildScene(let request): worker.submit(request)
                    }
                }
            }
            // A tick alone only matters while something moves.
            if needsDraw || handled > 1 || state.isAnimating {
                let frame = view(state)
                terminal.draw(frame)
                recorder?.record(frame)
                needsDraw = false
            }
            if let signal = SignalTrap.received { return SignalTrap.exitStatus(for: signal) }
            guard terminal.wait(timeoutMilliseconds: state.isAnimating ? 33 : -1, wake: mailbox.wakePipe) else {
                return SignalTrap.exitStatus(for: SIGHUP)
            }
        }
    }

    static func message(_ event: TerminalEvent) -> Msg {
        switch event {
        case .resize(let width, let height): .resize(width: width, height: height)
        case .mouse(let mouse): .mouse(mouse)
        case .key(let key): .key(key)
        }
    }
}

extension Array {
    fileprivate mutating func popFirst() -> Element? { isEmpty ? nil : removeFirst() }
}
