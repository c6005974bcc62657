/// What the terminal reported, already decoded from curses key codes so that
/// no other target needs to know them.
public enum TerminalEvent: Sendable, Hashable {
    case key(TerminalKey)
    case mouse(TerminalMouse)
    /// The window changed size (KEY_RESIZE after SIGWINCH).
    case resize(width: Int, height: Int)
}

public enum TerminalKey: Sendable, Hashable {
    /// A printable character, or a control character such as "\u{3}" for Ctrl-C.
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
}

public struct TerminalMouse: Sendable, Hashable {
    public enum Action: Sendable, Hashable { case press, release, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var action: Action
    public init(x: Int, y: Int, action: Action) { self.x = x; self.y = y; self.action = action }
}
