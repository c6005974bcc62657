import ClusterModel
import FlowEngine

/// One line of the `f` menu: a kind of flow and the object it starts from.
public struct FlowChoice: Sendable, Hashable {
    public var kind: FlowKind
    /// What `FlowEngine.flow(_:target:)` expects: `ns/name`, a host, or `podA,podB`; nil lets it pick.
    public var target: String?
    public var label: String
    public init(kind: FlowKind, target: String?, label: String) { self.kind = kind; self.target = target; self.label = label }

    /// The flows that start from (or end at) `selection`, most telling first.
    public static func available(for selection: ObjectRef?, in cluster: Cluster) -> [FlowChoice] {
        switch selection {
        case .service(let key):
            guard let service = cluster.service(key) else { return [] }
            return flows(for: service, cluster: cluster)
        case .pod(let key):
            var choices: [FlowChoice] = []
            let others = cluster.pods.filter { $0.key != key && !$0.ips.isEmpty }
            // A pod on another node shows the overlay; fall back to any other pod.
            let pod = cluster.pod(key)
            let peer = others.first { $0.nodeName != pod?.nodeName } ?? others.first
            if let peer {
                choices.append(FlowChoice(kind: .podToPod, target: "\(key),\(peer.key)", label: "pod → pod: \(key.name) → \(peer.name)"))
            }
            for serviceKey in cluster.services(backedBy: key) {
                if let service = cluster.service(serviceKey) { choices += flows(for: service, cluster: cluster) }
            }
            return choices
        case .node:
            return cluster.services.filter { $0.type.opensNodePorts }.flatMap { flows(for: $0, cluster: cluster) }
        case nil:
            return FlowKind.allCases.map { FlowChoice(kind: $0, target: nil, label: "\(Self.name(of: $0)) (first fitting object)") }
        }
    }

    static func flows(for service: Service, cluster: Cluster) -> [FlowChoice] {
        let target = service.key.description
        var choices: [FlowChoice] = []
        func add(_ kind: FlowKind) { choices.append(FlowChoice(kind: kind, target: target, label: "\(name(of: kind)): \(target)")) }
        switch service.type {
        case .loadBalancer: add(.loadBalancer); add(.nodePort); add(.clusterIP)
        case .nodePort: add(.nodePort); add(.clusterIP)
        case .externalName: add(.externalName)
        default: add(.clusterIP)
        }
        let routing = cluster.ingresses.first { ingress in
            ingress.key.effectiveNamespace == service.key.effectiveNamespace
                && (ingress.rules + [ingress.defaultBackend].compactMap { $0 }).contains { $0.serviceName == service.name }
        }
        if let routing {
            // The flow engine finds an ingress flow by its host; `*` means any host, so let it pick.
            let host = routing.hosts.first { $0 != "*" }
            choices.append(FlowChoice(kind: .ingress, target: host, label: "Ingress: \(host ?? routing.key.description) → \(target)"))
        }
        return choices
    }

    public static func name(of kind: FlowKind) -> String {
        switch kind {
        case .nodePort: "NodePort"
        case .loadBalancer: "LoadBalancer"
        case .ingress: "Ingress"
        case .clusterIP: "ClusterIP"
        case .podToPod: "pod → pod"
        case .externalName: "ExternalName"
        }
    }
}

/// A flow being played hop by hop. Advanced by `tick` with the time passed
/// in, so tests step it without a clock.
public struct FlowPlayback: Sendable, Hashable {
    public var choice: FlowChoice
    public var flow: Flow
    /// Which request of the load spread (`r` asks the next one).
    public var request: Int
    public var hopIndex = 0
    /// 0 at the hop's start, 1 at its end.
    public var progress = 0.0
    public var paused = false
    /// Hops per 1.5 s at speed 1.
    public var speed = 1.0
    /// The time of the last tick, nil until the first one.
    var lastTime: Double?

    public static let secondsPerHop = 1.5
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4]

    public init(choice: FlowChoice, flow: Flow, request: Int) {
        self.choice = choice; self.flow = flow; self.request = request
    }

    public var isFinished: Bool { hopIndex >= flow.hops.count - 1 && progress >= 1 }
    public var isRunning: Bool { !paused && !isFinished }
    public var currentHop: Hop? { flow.hops.indices.contains(hopIndex) ? flow.hops[hopIndex] : nil }

    public mutating func advance(to time: Double) {
        defer { lastTime = time }
        guard let last = lastTime, isRunning, !flow.hops.isEmpty else { return }
        progress += max(0, time - last) * speed / Self.secondsPerHop
        while progress >= 1, hopIndex < flow.hops.count - 1 {
            progress -= 1
            hopIndex += 1
        }
        if hopIndex >= flow.hops.count - 1 { progress = min(progress, 1) }
    }

    /// `.`: the next hop, paused (so the caption can be read).
    public mutating func stepForward() {
        paused = true
        if hopIndex < flow.hops.count - 1 { hopIndex += 1; progress = 0 } else { progress = 1 }
    }

    /// `,`: the previous hop, paused.
    public mutating func stepBack() {
        paused = true
        if progress > 0, hopIndex == flow.hops.count - 1, progress >= 1 { progress = 0; return }
        hopIndex = max(0, hopIndex - 1)
        progress = 0
    }

    /// `Space`: pause or resume; a finished flow starts again.
    public mutating func togglePause() {
        if isFinished { hopIndex = 0; progress = 0; paused = false; return }
        paused.toggle()
    }

    public mutating func changeSpeed(faster: Bool) {
        let index = Self.speeds.firstIndex(of: speed) ?? 2
        speed = Self.speeds[max(0, min(Self.speeds.count - 1, index + (faster ? 1 : -1)))]
    }
}
