import Synchronization

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The signal that asked us to stop, or 0.
///
/// A C signal handler cannot capture state, so it records the signal here and the event loop, which owns the terminal,
/// restores it and exits: the handler itself does nothing unsafe.
private let pendingSignal = Atomic<Int32>(0)
/// Write end of the loop's wake-up pipe (-1 until installed), so a signal
/// interrupts an idle `poll` at once instead of at the next key press.
private let wakeDescriptor = Atomic<Int32>(-1)
/// Set by our SIGWINCH handler.
///
/// Ours, not ncurses': a signal goes to any thread of the process (Swift's runtime has several), so ncurses' handler
/// alone would leave the loop asleep in `poll` until the next key.
private let resizePending = Atomic<Bool>(false)

/// SIGINT, SIGTERM, SIGHUP (and SIGWINCH) handlers that must be installed BEFORE `newterm`:
/// if they are still the default there, ncurses installs its own that call
/// `endwin` and `exit(1)`, and our clean-up never runs.
public enum SignalTrap {
    public static let trappedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    public static func install(wakingUp pipe: WakePipe) {
        wakeDescriptor.store(pipe.writeDescriptor, ordering: .sequentiallyConsistent)
        for signalNumber in trappedSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                pendingSignal.store(received, ordering: .sequentiallyConsistent)
                var byte: UInt8 = 1
                _ = write(wakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            // No SA_RESTART: a blocking read or poll must return so the loop sees the flag.
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
        }
        var resize = sigaction()
        resize.__sigaction_handler.sa_handler = { _ in
            resizePending.store(true, ordering: .sequentiallyConsistent)
            var byte: UInt8 = 1
            _ = write(wakeDescriptor.load(ordering: .sequentiallyConsistent), &byte, 1)
        }
        sigemptyset(&resize.sa_mask)
        resize.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &resize, nil)
        // A reader of our output (or kubectl's pipe) going away must not kill us silently.
        signal(SIGPIPE, SIG_IGN)
    }

    /// True once after each SIGWINCH.
    public static func takeResize() -> Bool {
        resizePending.exchange(false, ordering: .sequentiallyConsistent)
    }

    /// The signal received since start, if any.
    public static var received: Int32? {
        let value = pendingSignal.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// The conventional exit status for death by `signal`: 128 + its number.
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// Puts the default handlers back (after the terminal is restored), so a
    /// second Ctrl-C during a slow shutdown still ends the program.
    public static func restoreDefaults() {
        for signalNumber in trappedSignals { signal(signalNumber, SIG_DFL) }
    }
}
