/// Why the full-screen view could not start, in words a user can act on.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No controlling terminal at all (CI, cron, `setsid`).
    case noTerminal(reason: String)
    /// TERM unset, empty or `dumb`.
    case unsupportedTerminal(term: String?)
    /// `newterm` did not know TERM.
    case unknownTerminal(term: String)
    case system(String)

    public var description: String {
        switch self {
        case .noTerminal(let reason):
            return "kubehops view needs a terminal, and there is none here (\(reason)).\n"
                + "For plain text output use: kubehops print [FILE…]"
        case .unsupportedTerminal(let term):
            let what = term.map { $0.isEmpty ? "TERM is empty" : "TERM is '\($0)'" } ?? "TERM is not set"
            return "kubehops view needs a terminal that can move the cursor, but \(what).\n"
                + "Set TERM (for example TERM=xterm-256color), or use: kubehops print [FILE…]"
        case .unknownTerminal(let term):
            return "kubehops view does not know the terminal type '\(term)' (no terminfo entry).\n"
                + "Try TERM=xterm-256color, or use: kubehops print [FILE…]"
        case .system(let message):
            return message
        }
    }
}
