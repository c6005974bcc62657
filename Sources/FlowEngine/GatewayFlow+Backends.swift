import ClusterModel

/// After the rule and its filters: the backend its weights pick (and whether the route may refer to it), the
/// backend Service's endpoints, and the proxied connection to a pod with its reply.
extension GatewayFlow {
    /// How many requests the weights are spread over in the explanation.
    static let spreadRequests = 100

    struct BackendTarget {
        var service: Service
        var port: ServicePort?
        var endpoint: ServiceEndpoint
    }

    // MARK: Backend

    /// The backend the weights pick, checked as the spec says (ReferenceGrant across namespaces, a Service
    /// that exists, endpoints that are ready); nil after failing the last hop with the gateway's answer.
    ///
    /// A TLS connection (`tls`) has no HTTP status: where an HTTP request gets 500 or 503, the gateway rejects the
    /// connection (the spec's TLSRouteRule.BackendRefs: "the underlying implementation must actively reject request
    /// attempts to this backend, by rejecting the connection").
    static func pickBackend(
        _ winner: Candidate, request: HTTPRequestLine, builder: inout FlowBuilder, lines: inout [String],
        decision: inout GatewayDecision, tls: Bool = false
    ) -> BackendTarget? {
        do throws(BackendProblem) {
            let backend = try weigh(winner, builder: builder, lines: &lines, decision: &decision, tls: tls)
            let namespace = try permittedNamespace(
                of: backend, route: winner.route, cluster: builder.cluster, lines: &lines, tls: tls)
            let (service, port) = try backendService(backend, namespace: namespace, cluster: builder.cluster, tls: tls)
            let endpoint = try pickEndpoint(
                of: service, gateway: decision.gateway, builder: builder, lines: &lines, tls: tls)
            return BackendTarget(service: service, port: port, endpoint: endpoint)
        } catch {
            decision.status = tls ? nil : error.status
            let kind: HopFailure.Kind = tls && error.kind == .httpError ? .refused : error.kind
            builder.failLastHop(HopFailure(kind, error.reason), details: lines, rules: [])
            return nil
        }
    }

    /// Why the gateway does not proxy to the rule's backend: how the last hop fails, with the HTTP status an
    /// HTTP request gets (nil: none is known).
    struct BackendProblem: Error {
        var kind: HopFailure.Kind
        var status: Int?
        var reason: String

        init(_ kind: HopFailure.Kind, _ status: Int?, _ reason: String) {
            self.kind = kind
            self.status = status
            self.reason = reason
        }
    }

    /// What the gateway does instead of proxying: an HTTP status, or for TLS a rejected connection.
    static func answers(_ status: Int, tls: Bool) -> String {
        tls ? "the gateway rejects the connection (TLS has no status code to answer with)"
            : "the gateway answers \(status)"
    }

    /// `namespace/name:port` of a backendRef, its namespace defaulting to the route's.
    static func backendLabel(_ backend: RouteBackendReference, routeNamespace: String) -> String {
        "\(backend.namespace ?? routeNamespace)/\(backend.name)" + (backend.port.map { ":\($0)" } ?? "")
    }

    /// The backendRef the rule's weights pick for this request, with how they spread `spreadRequests` requests
    /// (in the decision, and in the lines when there are several).
    static func weigh(
        _ winner: Candidate, builder: FlowBuilder, lines: inout [String], decision: inout GatewayDecision, tls: Bool
    ) throws(BackendProblem) -> RouteBackendReference {
        let route = winner.route
        let backends = winner.rule.backendRefs
        let label = { backendLabel($0, routeNamespace: route.key.effectiveNamespace) }
        guard !backends.isEmpty else {
            throw BackendProblem(
                .httpError, 500,
                "\(GatewayRouting.ruleName(route, winner.ruleIndex)) has no backendRefs" +
                (tls ? "" : " and no redirect") + ": there is nowhere to send the " +
                (tls ? "connection, and " + answers(500, tls: tls) + "." :
                    "request, and the gateway answers 500 (inferred: Envoy Gateway and others do)."))
        }
        let salt = "gateway-backend|\(route.key)|\(winner.ruleIndex)"
        var dice = builder.dice(salt)
        let chosen = GatewayRouting.pick(backends, unit: dice.unit())
        var counts = [Int](repeating: 0, count: backends.count)
        for request in 0..<spreadRequests {
            var spread = builder.dice(salt, request: request)
            if let index = GatewayRouting.pick(backends, unit: spread.unit()) { counts[index] += 1 }
        }
        let total = backends.reduce(0) { $0 + $1.weight }
        decision.spreadRequests = spreadRequests
        decision.backends = backends.enumerated().map { index, backend in
            GatewayDecision.Backend(
                name: label(backend), weight: backend.weight,
                percent: total > 0 ? Double(backend.weight) * 100 / Double(total) : 0, requests: counts[index],
                chosen: index == chosen)
        }
        if backends.count > 1 {
            let weights = backends.map { "\(label($0)) weight \($0.weight)" }.joined(separator: ", ")
            let shares = backends.enumerated().map { "\($0.element.name) \(counts[$0.offset])" }
                .joined(separator: ", ")
            lines.append(
                "backends by weight: \(weights); the proxy picks one per request in proportion (of " +
                "\(spreadRequests) requests with this seed: \(shares))")
        }
        guard let chosen, let backend = backends[checked: chosen] else {
            throw BackendProblem(
                .httpError, 500,
                "Every backend of the rule has weight 0: nothing is sent, and \(answers(500, tls: tls)).")
        }
        if backend.kind != "Service" || !(backend.group.isEmpty || backend.group == "core") {
            throw BackendProblem(
                .unknown, nil,
                "The backend \(label(backend)) is a \(backend.kind) (\(backend.group)), an implementation-specific " +
                "backend kind that kubehops does not follow.")
        }
        return backend
    }

