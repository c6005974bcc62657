import CellCanvas
import DiagramLayout

/// Colours by role.
///
/// The default is the Okabe–Ito palette (distinguishable with the common forms of colour blindness) mapped to the
/// nearest xterm-256 indexes; every colour is paired with a symbol or a line style elsewhere, so `monochrome` loses no
/// information.
public struct Palette: Sendable, Hashable {
    public var nodeFrame: Style
    public var nodeTitle: Style
    public var notReady: Style
    public var nodePortPanel: Style
    public var clusterIPPanel: Style
    public var actor: Style
    public var connector: Style
    public var namespaceLabel: Style
    public var muted: Style
    public var accent: Style
    public var routePast: Style
    public var routeFuture: Style
    public var selection: Style
    public var caption: Style
    public var failure: Style
    public var health: [PodHealth: Style]
    /// Whether hops still to come are drawn (faint).
    ///
    /// Without colour they would look like hops already travelled, so the monochrome palette leaves them out.
    public var showsFutureRoute: Bool = true

    /// Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
    public enum OkabeIto {
        public static let orange: UInt8 = 178
        public static let skyBlue: UInt8 = 74
        public static let bluishGreen: UInt8 = 36
        public static let yellow: UInt8 = 221
        public static let blue: UInt8 = 25
        public static let vermillion: UInt8 = 166
        public static let reddishPurple: UInt8 = 175
        public static let grey: UInt8 = 245
    }

    /// The styles of the live view's own chrome (panels, messages, the status line), from the same
    /// colours as the diagram so that a panel's title and a highlighted box speak one language.
    public enum Chrome {
        public static let panel = Style(foreground: .indexed(252), background: .indexed(236))
        public static let panelTitle = Style(
            foreground: .indexed(OkabeIto.yellow), background: .indexed(236), attributes: [.bold])
        public static let status = Style(foreground: .indexed(16), background: .indexed(OkabeIto.skyBlue))
        public static let statusAlert = Style(
            foreground: .indexed(231), background: .indexed(OkabeIto.vermillion), attributes: [.bold])
        public static let dim = Style(attributes: [.dim])
    }

    public static let okabeIto: Palette = {
        func fg(_ n: UInt8, _ attributes: Attributes = []) -> Style {
            Style(foreground: .indexed(n), attributes: attributes)
        }
        return Palette(
            nodeFrame: .plain, nodeTitle: Style(attributes: .bold), notReady: fg(OkabeIto.vermillion, .bold),
            nodePortPanel: fg(OkabeIto.reddishPurple), clusterIPPanel: fg(OkabeIto.skyBlue), actor: fg(OkabeIto.yellow),
            connector: fg(OkabeIto.grey), namespaceLabel: fg(OkabeIto.grey), muted: Style(attributes: .dim),
            accent: fg(OkabeIto.orange, .bold), routePast: fg(OkabeIto.orange, .dim),
            routeFuture: fg(OkabeIto.grey, .dim),
            selection: fg(OkabeIto.orange, .bold), caption: .plain, failure: fg(OkabeIto.vermillion, .bold),
            health: [
                .running: fg(OkabeIto.bluishGreen), .notReady: fg(OkabeIto.yellow), .pending: fg(OkabeIto.skyBlue),
                .failing: fg(OkabeIto.vermillion, .bold), .succeeded: fg(OkabeIto.grey),
                .terminating: fg(OkabeIto.reddishPurple),
                .unknown: fg(OkabeIto.grey),
            ])
    }()

    /// No colours, only attributes (for NO_COLOR and `--color never`).
    public static let monochrome: Palette = {
        let bold = Style(attributes: .bold)
        let dim = Style(attributes: .dim)
        return Palette(
            nodeFrame: .plain, nodeTitle: bold, notReady: bold, nodePortPanel: .plain, clusterIPPanel: .plain,
            actor: .plain,
            connector: .plain, namespaceLabel: dim, muted: dim, accent: bold, routePast: dim, routeFuture: dim,
            selection: bold, caption: .plain, failure: bold,
            health: Dictionary(uniqueKeysWithValues: PodHealth.allCases.map { ($0, $0 == .failing ? bold : .plain) }),
            showsFutureRoute: false)
    }()

    public func style(for health: PodHealth) -> Style { self.health[health] ?? .plain }
}
