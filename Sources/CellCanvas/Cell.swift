/// Colours by role, not by value, so that the palette (colour-blind safe,
/// 8 or 256 colours, or none for NO_COLOR) is chosen in one place: the backend.
public enum Color: Sendable, Hashable, Codable {
    case `default`
    /// 0–255, the xterm palette; backends with 8 colours map it down.
    case indexed(UInt8)
}

public struct Attributes: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let reverse = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
}

public struct Style: Sendable, Hashable, Codable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes
    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground; self.background = background; self.attributes = attributes
    }
    public static let plain = Style()
}

/// One terminal cell.
///
/// A wide character occupies its cell and the next, which holds a continuation marker so that nothing is drawn over its
/// right half.
public struct Cell: Sendable, Hashable, Codable {
    /// One grapheme cluster; empty for the continuation of a wide character.
    public var grapheme: String
    public var style: Style
    public init(grapheme: String = " ", style: Style = .plain) { self.grapheme = grapheme; self.style = style }
    public static let blank = Cell()
    public var isContinuation: Bool { grapheme.isEmpty }
}
