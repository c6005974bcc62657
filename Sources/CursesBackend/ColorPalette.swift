import CellCanvas

/// Maps the canvas' xterm colour indexes onto what the terminal has: all 256,
/// the 8 basic colours, or none.
///
/// Pure, so the mapping is testable.
public enum ColorDepth: Sendable, Hashable {
    case none, basic8, indexed256

    public init(colors: Int, wanted: Bool) {
        if !wanted || colors < 8 { self = .none } else if colors >= 256 { self = .indexed256 } else { self = .basic8 }
    }

    /// The curses colour number for `color`: -1 is the terminal's default.
    public func cursesColor(_ color: Color) -> Int32 {
        guard case .indexed(let index) = color else { return -1 }
        switch self {
        case .none: return -1
        case .indexed256: return Int32(index)
        case .basic8: return Int32(Self.basic(index))
        }
    }

    /// Nearest of the 8 ANSI colours for an xterm index.
    static func basic(_ index: UInt8) -> UInt8 {
        switch index {
        case 0..<8: return index
        case 8..<16: return index - 8
        case 16..<232:
            let cube = Int(index) - 16
            let r = cube / 36, g = (cube / 6) % 6, b = cube % 6
            let high = max(r, g, b)
            if high == 0 { return 0 }
            // Keep the channels at two thirds of the strongest or more (orange → yellow, purple → magenta).
            let bits = (r * 3 >= high * 2 ? 1 : 0) | (g * 3 >= high * 2 ? 2 : 0) | (b * 3 >= high * 2 ? 4 : 0)
            return UInt8(bits)
        default:
            return index < 244 ? 0 : 7
        }
    }
}
