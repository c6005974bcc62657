/// Box-drawing glyphs as sets of arms, so that lines drawn over each other
/// merge into the right junction (`│` + `─` = `┼`, a connector reaching a box
/// edge makes `┤`), as ratatui's `symbols::merge` does.
///
/// Drawing code never picks junction glyphs by hand: it adds arms to a cell and asks for the glyph.
public struct LineArms: Sendable, Hashable {
    public enum Weight: UInt8, Sendable, Hashable, Comparable {
        case none = 0, light = 1, heavy = 2
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    public var up: Weight
    public var down: Weight
    public var left: Weight
    public var right: Weight
    /// Dashed lines mark guesses (inferred links); a junction is never dashed.
    public var dashed: Bool

    public init(
        up: Weight = .none, down: Weight = .none, left: Weight = .none, right: Weight = .none, dashed: Bool = false
    ) {
        self.up = up; self.down = down; self.left = left; self.right = right; self.dashed = dashed
    }

    public static let none = LineArms()
    public var isEmpty: Bool { up == .none && down == .none && left == .none && right == .none }

    /// Both glyphs' arms, the heavier weight winning per arm.
    public func merged(with other: LineArms) -> LineArms {
        var out = LineArms(
            up: max(up, other.up), down: max(down, other.down),
            left: max(left, other.left), right: max(right, other.right))
        let selfBlank = isEmpty
        let otherBlank = other.isEmpty
        out.dashed = (dashed || selfBlank) && (other.dashed || otherBlank)
        return out
    }
}

/// Which characters lines and boxes are drawn with.
public enum GlyphSet: String, Sendable, Hashable, Codable {
    /// Unicode box drawing (the default).
    case unicode
    /// `+-|` for terminals and fonts without box drawing.
    case ascii
}

/// Where a box's title sits in its top edge.
public enum BoxTitlePlacement: Sendable, Hashable {
    /// `┌ title ───┐`: one column in, shortened with an ellipsis to fit (the diagram's boxes).
    case tight
    /// `┌─ title ──┐`: two columns in, cut at the last whole character that fits (AppCore's panels).
    case inset
}

/// The outline of a box.
public enum BoxKind: Sendable, Hashable {
    /// `┌─┐`
    case light
    /// `╭─╮`
    case rounded
    /// `┏━┓`: highlight.
    case heavy
    /// `┌┄┐`: something guessed.
    case dashed
}

public enum BoxGlyphs {
    /// The glyph for a set of arms; nil for no arms.
    public static func glyph(for arms: LineArms, glyphs: GlyphSet = .unicode, rounded: Bool = false) -> Character? {
        if arms.isEmpty { return nil }
        if glyphs == .ascii { return asciiGlyph(for: arms) }
        let heavyCount = [arms.up, arms.down, arms.left, arms.right].filter { $0 == .heavy }.count
        let armCount = [arms.up, arms.down, arms.left, arms.right].filter { $0 != .none }.count
        let shape = Shape(arms)
        if heavyCount == armCount {
            if arms.dashed, let dashed = heavyDashed[shape] { return dashed }
            return heavy[shape]
        }
        if heavyCount == 0 {
            if arms.dashed, let dashed = lightDashed[shape] { return dashed }
            if rounded, let corner = roundedCorners[shape] { return corner }
            return light[shape]
        }
        // Mixed weights: the junctions a light connector makes on a heavy
        // (highlighted) box edge; anything rarer falls back to light.
        let verticalHeavy = arms.up == .heavy || arms.down == .heavy
        let horizontalHeavy = arms.left == .heavy || arms.right == .heavy
        switch shape.rawValue {
        case Shape.downLeftRight where horizontalHeavy && arms.down == .light: return "┯"
        case Shape.upLeftRight where horizontalHeavy && arms.up == .light: return "┷"
        case Shape.upDownRight where verticalHeavy && arms.right == .light: return "┠"
        case Shape.upDownLeft where verticalHeavy && arms.left == .light: return "┨"
        case Shape.all where horizontalHeavy && !verticalHeavy: return "┿"
        case Shape.all where verticalHeavy && !horizontalHeavy: return "╂"
        default: return light[shape]
        }
    }

    /// The arms a glyph already on the canvas has; `.none` for anything that
    /// is not a line glyph (text is overwritten, never merged).
    ///
    /// Only the glyph set being drawn counts: in Unicode mode a `-` or `+` in a name is text, not a line to merge with.
    public static func arms(of grapheme: String, glyphs: GlyphSet = .unicode) -> LineArms {
        guard let character = grapheme.first, grapheme.count == 1 else { return .none }
        if character.isASCII != (glyphs == .ascii) { return .none }
        return reverse[character] ?? .none
    }

    static func asciiGlyph(for arms: LineArms) -> Character {
        let vertical = arms.up != .none || arms.down != .none
        let horizontal = arms.left != .none || arms.right != .none
        let heavyLine = [arms.up, arms.down, arms.left, arms.right].contains(.heavy)
        if vertical && horizontal { return "+" }
        if horizontal { return arms.dashed ? "." : heavyLine ? "=" : "-" }
        return arms.dashed ? ":" : "|"
    }

