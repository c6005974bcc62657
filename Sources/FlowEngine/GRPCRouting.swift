import ClusterModel

/// GRPCRoute matching as apis/v1 grpcroute_types.go states it. A gRPC call is an HTTP/2 POST to
/// `/package.Service/Method` with `content-type: application/grpc`; a GRPCRoute matches the call's
/// service and method (Exact by default, case-sensitive; an empty service or method matches any) and
/// its headers (ANDed). Precedence among matching rules: hostname (as for HTTPRoute), then the most
/// characters in a matching service, then in a matching method, then the most header matches.
extension GatewayRouting {
    /// The call a request makes, when it is a gRPC request: its service and method from the path.
    static func grpcCall(_ request: HTTPRequestLine) -> (service: String, method: String)? {
        guard request.isGRPC else { return nil }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// Whether a GRPCRoute match holds for the request, or the first reason it does not.
    static func evaluateGRPC(_ match: RouteMatch, _ request: HTTPRequestLine) -> String? {
        guard request.isGRPC else {
            return "the request is not a gRPC call (no content-type: application/grpc; use --grpc SERVICE/METHOD)"
        }
        guard let call = grpcCall(request) else {
            return "path \(request.path) is not a gRPC call's /package.Service/Method"
        }
        if let wanted = match.grpcMethod {
            let regex = wanted.type == "RegularExpression"
            guard regex || wanted.type == "Exact" else {
                return "method match type \(wanted.type) is not in the spec (Exact, RegularExpression)"
            }
            func holds(_ pattern: String?, _ value: String) -> Bool {
                guard let pattern else { return true }
                return regex ? wholeMatch(pattern, value) : pattern == value
            }
            if !holds(wanted.service, call.service) {
                return "service \(call.service) is not \(wanted.type) \(wanted.service ?? "")"
            }
            if !holds(wanted.method, call.method) {
                return "method \(call.method) is not \(wanted.type) \(wanted.method ?? "")"
            }
        }
        return headersMismatch(match.headers, request)
    }

    /// The sort key of a matching GRPCRoute match, larger wins: service characters, method characters,
    /// header matches (the characters of the match's value: for a RegularExpression, its pattern's).
    static func grpcMatchKey(_ match: RouteMatch) -> [Int] {
        [match.grpcMethod?.service?.count ?? 0, match.grpcMethod?.method?.count ?? 0, distinctHeaders(match).count]
    }

    static let grpcPrecedenceReasons = [
        "a match on a longer service takes precedence", "a match on a longer method takes precedence",
        "more header matches take precedence",
    ]

    /// `method Exact com.example.User/* , header x-tenant=a`.
    static func describeGRPC(_ match: RouteMatch) -> String {
        var parts: [String] = []
        if let method = match.grpcMethod {
            parts.append("method \(method.type) \(method.service ?? "*")/\(method.method ?? "*")")
        } else {
            parts.append("any gRPC method")
        }
        parts += match.headers.map { "header \($0.name)\($0.type == "Exact" ? "=" : " ~ ")\($0.value)" }
        return parts.joined(separator: ", ")
    }

    /// A rule's header matches as the spec counts them: "If multiple entries specify equivalent header
    /// names, only the first entry with an equivalent name MUST be considered" (names are case-insensitive).
    static func distinctHeaders(_ match: RouteMatch) -> [RouteValueMatch] {
        var seen: Set<String> = []
        return match.headers.filter { seen.insert($0.name.lowercased()).inserted }
    }

    /// The first header match (of the distinct ones) the request fails, as a reason; nil when all hold.
    static func headersMismatch(_ headers: [RouteValueMatch], _ request: HTTPRequestLine) -> String? {
        var seen: Set<String> = []
        for header in headers where seen.insert(header.name.lowercased()).inserted {
            guard let value = request.header(header.name) else {
                return "header \(header.name) wanted (\(header.type) \(header.value)), the request has none"
            }
            if !valueMatches(header, value) {
                return "header \(header.name): \(value) is not \(header.type) \(header.value)"
            }
        }
        return nil
    }
}

extension RouteMatch {
    /// The match as the spec's fields read, for a route of `kind` (details panels, describe).
    public func text(kind: HTTPRoute.Kind) -> String { GatewayRouting.describe(self, kind: kind) }
}
