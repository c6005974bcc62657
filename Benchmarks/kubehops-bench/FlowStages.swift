import ClusterModel
import FlowEngine

/// The teaching side on the built model: one flow of every kind (each picks
/// its default target, which scans the cluster) and the nine tour steps.
func flowStages() -> [Stage] { [
    Stage(name: "every flow kind + tour") { scenario in
        guard let cluster = scenario.cluster else { throw BenchError("flows need the model build stage first") }
        let engine = FlowEngine(cluster: cluster)
        for kind in FlowKind.allCases { _ = try? engine.flow(kind) }
        _ = Tour.steps(for: cluster)
        return 0
    },
] }
