import ClusterModel
import DiagramScene
import FlowEngine
import ProxyRules

/// One line of the `f` menu: a kind of flow and the object it starts from.
public struct FlowChoice: Sendable, Hashable {
    public var kind: FlowKind
    /// What `FlowEngine.flow(_:target:)` expects: `ns/name`, a host, or `podA,podB`; nil lets it pick.
    public var target: String?
    public var label: String
    /// The request a gateway flow plays (`explain --path --method --header --port`): nil and empty
    /// for the engine's default, `GET /` on the Gateway's HTTP port.
    public var path: String?
    public var method: String?
    public var headers: [HTTPHeaderField] = []
    public var port: String?
    /// The Host header when `target` names a Gateway (nil: a host it serves).
    public var host: String?
    public init(kind: FlowKind, target: String?, label: String) {
        self.kind = kind; self.target = target; self.label = label
    }

    /// The engine's options for this flow: its request, with the view's proxy mode.
    public func options(proxyMode: Dataplane? = nil) -> FlowOptions {
        var options = FlowOptions(path: path, port: port, proxyMode: proxyMode)
        options.method = method
        options.headers = headers
        options.host = host
        return options
    }

    /// The flows that start from (or end at) `selection`, most telling first.
    public static func available(for selection: Selection?, in cluster: Cluster) -> [FlowChoice] {
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
                choices.append(
                    FlowChoice(
                        kind: .podToPod, target: "\(key),\(peer.key)", label: "pod → pod: \(key.name) → \(peer.name)"))
            }
            for serviceKey in cluster.services(backedBy: key) {
                if let service = cluster.service(serviceKey) { choices += flows(for: service, cluster: cluster) }
            }
            return choices
        case .node:
            return cluster.services.filter { $0.type.opensNodePorts }.flatMap { flows(for: $0, cluster: cluster) }
        case .actor(.ingress):
            return cluster.ingresses.isEmpty
                ? [] : [FlowChoice(kind: .ingress, target: nil, label: "Ingress (first rule)")]
        case .actor(.gateway):
            return gatewayChoices(cluster.routes, cluster: cluster)
        case .actor(.externalLoadBalancer):
            return cluster.services.filter { $0.type == .loadBalancer }.flatMap { flows(for: $0, cluster: cluster) }
                + cluster.services.filter { $0.type == .nodePort }.map {
                    FlowChoice(kind: .nodePort, target: $0.key.description, label: "NodePort: \($0.key)")
                }
        case .actor, nil:
            return FlowKind.allCases.map {
                FlowChoice(kind: $0, target: nil, label: "\(Self.name(of: $0)) (first fitting object)")
            }
        }
    }

    static func flows(for service: Service, cluster: Cluster) -> [FlowChoice] {
        let target = service.key.description
        var choices: [FlowChoice] = []
        func add(_ kind: FlowKind) {
            choices.append(FlowChoice(kind: kind, target: target, label: "\(name(of: kind)): \(target)"))
        }
        switch service.type {
        case .loadBalancer: add(.loadBalancer); add(.nodePort); add(.clusterIP)
        case .nodePort: add(.nodePort); add(.clusterIP)
        case .externalName: add(.externalName)
        default: add(.clusterIP)
        }
        choices += gatewayChoices(cluster.routes, cluster: cluster, orEveryGateway: false, sendingTo: service)
        let routing = cluster.ingresses.first { ingress in
            ingress.key.effectiveNamespace == service.key.effectiveNamespace
                && (ingress.rules + [ingress.defaultBackend].compactMap { $0 }).contains {
                    $0.serviceName == service.name
                }
        }
        if let routing {
            // The flow engine finds an ingress flow by its host; `*` means any host, so let it pick.
            let host = routing.hosts.first { $0 != "*" }
            choices.append(
                FlowChoice(
                    kind: .ingress, target: host, label: "Ingress: \(host ?? routing.key.description) → \(target)"))
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
        case .gateway: "Gateway"
        }
    }
}

/// A flow being played hop by hop, on the flow engine's clock
/// (`FlowTiming`).
///
/// Advanced by `tick` with the time passed in, so tests step it without a clock.
public struct FlowPlayback: Sendable, Hashable {
    public var choice: FlowChoice
    public var flow: Flow
    /// Which request of the load spread (`r` asks the next one).
    public var request: Int
    /// Seconds of flow time played, at speed 1.
    public private(set) var clock = 0.0
    public private(set) var position: FlowPosition
    public var paused = false
    public private(set) var speed = 1.0
    /// The time of the last tick, nil until the first one.
    var lastTime: Double?

    public static let timing = FlowTiming()
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4]

    public init(choice: FlowChoice, flow: Flow, request: Int) {
        self.choice = choice; self.flow = flow; self.request = request
        position = Self.timing.position(in: flow, at: 0)
    }

    public var hopIndex: Int { position.hopIndex }
    public var isFinished: Bool { position.isFinished }
    public var isRunning: Bool { !paused && !isFinished }
    public var currentHop: Hop? { flow.hops.indices.contains(hopIndex) ? flow.hops[hopIndex] : nil }

    public mutating func advance(to time: Double) {
        defer { lastTime = time }
        guard let last = lastTime, isRunning else { return }
        clock += max(0, time - last) * speed
        position = Self.timing.position(in: flow, at: clock)
    }

    /// `.`: the start of the next hop, paused (so the caption can be read).
    public mutating func stepForward() {
        paused = true
        jump(to: Self.timing.step(forwardFrom: position, in: flow))
    }

    /// `,`: the start of this hop, or of the previous one; paused.
    public mutating func stepBack() {
        paused = true
        jump(to: Self.timing.step(backFrom: position, in: flow))
    }

    /// The start of hop `index` (the last hop when the flow is shorter), paused or not.
    public mutating func seek(hop index: Int, paused: Bool) {
        let last = max(0, flow.hops.count - 1)
        jump(to: FlowPosition(hopIndex: min(max(0, index), last), progress: 0, isFinished: false))
        self.paused = paused
    }

    private mutating func jump(to target: FlowPosition) {
        clock =
            target.isFinished
            ? Self.timing.totalDuration(of: flow) : Self.timing.startTime(ofHop: target.hopIndex, in: flow)
        position = target
    }

    /// `Space`: pause or resume; a finished flow starts again.
    public mutating func togglePause() {
        if isFinished { clock = 0; position = Self.timing.position(in: flow, at: 0); paused = false; return }
        paused.toggle()
    }

    public mutating func changeSpeed(faster: Bool) {
        let index = Self.speeds.firstIndex(of: speed) ?? 2
        speed = Self.speeds[max(0, min(Self.speeds.count - 1, index + (faster ? 1 : -1)))]
    }
}
