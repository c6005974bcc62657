import ClusterModel

/// Why a flow could not be built; the message lists what does exist.
public struct FlowError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Builds request flows from a cluster.
/// STUB: the flow work fills this in; the signatures are the contract.
public struct FlowEngine: Sendable {
    public let cluster: Cluster
    /// Same seed, same endpoint choices: several requests show the load spread.
    public let seed: UInt64

    public init(cluster: Cluster, seed: UInt64 = 0) {
        self.cluster = cluster
        self.seed = seed
    }

    /// `target`: a service (`ns/name` or `name`), an ingress host, or two pods `a,b`; nil picks the first fitting object.
    public func flow(_ kind: FlowKind, target: String? = nil, request: Int = 0) throws(FlowError) -> Flow {
        throw FlowError("flows are not built yet")
    }
}

/// Where the animation is at a moment: which hop, and how far along it.
public struct FlowPosition: Sendable, Hashable {
    public var hopIndex: Int
    /// 0 at the hop's start, 1 at its end.
    public var progress: Double
    public var isFinished: Bool
    public init(hopIndex: Int, progress: Double, isFinished: Bool) {
        self.hopIndex = hopIndex; self.progress = progress; self.isFinished = isFinished
    }
}
