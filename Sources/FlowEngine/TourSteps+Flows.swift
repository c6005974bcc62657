import ClusterModel

/// The tour steps that play a request (NodePort, external LB, ingress, pod → service)
/// and the highlight a played flow gives the diagram.
extension TourSteps {
    static func nodePort(_ cluster: Cluster, engine: FlowEngine) -> TourStep {
        let title = "NodePort: NodeIP:3xxxx D-NATed to a pod"
        guard
            let service = cluster.services.first(where: {
                $0.type.opensNodePorts && $0.ports.contains { $0.nodePort != nil }
                    && !cluster.backing(of: $0.key).isEmpty
            })
                ?? cluster.services.first(where: {
                    $0.type.opensNodePorts && $0.ports.contains { $0.nodePort != nil }
                }),
            let port = service.ports.first(where: { $0.nodePort != nil }), let nodePort = port.nodePort
        else {
            return TourStep(
                number: 5, topic: .nodePort, title: title,
                caption: [
                    "A NodePort service opens the same port (30000–32767) on every node's IP; a request to " +
                    "NodeIP:port is D-NATed by kube-proxy to a pod IP.",
                    "This input has no NodePort service. To make one: kubectl expose deployment NAME --type=NodePort " +
                    "--port 80.",
                ],
                isAvailable: false, suggestion: "kubectl get svc -A -o wide | grep NodePort")
        }
        var highlight = TourHighlight()
        highlight.services = [service.key]
        highlight.nodes = cluster.nodes.map(\.name)
        let example =
            (try? engine.flow(
                .nodePort, target: service.key.description, request: 0, options: FlowOptions(includeReply: false)))
        let entry =
            example?.hops.first { if case .nodePort = $0.to { true } else { false } }?.packet.destination.description
            ?? "<NodeIP>:\(nodePort)"
        let podAddress = example?.hops.first { FlowSummary.isKubeProxy($0.actor) && $0.rewrite == .dnat }?
            .packet.destination.description
        highlight.pods = cluster.backing(of: service.key).map(\.pod)
        var caption = [
            "\(service.name) is a \(service.type) service: port \(port.port) inside the cluster is mapped to port " +
            "\(nodePort) on every node.",
            "Any request to http://\(entry) is port-forwarded (D-NAT) by kube-proxy to a " +
            "pod\(podAddress.map { " IP, e.g. \($0)" } ?? ""). Every node opens \(nodePort), whether or not a " +
            "backing pod runs on it.",
        ]
        let ports = cluster.addressScheme.nodePorts
        if ports.count > 1 {
            caption.append(
                "NodePorts in this cluster: \(ports.map(String.init).joined(separator: ", ")) (the default range is " +
                "30000–32767)."
            )
        }
        return TourStep(number: 5, topic: .nodePort, title: title, caption: caption, highlight: highlight)
    }

    static func externalFlow(_ cluster: Cluster, engine: FlowEngine) -> TourStep {
        let title = "Flow 1: User → DNS → External LB → NodePorts → Pods"
        guard let flow = try? engine.flow(.nodePort) else {
            return TourStep(
                number: 6, topic: .externalFlow, title: title,
                caption: [
                    "The typical way in from outside: (DNS) → External LB → NodePorts → Pod(s).",
                    "This input has no NodePort service to play it on.",
                ],
                highlight: TourHighlight(), isAvailable: false, suggestion: "kubectl get svc -A -o wide")
        }
        var highlight = Self.highlight(of: flow)
        highlight.services = cluster.services(named: flow.target).map(\.key)
        return TourStep(
            number: 6, topic: .externalFlow, title: title,
            caption: [
                "The typical way in from outside: the user's DNS name points at an external load balancer, which " +
                "forwards to the NodePort on one of the nodes; kube-proxy there D-NATs to a pod, on this node or " +
                "across the overlay on another. This time:"
            ] + FlowSummary.sentences(flow) + [
                "Watch the addresses change at each hop; the user, DNS and LB addresses are illustrative."
            ],
            highlight: highlight, flow: flow)
    }

