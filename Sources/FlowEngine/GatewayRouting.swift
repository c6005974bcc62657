import ClusterModel

/// The request a gateway flow plays: what an HTTP proxy matches on.
public struct HTTPRequestLine: Sendable, Hashable, Codable {
    public var host: String
    /// The path without the query.
    public var path: String
    /// `name=value` pairs after `?`, in order.
    public var query: [(name: String, value: String)] {
        get { queryItems.map { ($0.name, $0.value) } }
        set { queryItems = newValue.map { RouteValueMatch(type: "Exact", name: $0.name, value: $0.value) } }
    }
    var queryItems: [RouteValueMatch] = []
    public var method: String
    public var headers: [HTTPHeaderField]

    /// `path` may carry a query (`/search?q=1`); it is split off here.
    public init(host: String, path: String, method: String = "GET", headers: [HTTPHeaderField] = []) {
        self.host = host; self.method = method; self.headers = headers
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = parts.first.map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        if parts.count == 2 {
            query = parts[1].split(separator: "&").map { item in
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(pair[0]), pair.count == 2 ? String(pair[1]) : "")
            }
        }
    }

    /// A gRPC request: its content-type is `application/grpc` (or `application/grpc+proto`, …), as gRPC's
    /// HTTP/2 protocol says every call's is.
    public var isGRPC: Bool { header("content-type")?.lowercased().hasPrefix("application/grpc") == true }

    /// Header names are case-insensitive (RFC 9110); the first value of the name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One request header, `--header NAME=VALUE`.
public struct HTTPHeaderField: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}

/// Gateway API's matching rules as the spec states them (apis/v1 gateway_types.go, httproute_types.go).
///
/// Pure.
enum GatewayRouting {
    // MARK: Hostnames

