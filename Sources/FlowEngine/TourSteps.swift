import ClusterModel

/// The nine captions, each built from the notes' wording and the cluster's values.
enum TourSteps {
    static let maxListed = 4

    static func nodes(_ cluster: Cluster) -> TourStep {
        let listed = cluster.nodes.filter { !$0.isPlaceholder }
        var highlight = TourHighlight()
        highlight.nodes = cluster.nodes.map(\.name)
        guard !listed.isEmpty else {
            let known = cluster.nodes.map(\.name)
            let inferredNodeIPs = cluster.nodes.filter { cluster.isNodeIPInferred($0.name) }
                .map { "\($0.name) \(cluster.nodeIP($0.name)?.text ?? "")" }
            return TourStep(
                number: 1, topic: .nodes, title: "Nodes and their LAN IPs",
                caption: [
                    "All networking starts with a node: each has an IP from the host's network (LAN/VPC), assigned " +
                    "by the host OS, and nodes talk to each other over it.",
                    known.isEmpty
                        ? "This input lists no nodes."
                        : "This input shows no node listing: \(list(known)) are known only from the pods' NODE column."
                            + (cluster.nodes.contains { cluster.isNodeIPInferred($0.name) }
                                ? " Some IPs show through host-network pods (kube-proxy, CNI agents use the node's "
                                    + "IP): \(list(inferredNodeIPs))."
                                : " Their IPs are unknown."),
                ],
                highlight: highlight, isAvailable: false, suggestion: "kubectl get nodes -o wide")
        }
        let described = listed.prefix(maxListed).map { node -> String in
            let ip = node.internalIPs.first.map(\.text) ?? "no INTERNAL-IP"
            let role = node.roles.isEmpty ? "" : " (\(node.roles.joined(separator: ",")))"
            return "\(node.name) \(ip)\(role)"
        }
        var caption = [
            "All networking starts with a node. Each node, control plane or worker, has an Internal IP from the " +
            "host's network (LAN/VPC), assigned by the host OS: \(list(described, total: listed.count)).",
            "Nodes communicate with each other over this network; it is also where NodePorts are opened.",
        ]
        if let range = cluster.addressScheme.nodes {
            caption.append(
                "Here that network looks like \(range.cidr) (guessed from \(range.addressCount) node " +
                "address\(range.addressCount == 1 ? "" : "es"))."
            )
        }
        let notReady = listed.filter { !$0.isReady }.map(\.name)
        if !notReady.isEmpty { caption.append("Not ready: \(list(notReady)); pods there may not get traffic.") }
        return TourStep(
            number: 1, topic: .nodes, title: "Nodes and their LAN IPs", caption: caption, highlight: highlight)
    }

    static func podNetwork(_ cluster: Cluster) -> TourStep {
        var highlight = TourHighlight()
        highlight.pods = podKeysWithIP(cluster)
        highlight.nodes = cluster.nodes.map(\.name)
        guard !highlight.pods.isEmpty else {
            return TourStep(
                number: 2, topic: .podNetwork, title: "Pods and the CNI's pod ranges",
                caption: [
                    "Each pod gets an IP from the CNI (Calico, Flannel, Cilium…), usually a per-node slice of the " +
                    "cluster's pod range.",
                    "This input shows no pods with IPs.",
                ],
                highlight: highlight, isAvailable: false, suggestion: "kubectl get pods -A -o wide")
        }
        // Only the ranges the caption names are described; the others are counted.
        let withRange = cluster.nodes.filter { cluster.podRange(ofNode: $0.name) != nil }
        let ranges = withRange.prefix(maxListed).compactMap { node -> String? in
            guard let range = cluster.podRange(ofNode: node.name) else { return nil }
            let count = cluster.pods(onNode: node.name).filter { !cluster.usesHostNetwork($0.key) }.count
            return
                "\(node.name) \(range.cidr)\(range.inferred ? "" : " (from its spec)") with \(count) " +
                "pod\(count == 1 ? "" : "s")"
        }
        var caption = [
            "Each pod gets an IP from the CNI (Calico, Flannel, Cilium…), usually a per-node slice of the cluster's " +
            "pod range."
        ]
        if !ranges.isEmpty {
            caption.append(
                "Here: \(list(ranges, total: withRange.count)). Ranges not given by the input are guessed from the " +
                "pods' IPs."
            )
        }
        if let pods = cluster.addressScheme.pods { caption.append("The pod addresses fall in \(pods.cidr).") }
        caption.append(
            podsOnSeveralNodes(cluster)
                ? "Pods on different nodes reach each other directly by IP: the CNI routes the packets or wraps them " +
                    "(VXLAN/IP-in-IP) between the node IPs, an overlay network."
                : "With pods on one node, packets between them go through the node's bridge; across nodes the CNI " +
                    "would route or encapsulate them between node IPs."
        )
        if let hostPod = firstHostNetworkPod(cluster) {
            caption.append(
                "\(hostPod.name) shows its node's IP \(hostPod.ips.first?.text ?? ""): it uses the host network, as " +
                "kube-proxy and CNI agents do."
            )
        }
        return TourStep(
            number: 2, topic: .podNetwork, title: "Pods and the CNI's pod ranges", caption: caption,
            highlight: highlight)
    }

