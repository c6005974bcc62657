/// The last guard before text is shown (a cell, a printed line, an exported
/// label): input text must never reach a terminal raw.
///
/// The parser already strips control sequences (`InputCleaner`); this catches anything that slipped through or came
/// from a code path that forgot, so that an `ESC [ 2 J` inside a pod name shows up as `?[2J` instead of clearing a
/// screen.
public enum ShownText {
    /// What a forbidden grapheme becomes: visible, one column, ASCII.
    public static let replacement: Character = "?"

    /// The grapheme itself, or `replacement` when it holds a forbidden scalar.
    public static func safe(_ character: Character) -> Character {
        ControlScalars.isForbidden(character) ? replacement : character
    }

    /// `text` with every grapheme holding a forbidden scalar replaced by `replacement`.
    public static func safe<S: StringProtocol>(_ text: S) -> String {
        // Nearly all text is clean: one pass over the scalars, no grapheme breaking, then as is.
        if !text.unicodeScalars.contains(where: { ControlScalars.isForbidden($0.value) }) { return String(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text { out.append(safe(character)) }
        return out
    }

    /// `safe` for a String (nearly every caller): printable ASCII is returned after a byte scan, since
    /// the generic one runs unspecialised outside this module (a protocol call per scalar; an export of
    /// 5,000 nodes passes a million names through here).
    public static func safe(_ text: String) -> String {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 >= 0x7F }
        }
        if plain == true { return text }
        return safe(Substring(text))
    }
}
