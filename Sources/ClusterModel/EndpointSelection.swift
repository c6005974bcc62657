/// Which endpoints kube-proxy on one node sends a service's traffic to, as `CategorizeEndpoints` in
/// kubernetes/kubernetes pkg/proxy/topology.go does it: pure, so the flow engine can say *why* the pick narrowed.
///
/// Rules, in kube-proxy's order:
/// - Cluster policy: ready endpoints, narrowed by topology hints (`forNodes` for PreferSameNode when every
///   ready endpoint has node hints and one names this node; else `forZones` when every ready endpoint has
///   zone hints and one names this node's zone); no hint rule applies → all ready endpoints.
///   None ready → serving-and-terminating endpoints (1.28+).
/// - Local policy (ITP for internal traffic, ETP for external): ready endpoints on this node, else local
///   serving-terminating ones; none → the traffic is dropped (no fallback to other nodes).
public enum EndpointSelection {
    /// The rule that decided the candidate set.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// Every ready endpoint (no topology narrowing applied).
        case allReady
        /// Ready endpoints whose `hints.forNodes` name the caller's node (PreferSameNode).
        case sameNodeHints
        /// Ready endpoints whose `hints.forZones` name the caller's zone (PreferSameZone / PreferClose).
        case sameZoneHints
        /// No endpoint ready: serving-and-terminating endpoints are used (kube-proxy 1.28+).
        case servingTerminatingFallback
        /// Traffic policy Local: only endpoints on the caller's node.
        case nodeLocal
        /// Traffic policy Local, serving-terminating endpoints on the caller's node (none ready there).
        case nodeLocalServingTerminating
        /// Traffic policy Local and no usable endpoint on this node: kube-proxy drops the packet.
        case noLocalEndpoint
        /// No usable endpoint at all: kube-proxy rejects (ICMP unreachable / TCP reset).
        case noEndpoint
    }

    /// Where the traffic comes from: ITP governs internal (ClusterIP) traffic, ETP external (NodePort, LB).
    public enum Traffic: String, Sendable, Hashable, Codable { case `internal`, external }

    public struct Result: Sendable, Hashable {
        public var candidates: [EndpointAddress]
        public var reason: Reason
        /// True when conditions were unknown (text dumps) and taken as ready.
        public var readinessAssumed: Bool
    }

    /// Selects the endpoints a connection from `callerNode` (in `callerZone`) may reach.
    ///
    /// Unknown readiness (`ready == nil`, e.g. `kubectl get endpoints` text, which lists ready addresses) counts as
    /// ready and is reported in `readinessAssumed`.
    public static func select(
        _ endpoints: [EndpointAddress], service: Service, traffic: Traffic,
        callerNode: String?, callerZone: String?
    ) -> Result {
        let assumed = endpoints.contains { $0.ready == nil }
        let policy = traffic == .internal ? service.internalTrafficPolicy : service.externalTrafficPolicy
        if policy == .local {
            let local = endpoints.filter { callerNode != nil && $0.nodeName == callerNode }
            let ready = local.filter(isReady)
            if !ready.isEmpty { return Result(candidates: ready, reason: .nodeLocal, readinessAssumed: assumed) }
            let terminating = local.filter(isServingTerminating)
            if !terminating.isEmpty {
                return Result(candidates: terminating, reason: .nodeLocalServingTerminating, readinessAssumed: assumed)
            }
            return Result(candidates: [], reason: .noLocalEndpoint, readinessAssumed: assumed)
        }
        let ready = endpoints.filter(isReady)
        if ready.isEmpty {
            let terminating = endpoints.filter(isServingTerminating)
            let reason: Reason = terminating.isEmpty ? .noEndpoint : .servingTerminatingFallback
            return Result(candidates: terminating, reason: reason, readinessAssumed: assumed)
        }
        switch topologyMode(ready, node: callerNode, zone: callerZone) {
        case .sameNodeHints:
            let picked = ready.filter { ep in callerNode.map { ep.hintsForNodes?.contains($0) == true } ?? false }
            return Result(candidates: picked, reason: .sameNodeHints, readinessAssumed: assumed)
        case .sameZoneHints:
            let picked = ready.filter { ep in callerZone.map { ep.hintsForZones?.contains($0) == true } ?? false }
            return Result(candidates: picked, reason: .sameZoneHints, readinessAssumed: assumed)
        default:
            return Result(candidates: ready, reason: .allReady, readinessAssumed: assumed)
        }
    }

    /// topology.go `topologyModeFromHints`: node hints win when every ready endpoint has some and one names
    /// this node; then zone hints likewise; otherwise no narrowing.
    static func topologyMode(_ ready: [EndpointAddress], node: String?, zone: String?) -> Reason {
        let allNodeHints = ready.allSatisfy { !($0.hintsForNodes ?? []).isEmpty }
        if allNodeHints, let node, ready.contains(where: { $0.hintsForNodes?.contains(node) == true }) {
            return .sameNodeHints
        }
        let allZoneHints = ready.allSatisfy { !($0.hintsForZones ?? []).isEmpty }
        if allZoneHints, let zone, ready.contains(where: { $0.hintsForZones?.contains(zone) == true }) {
            return .sameZoneHints
        }
        return .allReady
    }

    /// Ready, or assumed ready when the input does not say (a table, or Endpoints).
    public static func isReady(_ ep: EndpointAddress) -> Bool { ep.ready ?? true }
    static func isServingTerminating(_ ep: EndpointAddress) -> Bool {
        ep.serving == true && ep.terminating == true
    }
}
