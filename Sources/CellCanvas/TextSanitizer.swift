/// The last guard before a cell: input text must never reach the terminal
/// raw. The parser already strips control sequences; this catches anything
/// that slipped through (or came from a code path that forgot), so that an
/// `ESC [ 2 J` inside a pod name shows up as `?[2J` instead of clearing a
/// screen.
public enum TextSanitizer {
    /// What a forbidden character becomes: visible, one column, ASCII.
    public static let replacement: Character = "?"

    /// True when the grapheme holds a C0/C1 control, DEL, or a bidi override
    /// (which can reorder the rest of the row on screen).
    public static func isForbidden(_ character: Character) -> Bool {
        for scalar in character.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F: return true
            case 0x202A...0x202E, 0x2066...0x2069: return true
            default: continue
            }
        }
        return false
    }

    /// The grapheme itself, or `replacement` when it is forbidden.
    public static func clean(_ character: Character) -> Character {
        isForbidden(character) ? replacement : character
    }

    /// Replaces every forbidden grapheme of `text`.
    public static func clean<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text { out.append(clean(character)) }
        return out
    }
}