    static func ingressFlow(_ cluster: Cluster, engine: FlowEngine) -> TourStep {
        let title = "Flow 2: User → DNS → Ingress → Service → Pods"
        guard let flow = try? engine.flow(.ingress) else {
            return TourStep(
                number: 7, topic: .ingressFlow, title: title,
                caption: [
                    "An ingress controller routes HTTP/HTTPS only: (DNS) → Ingress controller (host/path rules) → " +
                    "Service (ClusterIP or NodePort) → Pod. The Ingress API is built into Kubernetes, but nothing " +
                    "serves it until a controller is installed. ingress-nginx, the most used controller, was " +
                    "retired in March 2026; Gateway API (a Gateway with HTTPRoutes) replaces it.",
                    "This input has no ingress. An ingress needs a controller and an Ingress object with rules.",
                ] + gatewayNote(cluster),
                highlight: TourHighlight(), isAvailable: false, suggestion: "kubectl get ingress -A -o yaml")
        }
        var caption = [
            "An ingress controller routes HTTP/HTTPS only: the user's DNS name points at the ingress address; the " +
            "controller matches the Host and path against the rules and sends the request to the chosen service's " +
            "pods, usually straight to their IPs.",
            "The Ingress API is built into Kubernetes, but only an installed controller serves it, and for " +
            "HTTP/HTTPS only. This time:",
        ]
        caption += FlowSummary.sentences(flow)
        caption.append(
            "ingress-nginx, the most used controller, was retired in March 2026; Gateway API (a Gateway with " +
            "HTTPRoutes) replaces it: `kubehops explain --flow ingress:\(flow.target) --as-gateway` shows this " +
            "Ingress as Gateway API objects and replays the request through both.")
        let key = Cluster.parseReference(flow.target)
        let host = cluster.ingresses.first { $0.key.name == key.name }?.hosts.first { !$0.hasPrefix("*") }
        caption += gatewayNote(cluster, host: host, engine: engine)
        var highlight = Self.highlight(of: flow)
        highlight.ingresses = cluster.ingresses.filter { $0.key.name == key.name && $0.key.namespace == key.namespace }
            .map(\.key)
        return TourStep(
            number: 7, topic: .ingressFlow, title: title, caption: caption, highlight: highlight, flow: flow)
    }

    static func podToService(_ cluster: Cluster, engine: FlowEngine) -> TourStep {
        let title = "Pod → ClusterIP → Pod"
        guard let flow = try? engine.flow(.clusterIP) else {
            return TourStep(
                number: 8, topic: .podToService, title: title,
                caption: [
                    "A pod calls a service by name: DNS (CoreDNS) answers with the ClusterIP, and kube-proxy's rules " +
                    "on the caller's node D-NAT it to one of the service's pods, with no SNAT.",
                    "This input lacks a pod and a service with endpoints to show it.",
                ],
                isAvailable: false, suggestion: "kubectl get pods,svc,endpoints -A -o wide")
        }
        return TourStep(
            number: 8, topic: .podToService, title: title,
            caption: [
                "A pod calls a service by its DNS name, <svc>.<ns>.svc.cluster.local: CoreDNS answers with the " +
                "ClusterIP. The packet leaves for that virtual address and kube-proxy's rules on the caller's own " +
                "node D-NAT it to one pod, chosen at random for each new connection. This time:"
            ] + FlowSummary.sentences(flow),
            highlight: highlight(of: flow), flow: flow)
    }

    /// When the input has a Gateway: where it is, its own routes, and (given the ingress's host) where the
    /// same request goes through it.
    static func gatewayNote(_ cluster: Cluster, host: String? = nil, engine: FlowEngine? = nil) -> [String] {
        let replay = host.flatMap { host in (try? engine?.flow(.gateway, target: host)).map { (host, $0) } }
        let servingKey = replay.map { Cluster.parseReference($0.1.target) }
        guard
            let gateway = cluster.gateways.first(where: { gateway in
                servingKey.map { gateway.key.name == $0.name && gateway.key.namespace == $0.namespace } ?? true
            }) ?? cluster.gateways.first
        else { return [] }
        let address = gateway.addresses.first.map { " at \($0)" } ?? ""
        let routes = cluster.routes.filter { $0.refers(to: gateway) }.count
        var note =
            "This input also has Gateway \(gateway.key)\(address) (class \(gateway.className ?? "unknown")) with " +
            "\(routes) route\(routes == 1 ? "" : "s") attached: `kubehops explain --flow gateway` plays a request " +
            "through it."
        if let (host, flow) = replay, let routing = flow.routing, let route = routing.route, let rule = routing.rule {
            var end = ""
            if routing.status == nil, flow.failure == nil, case .pod(let pod)? = flow.requestHops.last?.to {
                end = ", to pod \(pod.name)"
            } else if let status = routing.status {
                end = ", answered \(status) by the gateway"
            }
            note += " The same request for \(host) goes through it by \(routing.routeKind ?? "HTTPRoute") " +
                "\(route) rule \(rule) [\(routing.match ?? "")]\(end)."
        }
        return [note]
    }

    static func highlight(of flow: Flow) -> TourHighlight {
        var highlight = TourHighlight()
        for place in flow.hops.flatMap({ [$0.from, $0.to] }) {
            switch place {
            case .pod(let key): if !highlight.pods.contains(key) { highlight.pods.append(key) }
            case .clusterIP(let key): if !highlight.services.contains(key) { highlight.services.append(key) }
            case .nodePort(let node, _), .kubeProxy(let node):
                if !highlight.nodes.contains(node) { highlight.nodes.append(node) }
            case .overlay(let from, let to):
                for node in [from, to] where !highlight.nodes.contains(node) { highlight.nodes.append(node) }
            case .user, .dns, .externalLoadBalancer, .ingressController, .gateway, .externalHost:
                if !highlight.places.contains(place) { highlight.places.append(place) }
            }
        }
        return highlight
    }
}
