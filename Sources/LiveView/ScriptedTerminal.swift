import AppCore
import CellCanvas
import CursesBackend

/// One thing a scripted user does, or a moment to look at the screen.
public enum ScriptStep: Sendable {
    case key(Key)
    /// Each character typed as a key.
    case text(String)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// The clock moves on (an animation plays meanwhile); nothing is typed.
    case advance(seconds: Double)
    /// A message from a background reader (more input, a kubectl run).
    case post(Msg)
    /// Keeps the screen as it is now under this name.
    case capture(String)
}

/// An in-memory terminal fed with a script: `ViewLoop` runs on it in-process,
/// as on curses, and the screens it drew are kept for comparison (tig-style
/// tests).
///
/// Like a person typing slowly, it hands the loop one event per wake-up, so every key gets its own frame; the clock
/// only moves when the script says so, so animations are reproducible.
public final class ScriptedTerminal: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    /// Seconds on the scripted clock.
    public private(set) var time: Double
    /// The last frame drawn.
    public private(set) var screen: Buffer?
    /// Frames kept by `.capture`, by name.
    public private(set) var captures: [String: Buffer] = [:]
    public private(set) var framesDrawn = 0
    private var steps: [ScriptStep]
    private var cursor = 0
    private var gaveEventSinceWait = false
    private let mailbox: Mailbox

    public init(width: Int, height: Int, startTime: Double = 1_000, script: [ScriptStep], mailbox: Mailbox) {
        size = (width, height)
        time = startTime
        self.mailbox = mailbox
        steps = script.flatMap { step -> [ScriptStep] in
            if case .text(let text) = step { return text.map { .key(.character($0)) } }
            return [step]
        }
    }

    public func nextEvent() -> TerminalEvent? {
        guard !gaveEventSinceWait, cursor < steps.count else { return nil }
        let event: TerminalEvent
        switch steps[cursor] {
        case .key(let key): event = .key(key)
        case .mouse(let mouse): event = .mouse(mouse)
        case .resize(let width, let height):
            size = (width, height)
            event = .resize(width: width, height: height)
        default: return nil
        }
        cursor += 1
        gaveEventSinceWait = true
        return event
    }

    public func draw(_ buffer: Buffer) {
        screen = buffer
        framesDrawn += 1
    }

    /// Where the script's captures, clock steps and messages happen: right
    /// after a draw, before the next wake-up.
    ///
    /// False at the end of the script.
    public func wait(timeoutMilliseconds: Int32, wake: WakePipe) -> Bool {
        gaveEventSinceWait = false
        wake.drain()
        while cursor < steps.count {
            switch steps[cursor] {
            case .capture(let name):
                if let screen { captures[name] = screen }
                cursor += 1
            case .advance(let seconds):
                time += seconds
                cursor += 1
                return true
            case .post(let msg):
                mailbox.post(msg)
                cursor += 1
                return true
            default:
                return true
            }
        }
        return false
    }
}

/// What a scripted session ended with.
public struct ScriptedRun {
    /// The loop's exit status; 129 (hang-up) when the script ended before a quit.
    public var status: Int32
    public var terminal: ScriptedTerminal
    public var captures: [String: Buffer] { terminal.captures }
    public var screen: Buffer? { terminal.screen }
}

extension ViewLoop {
    /// Runs the real loop on `state` (resized to `width`×`height`) with a scripted terminal.
    public static func play(
        _ state: AppState, width: Int, height: Int, script: [ScriptStep],
        directory: String = "/tmp"
    ) throws(TerminalError) -> ScriptedRun {
        let mailbox = Mailbox(wakePipe: try WakePipe())
        let terminal = ScriptedTerminal(width: width, height: height, script: script, mailbox: mailbox)
        let start = update(state, .resize(width: width, height: height)).0
        let status = run(
            start, terminal: terminal, mailbox: mailbox,
            environment: Environment(clock: { [terminal] in terminal.time }, stopSignal: { nil }, directory: directory))
        return ScriptedRun(status: status, terminal: terminal)
    }
}
