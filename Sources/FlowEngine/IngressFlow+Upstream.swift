import ClusterModel

/// Steps 3 to 5 of the ingress flow: the controller's routing decision (rule, backend service, one of its
/// endpoints), the request proxied on a new connection to that pod, and the answer back to the browser.
extension IngressFlow {
    /// The connection the controller opens to a backend pod, and the lines that say how the pod was chosen.
    struct Upstream {
        var service: Service
        var endpoint: ServiceEndpoint
        var pod: Place
        /// From the controller's pod IP (or a placeholder) on an ephemeral port.
        var source: SocketAddress
        var destination: SocketAddress
        var lines: [String]
    }

    /// The rule for the request, its backend service and one of its endpoints; nil after failing the last hop
    /// with the controller's answer.
    static func chooseUpstream(_ request: Request, from controller: Controller, builder: inout FlowBuilder)
        -> Upstream?
    {
        var lines = [
            "Ingress works at HTTP/HTTPS (L7) only: it routes by Host header and path, and terminates TLS (port 443) " +
            "here when configured."
        ]
        guard let rule = rule(for: request, lines: lines, builder: &builder) else { return nil }
        let rulePort = rule.servicePort.map { ":\($0)" } ?? ""
        lines.insert(
            "rule: host \(rule.host ?? "*") path \(rule.path)\(rule.pathType.map { " (\($0))" } ?? "") → service " +
            "\(rule.serviceName)\(rulePort)",
            at: 0)
        guard let backend = backendService(of: rule, request, lines: lines, builder: &builder) else { return nil }
        let info = builder.cluster.backingInfo(of: backend.key)
        let endpoints = info.distinctEndpoints
        let clusterIPNote =
            backend.clusterIPs.first.map { ", not through its ClusterIP \($0.text) (kube-proxy is not involved)" } ?? ""
        lines.append(
            "The controller watches \(backend.key)'s endpoints and connects straight to a pod IP\(clusterIPNote). " +
            "The backend may be a ClusterIP or NodePort service (this one is \(backend.type))."
        )
        guard !endpoints.isEmpty else {
            failWithoutEndpoints(request, backend: backend, info: info, lines: lines, builder: &builder)
            return nil
        }
        // ingress-nginx balances round robin: request N goes to the next endpoint.
        let index = Int((UInt64(truncatingIfNeeded: max(0, builder.request)) &+ builder.seed) % UInt64(endpoints.count))
        guard let endpoint = endpoints.indices.contains(index) ? endpoints[index] : endpoints.first else { return nil }
        let port = servicePort(of: backend, rule: rule)
        let targetPort =
            port.flatMap { builder.targetPort($0, service: backend, endpoint: endpoint) } ?? endpoint.port
        if endpoints.count > 1 {
            lines.append(
                "\(endpoints.count) endpoints: the controller balances over them itself (ingress-nginx: round robin).")
        }
        return Upstream(
            service: backend, endpoint: endpoint, pod: builder.podPlace(endpoint, namespace: backend.namespace),
            source: SocketAddress(
                host: controller.ip ?? "<controller pod IP>", port: builder.ephemeralPort("ingress-upstream")),
            destination: SocketAddress(host: endpoint.ip.text, port: targetPort), lines: lines)
    }

    /// The rule for the request's host and path, or the one guessed from the ingress's name; nil after failing
    /// the last hop (the rules are unknown, or none matches and the controller answers 404).
    static func rule(for request: Request, lines: [String], builder: inout FlowBuilder) -> IngressRule? {
        let (ingress, host, path) = (request.ingress, request.host, request.path)
        if let rule = matchRule(ingress, host: host, path: path) ?? guessedRule(ingress, builder: &builder) {
            return rule
        }
        let rulesUnknown = ingress.rules.isEmpty && ingress.defaultBackend == nil
        let reason =
            rulesUnknown
            ? "The ingress's rules are unknown: `kubectl get ingress` text shows hosts but not the host/path → " +
                "service rules. Add `kubectl get ingress " +
                "\(ingress.key.name)\(ingress.key.namespace.map { " -n \($0)" } ?? "") -o yaml` to the input to " +
                "see where \(host)\(path) goes."
            : "No rule of \(ingress.key) matches \(host)\(path) and there is no default backend: the controller " +
                "answers 404 Not Found."
        builder.failLastHop(
            rulesUnknown ? .unknown : .httpError, reason,
            details: [
                "\(request.controllerName) matches Host \(host) and path \(path) against the ingress rules."
            ] + lines)
        return nil
    }

