import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import Foundation

/// The bottom line: where the picture comes from, what it holds, problems,
/// and whether more is coming.
public enum StatusBar {
    /// One piece of the line; when the line is too narrow, the lowest `keep` goes first.
    struct Part {
        var text: String
        var keep: Int
    }

    /// The line fitted to the screen's width: `? help` always stays.
    public static func text(_ state: AppState) -> (left: String, alert: Bool) {
        let (parts, alert) = parts(state)
        return (fitted(parts, width: state.size.width), alert)
    }

    static func parts(_ state: AppState) -> ([Part], Bool) {
        let (live, alert) = liveText(state.live)
        var parts = [Part(text: source(state.input), keep: 2), Part(text: live, keep: alert ? 9 : 3)]
        if case .polled(let last?, _?) = state.live { parts.append(Part(text: "last good \(clock(last))", keep: 7)) }
        if state.pendingScene != nil { parts.append(Part(text: "laying out…", keep: 6)) }
        parts.append(Part(text: counts(state), keep: 6))
        if let problems = diagnosticsText(state.cluster.diagnostics) { parts.append(Part(text: problems, keep: 5)) }
        if let namespace = state.namespace { parts.append(Part(text: "ns: \(namespace)", keep: 7)) }
        if !state.filter.isEmpty { parts.append(Part(text: "filter: \(state.filter)", keep: 7)) }
        if let selection = state.selection { parts.append(Part(text: name(of: selection), keep: 4)) }
        if let comparison = state.comparison { parts.append(Part(text: comparison.statusText, keep: 7)) }
        if let tour = state.tour, let step = tour.step {
            parts.append(Part(text: "tour \(step.number)/\(tour.steps.count)", keep: 8))
        }
        if let playback = state.playback {
            let flow =
                playback.isFinished
                ? "flow ended (Space replays)" : playback.paused ? "flow paused (Space)" : "flow playing"
            parts.append(Part(text: flow, keep: 8))
            if let mode = playback.flow.proxyMode { parts.append(Part(text: mode.label, keep: 5)) }
            if playback.speed != 1 { parts.append(Part(text: "speed \(seconds(playback.speed))×", keep: 1)) }
        }
        return (parts, alert)
    }

    /// The most needed parts that fit, in their order; one that does not fit
    /// whole is shortened while 8 columns are left for it.
    ///
    /// `? help` ends every line.
    static func fitted(_ parts: [Part], width: Int) -> String {
        let help = "? help", separator = " │ "
        func line(_ parts: [Part]) -> String { " " + (parts.map(\.text) + [help]).joined(separator: separator) }
        var chosen: [Int: String] = [:]
        for index in parts.indices.sorted(by: { parts[$0].keep > parts[$1].keep }) {
            func shown(with text: String) -> [Part] {
                parts.indices.compactMap { i in
                    i == index ? Part(text: text, keep: 0) : chosen[i].map { Part(text: $0, keep: 0) }
                }
            }
            let room = width - DisplayWidth.of(line(shown(with: "")))
            if DisplayWidth.of(parts[index].text) <= room {
                chosen[index] = parts[index].text
            } else if room >= 8 {
                // The middle gives way: generated names differ at their end.
                chosen[index] = TextFit.truncate(parts[index].text, toWidth: room, at: .middle)
            }
        }
        let kept = parts.indices.compactMap { i in chosen[i].map { Part(text: $0, keep: 0) } }
        return DisplayWidth.of(line(kept)) > width ? " " + help : line(kept)
    }

    /// `3 nodes · 7 pods · 4 svc`; with a filter, what is shown of how many: `1 of 3 nodes · 6 of 7 pods`.
    static func counts(_ state: AppState) -> String {
        let all = state.cluster, shown = state.visible.cluster
        func count(_ shownCount: Int, _ total: Int, _ one: String, _ many: String) -> String {
            let noun = total == 1 ? one : many
            return state.visible.isFiltered && shownCount != total
                ? "\(shownCount) of \(total) \(noun)" : "\(total) \(noun)"
        }
        return [
            count(shown.nodes.count, all.nodes.count, "node", "nodes"),
            count(shown.pods.count, all.pods.count, "pod", "pods"),
            count(shown.services.count, all.services.count, "svc", "svc"),
        ].joined(separator: " · ")
    }

    /// What is selected, as kubectl names it (`pod nginx-demo/web-1`).
    static func name(of selection: Selection) -> String {
        switch selection {
        case .node(let name): "node \(name)"
        case .pod(let key): "pod \(key)"
        case .service(let key): "svc \(key)"
        case .actor(let kind):
            switch kind {
            case .user: "the user"
            case .dns: "DNS"
            case .externalLoadBalancer: "the external LB"
            case .ingress: "the ingress"
            case .gateway: "the gateway"
            }
        }
    }

    /// Problems first: notes (a `$ kubectl …` prompt line, `No resources found`) are not alarming.
    static func diagnosticsText(_ diagnostics: [Diagnostic]) -> String? {
        let problems = diagnostics.filter { $0.severity > .note }.count
        let notes = diagnostics.count - problems
        if problems > 0 { return "\(problems) problem\(problems == 1 ? "" : "s") in the input (d)" }
        if notes > 0 { return "\(notes) note\(notes == 1 ? "" : "s") (d)" }
        return nil
    }

    static func source(_ input: InputKind) -> String {
        switch input {
        case .demo: "demo cluster"
        case .stdin: "stdin"
        // The file name, not its path: a long checkout path must not push the
        // counts and "? help" off the line.
        case .files(let names):
            names.count == 1
                ? shortened((names.first ?? "").split(separator: "/").last.map(String.init) ?? "", 40)
                : "\(names.count) files"
        case .kubectl(let arguments, let interval):
            "kubectl \(arguments.joined(separator: " ")) every \(StatusBar.seconds(interval))s"
        }
    }

    static func seconds(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    static func liveText(_ live: LiveState) -> (String, Bool) {
        switch live {
        case .waiting: ("waiting for input", false)
        case .reading: ("live: reading", false)
        case .ended: ("input ended", false)
        case .following: ("following files", false)
        case .failed(let message): ("error: \(firstLine(message))", true)
        case .polled(let last, nil): (last.map { "updated \(clock($0))" } ?? "running kubectl…", false)
        // kubectl's line whole (the fitting shortens it only on a narrow screen); the time is its own part.
        case .polled(_, let error?): ("kubectl: \(firstLine(error))", true)
        }
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }

    /// Wall-clock time of day, local time.
    static func clock(_ time: Double) -> String {
        let date = Date(timeIntervalSince1970: time)
        let components = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : String(v) }
        return "\(two(components.hour)):\(two(components.minute)):\(two(components.second))"
    }

    static func draw(_ status: (left: String, alert: Bool), into painter: inout Painter, y: Int) {
        let (text, alert) = status
        let style = alert ? Palette.Chrome.statusAlert : Palette.Chrome.status
        painter.fill(Rect(x: 0, y: y, width: painter.buffer.width, height: 1), style: style)
        painter.text(text, x: 0, y: y, style: style)
    }
}