    /// The backend's namespace, when the route may refer to it there: its own, or one whose ReferenceGrant
    /// allows it (said in the lines).
    static func permittedNamespace(
        of backend: RouteBackendReference, route: HTTPRoute, cluster: Cluster, lines: inout [String], tls: Bool
    ) throws(BackendProblem) -> String {
        let routeNamespace = route.key.effectiveNamespace
        let namespace = backend.namespace ?? routeNamespace
        guard namespace != routeNamespace else { return namespace }
        let label = backendLabel(backend, routeNamespace: routeNamespace)
        let grants = cluster.referenceGrants.filter { $0.key.effectiveNamespace == namespace }
        if let grant = grants.first(where: {
            $0.allows(routeKind: route.kind.rawValue, from: routeNamespace, toService: backend.name)
        }) {
            lines.append(
                "ReferenceGrant \(grant.key) lets \(route.kind.rawValue)s of \(routeNamespace) refer to " +
                "Service \(backend.name) in \(namespace)")
            return namespace
        }
        if grants.contains(where: { !$0.detailsKnown }) {
            throw BackendProblem(
                .unknown, nil,
                "The backend \(label) is in another namespace; ReferenceGrants there are listed without " +
                "their spec, so whether one allows it is unknown (add `kubectl get referencegrant -n " +
                "\(namespace) -o yaml`).")
        }
        let status = route.unresolvedRefs.isEmpty
            ? "" : " The route's status says so: \(route.unresolvedRefs.joined(separator: "; "))."
        throw BackendProblem(
            .httpError, 500,
            "Refused: the backend \(label) is in namespace \(namespace), and no ReferenceGrant " +
            "there " +
            "lets \(route.kind.rawValue)s from \(routeNamespace) refer to Service \(backend.name). The " +
            "reference is not permitted (ResolvedRefs False, reason RefNotPermitted), and " +
            (tls ? answers(500, tls: tls) : "the gateway answers 500 to the requests it would have sent there") +
            ".\(status)")
    }

    /// The backend's Service in `namespace` and the port the backendRef names (its first when it names none).
    static func backendService(
        _ backend: RouteBackendReference, namespace: String, cluster: Cluster, tls: Bool
    ) throws(BackendProblem) -> (Service, ServicePort?) {
        let reference = "\(namespace)/\(backend.name)"
        guard let service = cluster.services(named: reference).first else {
            let noServices = cluster.services.isEmpty
            throw BackendProblem(
                noServices ? .unknown : .httpError, noServices ? nil : 500,
                "The backend Service \(reference) is not in the input" +
                (noServices
                    ? " (add `kubectl get svc -A -o wide`)."
                    : "; a backendRef to a Service that does not exist is invalid (ResolvedRefs False, " +
                        "BackendNotFound) and \(answers(500, tls: tls))."))
        }
        let servicePort =
            service.ports.first { $0.port == backend.port } ?? (backend.port == nil ? service.ports.first : nil)
        if servicePort == nil, let wanted = backend.port, !service.ports.isEmpty {
            throw BackendProblem(
                .httpError, 500,
                "Service \(service.key) has no port \(wanted) (" +
                service.ports.map(\.description).joined(separator: ", ") +
                "): the backendRef cannot be resolved, and \(answers(500, tls: tls)).")
        }
        return (service, servicePort)
    }

