import ClusterModel

/// The Gateway's routing decision for one request, with the lines that say why:
/// the listener by port, protocol and hostname, the routes attached to it, and
/// the rule the spec's precedence picks among those that match.
extension GatewayFlow {
    typealias Candidate = GatewayRouting.Candidate

    struct RouteChoice {
        var listener: GatewayListener?
        var winner: Candidate?
        var lines: [String] = []
        /// Why each other rule was not chosen (did not match, or lost on precedence).
        var notChosen: [String] = []
        var failure: HopFailure?
        var decision: GatewayDecision
    }

    static func isHTTP(_ listener: GatewayListener) -> Bool { ["HTTP", "HTTPS"].contains(listener.protocol) }

    /// The port the request is sent to: `--port`, else 80 when an HTTP listener has it, else the first
    /// HTTP listener's, else the first HTTPS listener's.
    static func requestPort(_ gateway: Gateway, options: FlowOptions) -> Int? {
        if let wanted = options.port.flatMap({ Int($0) }) { return wanted }
        let http = gateway.listeners.filter { $0.protocol == "HTTP" }
        if http.contains(where: { $0.port == 80 }) { return 80 }
        return http.first?.port ?? gateway.listeners.first(where: isHTTP)?.port
    }

    /// The listener, then the rule the spec's precedence picks among the matching rules of the routes attached
    /// to it, or the failure that stops the request there.
    static func choose(
        _ gateway: Gateway, request: HTTPRequestLine, cluster: Cluster, options: FlowOptions
    ) -> RouteChoice {
        var choice = RouteChoice(decision: GatewayDecision(gateway: gateway.key, request: request))
        guard let listener = chooseListener(gateway, request: request, options: options, choice: &choice) else {
            return choice
        }
        let (candidates, unknownRoutes) = collectCandidates(
            gateway, listener: listener, request: request, cluster: cluster, choice: &choice)
        let ranked = candidates.sorted(by: GatewayRouting.precedes)
        guard let winner = ranked.first else {
            failWithoutMatch(request, listener: listener, unknownRoutes: unknownRoutes, choice: &choice)
            return choice
        }
        chooseRule(winner, ranked: ranked, choice: &choice)
        return choice
    }

    /// The listener on the request's port whose hostname accepts its Host most specifically; nil with the
    /// choice's failure when none does (or the Gateway's listeners are not known).
    static func chooseListener(
        _ gateway: Gateway, request: HTTPRequestLine, options: FlowOptions, choice: inout RouteChoice
    ) -> GatewayListener? {
        guard gateway.detailsKnown else {
            choice.failure = HopFailure(
                .unknown,
                "The Gateway's listeners and the routes' rules are not in the input (`kubectl get gateway` shows " +
                "neither): add `kubectl get gateway,httproute -A -o yaml` to see where \(request.host)" +
                "\(request.path) goes.")
            return nil
        }
        guard let port = requestPort(gateway, options: options) else {
            choice.failure = HopFailure(
                .refused,
                "Gateway \(gateway.key) has no HTTP or HTTPS listener (\(listenerList(gateway))): nothing accepts " +
                "an HTTP request.")
            return nil
        }
        let onPort = gateway.listeners.filter { $0.port == port && isHTTP($0) }
        guard !onPort.isEmpty else {
            choice.failure = HopFailure(
                .refused,
                "No listener of Gateway \(gateway.key) is on port \(port) (\(listenerList(gateway))): the proxy " +
                "does not listen there, so the connection is refused.")
            return nil
        }
        guard let (listener, accepting) = bestListener(onPort, host: request.host) else {
            choice.decision.status = 404
            choice.failure = HopFailure(
                .httpError,
                "No listener on port \(port) accepts Host \(request.host) (\(listenerList(gateway, port: port))): " +
                "the gateway answers 404 Not Found.")
            return nil
        }
        choice.listener = listener
        choice.decision.accept(on: listener)
        choice.lines.append(
            "listener \(listener.name): \(listener.protocol) port \(listener.port), hostname " +
            "\(listener.hostname ?? "any") accepts Host \(request.host)"
                + (accepting > 1 ? " (the most specific of \(accepting) that do)" : "")
                + (listener.protocol == "HTTPS" ? "; TLS ends here, at the gateway" : "")
                + (request.isGRPC ? grpcTransport(listener) : ""))
        return listener
    }

