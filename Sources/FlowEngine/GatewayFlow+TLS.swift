import ClusterModel

/// A TLS connection through a TLS listener, routed by a TLSRoute (apis/v1 tlsroute_types.go): the gateway reads
/// the SNI name in the ClientHello, matches it against the listener's hostname and the TLSRoutes' hostnames,
/// and forwards the connection to the rule's backendRefs. `Passthrough` (Core): the gateway does not end TLS;
/// the bytes reach the pod encrypted and the pod holds the certificate. `Terminate` (Extended,
/// TLSRouteTermination): the gateway ends TLS and sends the decrypted stream on. Either way it sees no HTTP:
/// no path, method or headers, no status code to answer with.
extension GatewayFlow {
    /// The TLS listener port the connection goes to: `--port` when a TLS listener is there (and no HTTP one),
    /// else, with no port asked, the port of a TLS listener accepting `host` when a TLSRoute of the Gateway
    /// names `host` and no HTTPRoute or GRPCRoute of it does.
    ///
    /// nil: an HTTP request.
    static func tlsPort(_ gateway: Gateway, host: String, cluster: Cluster, options: FlowOptions) -> Int? {
        let tls = gateway.listeners.filter { $0.protocol == "TLS" }
        guard !tls.isEmpty else { return nil }
        if let asked = options.port.flatMap({ Int($0) }) {
            let http = gateway.listeners.contains { $0.port == asked && isHTTP($0) }
            return !http && tls.contains { $0.port == asked } ? asked : nil
        }
        func names(_ route: HTTPRoute) -> Bool {
            route.refers(to: gateway) && route.hostnames.contains { GatewayRouting.hostname($0, matches: host) }
        }
        let routes = cluster.routes
        let serving = routes.filter { $0.kind == .tls && $0.detailsKnown && names($0) }
        guard !serving.isEmpty, !routes.contains(where: { $0.kind != .tls && names($0) }) else { return nil }
        let accepting = tls.filter { GatewayRouting.listenerScore($0, host: host) != nil }
        // The listener a serving route attaches to (its sectionName or port), else any accepting the name.
        let attached = accepting.first { listener in
            serving.contains { attachmentProblem($0, gateway: gateway, listener: listener, cluster: cluster) == nil }
        }
        return (attached ?? accepting.first ?? tls[0]).port
    }

    static func buildTLS(_ gateway: Gateway, host: String, port: Int, builder: inout FlowBuilder) throws(FlowError)
        -> Flow
    {
        // The request line stands for the connection: its host is the SNI name; path and method are not seen.
        let request = HTTPRequestLine(host: host, path: "/")
        var decision = GatewayDecision(gateway: gateway.key, request: request)
        let title = "Gateway: User → DNS → Gateway \(gateway.key.name) (TLS, SNI \(host):\(port)) → TLSRoute → Pod"
        let finish = { (builder: FlowBuilder, decision: GatewayDecision) -> Flow in
            GatewayFlow.finished(builder, gateway: gateway, title: title, decision: decision)
        }
        let (client, plane) = GatewayFlow.start(gateway, builder: &builder)
        guard
            let entry = try enter(
                gateway, plane: plane, host: host, port: port, request: request, client: client, tls: true,
                builder: &builder)
        else { return finish(builder, decision) }
        var lines: [String] = []
        guard let winner = chooseTLS(gateway, host: host, port: port, cluster: builder.cluster, lines: &lines,
                                     decision: &decision, builder: &builder)
        else { return finish(builder, decision) }
        guard
            let backend = pickBackend(winner, request: request, builder: &builder, lines: &lines,
                                      decision: &decision, tls: true)
        else { return finish(builder, decision) }
        proxy(to: backend, entry: entry, request: request, lines: lines, client: client,
              tlsMode: decision.tls ?? "Terminate", builder: &builder)
        return finish(builder, decision)
    }