    /// `*.example.com` matches any name below example.com (one or more labels), never example.com itself.
    static func hostname(_ pattern: String, matches host: String) -> Bool {
        let pattern = pattern.lowercased(), host = host.lowercased()
        if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst()) && host.count > pattern.count - 1 }
        return pattern == host
    }

    /// How specific a listener's hostname is for `host`: exact beats wildcard, a longer wildcard a shorter one,
    /// and no hostname comes last.
    ///
    /// nil when it does not accept `host`.
    static func listenerScore(_ listener: GatewayListener, host: String) -> Int? {
        guard let pattern = listener.hostname, !pattern.isEmpty else { return 0 }
        guard hostname(pattern, matches: host) else { return nil }
        return pattern.hasPrefix("*.") ? pattern.count : 10_000 + pattern.count
    }

    /// The route hostname that matches `host` within the listener's hostname, with the spec's precedence
    /// key: characters of a matching non-wildcard hostname, then characters of a matching hostname.
    ///
    /// nil when the route does not accept `host` on this listener; (0, 0) for a route without hostnames.
    static func routeHostname(_ route: HTTPRoute, listener: GatewayListener, host: String) -> (Int, Int)? {
        if route.hostnames.isEmpty { return (0, 0) }
        var best: (Int, Int)?
        for name in route.hostnames where hostname(name, matches: host) || name.lowercased() == host.lowercased() {
            // A route hostname outside the listener's is ignored (the spec: "MUST be ignored").
            if let listenerName = listener.hostname, !listenerName.isEmpty,
                !(hostname(listenerName, matches: name) || listenerName.lowercased() == name.lowercased()
                    || (name.hasPrefix("*.") && hostname(name, matches: listenerName)))
            {
                continue
            }
            let key = name.hasPrefix("*.") ? (0, name.count) : (name.count, name.count)
            if best.map({ key > $0 }) ?? true { best = key }
        }
        return best
    }

    /// Whether two routes' hostnames share a name on the listener (no hostnames: every name the listener
    /// accepts; a name outside the listener's is ignored, as for matching).
    static func hostnamesIntersect(_ a: [String], _ b: [String], listener: GatewayListener) -> Bool {
        func effective(_ names: [String]) -> [String] {
            guard let bound = listener.hostname, !bound.isEmpty else { return names.isEmpty ? ["*"] : names }
            if names.isEmpty { return [bound] }
            return names.filter { overlap($0, bound) }
        }
        let left = effective(a), right = effective(b)
        return left.contains { x in right.contains { overlap(x, $0) } }
    }

    /// Whether two hostname patterns accept a common name (`*` alone: any name).
    static func overlap(_ x: String, _ y: String) -> Bool {
        let x = x.lowercased(), y = y.lowercased()
        if x == "*" || y == "*" || x == y { return true }
        if x.hasPrefix("*."), y.hasPrefix("*.") { return x.hasSuffix(y.dropFirst()) || y.hasSuffix(x.dropFirst()) }
        return hostname(x, matches: y) || hostname(y, matches: x)
    }

    /// The spec's tie-break between routes: the oldest by creation timestamp, then the first by
    /// "{namespace}/{name}".
    ///
    /// True when `a` wins.
    static func older(_ a: HTTPRoute, _ b: HTTPRoute) -> Bool {
        if let timeA = a.creationTimestamp, let timeB = b.creationTimestamp, timeA != timeB { return timeA < timeB }
        return "\(a.key.effectiveNamespace)/\(a.key.name)" < "\(b.key.effectiveNamespace)/\(b.key.name)"
    }

    // MARK: Matches

    /// Whether one `matches` entry of a route of `kind` holds for the request, or the first reason it does not.
    static func evaluate(_ match: RouteMatch, _ request: HTTPRequestLine, kind: HTTPRoute.Kind) -> String? {
        if kind == .grpc { return evaluateGRPC(match, request) }
        let path = match.path ?? RouteValueMatch(type: "PathPrefix", value: "/")
        if let reason = pathMismatch(path, request.path) { return reason }
        if let method = match.method, method != request.method {
            return "method \(method) wanted, the request is \(request.method)"
        }
        if let reason = headersMismatch(match.headers, request) { return reason }
        for parameter in match.queryParams {
            guard let value = request.queryItems.first(where: { $0.name == parameter.name })?.value else {
                return "query parameter \(parameter.name) wanted, the request has none"
            }
            if !valueMatches(parameter, value) {
                return "query \(parameter.name)=\(value) is not \(parameter.type) \(parameter.value)"
            }
        }
        return nil
    }

    static func pathMismatch(_ match: RouteValueMatch, _ path: String) -> String? {
        switch match.type {
        case "Exact":
            return match.value == path ? nil : "path \(path) is not exactly \(match.value)"
        case "PathPrefix":
            let prefix =
                match.value.count > 1 && match.value.hasSuffix("/") ? String(match.value.dropLast()) : match.value
            if prefix == "/" || path == prefix || path.hasPrefix(prefix + "/") { return nil }
            return path.hasPrefix(prefix)
                ? "path \(path) starts with \(prefix) but not at a / boundary (PathPrefix matches whole segments)"
                : "path \(path) is not under the prefix \(match.value)"
        case "RegularExpression":
            return wholeMatch(match.value, path) ? nil : "path \(path) does not match the expression \(match.value)"
        default:
            return "path match type \(match.type) is not one kubehops knows"
        }
    }

    static func valueMatches(_ match: RouteValueMatch, _ value: String) -> Bool {
        match.type == "RegularExpression" ? wholeMatch(match.value, value) : match.value == value
    }

    /// Envoy and most implementations match a whole value against RE2; Swift's Regex is close for common patterns.
    static func wholeMatch(_ pattern: String, _ text: String) -> Bool {
        guard pattern.count <= 1_000, let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    // MARK: Precedence

    /// The sort key of a matching `matches` entry: larger wins, in the spec's order — Exact path, longest
    /// prefix, method, most headers, most query parameters (a RegularExpression path ranks below prefixes:
    /// its precedence is implementation-specific).
    static func matchKey(_ match: RouteMatch, kind: HTTPRoute.Kind) -> [Int] {
        if kind == .grpc { return grpcMatchKey(match) }
        let path = match.path ?? RouteValueMatch(type: "PathPrefix", value: "/")
        let exact = path.type == "Exact" ? 1 : 0
        let prefixLength = path.type == "PathPrefix" ? path.value.count + 1 : 0
        return [exact, prefixLength, match.method == nil ? 0 : 1, distinctHeaders(match).count, match.queryParams.count]
    }

    /// A candidate rule: the route, the rule and the entry of `matches` that held, in precedence order.
    struct Candidate {
        var route: HTTPRoute
        /// Input order of the route, the last tie-break when timestamps are unknown.
        var routeOrder: Int
        var hostnameKey: (Int, Int)
        var ruleIndex: Int
        var matchIndex: Int
        var match: RouteMatch
        var rule: RouteRule { route.rules[ruleIndex] }
    }

    /// True when `a` takes precedence over `b`.
    static func precedes(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.hostnameKey != b.hostnameKey { return a.hostnameKey > b.hostnameKey }
        // Never merged across kinds (the spec); routes of both kinds on one host are resolved before this.
        let keyA = matchKey(a.match, kind: a.route.kind), keyB = matchKey(b.match, kind: b.route.kind)
        if a.route.kind == b.route.kind, keyA != keyB { return keyA.lexicographicallyPrecedes(keyB) == false }
        if a.route.key != b.route.key {
            // Oldest route first (RFC 3339 text sorts as time); then "{namespace}/{name}" alphabetically.
            if let timeA = a.route.creationTimestamp, let timeB = b.route.creationTimestamp, timeA != timeB {
                return timeA < timeB
            }
            let nameA = "\(a.route.key.effectiveNamespace)/\(a.route.key.name)"
            let nameB = "\(b.route.key.effectiveNamespace)/\(b.route.key.name)"
            return nameA != nameB ? nameA < nameB : a.routeOrder < b.routeOrder
        }
        return (a.ruleIndex, a.matchIndex) < (b.ruleIndex, b.matchIndex)
    }

    /// The text of a match, as the spec's fields read: `PathPrefix /api, method GET, header x-canary=1`.
    static func describe(_ match: RouteMatch, kind: HTTPRoute.Kind) -> String {
        if kind == .grpc { return describeGRPC(match) }
        let path = match.path ?? RouteValueMatch(type: "PathPrefix", value: "/")
        var parts = ["\(path.type) \(path.value)"]
        if let method = match.method { parts.append("method \(method)") }
        parts += match.headers.map { "header \($0.name)\($0.type == "Exact" ? "=" : " ~ ")\($0.value)" }
        parts += match.queryParams.map { "query \($0.name)\($0.type == "Exact" ? "=" : " ~ ")\($0.value)" }
        return parts.joined(separator: ", ")
    }

    /// The route's rule as people name it: `shop/web rule 2 (canary)`.
    static func ruleName(_ route: HTTPRoute, _ index: Int) -> String {
        let name = route.rules[checked: index]?.name.map { " (\($0))" } ?? ""
        return "\(route.kind.rawValue) \(route.key) rule \(index + 1)\(name)"
    }

    // MARK: Weights

    /// The backend a request goes to, by weight: `unit` in [0, 1) lands in a backend's share.
    static func pick(_ backends: [RouteBackendReference], unit: Double) -> Int? {
        let total = backends.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        var point = unit * Double(total)
        for (index, backend) in backends.enumerated() where backend.weight > 0 {
            if point < Double(backend.weight) { return index }
            point -= Double(backend.weight)
        }
        return backends.lastIndex { $0.weight > 0 }
    }
}
