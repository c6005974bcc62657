/// A flow in one line per hop (`kubehops explain --brief`): places, the packet's addresses and who
/// rewrote them, and a failure where the flow stops; no sentences, details or rules (`FlowText` has them).
public enum FlowBrief {
    public static func render(_ flow: Flow) -> String {
        var lines = ["\(FlowText.clean(flow.title))  [\(FlowText.clean(flow.target)), connection \(flow.request)]"]
        for (index, hop) in flow.hops.enumerated() {
            let number = index + 1 < 10 ? " \(index + 1)" : "\(index + 1)"
            let reply = hop.isReply ? "reply " : ""
            var line =
                "\(number). \(reply)\(FlowText.clean(hop.from.description)) → \(FlowText.clean(hop.to.description)): "
                + "\(FlowText.clean(hop.packet.source.description)) → "
                + "\(FlowText.clean(hop.packet.destination.description)) \(hop.packet.protocol)"
                + FlowText.rewriteLabel(hop)
            if let failure = hop.failure { line += "  ✗ " + FlowText.clean(failure.reason) }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