    /// The listener by port and SNI, then the TLSRoute: the most specific matching hostname (exact before
    /// wildcard, longer before shorter), then the oldest route, then `{namespace}/{name}`, as the spec breaks
    /// ties between routes.
    ///
    /// nil after failing the last hop (no listener, no route: the connection is closed).
    static func chooseTLS(
        _ gateway: Gateway, host: String, port: Int, cluster: Cluster, lines: inout [String],
        decision: inout GatewayDecision, builder: inout FlowBuilder
    ) -> Candidate? {
        func fail(_ kind: HopFailure.Kind, _ reason: String) -> Candidate? {
            builder.failLastHop(HopFailure(kind, reason), details: lines, rules: [])
            return nil
        }
        guard gateway.detailsKnown else {
            return fail(
                .unknown,
                "The Gateway's listeners and the routes are not in the input (`kubectl get gateway` shows neither): " +
                "add `kubectl get gateway,tlsroute -A -o yaml` to see where SNI \(host) goes.")
        }
        let onPort = gateway.listeners.filter { $0.port == port && $0.protocol == "TLS" }
        guard let (listener, _) = bestListener(onPort, host: host) else {
            return fail(
                .refused,
                "No TLS listener on port \(port) accepts SNI \(host) (\(listenerList(gateway, port: port))): the " +
                "gateway closes the connection; there is no HTTP in which to answer 404.")
        }
        acceptTLS(on: listener, host: host, lines: &lines, decision: &decision)
        let (ranked, unknown) = rankedTLSRoutes(
            gateway, listener: listener, host: host, cluster: cluster, lines: &lines)
        guard let winner = ranked.first else {
            if !unknown.isEmpty {
                return fail(
                    .unknown,
                    "No TLSRoute whose spec the input shows serves SNI \(host); \(unknown.joined(separator: ", ")) " +
                    "may (only its table row is in the input: add `kubectl get tlsroute -A -o yaml`).")
            }
            return fail(
                .refused,
                "No TLSRoute attached to listener \(listener.name) serves SNI \(host): the gateway closes the " +
                "connection (a TLS listener has no HTTP 404 to answer with).")
        }
        chooseTLSRoute(winner, ranked: ranked, host: host, lines: &lines, decision: &decision)
        return winner
    }

    /// Records the TLS listener and its mode (Passthrough or Terminate), said in the lines.
    static func acceptTLS(
        on listener: GatewayListener, host: String, lines: inout [String], decision: inout GatewayDecision
    ) {
        let mode = listener.tlsMode ?? "Terminate"
        decision.tls = mode
        decision.accept(on: listener)
        lines.append(
            "listener \(listener.name): TLS port \(listener.port), hostname \(listener.hostname ?? "any") " +
            "accepts SNI \(host), mode \(mode)" +
            (mode == "Passthrough"
                ? ": the gateway does not end TLS; it reads the SNI name in the ClientHello and forwards the " +
                    "encrypted bytes"
                : ": TLS ends here, at the gateway (its certificateRefs); the decrypted stream goes on as TCP"))
    }

    /// The TLSRoutes attached to the listener that serve `host`, in the spec's order, and the routes only a
    /// table shows (by name); the lines say why other routes do not apply.
    static func rankedTLSRoutes(
        _ gateway: Gateway, listener: GatewayListener, host: String, cluster: Cluster, lines: inout [String]
    ) -> (ranked: [Candidate], unknown: [String]) {
        var candidates: [Candidate] = []
        var unknown: [String] = []
        for (order, route) in cluster.routes.enumerated() where route.kind == .tls {
            guard route.detailsKnown else {
                unknown.append(route.key.description)
                continue
            }
            guard references(route, gateway) else { continue }
            if let reason = attachmentProblem(route, gateway: gateway, listener: listener, cluster: cluster) {
                lines.append("not attached: TLSRoute \(route.key): \(reason)")
                continue
            }
            guard let key = GatewayRouting.routeHostname(route, listener: listener, host: host) else {
                lines.append(
                    "not for this name: TLSRoute \(route.key) serves \(route.hostnames.joined(separator: ", ")), " +
                    "not \(host)")
                continue
            }
            guard !route.rules.isEmpty else { continue }
            candidates.append(
                Candidate(route: route, routeOrder: order, hostnameKey: key, ruleIndex: 0, matchIndex: 0,
                          match: RouteMatch()))
        }
        let ranked = candidates.sorted { a, b in
            if a.hostnameKey != b.hostnameKey { return a.hostnameKey > b.hostnameKey }
            if GatewayRouting.older(a.route, b.route) != GatewayRouting.older(b.route, a.route) {
                return GatewayRouting.older(a.route, b.route)
            }
            return a.routeOrder < b.routeOrder
        }
        return (ranked, unknown)
    }

    /// The winning TLSRoute, first of `ranked` (its first rule: a TLSRoute rule has no matches), with why each
    /// other route serving the name lost.
    static func chooseTLSRoute(
        _ winner: Candidate, ranked: [Candidate], host: String, lines: inout [String], decision: inout GatewayDecision
    ) {
        decision.choose(winner, match: "SNI \(host)")
        lines.append(
            "chosen: TLSRoute \(winner.route.key) (hostnames \(winner.route.hostnames.joined(separator: ", ")))" +
            (ranked.count > 1 ? ", first of \(ranked.count) by the most specific hostname, then the oldest" : ""))
        for loser in ranked.dropFirst() {
            let why = loser.hostnameKey != winner.hostnameKey
                ? "a less specific hostname matches" : "it is newer (or later by {namespace}/{name})"
            decision.notChosen.append("TLSRoute \(loser.route.key) also serves \(host), but \(why)")
        }
        lines += decision.notChosen.map { "not chosen: " + $0 }
        if winner.route.rules.count > 1 {
            lines.append(
                "TLSRoute \(winner.route.key) has \(winner.route.rules.count) rules; a TLSRoute rule has no matches, " +
                "so the first one's backendRefs are used (v1 allows one rule)")
        }
    }
}
