import ClusterModel
import PolicyVerdicts

extension FlowPolicyJudge {
    /// One direction judged by the engine, with the sentence a reader needs.
    func verdict(
        _ direction: PolicyDirection, subject: Pod, remote: PolicyEndpoint, port: PortQuery
    ) -> HopPolicyVerdict {
        let pod = endpointName(subject)
        let subjectEndpoint = PolicyEndpoint.pod(subject, hostNetwork: cluster.usesHostNetwork(subject.key))
        let connection =
            direction == .egress
            ? engine.verdict(from: subjectEndpoint, to: remote, port: port)
            : engine.verdict(from: remote, to: subjectEndpoint, port: port)
        let peer = Self.peerName(remote)
        let what = direction == .egress ? "egress of \(pod) to \(peer)" : "ingress of \(pod) from \(peer)"
        guard let side = direction == .egress ? connection.egress : connection.ingress else {
            return HopPolicyVerdict(
                direction: direction, pod: pod, peer: peer, port: port.description, verdict: .allowed,
                policyVerdict: .allowed, tier: .none, deciding: [],
                sentence: "\(what) on \(port): \(pod) uses the host network, and policies do not select "
                    + "host-network pods: allowed")
        }
        var sentence = "\(what) on \(port): " + decidingText(side)
        var notes = side.notes.filter { !$0.hasPrefix("rules of ") }
        if remote.name == Self.assumedDNSName {
            notes.append(
                "CoreDNS pods are not in the input: taken as pods in kube-system labelled k8s-app=kube-dns "
                    + "(kubectl -n kube-system get pods --show-labels shows them)")
        }
        let enforced = engine.enforcement.isEnforced
        if !enforced { sentence += "; but \(engine.enforcement.explanation)" }
        return HopPolicyVerdict(
            direction: direction, pod: pod, peer: peer, port: port.description,
            verdict: enforced ? side.verdict : .allowed, policyVerdict: side.verdict, tier: side.decidedBy,
            deciding: side.deciding, sentence: sentence, notes: notes)
    }

    private func endpointName(_ pod: Pod) -> String { "\(pod.key.effectiveNamespace)/\(pod.name)" }

    /// `ns/pod`, `node node-a (10.20.0.11)`, or the outside address.
    static func peerName(_ remote: PolicyEndpoint) -> String {
        switch remote.kind {
        case .pod: remote.name
        case .node: "node \(remote.name)" + (remote.ip.map { " (\($0))" } ?? "")
        case .external: remote.name
        }
    }

    /// The step that decided, as the walkthrough tells it; unknown rules name the command that shows them.
    private func decidingText(_ side: DirectionVerdict) -> String {
        if side.verdict == .unknown {
            let names = side.deciding.map(\.name).joined(separator: ", ")
            return "selected by \(names), whose rules are unknown (the input was the kubectl get netpol table; "
                + "kubectl get netpol -A -o yaml shows them): unknown"
        }
        let step = side.steps.first { $0.outcome == .decided } ?? side.steps.last
        return step?.text ?? "\(side.verdict.rawValue)"
    }

    /// Why the packet goes no further, and what would let it through.
    func dropReason(_ verdict: HopPolicyVerdict, remote: PolicyEndpoint) -> String {
        let direction = verdict.direction == .egress ? "egress" : "ingress"
        var text =
            "dropped by policy (\(direction) of \(verdict.pod)): "
            + verdict.deciding.map(\.description).joined(separator: ", ")
            + " decide\(verdict.deciding.count == 1 ? "s" : "") it. The client gets no answer and times out. "
        switch verdict.tier {
        case .admin:
            text +=
                "An Admin ClusterNetworkPolicy rule that Accepts it with a lower priority number (evaluated first) "
                + "would let it through; no NetworkPolicy can override an Admin Deny."
        case .baseline:
            text +=
                "A NetworkPolicy selecting \(verdict.pod) whose \(direction) rule allows \(verdict.peer) on "
                + "\(verdict.port) would let it through (NetworkPolicy decides before Baseline)."
        case .networkPolicy, .none:
            text +=
                "An \(direction) rule allowing \(peerDescription(remote)) on \(verdict.port), in a policy "
                + "selecting \(verdict.pod), would let it through."
        }
        return text
    }

    /// How a rule could name the peer: by its labels, by an address block, and why the address is what it is.
    private func peerDescription(_ remote: PolicyEndpoint) -> String {
        if remote.name == Self.assumedDNSName { return "the CoreDNS pods (or any destination on this port)" }
        switch remote.kind {
        case .pod where remote.isSelectablePod:
            let labels = (remote.labels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            guard !labels.isEmpty else { return "pod \(remote.name) (no labels in the input to select it by)" }
            return "pods labelled \(labels.joined(separator: ",")) in namespace \(remote.namespace ?? "default")"
        case .pod, .node:
            guard let ip = remote.ip else { return Self.peerName(remote) }
            var text = "ipBlock \(ip)/\(ip.isIPv6 ? 128 : 32) (\(Self.peerName(remote))'s address"
            if remote.kind == .node, [.nodePort, .loadBalancer].contains(kind) {
                text += ": under externalTrafficPolicy Cluster the client is SNATed to it; externalTrafficPolicy "
                    + "Local keeps the client's address"
            }
            return text + ")"
        case .external:
            return remote.ip.map { "an ipBlock covering \($0)" } ?? "an ipBlock covering \(remote.name)"
        }
    }
}
