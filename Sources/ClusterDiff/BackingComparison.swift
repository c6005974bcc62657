import ClusterModel

/// The endpoints behind each service on both sides, and what that means for
/// a request: a NodePort that reaches fewer pods, a service that reaches none.
struct BackingComparison {
    struct Side {
        var service: Service
        var info: ServiceBackingInfo
        /// The endpoints as `ip:port (pod)`, in listing order.
        var addresses: [String]
        /// Every endpoint shown, plus kubectl's `+ N more` that it did not show.
        var count: Int { info.endpoints.count + info.notShownCount }
        var hasEveryPod: Bool { info.endpoints.allSatisfy { $0.pod != nil } }
    }

    struct Pair {
        var key: ObjectKey
        var before: Side?
        var after: Side?
    }

    let pairs: [Pair]

    init(before: Cluster, after: Cluster) {
        func sides(_ cluster: Cluster) -> [ObjectKey: Side] {
            var found: [ObjectKey: Side] = [:]
            for service in cluster.services {
                let info = cluster.backingInfo(of: service.key)
                let addresses = info.endpoints.map { endpoint in
                    endpoint.address + (endpoint.pod.map { " (\($0))" } ?? "")
                }
                found[ClusterDiff.matchKey(service.key)] = Side(service: service, info: info, addresses: addresses)
            }
            return found
        }
        let old = sides(before)
        let new = sides(after)
        let keys = Set(old.keys).union(new.keys).sorted()
        pairs = keys.map { key in
            Pair(key: new[key]?.service.key ?? old[key]?.service.key ?? key, before: old[key], after: new[key])
        }
    }

    /// Services on both sides whose endpoints differ.
    func endpointChanges() -> [EndpointChange] {
        pairs.compactMap { pair in
            guard let old = pair.before, let new = pair.after else { return nil }
            let oldSet = Set(old.addresses)
            let newSet = Set(new.addresses)
            let gained = new.addresses.filter { !oldSet.contains($0) }
            let lost = old.addresses.filter { !newSet.contains($0) }
            guard !gained.isEmpty || !lost.isEmpty else { return nil }
            let guessed = old.info.source == .nameInferred || new.info.source == .nameInferred
            return EndpointChange(service: pair.key, gained: gained, lost: lost, guessed: guessed)
        }
    }

    /// Requests into services whose reachable endpoints changed, or that appeared or went away.
    func pathChanges() -> [PathChange] {
        pairs.compactMap { pair in
            let current = pair.after ?? pair.before
            guard let service = current?.service, !service.isHeadless else { return nil }
            let flow = Self.flowName(service)
            switch (pair.before, pair.after) {
            case (nil, let new?):
                return PathChange(
                    flow: flow, endpointsBefore: nil, endpointsAfter: new.count,
                    summary: "\(flow) is new: it reaches \(Self.reach(new))")
            case (let old?, nil):
                return PathChange(
                    flow: flow, endpointsBefore: old.count, endpointsAfter: nil,
                    summary: "\(flow) is gone: the service is no longer in the input")
            case (let old?, let new?):
                return changed(flow: flow, old: old, new: new)
            case (nil, nil):
                return nil
            }
        }
    }

    private func changed(flow: String, old: Side, new: Side) -> PathChange? {
        var parts: [String] = []
        let oldFlow = Self.flowName(old.service)
        if oldFlow != flow { parts.append("was \(oldFlow) (the service's type changed)") }
        if let before = old.service.externalName, let after = new.service.externalName, before != after {
            parts.append("now resolves to \(after) instead of \(before)")
        }
        if old.count != new.count {
            parts.append("now reaches \(Self.reach(new)) instead of \(old.count)")
        } else if Set(old.addresses) != Set(new.addresses) {
            parts.append("still reaches \(Self.reach(new)), but not the same ones")
        }
        if let local = Self.localNodesChange(old: old, new: new) { parts.append(local) }
        guard !parts.isEmpty else { return nil }
        return PathChange(
            flow: flow, endpointsBefore: old.count, endpointsAfter: new.count,
            summary: "\(flow) " + parts.joined(separator: "; "))
    }

    /// `nodeport:ns/web`: the flow kind `kubehops explain --flow` would replay it with.
    static func flowName(_ service: Service) -> String {
        let kind =
            switch service.type {
            case .nodePort: "nodeport"
            case .loadBalancer: "loadbalancer"
            case .externalName: "externalname"
            case .clusterIP, .other: "clusterip"
            }
        return "\(kind):\(service.key)"
    }

    /// `3 pods`, `1 endpoint`, or no pod with what kube-proxy then does.
    static func reach(_ side: Side) -> String {
        if side.service.type == .externalName { return "an outside name, no endpoints" }
        let noun = side.hasEveryPod ? "pod" : "endpoint"
        guard side.count > 0 else {
            return "no \(noun) (no ready endpoint: kube-proxy's iptables and nftables modes reject the connection)"
        }
        return "\(side.count) \(noun)\(side.count == 1 ? "" : "s")"
    }

    /// With `externalTrafficPolicy: Local` only nodes with a local endpoint answer on the
    /// NodePort (the others drop it): say when that set of nodes changed.
    static func localNodesChange(old: Side, new: Side) -> String? {
        guard new.service.type.opensNodePorts, new.service.externalTrafficPolicy == .local,
            old.info.endpoints.allSatisfy({ $0.nodeName != nil }), new.info.endpoints.allSatisfy({ $0.nodeName != nil })
        else { return nil }
        let before = Set(old.info.endpoints.compactMap(\.nodeName))
        let after = Set(new.info.endpoints.compactMap(\.nodeName))
        guard before != after else { return nil }
        func list(_ nodes: Set<String>) -> String { nodes.isEmpty ? "none" : nodes.sorted().joined(separator: ", ") }
        return "with externalTrafficPolicy Local only nodes with a local endpoint answer: "
            + "\(list(after)) (were \(list(before)))"
    }
}