    /// The listener among `listeners` whose hostname accepts `host` most specifically, and how many accept it.
    static func bestListener(_ listeners: [GatewayListener], host: String)
        -> (listener: GatewayListener, accepting: Int)?
    {
        let scored = listeners.compactMap { listener in
            GatewayRouting.listenerScore(listener, host: host).map { (listener, $0) }
        }
        guard let (listener, _) = scored.max(by: { $0.1 < $1.1 }) else { return nil }
        return (listener, scored.count)
    }

    /// No rule matches: unknown when a route only a table shows might, else the spec's 404.
    static func failWithoutMatch(
        _ request: HTTPRequestLine, listener: GatewayListener, unknownRoutes: [String], choice: inout RouteChoice
    ) {
        choice.lines += choice.notChosen.map { "no match: " + $0 }
        choice.decision.notChosen = choice.notChosen
        guard unknownRoutes.isEmpty else {
            choice.failure = HopFailure(
                .unknown,
                "No route whose rules the input shows matches \(request.method) \(request.host)\(request.path); " +
                "\(unknownRoutes.joined(separator: ", ")) may (only its table row is in the input: add " +
                "`kubectl get httproute -A -o yaml`).")
            return
        }
        choice.decision.status = 404
        choice.failure = HopFailure(
            .httpError,
            "No rule of a route attached to listener \(listener.name) matches \(request.method) " +
            "\(request.host)\(request.path): the gateway answers 404 Not Found (the spec: \"When no rules " +
            "matching a request have been successfully attached to the parent a request is coming from, a " +
            "HTTP 404 status code MUST be returned\")" +
            (request.isGRPC ? "; a gRPC client reports HTTP 404 as status UNIMPLEMENTED." : "."))
    }

    /// The winning rule, first of `ranked`, with why each other matching rule lost.
    static func chooseRule(_ winner: Candidate, ranked: [Candidate], choice: inout RouteChoice) {
        choice.winner = winner
        for loser in ranked.dropFirst() {
            let match = GatewayRouting.describe(loser.match, kind: loser.route.kind)
            choice.notChosen.append(
                "\(GatewayRouting.ruleName(loser.route, loser.ruleIndex)) [\(match)] " +
                "also matches, but \(whyLoses(loser, to: winner))")
        }
        let match = GatewayRouting.describe(winner.match, kind: winner.route.kind)
        choice.decision.choose(winner, match: match)
        choice.decision.notChosen = choice.notChosen
        choice.lines.append(
            "chosen: \(GatewayRouting.ruleName(winner.route, winner.ruleIndex)) "
                + "[\(match)]"
                + (ranked.count > 1 ? ", first of \(ranked.count) matching by the spec's precedence" : ""))
        choice.lines += choice.notChosen.map { "not chosen: " + $0 }
    }

    /// The rules of routes attached to the listener whose matches hold for the request; the lines say why
    /// other routes and rules do not apply.
    ///
    /// Routes only a table shows are returned by name.
    static func collectCandidates(
        _ gateway: Gateway, listener: GatewayListener, request: HTTPRequestLine, cluster: Cluster,
        choice: inout RouteChoice
    ) -> ([Candidate], [String]) {
        let conflicts = kindConflicts(gateway, listener: listener, cluster: cluster)
        var candidates: [Candidate] = []
        var unknownRoutes: [String] = []
        // TLSRoutes attach to TLS listeners only (GatewayFlow+TLS), never to this HTTP one.
        for (order, route) in cluster.routes.enumerated() where route.kind != .tls {
            guard route.detailsKnown else {
                if route.hostnames.isEmpty || route.hostnames.contains(where: {
                    GatewayRouting.hostname($0, matches: request.host)
                }) {
                    unknownRoutes.append(route.key.description)
                }
                continue
            }
            guard references(route, gateway) else { continue }
            if let reason = attachmentProblem(route, gateway: gateway, listener: listener, cluster: cluster) {
                choice.lines.append("not attached: \(route.kind.rawValue) \(route.key): \(reason)")
                continue
            }
            if let reason = conflicts[RouteIdentity(route)] {
                choice.lines.append("not accepted: \(route.kind.rawValue) \(route.key): \(reason)")
                continue
            }
            guard let hostnameKey = GatewayRouting.routeHostname(route, listener: listener, host: request.host)
            else {
                choice.lines.append(
                    "not for this host: \(route.kind.rawValue) \(route.key) serves " +
                    "\(route.hostnames.joined(separator: ", ")), not \(request.host)")
                continue
            }
            for (ruleIndex, rule) in route.rules.enumerated() {
                let matches = rule.matches.isEmpty ? [RouteMatch()] : rule.matches
                for (matchIndex, match) in matches.enumerated() {
                    let name = GatewayRouting.ruleName(route, ruleIndex)
                        + (matches.count > 1 ? " match \(matchIndex + 1)" : "")
                    if let reason = GatewayRouting.evaluate(match, request, kind: route.kind) {
                        let text = GatewayRouting.describe(match, kind: route.kind)
                        choice.notChosen.append("\(name) [\(text)]: \(reason)")
                        continue
                    }
                    candidates.append(
                        Candidate(
                            route: route, routeOrder: order, hostnameKey: hostnameKey, ruleIndex: ruleIndex,
                            matchIndex: matchIndex, match: match))
                }
            }
        }
        return (candidates, unknownRoutes)
    }

