import ClusterModel

/// How N new connections of one flow spread over the pods (kube-proxy picks per
/// connection, not per HTTP request): random per connection by
/// default, pinned to one pod under `sessionAffinity: ClientIP`.
public struct LoadSpread: Sendable, Hashable, Codable {
    public struct Share: Sendable, Hashable, Codable {
        /// The pod's address as the DNAT wrote it.
        public var destination: String
        public var pod: ObjectKey?
        public var requests: Int
        /// Where the endpoint runs, for the locality lesson (traffic distribution, Local policies).
        public var node: String?
        /// The node's `topology.kubernetes.io/zone`, when the input shows it.
        public var zone: String?

        /// `node-a, eu-west-1a` (what is known of the place).
        var place: String? {
            let parts = [node, zone.map { "zone \($0)" }].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
    }

    /// A gateway flow's backendRefs entry and how many of the requests its weight sent there.
    public struct BackendShare: Sendable, Hashable, Codable {
        /// `namespace/service:port`.
        public var name: String
        public var weight: Int
        public var requests: Int
    }

    public var requests: Int
    /// Gateway flows whose rule splits by weight: requests per backend, in the rule's order (nil otherwise).
    ///
    /// Counted before the backend's own checks, so a refused backend's share shows too.
    public var backends: [BackendShare]?
    /// Requests that failed (rejected, dropped, unknown backing).
    public var failed: Int
    /// Most requests first.
    public var shares: [Share]
    /// Connections sent to the endpoint an earlier connection drew, by sessionAffinity ClientIP's
    /// `-m recent` lists (kernel state of the node), not by a fresh random draw.
    public var pinnedByAffinity = 0

    /// One line: `12 connections: 172.16.180.193:80 ×5, 172.16.203.129:80 ×4, 172.16.180.194:80 ×3`.
    public var summary: String {
        let parts =
            shares.map { "\($0.destination) ×\($0.requests)" + ($0.place.map { " (\($0))" } ?? "") }
            + (failed > 0 ? ["failed ×\(failed)"] : [])
        let pinned =
            pinnedByAffinity == 0
            ? ""
            : " (\(pinnedByAffinity) pinned by sessionAffinity ClientIP: the node's -m recent list sends the same "
                + "client to the endpoint its first connection drew)"
        let split = (backends ?? []).map { backend in
            "\(backend.name) ×\(backend.requests) (weight \(backend.weight))"
        }
        let byBackend = split.isEmpty ? "" : "; by the rule's backendRefs weights: " + split.joined(separator: ", ")
        return "\(requests) new connection\(requests == 1 ? "" : "s"): " + parts.joined(separator: ", ") + pinned
            + byBackend
    }
}

extension FlowEngine {
    /// Plays requests 0..<count of a flow and counts where each one ended.
    public func spread(
        _ kind: FlowKind, target: String?, requests count: Int, options: FlowOptions = FlowOptions()
    ) throws(FlowError) -> LoadSpread {
        var options = options
        options.includeReply = false
        var tally: [String: (pod: ObjectKey?, count: Int, first: Int)] = [:]
        var failed = 0, pinned = 0
        var backends: [LoadSpread.BackendShare] = []
        for request in 0..<max(0, count) {
            let flow = try flow(kind, target: target, request: request, options: options)
            tallyBackend(flow.routing, into: &backends)
            guard flow.failure == nil, let last = flow.requestHops.last else {
                failed += 1
                continue
            }
            if flow.hops.contains(where: { $0.rules.contains { $0.matched && $0.rule.text.contains("--rcheck") } }) {
                pinned += 1
            }
            var pod: ObjectKey?
            if case .pod(let key) = last.to { pod = key }
            let key = last.packet.destination.description
            let entry = tally[key] ?? (pod, 0, request)
            tally[key] = (entry.pod, entry.count + 1, entry.first)
        }
        let shares = tally.sorted { ($1.value.count, $0.value.first) < ($0.value.count, $1.value.first) }
            .map { entry -> LoadSpread.Share in
                let node = entry.value.pod.flatMap { cluster.pod($0)?.nodeName }
                return LoadSpread.Share(
                    destination: entry.key, pod: entry.value.pod, requests: entry.value.count, node: node,
                    zone: node.flatMap { cluster.node(named: $0)?.zone })
            }
        var spread = LoadSpread(requests: max(0, count), failed: failed, shares: shares)
        spread.pinnedByAffinity = pinned
        spread.backends = backends.isEmpty ? nil : backends
        return spread
    }

    /// Counts the backend a gateway flow's weights picked, when its rule has more than one.
    private func tallyBackend(_ routing: GatewayDecision?, into backends: inout [LoadSpread.BackendShare]) {
        guard let routing, routing.backends.count > 1, let chosen = routing.backends.first(where: \.chosen) else {
            return
        }
        if backends.isEmpty {
            backends = routing.backends.map { LoadSpread.BackendShare(name: $0.name, weight: $0.weight, requests: 0) }
        }
        // A request another rule served (a header, a path) is not this rule's split.
        guard backends.elementsEqual(routing.backends, by: { $0.name == $1.name }) else { return }
        if let index = backends.firstIndex(where: { $0.name == chosen.name }) { backends[index].requests += 1 }
    }
}