    static func ephemeralPodIPs(_ cluster: Cluster) -> TourStep {
        let owned = cluster.pods.first { pod in
            !pod.ips.isEmpty
                && pod.owners.contains { ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].contains($0.kind) }
        }
        guard let pod = owned ?? cluster.pods.first(where: { !$0.ips.isEmpty }) else {
            return TourStep(
                number: 3, topic: .ephemeralPodIPs, title: "Pod IPs are ephemeral",
                caption: [
                    "Pod IPs are ephemeral: they change when a pod is re-created. This input shows no pods with IPs."
                ],
                isAvailable: false, suggestion: "kubectl get pods -A -o wide")
        }
        var highlight = TourHighlight()
        let ownerName = pod.owners.last?.name
        highlight.pods = ownerName.map { podKeys(cluster, ownedBy: $0) } ?? [pod.key]
        var caption = [
            "Pod IPs are ephemeral: they change when a pod is re-created. \(pod.name) has " +
            "\(pod.ips.first?.text ?? "an IP") now."
        ]
        if let owner = pod.owners.last {
            let chain = pod.owners.map { "\($0.kind) \($0.name)" }.joined(separator: " → ")
            caption.append(
                "It belongs to \(chain)\(owner.inferred ? " (inferred from its generated name)" : ""). When it is " +
                "replaced, the new pod gets a new name and usually a new IP."
            )
        }
        if let restarted = cluster.pods.first(where: { ($0.restarts?.count ?? 0) > 0 }) {
            caption.append(
                "A container restart is different: \(restarted.name) restarted \(restarted.restarts?.count ?? 0) " +
                "time\(restarted.restarts?.count == 1 ? "" : "s") but kept its pod, and its IP."
            )
        }
        caption.append("That is why clients do not call pod IPs directly: they call a Service, whose address stays.")
        return TourStep(
            number: 3, topic: .ephemeralPodIPs, title: "Pod IPs are ephemeral", caption: caption, highlight: highlight)
    }

    static func services(_ cluster: Cluster) -> TourStep {
        let withIP = cluster.services.filter { !$0.clusterIPs.isEmpty && $0.name != "kubernetes" }
        var highlight = TourHighlight()
        highlight.services = withIP.map(\.key)
        guard !withIP.isEmpty else {
            return TourStep(
                number: 4, topic: .services, title: "Services and ClusterIPs",
                caption: [
                    "Kubernetes uses Services to expose applications running in pods; the default type, ClusterIP, " +
                    "gives a stable virtual address inside the cluster.",
                    "This input shows no services with a ClusterIP.",
                ],
                highlight: highlight, isAvailable: false, suggestion: "kubectl get svc -A -o wide")
        }
        let described = withIP.prefix(maxListed).map { service -> String in
            let count = cluster.backing(of: service.key).count
            return "\(service.name) \(service.clusterIPs.first?.text ?? "") → \(count) pod\(count == 1 ? "" : "s")"
        }
        var caption = [
            "Kubernetes uses Services to expose applications running in pods. Each gets a ClusterIP: " +
            "\(list(described, total: withIP.count))."
        ]
        if let range = cluster.addressScheme.services {
            caption.append(
                "ClusterIPs come from the service range, \(range.cidr) " +
                "here\(range.note.map { " (\($0))" } ?? " (guessed)")."
            )
        }
        caption.append(
            "A ClusterIP is virtual: kube-proxy's rules on every node make it work. In iptables and nftables mode no " +
            "interface owns it, so it is not pingable (IPVS mode binds it to kube-ipvs0, which answers ping). " +
            "Outside the cluster nothing routes to the service range by default; that is routing, not a rule: a " +
            "static route via a node reaches it, masqueraded."
        )
        caption.append(
            "Kubernetes load-balances the requests to a ClusterIP across all the ready pods the service selects.")
        return TourStep(
            number: 4, topic: .services, title: "Services and ClusterIPs", caption: caption, highlight: highlight)
    }

    static func addressScheme(_ cluster: Cluster) -> TourStep {
        let scheme = cluster.addressScheme
        let node = cluster.nodes.first { cluster.nodeIP($0.name) != nil }
        let nodeIP = node.flatMap { cluster.nodeIP($0.name) }?.text
        let podIP = scheme.pods?.example.text
        let withIP = cluster.services.filter { !$0.clusterIPs.isEmpty && $0.name != "kubernetes" }
        let clusterIP =
            (withIP.first { !cluster.backing(of: $0.key).isEmpty } ?? withIP.first)?.clusterIPs.first?.text
            ?? scheme.services?.example.text
        let nodePortService = cluster.services.first { $0.ports.contains { $0.nodePort != nil } }
        let nodePort = nodePortService?.ports.compactMap(\.nodePort).first
        let missing = "not in the input"
        let table: [[String]] = [
            ["Type", "Example IP", "Range here", "Assigned by", "Scope", "Usage"],
            [
                "Node IP", nodeIP ?? missing, scheme.nodes?.cidr.description ?? "?", "Host OS", "Internal (LAN)",
                "Communication between nodes",
            ],
            [
                "Pod IP", podIP ?? missing, scheme.pods?.cidr.description ?? "?", "Kubernetes CNI",
                "Internal (Cluster)", "Pod-to-pod communication",
            ],
            [
                "Cluster IP", clusterIP ?? missing, scheme.services?.cidr.description ?? "?", "Kubernetes",
                "Internal (Cluster)", "Service-based communication",
            ],
            [
                "NodePort", nodePort.map { "\(nodeIP ?? "<NodeIP>"):\($0)" } ?? missing, "30000-32767", "Kubernetes",
                "External access", "Expose a service outside the cluster",
            ],
        ]
        var highlight = TourHighlight()
        highlight.addressLegend = true
        let available = nodeIP != nil || podIP != nil || clusterIP != nil
        return TourStep(
            number: 9, topic: .addressScheme, title: "The IP scheme of this cluster",
            caption: [
                "Nodes have LAN IPs, pods have CNI-managed IPs, services get ClusterIPs, and NodePorts expose " +
                "services on <NodeIP>:<port>. Kubernetes routes between them so pods can talk across nodes.",
                "Ranges are guessed from the addresses in the input (kubectl does not print the configured CIDRs).",
            ],
            highlight: highlight, isAvailable: available,
            suggestion: available ? nil : "kubectl get nodes,pods,svc -A -o wide", table: table)
    }

    // MARK: Helpers

    /// The keys of the pods with an IP, without copying the pods.
    static func podKeysWithIP(_ cluster: Cluster) -> [ObjectKey] {
        let pods = cluster.pods
        var keys: [ObjectKey] = []
        keys.reserveCapacity(pods.count)
        for position in pods.indices where !pods[position].ips.isEmpty { keys.append(pods[position].key) }
        return keys
    }

    /// The keys of the pods with an owner named `owner`, in input order, without copying the pods.
    static func podKeys(_ cluster: Cluster, ownedBy owner: String) -> [ObjectKey] {
        let pods = cluster.pods
        var keys: [ObjectKey] = []
        for position in pods.indices where pods[position].hasOwner(named: owner) { keys.append(pods[position].key) }
        return keys
    }

    /// True when pods run on at least two nodes; stops at the second node.
    static func podsOnSeveralNodes(_ cluster: Cluster) -> Bool {
        var first: String?
        let pods = cluster.pods
        for position in pods.indices {
            guard let node = pods[position].nodeName else { continue }
            guard let known = first else {
                first = node
                continue
            }
            if known != node { return true }
        }
        return false
    }

    /// The first pod in input order on its node's network.
    ///
    /// A pod uses the host network when the input says so or when it carries a node IP, so only such pods are asked (by
    /// key, which costs a hash); the rest of a big cluster is passed over by a field test and an address lookup.
    static func firstHostNetworkPod(_ cluster: Cluster) -> Pod? {
        var nodeIPv4s = Set<UInt32>()
        for node in cluster.nodes {
            for ip in node.internalIPs + node.externalIPs { if let value = ip.ipv4Value { nodeIPv4s.insert(value) } }
        }
        let pods = cluster.pods
        for position in pods.indices {
            let said = pods[position].hostNetwork
            guard said != false else { continue }
            let candidate =
                said == true
                || pods[position].ips.contains { ip in
                    ip.ipv4Value.map(nodeIPv4s.contains) ?? (cluster.node(withIP: ip) != nil)
                }
            if candidate, cluster.usesHostNetwork(pods[position].key) { return pods[position] }
        }
        return nil
    }

    static func list(_ items: [String], total: Int? = nil) -> String {
        let shown = items.prefix(maxListed)
        let rest = (total ?? items.count) - shown.count
        return shown.joined(separator: ", ") + (rest > 0 ? " and \(rest) more" : "")
    }
}
