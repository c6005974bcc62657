import ClusterModel
import FlowEngine

/// The `f` menu's gateway flows: one per route rule a request can reach, each with the request that
/// reaches it (host, path, method, headers, query), as `explain --flow gateway:HOST --path … --header …`
/// would play it. A request is made from each of the rule's matches and kept only when the flow engine
/// routes it to that very rule: a rule that a higher-precedence one shadows is not offered.
extension FlowChoice {
    /// The gateway flows of `routes` (those with a rule sending to `service`, when given).
    ///
    /// A route whose rules the input does not show (a table row), or whose matches no plain request meets (regular
    /// expressions), keeps one flow per hostname; with no route at all, one per Gateway.
    static func gatewayChoices(
        _ routes: [HTTPRoute], cluster: Cluster, orEveryGateway: Bool = true, sendingTo service: Service? = nil
    ) -> [FlowChoice] {
        let engine = FlowEngine(cluster: cluster)
        var choices: [FlowChoice] = []
        var seen = Set<String>()
        for route in routes {
            let rules = route.rules.indices.filter { index in
                service.map { sends(route.rules[index], of: route, to: $0) } ?? true
            }
            if service != nil, rules.isEmpty { continue }
            for (target, host, madeUp) in places(route, cluster: cluster) {
                let place = "\(target ?? "")|\(madeUp ? host ?? "" : "")"
                var offered = false
                // Whether the engine routed some request of these rules (to them or, shadowed, elsewhere),
                // and whether it could build none at all (no data plane, a Gateway missing).
                var routed = false
                var failed = false
                for index in rules where !failed {
                    for request in requests(route, rule: index, cluster: cluster) {
                        var choice = FlowChoice(kind: .gateway, target: target, label: "")
                        (choice.path, choice.method, choice.headers, choice.port) = request
                        if madeUp { choice.host = host }
                        guard let flow = try? engine.flow(.gateway, target: target, request: 0,
                                                          options: choice.options())
                        else {
                            failed = true
                            break
                        }
                        routed = true
                        guard let decision = flow.routing, decision.route == route.key,
                            decision.routeKind == route.kind.rawValue, decision.rule == index + 1
                        else { continue }
                        guard seen.insert("\(place)|\(route.kind)|\(route.key)|\(index)").inserted else { break }
                        choice.label = label(choice, host: host, route: route, rule: index, decision: decision)
                        choices.append(choice)
                        offered = true
                        break
                    }
                }
                // Rules the input does not show, a request none could be made for, or a flow the engine
                // cannot build: the place alone, so that the menu still offers it (or greys it out with the
                // engine's reason). Rules that other rules shadow are not offered.
                if !offered, failed || !routed, seen.insert(place).inserted {
                    var choice = FlowChoice(
                        kind: .gateway, target: target,
                        label: "Gateway: \(host ?? "any host") → \(route.kind.rawValue) \(route.key.name)")
                    if madeUp { choice.host = host }
                    choices.append(choice)
                }
            }
        }
        if choices.isEmpty, orEveryGateway {
            choices = cluster.gateways.map {
                FlowChoice(kind: .gateway, target: $0.key.description, label: "Gateway: \($0.key)")
            }
        }
        return choices
    }

    /// Where a route's requests go: a flow target and the Host it sends.
    ///
    /// A route's own names (with wildcards only, one name under the first: `*.apps.example.com` →
    /// www.apps.example.com); a route without hostnames (every host its listeners accept) takes its Gateway as the
    /// target with a Host from the listener (`madeUp`), else one no other route is likely to name.
    static func places(_ route: HTTPRoute, cluster: Cluster) -> [(target: String?, host: String?, madeUp: Bool)] {
        let names = route.hostnames.filter { !$0.hasPrefix("*") }
        if !names.isEmpty { return names.map { ($0, $0, false) } }
        if let wildcard = route.hostnames.first(where: { $0.hasPrefix("*.") }) {
            let host = "www" + wildcard.dropFirst()
            return [(host, host, false)]
        }
        var places: [(target: String?, host: String?, madeUp: Bool)] = []
        for parent in route.parentRefs {
            guard let gateway = cluster.gateways.first(where: {
                parent.names($0, routeNamespace: route.key.effectiveNamespace)
            }) else { continue }
            let listeners = gateway.listeners.filter { parent.sectionName.map($0.name.elementsEqual) ?? true }
            let pattern = listeners.compactMap(\.hostname).first
            let host = pattern.map { $0.hasPrefix("*.") ? "www" + $0.dropFirst() : $0 }
                ?? "\(gateway.key.name).\(Illustrative.domain)"
            places.append((gateway.key.description, host, true))
        }
        if places.isEmpty {
            let target = route.parentRefs.first.map {
                (($0.namespace ?? route.key.namespace).map { ns in "\(ns)/" } ?? "") + $0.name
            }
            places.append((target, nil, false))
        }
        return places
    }

