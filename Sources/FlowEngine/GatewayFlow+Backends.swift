import ClusterModel

/// After the rule: its filters, the backend its weights pick (and whether the route may refer to it), the
/// backend Service's endpoints, and the proxied connection to a pod with its reply.
extension GatewayFlow {
    /// How many requests the weights are spread over in the explanation.
    static let spreadRequests = 100

    struct BackendTarget {
        var service: Service
        var port: ServicePort?
        var endpoint: ServiceEndpoint
    }

    // MARK: Filters

    /// Applies the rule's filters in order to `request`, naming each; returns the answer when the gateway
    /// answers itself (RequestRedirect) instead of proxying.
    static func applyFilters(
        _ filters: [RouteFilter], match: RouteMatch, request: inout HTTPRequestLine, lines: inout [String],
        decision: inout GatewayDecision
    ) -> String? {
        for filter in filters {
            var effects: [String] = []
            switch filter.type {
            case "RequestHeaderModifier":
                let modifier = filter.headers ?? RouteFilter.HeaderModifier()
                for header in modifier.set {
                    request.headers.removeAll { $0.name.lowercased() == header.name.lowercased() }
                    request.headers.append(HTTPHeaderField(name: header.name, value: header.value))
                    effects.append("set \(header.name): \(header.value)")
                }
                for header in modifier.add {
                    request.headers.append(HTTPHeaderField(name: header.name, value: header.value))
                    effects.append("add \(header.name): \(header.value)")
                }
                for name in modifier.remove {
                    request.headers.removeAll { $0.name.lowercased() == name.lowercased() }
                    effects.append("remove \(name)")
                }
            case "ResponseHeaderModifier":
                let modifier = filter.headers ?? RouteFilter.HeaderModifier()
                effects = modifier.set.map { "on the answer, set \($0.name): \($0.value)" }
                    + modifier.add.map { "on the answer, add \($0.name): \($0.value)" }
                    + modifier.remove.map { "on the answer, remove \($0)" }
            case "URLRewrite":
                let rewrite = filter.rewrite ?? RouteFilter.Rewrite()
                if let hostname = rewrite.hostname {
                    effects.append("Host \(request.host) becomes \(hostname)")
                    request.host = hostname
                }
                if let path = rewrite.path {
                    let old = request.path
                    request.path = rewritten(old, path, match: match)
                    effects.append("path \(old) becomes \(request.path) (\(path.type))")
                }
            case "RequestRedirect":
                let redirect = filter.redirect ?? RouteFilter.Redirect()
                let status = redirect.statusCode ?? 302
                let location = self.location(
                    redirect, request: request, match: match, listenerPort: decision.listenerPort)
                decision.status = status
                decision.filters.append("RequestRedirect: \(status) Location: \(location)")
                lines.append("filter RequestRedirect: answer \(status), Location: \(location)")
                return "Gateway \(decision.gateway.name) answers \(status) \(reasonPhrase(status)) itself, " +
                    "Location: \(location) (RequestRedirect filter); no backend is contacted."
            case "RequestMirror":
                effects.append("a copy goes to \(filter.mirror ?? "a mirror backend"); its answer is ignored")
            default:
                effects.append("implementation-specific, not simulated")
            }
            let text = "\(filter.type): " + (effects.isEmpty ? "nothing to do" : effects.joined(separator: "; "))
            decision.filters.append(text)
            lines.append("filter " + text)
        }
        return nil
    }

    /// ReplaceFullPath, or ReplacePrefixMatch of the matched PathPrefix (whole segments, as the spec says).
    static func rewritten(_ path: String, _ modifier: RouteFilter.PathModifier, match: RouteMatch) -> String {
        guard modifier.type == "ReplacePrefixMatch" else { return modifier.value }
        let prefix = match.path?.type == "PathPrefix" ? match.path?.value ?? "/" : "/"
        let trimmed = prefix.count > 1 && prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        let rest = trimmed == "/" ? path : String(path.dropFirst(trimmed.count))
        if modifier.value.hasSuffix("/") || modifier.value.isEmpty {
            let base = modifier.value.isEmpty ? "/" : modifier.value
            return base + rest.drop(while: { $0 == "/" })
        }
        return rest.isEmpty ? modifier.value : modifier.value + (rest.hasPrefix("/") ? rest : "/" + rest)
    }

