import ClusterModel

/// A route rule's filters applied to the request before it is proxied (or answered by the gateway itself),
/// each named in the lines.
extension GatewayFlow {
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
}
