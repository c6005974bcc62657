/// Input events in terms every stage shares: the curses backend decodes its
/// key codes into these, and the app's update logic reads them, so neither
/// needs a translation table of the other's.

/// A key press, independent of curses.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)

    /// Ctrl-C as a byte (the terminal sends it when it is not turned into SIGINT).
    public static let interrupt = Key.character("\u{3}")
}

public struct MouseEvent: Sendable, Hashable {
    public enum Action: Sendable, Hashable { case press, release, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var action: Action
    public init(x: Int, y: Int, action: Action) { self.x = x; self.y = y; self.action = action }
}
