import Foundation

/// How many colours to use, decided once from flags, NO_COLOR and what the
/// terminal offers.
public enum ColorMode: String, Sendable, CaseIterable {
    case auto, always, never
}

public struct TerminalOptions: Sendable {
    public var color: ColorMode
    public var environment: [String: String]

    public init(color: ColorMode = .auto, environment: [String: String]) {
        self.color = color
        self.environment = environment
    }

    /// NO_COLOR (any non-empty value, see no-color.org) wins over `auto`;
    /// only an explicit `--color always` overrides it.
    public var wantsColor: Bool {
        switch color {
        case .never: return false
        case .always: return true
        case .auto: return (environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}

/// Facts about the process environment checked before curses starts.
public enum TerminalEnvironment {
    /// Sets the locale from the environment and reports whether it is UTF-8:
    /// without it ncursesw turns box drawing into garbage, so the caller
    /// falls back to ASCII.
    public static func adoptLocaleIsUTF8() -> Bool {
        setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "")
        return name == "UTF8"
    }

    /// TERM values that claim to be terminals but cannot address the cursor.
    public static func checkTerm(_ term: String?) throws(TerminalError) {
        guard let term, !term.isEmpty else { throw .unsupportedTerminal(term: term) }
        if term == "dumb" || term == "unknown" { throw .unsupportedTerminal(term: term) }
    }
}
