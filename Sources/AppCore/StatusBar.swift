import CellCanvas
import ClusterModel
import Foundation

/// The bottom line: where the picture comes from, what it holds, problems,
/// and whether more is coming.
public enum StatusBar {
    public static func text(_ state: AppState) -> (left: String, alert: Bool) {
        let cluster = state.cluster
        let (live, alert) = liveText(state.live)
        var parts = [source(state.input), live]
        if state.pendingScene != nil { parts.append("laying out…") }
        parts.append("\(cluster.nodes.count) nodes · \(cluster.pods.count) pods · \(cluster.services.count) svc")
        if let problems = diagnosticsText(cluster.diagnostics) { parts.append(problems) }
        if let namespace = state.namespace { parts.append("ns: \(namespace)") }
        if !state.filter.isEmpty { parts.append("filter: \(state.filter)") }
        if let tour = state.tour, let step = tour.step { parts.append("tour \(step.number)/\(tour.steps.count)") }
        if let playback = state.playback {
            parts.append(playback.paused ? "flow paused (Space)" : playback.isFinished ? "flow done (Space replays)" : "flow playing")
            if playback.speed != 1 { parts.append("speed \(seconds(playback.speed))×") }
        }
        parts.append("? help")
        return (" " + parts.joined(separator: " │ "), alert)
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
            names.count == 1 ? shortened((names.first ?? "").split(separator: "/").last.map(String.init) ?? "", 40) : "\(names.count) files"
        case .kubectl(let arguments, let interval): "kubectl \(arguments.joined(separator: " ")) every \(StatusBar.seconds(interval))s"
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
        case .polled(let last, let error?):
            ("kubectl error" + (last.map { " (last good \(clock($0)))" } ?? "") + ": \(shortened(firstLine(error), 60))", true)
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
        let style = alert ? Theme.statusAlert : Theme.status
        painter.fill(Area(x: 0, y: y, width: painter.buffer.width, height: 1), style: style)
        painter.text(text, x: 0, y: y, style: style)
    }
}
