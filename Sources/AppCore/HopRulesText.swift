import CellCanvas
import DiagramScene
import FlowEngine

/// The `w` panel: one hop of the playing flow as `kubehops explain` tells it (packet, sentence,
/// details, the rules walked), so the view and the text can never disagree.
public enum HopRulesText {
    /// Lines of rules that matched start with it; the panel draws them bold.
    static let matchedMark = "✓"

    /// The text width inside the panel on a screen this wide.
    static func width(_ screenWidth: Int) -> Int { max(8, screenWidth - 6) }

    public static func title(_ frame: FlowFrame?) -> String {
        guard let frame, !frame.flow.hops.isEmpty else { return "Rules walked" }
        let number = min(frame.position.hopIndex + 1, frame.flow.hops.count)
        return "Hop \(number)/\(frame.flow.hops.count): rules walked"
    }

    /// The lines, wrapped to `width` columns (rule lines keep their indent when wrapped).
    public static func lines(_ frame: FlowFrame?, width: Int) -> [String] {
        lines(frame).flatMap { line -> [String] in
            let indent = String(line.prefix { $0 == " " })
            let body = String(line.dropFirst(indent.count))
            return TextFit.wrap(body, width: max(8, width - indent.count)).map { indent + $0 }
        }
    }

    static func lines(_ frame: FlowFrame?) -> [String] {
        guard let frame, frame.flow.hops.indices.contains(frame.position.hopIndex) else {
            return ["No flow is playing: f plays one."]
        }
        let hop = frame.flow.hops[frame.position.hopIndex]
        var lines = [
            FlowText.clean("\(hop.from.description) → \(hop.to.description)"),
            FlowText.clean("\(hop.packet.source) → \(hop.packet.destination) \(hop.packet.protocol)"),
            FlowText.clean(hop.sentence),
        ]
        lines += hop.details.map { FlowText.clean($0) }
        // explain's layout, two columns less indented.
        let rules = FlowText.ruleLines(hop).map { String($0.dropFirst(6)) }
        lines += rules.isEmpty ? ["No dataplane rules were walked on this hop."] : [""] + rules
        lines += FlowText.policyLines(hop).map { String($0.dropFirst(4)) }
        if let failure = hop.failure { lines.append("✗ " + FlowText.clean(failure.reason)) }
        return lines
    }
}
