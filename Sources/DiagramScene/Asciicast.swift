import CellCanvas
import FlowEngine

/// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON
/// header line, then one `[time, "o", data]` line per output event.
///
/// Written by hand (no Foundation) so that the same flow always gives the same bytes.
public enum Asciicast {
    public static func header(width: Int, height: Int, title: String? = nil) -> String {
        var fields = ["\"version\": 2", "\"width\": \(width)", "\"height\": \(height)"]
        if let title { fields.append("\"title\": \(json(title))") }
        fields.append("\"env\": {\"TERM\": \"xterm-256color\"}")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    public static func outputEvent(time: Double, data: String) -> String {
        "[\(seconds(time)), \"o\", \(json(data))]"
    }

    /// Seconds with millisecond precision, `1.250`.
    static func seconds(_ time: Double) -> String {
        let millis = Int((max(0, time.isFinite ? time : 0) * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// A JSON string literal: quotes, backslashes and every control
    /// character (ESC included) escaped.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A flow played from start to end as an asciicast: frames sampled on the
/// flow's own clock (`FlowTiming`), the viewport following the current hop,
/// each frame stored as the changes from the one before.
public struct FlowRecording: Sendable {
    public var framesPerSecond: Double
    public var timing: FlowTiming
    /// Seconds the last frame stays before the recording ends.
    public var hold: Double
    public var color: Bool

    public init(framesPerSecond: Double = 10, timing: FlowTiming = FlowTiming(), hold: Double = 2, color: Bool = true) {
        self.framesPerSecond = framesPerSecond
        self.timing = timing
        self.hold = hold
        self.color = color
    }

    /// The whole .cast file text (header and events, newline-terminated).
    public func cast(of flow: Flow, scene: Scene, size: Size) -> String {
        var lines = [Asciicast.header(width: size.width, height: size.height, title: flow.title)]
        let step = 1 / max(1, framesPerSecond.isFinite ? framesPerSecond : 10)
        let total = timing.totalDuration(of: flow)
        var previous: Buffer?
        var viewport = Point.zero
        var frameIndex = 0
        var time = 0.0
        while time <= total + step / 2 {
            let position = timing.position(in: flow, at: time)
            let frame = FlowFrame(flow: flow, position: position)
            viewport = scene.viewport(following: frame, size: size, from: viewport)
            let buffer = scene.render(viewport: viewport, flowFrame: frame, size: size)
            let update = buffer.ansiUpdate(from: previous, color: color)
            if previous == nil || buffer != previous {
                lines.append(Asciicast.outputEvent(time: time, data: update))
            }
            previous = buffer
            frameIndex += 1
            time = Double(frameIndex) * step
        }
        // An empty event keeps the last frame on screen for `hold` seconds.
        lines.append(Asciicast.outputEvent(time: total + hold, data: ""))
        return lines.joined(separator: "\n") + "\n"
    }
}
