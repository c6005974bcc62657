import TerminalText

/// A dump line as a diagnostic shows it: at most 160 characters, every scalar TerminalText forbids
/// (controls, bidi overrides) replaced by `?`, so a hostile dump cannot move the cursor or reorder text.
enum DumpExcerpt {
    static func of(_ line: Substring) -> String {
        String(
            String.UnicodeScalarView(
                line.prefix(160).unicodeScalars.map { ControlScalars.isForbidden($0.value) ? "?" : $0 }))
    }
}