    /// How a gRPC call reaches the listener, as the spec requires of implementations supporting GRPCRoute.
    static func grpcTransport(_ listener: GatewayListener) -> String {
        listener.protocol == "HTTPS"
            ? "; the gRPC call is HTTP/2 negotiated by ALPN in the TLS handshake"
            : "; the gRPC call is HTTP/2 over cleartext (h2c, prior knowledge), which an implementation " +
                "supporting GRPCRoute must accept on an HTTP listener"
    }

    /// A route's kind and key: an HTTPRoute and a GRPCRoute may share a name.
    struct RouteIdentity: Hashable {
        var kind: HTTPRoute.Kind
        var key: ObjectKey
        init(_ route: HTTPRoute) { kind = route.kind; key = route.key }
    }

    /// HTTPRoutes and GRPCRoutes on one listener whose hostnames intersect: the spec accepts exactly one
    /// of each such pair, "the oldest Route based on creation timestamp", then the first by
    /// "{namespace}/{name}".
    ///
    /// Each rejected route with the reason.
    static func kindConflicts(
        _ gateway: Gateway, listener: GatewayListener, cluster: Cluster
    ) -> [RouteIdentity: String] {
        let attached = cluster.routes.filter {
            $0.detailsKnown && references($0, gateway)
                && attachmentProblem($0, gateway: gateway, listener: listener, cluster: cluster) == nil
        }
        let grpc = attached.filter { $0.kind == .grpc }
        let http = attached.filter { $0.kind == .http }
        guard !grpc.isEmpty, !http.isEmpty else { return [:] }
        var rejected: [RouteIdentity: String] = [:]
        for a in grpc {
            for b in http where GatewayRouting.hostnamesIntersect(a.hostnames, b.hostnames, listener: listener) {
                let (kept, lost) = GatewayRouting.older(a, b) ? (a, b) : (b, a)
                rejected[RouteIdentity(lost)] = rejected[RouteIdentity(lost)] ?? (
                    "its hostnames overlap \(kept.kind.rawValue) \(kept.key)'s on listener \(listener.name), and the " +
                    "spec accepts only one of an HTTPRoute and a GRPCRoute there: the older (then first by " +
                    "namespace/name), \(kept.key)")
            }
        }
        return rejected
    }

    /// `http HTTP/80 *.example.com, https HTTPS/443 any`.
    static func listenerList(_ gateway: Gateway, port: Int? = nil) -> String {
        let listeners = gateway.listeners.filter { port == nil || $0.port == port }
        guard !listeners.isEmpty else { return "it has no listeners" }
        return "listeners: " + listeners.map { "\($0.name) \($0.protocol)/\($0.port) \($0.hostname ?? "any host")" }
            .joined(separator: ", ")
    }

    /// Whether a parentRef names this Gateway.
    static func references(_ route: HTTPRoute, _ gateway: Gateway) -> Bool { route.refers(to: gateway) }