    /// The Location of a redirect.
    ///
    /// Port: the scheme's well-known port when the scheme changes, else the listener's; left out of the URL when it is
    /// the scheme's well-known one (the spec's rules).
    static func location(
        _ redirect: RouteFilter.Redirect, request: HTTPRequestLine, match: RouteMatch, listenerPort: Int?
    ) -> String {
        let scheme = redirect.scheme ?? (listenerPort == 443 ? "https" : "http")
        let wellKnown = scheme == "https" ? 443 : 80
        let port = redirect.port ?? (redirect.scheme != nil ? wellKnown : listenerPort ?? wellKnown)
        let path = redirect.path.map { rewritten(request.path, $0, match: match) } ?? request.path
        let host = redirect.hostname ?? request.host
        return "\(scheme)://\(host)\(port == wellKnown ? "" : ":\(port)")\(path)"
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: ""
        }
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
        let route = winner.route
        let backends = winner.rule.backendRefs
        let routeNamespace = route.key.effectiveNamespace
        func fail(_ kind: HopFailure.Kind, _ status: Int?, _ reason: String) -> BackendTarget? {
            decision.status = tls ? nil : status
            let kind: HopFailure.Kind = tls && kind == .httpError ? .refused : kind
            builder.failLastHop(HopFailure(kind, reason), details: lines, rules: [])
            return nil
        }
        /// What the gateway does instead of proxying: an HTTP status, or for TLS a rejected connection.
        func answers(_ status: Int) -> String {
            tls ? "the gateway rejects the connection (TLS has no status code to answer with)"
                : "the gateway answers \(status)"
        }
        guard !backends.isEmpty else {
            return fail(
                .httpError, 500,
                "\(GatewayRouting.ruleName(route, winner.ruleIndex)) has no backendRefs" +
                (tls ? "" : " and no redirect") + ": there is nowhere to send the " +
                (tls ? "connection, and " + answers(500) + "." :
                    "request, and the gateway answers 500 (inferred: Envoy Gateway and others do)."))
        }
        func label(_ backend: RouteBackendReference) -> String {
            "\(backend.namespace ?? routeNamespace)/\(backend.name)" + (backend.port.map { ":\($0)" } ?? "")
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
            return fail(
                .httpError, 500, "Every backend of the rule has weight 0: nothing is sent, and \(answers(500)).")
        }
        if backend.kind != "Service" || !(backend.group.isEmpty || backend.group == "core") {
            return fail(
                .unknown, nil,
                "The backend \(label(backend)) is a \(backend.kind) (\(backend.group)), an implementation-specific " +
                "backend kind that kubehops does not follow.")
        }
        let namespace = backend.namespace ?? routeNamespace
        if namespace != routeNamespace {
            let grants = builder.cluster.referenceGrants.filter { $0.key.effectiveNamespace == namespace }
            if let grant = grants.first(where: {
                $0.allows(routeKind: route.kind.rawValue, from: routeNamespace, toService: backend.name)
            }) {
                lines.append(
                    "ReferenceGrant \(grant.key) lets \(route.kind.rawValue)s of \(routeNamespace) refer to " +
                    "Service \(backend.name) in \(namespace)")
            } else if grants.contains(where: { !$0.detailsKnown }) {
                return fail(
                    .unknown, nil,
                    "The backend \(label(backend)) is in another namespace; ReferenceGrants there are listed without " +
                    "their spec, so whether one allows it is unknown (add `kubectl get referencegrant -n " +
                    "\(namespace) -o yaml`).")
            } else {
                let status = route.unresolvedRefs.isEmpty
                    ? "" : " The route's status says so: \(route.unresolvedRefs.joined(separator: "; "))."
                return fail(
                    .httpError, 500,
                    "Refused: the backend \(label(backend)) is in namespace \(namespace), and no ReferenceGrant " +
                    "there " +
                    "lets \(route.kind.rawValue)s from \(routeNamespace) refer to Service \(backend.name). The " +
                    "reference is not permitted (ResolvedRefs False, reason RefNotPermitted), and " +
                    (tls ? answers(500) : "the gateway answers 500 to the requests it would have sent there") +
                    ".\(status)")
            }
        }
        let reference = "\(namespace)/\(backend.name)"
        guard let service = builder.cluster.services(named: reference).first else {
            let noServices = builder.cluster.services.isEmpty
            return fail(
                noServices ? .unknown : .httpError, noServices ? nil : 500,
                "The backend Service \(reference) is not in the input" +
                (noServices
                    ? " (add `kubectl get svc -A -o wide`)."
                    : "; a backendRef to a Service that does not exist is invalid (ResolvedRefs False, " +
                        "BackendNotFound) and \(answers(500))."))
        }
        let servicePort =
            service.ports.first { $0.port == backend.port } ?? (backend.port == nil ? service.ports.first : nil)
        if servicePort == nil, let wanted = backend.port, !service.ports.isEmpty {
            return fail(
                .httpError, 500,
                "Service \(service.key) has no port \(wanted) (" +
                service.ports.map(\.description).joined(separator: ", ") +
                "): the backendRef cannot be resolved, and \(answers(500)).")
        }
        let info = builder.cluster.backingInfo(of: service.key)
        var seen = Set<IPAddress>()
        let endpoints = info.endpoints.filter { seen.insert($0.ip).inserted }
        guard !endpoints.isEmpty else {
            if let unknown = ServiceProxy.unknownBackingReason(service, info: info, facts: builder.facts) {
                return fail(.unknown, nil, "The rule sends the request to Service \(service.key); \(unknown)")
            }
            return fail(
                .httpError, 503,
                "Service \(service.key) has no ready endpoints, so "
                    + (tls ? answers(503) + " (the spec: a Service with no endpoints is an invalid backend). "
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
            let gateway = builder.cluster.gateways.first { $0.key == decision.gateway }
            let controller = builder.cluster.gatewayClasses.first { $0.name == gateway?.className }?.controllerName
            lines.append(
                "\(endpoints.count) endpoints: the proxy balances over them with its own policy" +
                (controller?.hasPrefix("gateway.envoyproxy.io/") == true
                    ? " (Envoy Gateway's default is LeastRequest)." : "."))
        }
        return BackendTarget(service: service, port: servicePort, endpoint: endpoint)
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
        builder.replyLeg(
            from: pod, podNode: endpoint.nodeName, to: entry.place, toNode: entry.node,
            packet: Packet(source: destination, destination: source),
            sentence: "The pod answers the proxy, \(destination) → \(source).")
        guard let delivered = entry.delivered, let arriving = entry.arriving else {
            builder.add(
                Hop(
                    from: entry.place, to: .user,
                    packet: Packet(
                        source: SocketAddress(host: entry.answer, port: arriving(entry)), destination: client),
                    rewrite: .proxy, by: entry.actor,
                    sentence: "The proxy sends the answer back on the browser's own connection.", isReply: true))
            return
        }
        ExternalFlows.replyThroughNode(
            delivered, arriving: arriving,
            back: builder.hops.contains { $0.to == .externalLoadBalancer } ? .externalLoadBalancer : .user,
            protocol: "TCP", builder: &builder)
        if let lb = entry.lb, let kind = entry.balancer,
            builder.hops.contains(where: { $0.to == .externalLoadBalancer })
        {
            var back = Hop(
                from: .externalLoadBalancer, to: .user, packet: Packet(source: lb, destination: client),
                rewrite: kind.family == .virtualIP ? .none : .unNAT, by: .loadBalancer(kind.family),
                provenance: kind.provenance,
                sentence: "The answer reaches the browser from \(lb), the address it called.", isReply: true)
            back.isIllustrative = lb.host == Illustrative.loadBalancerIP
            builder.add(back)
        }
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
