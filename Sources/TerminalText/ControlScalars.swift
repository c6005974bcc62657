/// The one table of Unicode scalars that must never reach a terminal: C0
/// controls, DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC/…), and the bidi
/// controls that can make a line read differently from what it holds (ALM,
/// LRM/RLM, the embeddings and overrides, the isolates).
///
/// Input cleaning (`InputCleaner`), the canvas's last guard (`ShownText`) and the curses terminal all ask this table,
/// so they cannot disagree.
public enum ControlScalars {
    /// True for a scalar in the table.
    @inlinable
    public static func isForbidden(_ value: UInt32) -> Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// True when some scalar of the grapheme is in the table.
    public static func isForbidden(_ character: Character) -> Bool {
        character.unicodeScalars.contains { isForbidden($0.value) }
    }
}
