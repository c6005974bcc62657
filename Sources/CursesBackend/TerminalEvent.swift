import CellCanvas

/// What the terminal reported, already decoded from curses key codes so that
/// no other target needs to know them.
public enum TerminalEvent: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    /// The window changed size (KEY_RESIZE after SIGWINCH).
    case resize(width: Int, height: Int)
}
