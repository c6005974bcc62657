import ClusterModel
import PolicyVerdicts

/// Judges a built flow by the input's NetworkPolicies, hop by hop: egress
/// where a packet leaves its source pod, ingress where it enters the
/// destination pod.
///
/// Both look at pod addresses after DNAT (a ClusterIP flow is judged against the pod kube-proxy chose) and at the
/// source as it arrives (an outside client under externalTrafficPolicy Cluster arrives as a node address). A denied
/// direction drops the packet there: the flow stops, later hops are not played. Runs after a flow is built, so every
/// flow kind is judged the same way from its hop data.
struct FlowPolicyJudge {
    let cluster: Cluster
    let engine: PolicyEngine
    let kind: FlowKind

    func apply(to flow: inout Flow) {
        var judged = false
        for index in flow.hops.indices {
            if flow.hops[index].isReply { break }
            for direction in PolicyDirection.allCases.reversed() {
                guard let (verdict, remote) = judge(direction, at: index, in: flow.hops) else { continue }
                judged = true
                flow.hops[index].policy.append(verdict)
                guard verdict.verdict == .denied, flow.hops[index].failure == nil else { continue }
                flow.hops[index].failure = HopFailure(.dropped, dropReason(verdict, remote: remote))
                flow.hops.removeSubrange((index + 1)...)
                addAssumption(to: &flow)
                return
            }
            if flow.hops[index].failure != nil { break }
        }
        if judged { addAssumption(to: &flow) }
    }

    private func addAssumption(to flow: inout Flow) {
        let text = "NetworkPolicy: \(engine.enforcement.explanation)."
        if !flow.assumptions.contains(text) { flow.assumptions.append(text) }
    }

    // MARK: Where a direction is judged

    private func judge(
        _ direction: PolicyDirection, at index: Int, in hops: [Hop]
    ) -> (HopPolicyVerdict, PolicyEndpoint)? {
        let hop = hops[index]
        switch direction {
        case .egress:
            guard let subject = leavingPod(hop), let (remote, port) = egressTarget(from: index, in: hops) else {
                return nil
            }
            return (verdict(.egress, subject: subject, remote: remote, port: port), remote)
        case .ingress:
            guard let subject = enteringPod(hop) else { return nil }
            let port = PortQuery(port: hop.packet.destination.port ?? 0, protocol: hop.packet.protocol)
            let remote = endpoint(at: hop.packet.source.host)
            return (verdict(.ingress, subject: subject, remote: remote, port: port), remote)
        }
    }

    /// The pod a hop starts a connection from (its own address is the packet's source).
    private func leavingPod(_ hop: Hop) -> Pod? {
        guard hop.answer == nil, let key = Self.podKey(hop.from), let pod = cluster.pod(key),
            let source = IPAddress(hop.packet.source.host), pod.ips.contains(source)
        else { return nil }
        return pod
    }

    /// The pod a hop delivers the request into (a DNS answer is a reply, not a connection).
    private func enteringPod(_ hop: Hop) -> Pod? {
        guard hop.answer == nil, hop.from != .dns, let key = Self.podKey(hop.to), let pod = cluster.pod(key),
            let destination = IPAddress(hop.packet.destination.host), pod.ips.contains(destination)
        else { return nil }
        return pod
    }

    /// Where the connection leaving at `index` really goes: the pod it enters
    /// later (post-DNAT), CoreDNS for a DNS query, else the address it was sent to.
    ///
    /// Nil when it was sent to a service address and no pod was chosen (the flow stopped before).
    private func egressTarget(from index: Int, in hops: [Hop]) -> (PolicyEndpoint, PortQuery)? {
        let hop = hops[index]
        let sent = PortQuery(port: hop.packet.destination.port ?? 0, protocol: hop.packet.protocol)
        if hop.to == .dns { return (dnsEndpoint(), sent) }
        for later in hops[index...] {
            if later.isReply { break }
            if let pod = enteringPod(later) {
                let port = PortQuery(port: later.packet.destination.port ?? 0, protocol: later.packet.protocol)
                return (endpoint(pod), port)
            }
            if later.failure != nil { break }
        }
        if let ip = IPAddress(hop.packet.destination.host),
            cluster.services.contains(where: { $0.clusterIPs.contains(ip) })
        {
            return nil
        }
        return (endpoint(at: hop.packet.destination.host), sent)
    }

    static func podKey(_ place: Place) -> ObjectKey? {
        switch place {
        case .pod(let key): key
        case .ingressController(let pod): pod
        case .gateway(_, let pod): pod
        default: nil
        }
    }

    // MARK: Endpoints

    private func endpoint(_ pod: Pod) -> PolicyEndpoint {
        PolicyEndpoint.pod(pod, hostNetwork: cluster.usesHostNetwork(pod.key))
    }

    /// The address as policies see it: a pod (not on the host network), a node, else outside the cluster.
    private func endpoint(at host: String) -> PolicyEndpoint {
        guard let ip = IPAddress(host) else { return PolicyEndpoint(kind: .external, name: host) }
        let pods = cluster.pods(withIP: ip)
        if let pod = pods.first(where: { !cluster.usesHostNetwork($0.key) }) { return endpoint(pod) }
        if let node = cluster.node(withIP: ip) { return .node(node, ip: ip) }
        if let pod = pods.first { return endpoint(pod) }
        return .external(ip)
    }

    /// A CoreDNS pod of the input, else one assumed where kubeadm puts it (kube-system, `k8s-app=kube-dns`).
    private func dnsEndpoint() -> PolicyEndpoint {
        if let pod = cluster.pods.first(where: { $0.labels?["k8s-app"] == "kube-dns" }) { return endpoint(pod) }
        return PolicyEndpoint(
            kind: .pod, name: Self.assumedDNSName, namespace: "kube-system", labels: ["k8s-app": "kube-dns"])
    }

    static let assumedDNSName = "kube-system/CoreDNS (assumed)"
}
