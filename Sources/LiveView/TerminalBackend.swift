import CellCanvas
import CursesBackend

/// The few calls `ViewLoop` makes of a terminal.
///
/// Two implementations: the curses terminal (`CursesTerminal`) and `ScriptedTerminal`, an in-memory screen fed with
/// scripted keys, so whole screens can be tested in-process.
public protocol TerminalBackend: AnyObject {
    /// Columns and rows now (after the last resize event).
    var size: (width: Int, height: Int) { get }
    /// The next key, click or resize waiting now, without blocking; nil when there is none.
    func nextEvent() -> TerminalEvent?
    /// Shows `buffer` (sized to the terminal).
    func draw(_ buffer: Buffer)
    /// Sleeps until input, a wake-up on `wake`, or `timeoutMilliseconds` (-1: none).
    /// False when the terminal is gone: the loop then ends.
    func wait(timeoutMilliseconds: Int32, wake: WakePipe) -> Bool
}

extension CursesTerminal: TerminalBackend {}
