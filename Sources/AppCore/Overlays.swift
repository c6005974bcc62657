import CellCanvas
import ClusterModel
import DiagramScene

/// The panels drawn over the diagram: help, details, diagnostics, legend,
/// the flow menu and the filter prompt.
enum Overlays {
    static func draw(_ overlay: Overlay, state: AppState, into painter: inout Painter) {
        let screen = Rect(x: 0, y: 0, width: state.size.width, height: max(0, state.size.height - 1))
        switch overlay {
        case .help:
            panel(title: "Keys (Esc closes)", lines: HelpText.lines, screen: screen, into: &painter)
        case .details:
            let lines =
                state.selection.map { DetailsText.lines(for: $0, in: state.cluster, policies: state.policies) }
                ?? ["Nothing selected."]
            panel(title: "Details (Esc closes)", lines: lines, screen: screen, into: &painter)
        case .legend:
            panel(
                title: "IP scheme of this cluster (Esc closes)", lines: LegendPanelText.lines(for: state.cluster),
                screen: screen, into: &painter)
        case .diagnostics(let scroll):
            let all = DiagnosticsText.lines(state.cluster.diagnostics)
            let shown = Array(all.dropFirst(min(scroll, max(0, all.count - 1))))
            panel(
                title: "Diagnostics: \(state.cluster.diagnostics.count) (↑↓ scroll, Esc closes)", lines: shown,
                screen: screen, into: &painter)
        case .hopRules(let scroll):
            hopRules(state, scroll: scroll, screen: screen, into: &painter)
        case .textPanel(let title, let lines, _, let scroll):
            let all = TextPanelLines.wrapped(lines, width: HopRulesText.width(state.size.width))
            let shown = Array(all.dropFirst(min(scroll, max(0, all.count - 1))))
            panel(title: title, lines: shown, screen: screen, into: &painter)
        case .flowMenu(let items, let index):
            flowMenu(items, index: index, screen: screen, into: &painter)
        case .filterPrompt(let text):
            prompt(
                "/", text, title: "Filter by name or namespace (Enter applies, Esc cancels, then n/N: matches)",
                screen: screen, into: &painter)
        case .jumpPrompt(let text):
            prompt(
                ":", text, title: "Go to a kind (pods, svc, nodes, ingress), kind/name, a name or a namespace",
                screen: screen, into: &painter)
        }
    }

    /// `w`: the rules the hop's packet walked, scrolled; the rules that matched stand out, as the one that
    /// rewrote the packet is among them.
    static func hopRules(_ state: AppState, scroll: Int, screen: Rect, into painter: inout Painter) {
        let all = HopRulesText.lines(state.flowFrame, width: HopRulesText.width(state.size.width))
        let shown = Array(all.dropFirst(min(scroll, max(0, all.count - 1))))
        let area = panel(
            title: HopRulesText.title(state.flowFrame) + " (↑↓ scroll, . , hops, Esc closes)", lines: shown,
            screen: screen, into: &painter)
        for (offset, line) in shown.prefix(max(0, area.height - 2)).enumerated()
        where line.drop(while: { $0 == " " }).hasPrefix(HopRulesText.matchedMark) {
            painter.restyle(Rect(x: area.x + 1, y: area.y + 1 + offset, width: area.width - 2, height: 1)) {
                $0.attributes.insert(.bold)
            }
        }
    }

    /// `f`: the flows to play, the chosen one reversed and those that cannot play dimmed.
    static func flowMenu(_ items: [FlowMenuItem], index: Int, screen: Rect, into painter: inout Painter) {
        let lines = items.enumerated().map { offset, item in
            "\(offset == index ? "▶" : " ") \(offset + 1). \(item.choice.label)"
                + (item.unavailable.map { " (cannot play: \($0))" } ?? "")
        }
        let area = panel(title: "Play a flow (↑↓ Enter, Esc)", lines: lines, screen: screen, into: &painter)
        for (offset, item) in items.enumerated() where !item.canPlay {
            painter.restyle(Rect(x: area.x + 1, y: area.y + 1 + offset, width: area.width - 2, height: 1)) {
                $0.attributes.insert(.dim)
                $0.foreground = .indexed(245)
            }
        }
        painter.restyle(Rect(x: area.x + 1, y: area.y + 1 + index, width: area.width - 2, height: 1)) {
            $0.attributes.insert(.reverse)
        }
    }

