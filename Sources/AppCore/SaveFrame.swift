import CellCanvas
import DiagramScene
import FlowEngine
import Foundation

/// Text the view asks the loop to write to a file in the working directory
/// (`s`): the loop does the I/O and answers with `Msg.saved` or `Msg.saveFailed`.
public struct SaveRequest: Sendable, Equatable {
    /// A file name without directory; the loop adds `-2`, `-3` … rather than overwrite.
    public var fileName: String
    public var contents: String
}

extension AppState {
    /// `s`: the playing flow's explanation and the frame shown now, as
    /// `kubehops print` would write them (plain text); the diagram alone without a flow.
    mutating func saveFlow() -> [Effect] {
        let frame = scene.render(viewport: scroll, flowFrame: flowFrame, size: sceneSize)
        var rows = frame.lines()
        while rows.last?.isEmpty == true { rows.removeLast() }
        var text = ""
        var what = "diagram"
        if let playback {
            what = playback.flow.kind.rawValue
            text =
                FlowText.render(playback.flow)
                + "\n\nThe frame at hop \(min(playback.hopIndex + 1, playback.flow.hops.count))"
                + " of \(playback.flow.hops.count):\n\n"
        }
        text += rows.joined(separator: "\n") + "\n"
        message = "Saving…"
        return [.save(SaveRequest(fileName: "kubehops-\(what)-\(Self.fileStamp(time)).txt", contents: text))]
    }

    /// `20261205-134501`, local time, for file names that sort by time.
    static func fileStamp(_ time: Double) -> String {
        let parts = Calendar.current.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: time))
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : String(v) }
        let date = "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))"
        return "\(date)-\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
    }
}
