import ClusterModel
import DiagramScene
import FlowEngine

/// One line of the `f` menu: a flow, and why it cannot play on this cluster
/// when it cannot (shown greyed out with the reason, never offered to play).
public struct FlowMenuItem: Sendable, Hashable {
    public var choice: FlowChoice
    /// nil when the flow engine builds this flow with hops.
    public var unavailable: String?

    public var canPlay: Bool { unavailable == nil }

    /// The flows for `selection`, each tried on the engine once: playable ones
    /// first (in their order), then the others with the engine's reason.
    public static func menu(for selection: Selection?, in cluster: Cluster) -> [FlowMenuItem] {
        let engine = FlowEngine(cluster: cluster)
        let items = FlowChoice.available(for: selection, in: cluster).map { choice -> FlowMenuItem in
            FlowMenuItem(choice: choice, unavailable: reason(choice, engine: engine))
        }
        return items.filter { $0.canPlay } + items.filter { !$0.canPlay }
    }

    static func reason(_ choice: FlowChoice, engine: FlowEngine) -> String? {
        do {
            let flow = try engine.flow(choice.kind, target: choice.target, request: 0, options: choice.options())
            return flow.hops.isEmpty ? "it has no hops to show" : nil
        } catch {
            return "\(error)"
        }
    }
}