    /// A one-line input at the bottom, like less's and vim's.
    static func prompt(_ sign: String, _ text: String, title: String, screen: Rect, into painter: inout Painter) {
        let area = Rect(x: 0, y: max(0, screen.maxY - 3), width: screen.width, height: 3)
        painter.panel(area, title: title, style: Palette.Chrome.panel)
        let end = painter.text(sign + text, x: 2, y: area.y + 1, style: Palette.Chrome.panelTitle, limit: area.maxX - 2)
        painter.text("█", x: end, y: area.y + 1, style: Palette.Chrome.panel, limit: area.maxX - 1)
    }

    /// A centred panel sized to its lines (clipped to the screen).
    @discardableResult
    static func panel(title: String, lines: [String], screen: Rect, into painter: inout Painter) -> Rect {
        let widest = max(title.count + 6, lines.map(\.count).max() ?? 0) + 4
        let area = screen.centred(width: widest, height: lines.count + 2)
        painter.panel(area, title: title, style: Palette.Chrome.panelTitle)
        painter.fill(area.insetBy(dx: 1, dy: 1), style: Palette.Chrome.panel)
        let rows = max(0, area.height - 2)
        var shown = Array(lines.prefix(rows))
        if lines.count > rows, rows > 0 {
            // Say what is cut rather than hiding it silently.
            shown[rows - 1] = "… \(lines.count - rows + 1) more lines: enlarge the window"
        }
        for (index, line) in shown.enumerated() {
            painter.text(line, x: area.x + 2, y: area.y + 1 + index, style: Palette.Chrome.panel, limit: area.maxX - 2)
        }
        return area
    }
}

public enum HelpText {
    /// Every key the view understands; the help test checks each is handled.
    public static let lines: [String] = [
        "?          this help                 q          quit (Ctrl-C too)",
        "↑↓←→ hjkl  pan the diagram           PgUp PgDn  page up / down, Home: top",
        "Tab        select next object        Shift-Tab  select previous object",
        "Enter      details of the selection  mouse      click selects, wheel scrolls",
        "/          filter by name/namespace  n N        next / previous match",
        ":          go to a kind, name or ns  ] [ 0      next/prev/all namespaces",
        "z          full / compact nodes      i          IP scheme legend",
        "d          diagnostics by line       Esc        close panel, flow, filter",
        "f          flows for the selection   s          save flow text and frame",
        "Space      pause / resume the flow   . ,        step one hop forward / back",
        "+ -        faster / slower           r          replay with another endpoint",
        "w          the playing hop's rules walked (✓ matched), . , move between hops",
        "m          the flow in the next kube-proxy mode: iptables, nftables, ipvs",
        "g          an ingress flow beside its Gateway API equivalent",
        "p          NetworkPolicy isolation of pods: [in] [out] isolated, ? unknown",
        "D b a      with --diff: changes; b flips after/before; a plays the change",
        "t          guided tour: Space/→ next, ← back, q leaves the tour",
    ]
}

enum DiagnosticsText {
    static func lines(_ diagnostics: [Diagnostic]) -> [String] {
        if diagnostics.isEmpty { return ["Every line of the input was used."] }
        return diagnostics.flatMap { diagnostic -> [String] in
            var lines = [
                "\(diagnostic.source):\(diagnostic.line): \(diagnostic.severity.rawValue): \(diagnostic.message)"
            ]
            if !diagnostic.excerpt.isEmpty { lines.append("    | \(diagnostic.excerpt)") }
            return lines
        }
    }
}
