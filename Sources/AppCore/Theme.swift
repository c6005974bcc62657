import CellCanvas

/// Styles of the TUI's own chrome (panels, status bar, messages); the
/// diagram's colours are DiagramScene's palette.
public enum Theme {
    public static let panel = Style(foreground: .indexed(252), background: .indexed(236))
    public static let panelTitle = Style(foreground: .indexed(221), background: .indexed(236), attributes: [.bold])
    public static let status = Style(foreground: .indexed(16), background: .indexed(74))
    public static let statusAlert = Style(foreground: .indexed(231), background: .indexed(166), attributes: [.bold])
    public static let dim = Style(attributes: [.dim])
}