    /// The ready endpoint the proxy connects to, itself (not through the ClusterIP), said in the lines.
    static func pickEndpoint(
        of service: Service, gateway gatewayKey: ObjectKey, builder: FlowBuilder, lines: inout [String], tls: Bool
    ) throws(BackendProblem) -> ServiceEndpoint {
        let info = builder.cluster.backingInfo(of: service.key)
        let endpoints = info.distinctEndpoints
        guard !endpoints.isEmpty else {
            if let unknown = ServiceProxy.unknownBackingReason(service, info: info, facts: builder.facts) {
                throw BackendProblem(.unknown, nil, "The rule sends the request to Service \(service.key); \(unknown)")
            }
            throw BackendProblem(
                .httpError, 503,
                "Service \(service.key) has no ready endpoints, so "
                    + (tls ? answers(503, tls: tls) + " (the spec: a Service with no endpoints is an invalid backend). "
                        : "the gateway answers 503 Service Unavailable (the spec: a backend with no ready endpoints " +
                            "SHOULD get a 503). ")
                    + whyNoEndpoints(service, info: info, cluster: builder.cluster))
        }
        var pickDice = builder.dice("gateway-endpoint|\(service.key)")
        let endpoint = endpoints[Int(pickDice.next() % UInt64(endpoints.count))]
        lines.append(
            "The proxy reads \(service.key)'s EndpointSlices and connects to a pod IP itself, not through the " +
            "ClusterIP\(service.clusterIPs.first.map { " \($0.text)" } ?? ""): kube-proxy is not involved.")
        if endpoints.count > 1 {
            let gateway = builder.cluster.gateways.first { $0.key == gatewayKey }
            let controller = builder.cluster.gatewayClasses.first { $0.name == gateway?.className }?.controllerName
            lines.append(
                "\(endpoints.count) endpoints: the proxy balances over them with its own policy" +
                (controller?.hasPrefix("gateway.envoyproxy.io/") == true
                    ? " (Envoy Gateway's default is LeastRequest)." : "."))
        }
        return endpoint
    }

    /// Why the Service has no ready endpoints, without kube-proxy's part (the proxy answers, not the rules).
    static func whyNoEndpoints(_ service: Service, info: ServiceBackingInfo, cluster: Cluster) -> String {
        let full = ServiceProxy.noEndpointsReason(service, info: info, cluster: cluster)
        guard let range = full.firstRange(of: "`connection refused`).") else { return "" }
        return String(full[range.upperBound...]).trimmed
    }

    // MARK: Proxy and reply

    /// `tlsMode`: a TLS connection routed by SNI (the proxy forwards a byte stream, no HTTP request).
    static func proxy(
        to target: BackendTarget, entry: Entry, request: HTTPRequestLine, lines: [String], client: SocketAddress,
        tlsMode: String? = nil, builder: inout FlowBuilder
    ) {
        let endpoint = target.endpoint
        let port = target.port.flatMap { builder.targetPort($0, service: target.service, endpoint: endpoint) }
            ?? endpoint.port
        let destination = SocketAddress(host: endpoint.ip.text, port: port)
        if entry.podIP == nil {
            builder.assume(
                "The Gateway's proxy pod is not in the input: its address is shown as <proxy pod IP>; " +
                "`kubectl get pods -A -o wide --show-labels` shows it.")
        }
        let source = SocketAddress(
            host: entry.podIP ?? "<proxy pod IP>", port: builder.ephemeralPort("gateway-upstream"))
        let pod = builder.podPlace(endpoint, namespace: target.service.namespace)
        builder.deliver(
            from: entry.place, fromNode: entry.node, packet: Packet(source: source, destination: destination),
            rewrite: .proxy, by: entry.actor,
            provenance: .inferred(
                from: tlsMode == nil
                    ? "an L7 proxy ends the client's connection and opens its own"
                    : "a TLS proxy ends the client's TCP connection and opens its own"),
            sentence: proxySentence(request, tlsMode: tlsMode, service: target.service.key,
                                    pod: builder.podLabel(endpoint), destination: destination),
            details: lines, to: pod, podNode: endpoint.nodeName,
            podUsesHostNetwork: endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false)
        guard builder.options.includeReply else { return }
        let reached = ExternalFlows.ReachedProxy(
            place: entry.place, node: entry.node, actor: entry.actor, noun: "proxy",
            answer: SocketAddress(host: entry.answer, port: arriving(entry)),
            throughNode: entry.delivered.flatMap { delivered in entry.arriving.map { (delivered, $0) } },
            balancer: entry.lb.flatMap { lb in entry.balancer.map { (lb, $0) } })
        ExternalFlows.replyFromProxy(
            reached, backend: pod, backendNode: endpoint.nodeName,
            upstream: Packet(source: source, destination: destination), client: client, builder: &builder)
    }

    static func proxySentence(
        _ request: HTTPRequestLine, tlsMode: String?, service: ObjectKey, pod: String, destination: SocketAddress
    ) -> String {
        let onward = "to Service \(service) on a new TCP connection from its own pod IP to \(pod) at \(destination)"
        switch tlsMode {
        case nil:
            return "The proxy sends \(request.method) \(request.path) (Host: \(request.host)) to Service " +
                "\(service) on a new connection from its own pod IP to \(pod) at \(destination)."
        case "Passthrough":
            return "The proxy copies the client's TLS bytes, still encrypted, \(onward): the pod ends TLS for " +
                "\(request.host) with its own certificate; the gateway never sees the request inside."
        default:
            return "The proxy, having ended TLS, sends the decrypted stream \(onward) (plain TCP unless a " +
                "BackendTLSPolicy asks it to encrypt again)."
        }
    }

    /// The port the browser called, as the first hop to the gateway carried it.
    static func arriving(_ entry: Entry) -> Int? { entry.lb?.port ?? entry.arriving?.destination.port }
}
