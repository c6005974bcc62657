import CellCanvas
import FlowEngine
import Foundation

/// The `g` panel: the playing Ingress flow's request replayed through the Gateway API objects a
/// migration tool would write, side by side, as `kubehops explain --flow ingress --as-gateway`
/// tells it (MigrationText is the one narration of it).
public enum GatewayComparisonText {
    /// Says why there is nothing to compare instead (not an ingress flow, none playing).
    public static let needsIngressFlow = "Play an ingress flow first (f): g compares it with Gateway API."

    /// The comparison for `playback`'s request, or the engine's reason it cannot be made.
    static func replay(
        _ playback: FlowPlayback, engine: FlowEngine, options: FlowOptions
    ) -> Result<[String], FlowError> {
        do {
            let replay = try engine.replayAsGateway(
                target: playback.choice.target, request: playback.request, options: options)
            return .success(MigrationText.render(replay).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init))
        } catch {
            return .failure(error)
        }
    }
}

/// The lines of a text panel fitted to its width.
enum TextPanelLines {
    /// The lines fitted to `width`: prose wraps at words (keeping its indent); the side-by-side
    /// table's rows keep their columns and are cut into pieces instead, so nothing is lost.
    static func wrapped(_ lines: [String], width: Int) -> [String] {
        var lines = lines
        while lines.last?.isEmpty == true { lines.removeLast() }
        let width = max(8, width)
        return lines.flatMap { line -> [String] in
            guard DisplayWidth.of(line) > width else { return [line] }
            let indent = String(line.prefix { $0 == " " })
            let body = String(line.dropFirst(indent.count))
            if body.contains("   ") { return pieces(line, width: width) }
            return TextFit.wrap(body, width: max(8, width - indent.count)).map { indent + $0 }
        }
    }

    /// A table row cut every `width` columns, its continuations indented by two.
    static func pieces(_ line: String, width: Int) -> [String] {
        var out: [String] = []
        var current = ""
        for character in line {
            if DisplayWidth.of(current) + DisplayWidth.of(character) > width {
                out.append(current)
                current = "  "
            }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
        return out
    }
}