    /// Which arms are present, ignoring weight: an index into the tables.
    struct Shape: Hashable {
        let rawValue: UInt8
        init(rawValue: UInt8) { self.rawValue = rawValue }
        init(_ arms: LineArms) {
            rawValue =
                (arms.up != .none ? 1 : 0) | (arms.down != .none ? 2 : 0)
                | (arms.left != .none ? 4 : 0) | (arms.right != .none ? 8 : 0)
        }
        static let up: UInt8 = 1, down: UInt8 = 2, left: UInt8 = 4, right: UInt8 = 8
        static let upDown: UInt8 = 3, leftRight: UInt8 = 12
        static let downRight: UInt8 = 10, downLeft: UInt8 = 6, upRight: UInt8 = 9, upLeft: UInt8 = 5
        static let upDownRight: UInt8 = 11, upDownLeft: UInt8 = 7, downLeftRight: UInt8 = 14, upLeftRight: UInt8 = 13
        static let all: UInt8 = 15
    }

    private static func table(_ glyphs: [UInt8: Character]) -> [Shape: Character] {
        Dictionary(uniqueKeysWithValues: glyphs.map { (Shape(rawValue: $0.key), $0.value) })
    }

    static let light = table([
        Shape.up: "╵", Shape.down: "╷", Shape.left: "╴", Shape.right: "╶",
        Shape.upDown: "│", Shape.leftRight: "─",
        Shape.downRight: "┌", Shape.downLeft: "┐", Shape.upRight: "└", Shape.upLeft: "┘",
        Shape.upDownRight: "├", Shape.upDownLeft: "┤", Shape.downLeftRight: "┬", Shape.upLeftRight: "┴",
        Shape.all: "┼",
    ])
    static let heavy = table([
        Shape.up: "╹", Shape.down: "╻", Shape.left: "╸", Shape.right: "╺",
        Shape.upDown: "┃", Shape.leftRight: "━",
        Shape.downRight: "┏", Shape.downLeft: "┓", Shape.upRight: "┗", Shape.upLeft: "┛",
        Shape.upDownRight: "┣", Shape.upDownLeft: "┫", Shape.downLeftRight: "┳", Shape.upLeftRight: "┻",
        Shape.all: "╋",
    ])
    static let roundedCorners = table([
        Shape.downRight: "╭", Shape.downLeft: "╮", Shape.upRight: "╰", Shape.upLeft: "╯",
    ])
    static let lightDashed = table([
        Shape.upDown: "┆", Shape.leftRight: "┄", Shape.up: "╵", Shape.down: "╷", Shape.left: "╴", Shape.right: "╶",
    ])
    static let heavyDashed = table([Shape.upDown: "┇", Shape.leftRight: "┅"])

    /// Every glyph we draw, mapped back to its arms.
    static let reverse: [Character: LineArms] = {
        var map: [Character: LineArms] = [:]
        func arms(_ shape: Shape, _ weight: LineArms.Weight, dashed: Bool = false) -> LineArms {
            LineArms(
                up: shape.rawValue & Shape.up != 0 ? weight : .none,
                down: shape.rawValue & Shape.down != 0 ? weight : .none,
                left: shape.rawValue & Shape.left != 0 ? weight : .none,
                right: shape.rawValue & Shape.right != 0 ? weight : .none,
                dashed: dashed)
        }
        for (shape, glyph) in light { map[glyph] = arms(shape, .light) }
        for (shape, glyph) in heavy { map[glyph] = arms(shape, .heavy) }
        for (shape, glyph) in roundedCorners { map[glyph] = arms(shape, .light) }
        map["┆"] = arms(Shape(rawValue: Shape.upDown), .light, dashed: true)
        map["┄"] = arms(Shape(rawValue: Shape.leftRight), .light, dashed: true)
        map["┇"] = arms(Shape(rawValue: Shape.upDown), .heavy, dashed: true)
        map["┅"] = arms(Shape(rawValue: Shape.leftRight), .heavy, dashed: true)
        map["┯"] = LineArms(down: .light, left: .heavy, right: .heavy)
        map["┷"] = LineArms(up: .light, left: .heavy, right: .heavy)
        map["┠"] = LineArms(up: .heavy, down: .heavy, right: .light)
        map["┨"] = LineArms(up: .heavy, down: .heavy, left: .light)
        map["┿"] = LineArms(up: .light, down: .light, left: .heavy, right: .heavy)
        map["╂"] = LineArms(up: .heavy, down: .heavy, left: .light, right: .light)
        map["-"] = LineArms(left: .light, right: .light)
        map["="] = LineArms(left: .heavy, right: .heavy)
        map["|"] = LineArms(up: .light, down: .light)
        map["+"] = LineArms(up: .light, down: .light, left: .light, right: .light)
        return map
    }()
}
