import ClusterModel

/// What a tour step points at on the diagram.
public struct TourHighlight: Sendable, Hashable {
    public var nodes: [String] = []
    public var pods: [ObjectKey] = []
    public var services: [ObjectKey] = []
    public var ingresses: [ObjectKey] = []
    /// Boxes outside the cluster (user, DNS, external LB, ingress controller).
    public var places: [Place] = []
    /// The IP-scheme legend.
    public var addressLegend = false
    public init() {}
}

/// One step of the guided tour: a caption written from the notes with this
/// cluster's own values, what to highlight, and a flow to play when the step
/// is about one.
///
/// A step whose objects the input lacks says so and suggests the kubectl command that would show them, rather than
/// inventing objects.
public struct TourStep: Sendable, Hashable {
    public enum Topic: String, Sendable, Hashable, CaseIterable {
        case nodes, podNetwork, ephemeralPodIPs, services, nodePort, externalFlow, ingressFlow, podToService,
            addressScheme
    }

    /// 1 to 9.
    public var number: Int
    public var topic: Topic
    public var title: String
    /// Short paragraphs, each a sentence or two.
    public var caption: [String]
    public var highlight: TourHighlight
    /// The flow to play hop by hop (steps 6–8).
    public var flow: Flow?
    /// False when the input has nothing to show for this step.
    public var isAvailable: Bool
    /// What to run to see this step's objects, when they are missing.
    public var suggestion: String?
    /// Rows of the IP-scheme table (step 9): header first.
    public var table: [[String]]

    public init(
        number: Int, topic: Topic, title: String, caption: [String], highlight: TourHighlight = TourHighlight(),
        flow: Flow? = nil, isAvailable: Bool = true, suggestion: String? = nil, table: [[String]] = []
    ) {
        self.number = number; self.topic = topic; self.title = title; self.caption = caption; self.highlight = highlight
        self.flow = flow; self.isAvailable = isAvailable; self.suggestion = suggestion; self.table = table
    }
}

/// The guided tour of Kubernetes networking on a cluster (issue: teaching mode).
public enum Tour {
    public static func steps(for cluster: Cluster, seed: UInt64 = 0) -> [TourStep] {
        let engine = FlowEngine(cluster: cluster, seed: seed)
        return [
            TourSteps.nodes(cluster),
            TourSteps.podNetwork(cluster),
            TourSteps.ephemeralPodIPs(cluster),
            TourSteps.services(cluster),
            TourSteps.nodePort(cluster, engine: engine),
            TourSteps.externalFlow(cluster, engine: engine),
            TourSteps.ingressFlow(cluster, engine: engine),
            TourSteps.podToService(cluster, engine: engine),
            TourSteps.addressScheme(cluster),
        ]
    }
}
