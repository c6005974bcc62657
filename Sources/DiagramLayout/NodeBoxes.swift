import CellCanvas
import ClusterModel
import Synchronization

/// The node boxes of a layout, in grid order, built when asked for: a
/// 150,000-pod cluster has 5,000 boxes but a frame shows a dozen, so the
/// layout keeps only each box's plan and geometry and builds the content of
/// a box on first use.
///
/// Reads like an array (`count`, `first`, `map`, `[i]`); walking all of it builds every box, so the hot paths ask the
/// layout's queries (`nodes(in:)`, `node(named:)`, `podBox(_:)`) instead.
public struct NodeBoxes: RandomAccessCollection, Sendable, Equatable {
    let store: NodeBoxStore

    public var startIndex: Int { 0 }
    public var endIndex: Int { store.plans.count }

    /// The box at `position` (0 ..< count), built now or taken from the cache.
    public subscript(position: Int) -> NodeBox { store.box(at: position) }

    public static func == (a: NodeBoxes, b: NodeBoxes) -> Bool { a.elementsEqual(b) }
}

/// What the boxes are built from, shared by every copy of a layout (the
/// layout is a value passed across threads; this is its immutable core plus
/// a cache).
///
/// Immutable apart from `cache`, which a Mutex guards: that is why it is a Sendable class without `@unchecked`.
final class NodeBoxStore: Sendable {
    let cluster: Cluster
    let plans: [NodePlan]
    let geometry: [NodeGeometry]
    let builder: NodeBoxBuilder
    /// Built boxes by grid position.
    ///
    /// Bounded: when full it starts over, as a frame needs only the boxes it shows and building one costs microseconds.
    private let cache = Mutex<[Int: NodeBox]>([:])
    static let cacheLimit = 512

    init(cluster: Cluster, plans: [NodePlan], geometry: [NodeGeometry], builder: NodeBoxBuilder) {
        self.cluster = cluster
        self.plans = plans
        self.geometry = geometry
        self.builder = builder
    }

    func box(at position: Int) -> NodeBox {
        if let cached = cache.withLock({ $0[position] }) { return cached }
        // Built outside the lock: two threads may build the same box, and get the same box.
        let built = build(at: position)
        cache.withLock { boxes in
            if boxes.count >= Self.cacheLimit { boxes.removeAll(keepingCapacity: true) }
            boxes[position] = built
        }
        return built
    }

    /// The box without the cache, for tests that compare it with the measure.
    func build(at position: Int) -> NodeBox {
        guard let plan = plans[checked: position], let place = geometry[checked: position] else {
            return NodeBox(
                name: "", kind: .node, rect: .zero, title: "", isReady: false, nodeIP: nil, nodePortPanel: nil,
                clusterIPPanel: nil,
                groups: [], notes: [], podCount: 0, failingPodCount: 0)
        }
        return builder.build(NodeContent(plan, cluster: cluster), at: place.rect.origin, width: place.rect.width)
    }
}
