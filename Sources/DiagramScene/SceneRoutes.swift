import CellCanvas
import FlowEngine

extension Scene {
    /// The plane route (cell points) of each hop of `flow`, as the terminal
    /// overlay draws it; nil where an end of the hop has no box in this
    /// layout.
    ///
    /// Exports draw the same paths as vectors.
    public func hopRoutes(of flow: Flow) -> [[Point]?] {
        let placeMap = PlaceMap(layout: layout, cluster: cluster)
        let overlay = FlowOverlay(
            placeMap: placeMap,
            frame: FlowFrame(flow: flow, position: FlowPosition(hopIndex: 0, progress: 0, isFinished: false)))
        return flow.hops.indices.map { index in
            let ends = placeMap.ends(of: flow.hops, at: index)
            guard let from = ends.from, let to = ends.to else { return nil }
            return overlay.route(flow.hops, index, from: from, to: to)
        }
    }
}