    /// Whether a rule has a backendRef to `service` (the route's namespace when the ref names none).
    static func sends(_ rule: RouteRule, of route: HTTPRoute, to service: Service) -> Bool {
        rule.backendRefs.contains {
            $0.kind == "Service" && $0.name == service.name
                && ($0.namespace ?? route.key.effectiveNamespace) == service.key.effectiveNamespace
        }
    }

    typealias MenuRequest = (path: String?, method: String?, headers: [HTTPHeaderField], port: String?)

    /// A request per match of the rule that meets it, on the listener port its parentRef names (sectionName
    /// or port); a match with a regular expression makes none (no request is derived from a pattern).
    static func requests(_ route: HTTPRoute, rule index: Int, cluster: Cluster) -> [MenuRequest] {
        let rule = route.rules[index]
        let ports = parentPorts(route, cluster: cluster)
        if route.kind == .tls {
            // A TLS connection: no path or headers, only the SNI name (the host), on a TLS listener's port.
            return ports.map { port in (nil, nil, [], port ?? tlsListenerPort(route, cluster: cluster)) }
        }
        var requests: [MenuRequest] = []
        for match in rule.matches.isEmpty ? [RouteMatch()] : rule.matches {
            let exact = match.headers.allSatisfy { $0.type == "Exact" }
                && match.queryParams.allSatisfy { $0.type == "Exact" }
            guard exact else { continue }
            var headers = match.headers.map { HTTPHeaderField(name: $0.name, value: $0.value) }
            var path: String
            var method = match.method
            switch route.kind {
            case .http:
                guard match.path.map({ $0.type == "Exact" || $0.type == "PathPrefix" }) ?? true else { continue }
                path = match.path?.value ?? "/"
            case .tls: continue
            case .grpc:
                // A gRPC call: POST /Service/Method with content-type application/grpc; a match naming no
                // service or method (any call) needs one named, which the input does not give.
                guard let call = match.grpcMethod, call.type == "Exact", let name = call.service,
                    let callMethod = call.method
                else { continue }
                path = "/\(name)/\(callMethod)"
                method = "POST"
                if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                    headers.append(HTTPHeaderField(name: "content-type", value: "application/grpc"))
                }
            }
            let query = match.queryParams.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            if !query.isEmpty { path += "?" + query }
            for port in ports { requests.append((path, method, headers, port)) }
        }
        return requests
    }

    /// The port of the first TLS listener of a Gateway the route names.
    static func tlsListenerPort(_ route: HTTPRoute, cluster: Cluster) -> String? {
        let gateways = cluster.gateways.filter { route.refers(to: $0) }
        return gateways.lazy.flatMap(\.listeners).first { $0.protocol == "TLS" }.map { String($0.port) }
    }

    /// The ports of the listeners the route's parentRefs name by sectionName or port; [nil] (the Gateway's
    /// HTTP port) when they name none.
    static func parentPorts(_ route: HTTPRoute, cluster: Cluster) -> [String?] {
        var ports: [String?] = []
        for parent in route.parentRefs {
            var port = parent.port
            if port == nil, let section = parent.sectionName {
                let gateway = cluster.gateways.first { parent.names($0, routeNamespace: route.key.effectiveNamespace) }
                port = gateway?.listeners.first { $0.name == section }?.port
            }
            let text = port.map(String.init)
            if !ports.contains(text) { ports.append(text) }
        }
        return ports.isEmpty ? [nil] : ports
    }

    /// `Gateway: shop.example.com/cart x-canary=always → HTTPRoute cart rule 1 (canary) → cart-v2`: the
    /// request as `explain` takes it, the rule it reaches and where that rule sends it.
    static func label(
        _ choice: FlowChoice, host: String?, route: HTTPRoute, rule index: Int, decision: GatewayDecision
    ) -> String {
        var request = (decision.tls != nil ? "TLS SNI " : "") + (choice.method.map { "\($0) " } ?? "")
            + (host ?? decision.request.host)
        if decision.tls != nil, let port = choice.port { request += ":\(port)" }
        if decision.tls == nil, let port = choice.port, port != "80" { request += ":\(port)" }
        if decision.tls == nil { request += choice.path ?? "/" }
        let headers = choice.headers.filter { route.kind == .http || $0.name.lowercased() != "content-type" }
        if !headers.isEmpty { request += " " + headers.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
        let rule = route.rules[index]
        var text = "Gateway: \(request) → \(route.kind.rawValue) \(route.key.name) rule \(index + 1)"
        if let name = rule.name { text += " (\(name))" }
        if let status = decision.status, decision.backends.isEmpty {
            text += " → answers \(status)"
        } else if !rule.backendRefs.isEmpty {
            let weighted = rule.backendRefs.count > 1
            text += " → " + rule.backendRefs.map { $0.name + (weighted ? " w\($0.weight)" : "") }
                .joined(separator: ", ")
            // A refused reference (500) or a backend without ready endpoints (503): the gateway answers.
            if let status = decision.status { text += " (answers \(status))" }
        }
        return text
    }
}