    /// The service the rule names; nil after failing the last hop when it is not in the input (503).
    static func backendService(
        of rule: IngressRule, _ request: Request, lines: [String], builder: inout FlowBuilder
    ) -> Service? {
        let namespace = request.ingress.key.namespace
        let reference = namespace.map { "\($0)/\(rule.serviceName)" } ?? rule.serviceName
        if let backend = builder.cluster.services(named: reference).first { return backend }
        builder.failLastHop(
            .httpError,
            "The rule sends \(request.host)\(request.path) to service " +
            "\(ObjectKey(namespace: namespace, name: rule.serviceName)), which is not in the input (add `kubectl " +
            "get svc -A -o wide`); a controller answers 503 when the service does not exist.",
            details: lines)
        return nil
    }

    /// Fails the last hop for a backend without ready endpoints: the controller answers 503, or what backs the
    /// service is unknown.
    static func failWithoutEndpoints(
        _ request: Request, backend: Service, info: ServiceBackingInfo, lines: [String], builder: inout FlowBuilder
    ) {
        let target = "The rule sends \(request.host)\(request.path) to service \(backend.key)"
        let unknown = ServiceProxy.unknownBackingReason(backend, info: info, facts: builder.facts)
        let reason =
            unknown.map { "\(target); \($0)" }
            ?? "\(target), which has no ready endpoints, so the controller answers 503 Service Temporarily " +
                "Unavailable. "
            + ServiceProxy.noEndpointsReason(backend, info: info, cluster: builder.cluster).replacingFirst(
                "rejected: ", with: "")
        builder.failLastHop(unknown == nil ? .httpError : .unknown, reason, details: lines)
    }

    /// The backend's port the rule names (by number or name), else its first.
    static func servicePort(of backend: Service, rule: IngressRule) -> ServicePort? {
        backend.ports.first { port in
            switch rule.servicePort {
            case .number(let number): port.port == number
            case .name(let name): port.name == name
            case nil: true
            }
        } ?? backend.ports.first
    }

    /// The controller proxies the request on a new connection from its own pod IP to the chosen pod.
    static func proxy(
        _ request: Request, to upstream: Upstream, from controller: Controller, builder: inout FlowBuilder
    ) {
        if controller.ip == nil {
            builder.assume(
                "The controller pod is not in the input: its address is shown as <controller pod IP>; " +
                "`kubectl get pods -A -o wide` shows it.")
        }
        let endpoint = upstream.endpoint
        builder.deliver(
            from: controller.place, fromNode: controller.node,
            packet: Packet(source: upstream.source, destination: upstream.destination), rewrite: .proxy,
            by: controller.actor,
            sentence:
                "\(request.controllerName) matches Host \(request.host) path \(request.path) → service " +
                "\(upstream.service.key), and proxies the request on a new connection from its own pod IP to " +
                "\(builder.podLabel(endpoint)) at \(upstream.destination).",
            details: upstream.lines, to: upstream.pod, podNode: endpoint.nodeName,
            podUsesHostNetwork: endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false)
    }

    /// The pod answers the controller, which answers the browser: back through the node whose conntrack undoes
    /// the NAT (and the load balancer, as its kind does), or on the browser's own connection.
    static func reply(
        to request: Request, from upstream: Upstream, via controller: Controller, builder: inout FlowBuilder
    ) {
        let reached = ExternalFlows.ReachedProxy(
            place: controller.place, node: controller.node, actor: controller.actor, noun: "controller",
            answer: SocketAddress(host: request.answer, port: 80), throughNode: controller.throughNode,
            balancer: controller.balancer)
        ExternalFlows.replyFromProxy(
            reached, backend: upstream.pod, backendNode: upstream.endpoint.nodeName,
            upstream: Packet(source: upstream.source, destination: upstream.destination), client: request.client,
            builder: &builder)
    }
}