    /// Why a route naming the Gateway does not attach to this listener (sectionName, port, allowedRoutes), or nil.
    static func attachmentProblem(
        _ route: HTTPRoute, gateway: Gateway, listener: GatewayListener, cluster: Cluster
    ) -> String? {
        let parents = route.parentRefs.filter { $0.names(gateway, routeNamespace: route.key.effectiveNamespace) }
        guard
            parents.contains(where: {
                ($0.sectionName ?? listener.name) == listener.name && ($0.port ?? listener.port) == listener.port
            })
        else {
            let sections = parents.compactMap { $0.sectionName ?? $0.port.map { "port \($0)" } }
            return "its parentRef names listener \(sections.joined(separator: ", ")), not \(listener.name)"
        }
        // The spec: "A Listener MUST be have protocol set to TLS when a TLSRoute attaches to it"; a TLS listener's
        // kinds are TLSRoute (and TCPRoute), never HTTPRoute or GRPCRoute.
        if (route.kind == .tls) != (listener.protocol == "TLS") {
            return route.kind == .tls
                ? "a TLSRoute attaches only to a listener of protocol TLS, and \(listener.name) is " +
                    "\(listener.protocol) (Accepted False, UnsupportedValue)"
                : "listener \(listener.name) is TLS: it takes TLSRoutes, not \(route.kind.rawValue)s"
        }
        if !listener.allowedKinds.isEmpty, !listener.allowedKinds.contains(route.kind.rawValue) {
            return "the listener allows only \(listener.allowedKinds.joined(separator: ", "))"
        }
        let routeNamespace = route.key.effectiveNamespace
        switch listener.allowedNamespaces ?? "Same" {
        case "All": return nil
        case "Selector":
            let wanted = listener.allowedNamespaceLabels ?? [:]
            guard let record = cluster.resources.namespace(named: routeNamespace) else { return nil }
            let labels = record.effectiveLabels
            return wanted.allSatisfy { labels[$0.key] == $0.value }
                ? nil : "namespace \(routeNamespace)'s labels do not match the listener's allowedRoutes selector"
        default:
            return routeNamespace == gateway.key.effectiveNamespace
                ? nil
                : "the listener allows routes from its own namespace only (allowedRoutes from: Same, the default), " +
                    "and the route is in \(routeNamespace)"
        }
    }

    /// The first precedence rule on which `winner` beats `loser`, in the spec's words.
    static func whyLoses(_ loser: Candidate, to winner: Candidate) -> String {
        if loser.hostnameKey != winner.hostnameKey {
            return "\(winner.route.key)'s hostname is more specific (the spec ranks hostnames before matches)"
        }
        let a = GatewayRouting.matchKey(winner.match, kind: winner.route.kind)
        let b = GatewayRouting.matchKey(loser.match, kind: loser.route.kind)
        let reasons = winner.route.kind == .grpc ? GatewayRouting.grpcPrecedenceReasons : [
            "an Exact path match takes precedence over a prefix", "the longer path prefix takes precedence",
            "a method match takes precedence", "more header matches take precedence",
            "more query parameter matches take precedence",
        ]
        if let index = a.indices.first(where: { a[$0] != b[checked: $0] }), let reason = reasons[checked: index] {
            return reason
        }
        if loser.route.key != winner.route.key {
            if let timeA = winner.route.creationTimestamp, let timeB = loser.route.creationTimestamp, timeA != timeB {
                return "ties; \(winner.route.key) is older (created \(timeA))"
            }
            return "ties; \(winner.route.key) comes first by {namespace}/{name} (creation times "
                + (winner.route.creationTimestamp == nil || loser.route.creationTimestamp == nil
                    ? "not in the input)" : "equal)")
        }
        return "ties; an earlier rule of the same route wins (list order)"
    }
}

extension GatewayDecision {
    /// Records the listener that accepted the request.
    mutating func accept(on accepting: GatewayListener) {
        listener = accepting.name
        listenerPort = accepting.port
    }

    /// Records the winning route rule and, as text, the match that held.
    mutating func choose(_ winner: GatewayFlow.Candidate, match: String) {
        route = winner.route.key
        routeKind = winner.route.kind.rawValue
        rule = winner.ruleIndex + 1
        self.match = match
    }
}
