import AppCore
import CellCanvas
import CursesBackend
import Foundation

/// The thin loop between the pure app and the terminal: take messages
/// (input, keys, time), update, draw, sleep until something happens.
///
/// Idle, it sleeps in `wait` with no timeout; animating, it wakes every 33 ms (~30 fps). Layouts run on the
/// `SceneWorker`, never here.
public enum ViewLoop {
    /// What the loop needs besides the state and the terminal; the defaults are the real world's.
    public struct Environment {
        /// Seconds, for the animation clock.
        public var clock: () -> Double
        /// The signal that asked the program to stop, if any.
        public var stopSignal: () -> Int32?
        /// Sees every frame drawn (`--record`).
        public var recordFrame: ((Buffer) -> Void)?
        /// Where `s` saves files.
        public var directory: String

        public init(
            clock: @escaping () -> Double = { Date().timeIntervalSince1970 },
            stopSignal: @escaping () -> Int32? = { SignalTrap.received },
            recordFrame: ((Buffer) -> Void)? = nil,
            directory: String = FileManager.default.currentDirectoryPath
        ) {
            self.clock = clock
            self.stopSignal = stopSignal
            self.recordFrame = recordFrame
            self.directory = directory
        }
    }

    /// Runs until a quit effect, a signal or the terminal going away; returns the exit status.
    public static func run(
        _ initial: AppState, terminal: some TerminalBackend, mailbox: Mailbox,
        environment: Environment = Environment()
    ) -> Int32 {
        var state = initial
        let worker = SceneWorker(mailbox: mailbox)
        // The input read before the loop (the tour's files) may already wait for its layout.
        if let request = state.pendingScene { worker.submit(request) }
        var needsDraw = true
        while true {
            if let signal = environment.stopSignal() { return SignalTrap.exitStatus(for: signal) }
            var messages: [Msg] = [.tick(time: environment.clock())] + mailbox.takeAll()
            // The frame on which an animation ends (the flow finished) is drawn too.
            let wasAnimating = state.isAnimating
            var handled = 0
            // Keys are read one by one, so that what is typed after `q` is left to the shell.
            while let msg = messages.popFirst() ?? terminal.nextEvent().map(message) {
                handled += 1
                let (next, effects) = update(state, msg)
                if case .sceneBuilt = msg {
                    worker.release(state)
                } else if case .inputArrived = msg {
                    worker.release(state)
                }
                state = next
                for effect in effects {
                    switch effect {
                    case .quit(let status): return status
                    case .buildScene(let request): worker.submit(request)
                    case .save(let request): messages.append(FileSaver.write(request, directory: environment.directory))
                    }
                }
            }
            // A tick alone only matters while something moves.
            if needsDraw || handled > 1 || state.isAnimating || wasAnimating {
                let frame = view(state)
                terminal.draw(frame)
                environment.recordFrame?(frame)
                needsDraw = false
            }
            if let signal = environment.stopSignal() { return SignalTrap.exitStatus(for: signal) }
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
