import ClusterModel

/// Gateway API objects (JSON/YAML) → records: GatewayClass, Gateway, HTTPRoute,
/// GRPCRoute, TLSRoute, ReferenceGrant.
///
/// Defaults the CRDs apply (a rule without matches is `PathPrefix /`, a backend's weight is 1) are written in, as the
/// API server would have stored them.
enum GatewayObjects {
    static let kinds: Set<String> = [
        "GatewayClass", "Gateway", "HTTPRoute", "GRPCRoute", "TLSRoute", "ReferenceGrant",
    ]

    static func decode(_ object: KubeValue, kind: String, key: ObjectKey, origin: SourceLocation) -> DecodedRecord? {
        switch kind {
        case "GatewayClass": .gatewayClass(gatewayClass(object, name: key.name, origin: origin))
        case "Gateway": .gateway(gateway(object, key: key, origin: origin))
        case "HTTPRoute": .route(route(object, kind: .http, key: key, origin: origin))
        case "GRPCRoute": .route(route(object, kind: .grpc, key: key, origin: origin))
        // v1alpha2, v1alpha3 and v1 (standard since Gateway API 1.5) share the fields read here.
        case "TLSRoute": .route(route(object, kind: .tls, key: key, origin: origin))
        case "ReferenceGrant": .referenceGrant(referenceGrant(object, key: key, origin: origin))
        default: nil
        }
    }

    /// The status of the condition of `type` in `conditions`.
    static func condition(_ conditions: KubeValue, _ type: String) -> KubeValue? {
        conditions.list.first { $0["type"].string == type }
    }

    static func gatewayClass(_ object: KubeValue, name: String, origin: SourceLocation) -> GatewayClass {
        var record = GatewayClass(name: name)
        record.controllerName = object["spec"]["controllerName"].string
        record.accepted = condition(object["status"]["conditions"], "Accepted")?["status"].string
        record.origin = origin
        return record
    }

    static func gateway(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> Gateway {
        let spec = object["spec"]
        var gateway = Gateway(key: key)
        gateway.detailsKnown = true
        gateway.className = spec["gatewayClassName"].string
        gateway.listeners = spec["listeners"].list.compactMap { item in
            guard let port = item["port"].int, let name = item["name"].string else { return nil }
            var listener = GatewayListener(
                name: name, port: port, protocol: item["protocol"].string ?? "HTTP", hostname: item["hostname"].string)
            let namespaces = item["allowedRoutes"]["namespaces"]
            listener.allowedNamespaces = namespaces["from"].string
            listener.allowedNamespaceLabels = namespaces["selector"]["matchLabels"].stringMap
            listener.allowedKinds = item["allowedRoutes"]["kinds"].list.compactMap { $0["kind"].string }
            let tls = item["tls"]
            if !tls.isNull { listener.tlsMode = tls["mode"].string ?? "Terminate" }
            return listener
        }
        gateway.addresses = object["status"]["addresses"].list.compactMap { $0["value"].string }
        if gateway.addresses.isEmpty {
            // Requested addresses (`spec.addresses`) until the implementation publishes its own.
            gateway.addresses = spec["addresses"].list.compactMap { $0["value"].string }
        }
        gateway.programmed = condition(object["status"]["conditions"], "Programmed")?["status"].string
        gateway.creationTimestamp = object["metadata"]["creationTimestamp"].string
        gateway.origin = origin
        return gateway
    }

    static func route(_ object: KubeValue, kind: HTTPRoute.Kind, key: ObjectKey, origin: SourceLocation) -> HTTPRoute {
        let spec = object["spec"]
        var route = HTTPRoute(kind: kind, key: key)
        route.detailsKnown = true
        route.parentRefs = spec["parentRefs"].list.compactMap { item in
            guard let name = item["name"].string else { return nil }
            var parent = RouteParentReference(
                name: name, namespace: item["namespace"].string, sectionName: item["sectionName"].string,
                port: item["port"].int)
            parent.kind = item["kind"].string
            return parent
        }
        route.hostnames = spec["hostnames"].list.compactMap(\.string)
        let rules = spec["rules"].list
        route.rules = rules.map { self.rule($0, kind: kind) }
        if rules.isEmpty, !spec.isNull { route.rules = [RouteRule()] }
        route.creationTimestamp = object["metadata"]["creationTimestamp"].string
        for parent in object["status"]["parents"].list {
            guard let resolved = condition(parent["conditions"], "ResolvedRefs"), resolved["status"].string == "False"
            else { continue }
            route.unresolvedRefs.append(
                [resolved["reason"].string, resolved["message"].string].compactMap { $0 }.joined(separator: ": "))
        }
        route.origin = origin
        return route
    }

    static func rule(_ value: KubeValue, kind: HTTPRoute.Kind) -> RouteRule {
        var rule = RouteRule(name: value["name"].string)
        // A TLSRoute rule has no matches (its hostnames are the SNI match) and no filters.
        if kind != .tls {
            rule.matches = value["matches"].list.map { kind == .grpc ? grpcMatch($0) : httpMatch($0) }
            rule.filters = value["filters"].list.compactMap(filter)
        }
        rule.backendRefs = value["backendRefs"].list.compactMap { item in
            guard let name = item["name"].string else { return nil }
            var backend = RouteBackendReference(
                name: name, namespace: item["namespace"].string, port: item["port"].int,
                weight: max(0, item["weight"].int ?? 1))
            backend.kind = item["kind"].string ?? "Service"
            backend.group = item["group"].string ?? ""
            backend.filters = item["filters"].list.compactMap(filter)
            return backend
        }
        return rule
    }

    static func valueMatches(_ list: KubeValue) -> [RouteValueMatch] {
        list.list.compactMap { item in
            guard let name = item["name"].string else { return nil }
            return RouteValueMatch(type: item["type"].string ?? "Exact", name: name, value: item["value"].string ?? "")
        }
    }

    static func httpMatch(_ value: KubeValue) -> RouteMatch {
        var match = RouteMatch()
        let path = value["path"]
        if !path.isNull {
            match.path = RouteValueMatch(type: path["type"].string ?? "PathPrefix", value: path["value"].string ?? "/")
        }
        match.headers = valueMatches(value["headers"])
        match.queryParams = valueMatches(value["queryParams"])
        match.method = value["method"].string
        return match
    }

    /// A GRPCRoute match: `method` (type Exact by default; an empty service or method matches any) and headers.
    static func grpcMatch(_ value: KubeValue) -> RouteMatch {
        var match = RouteMatch()
        let method = value["method"]
        if !method.isNull {
            let parsed = GRPCMethodMatch(
                type: method["type"].string ?? "Exact", service: method["service"].string,
                method: method["method"].string)
            if parsed.service != nil || parsed.method != nil { match.grpcMethod = parsed }
        }
        match.headers = valueMatches(value["headers"])
        return match
    }

    static func headerModifier(_ value: KubeValue) -> RouteFilter.HeaderModifier {
        var modifier = RouteFilter.HeaderModifier()
        modifier.set = valueMatches(value["set"])
        modifier.add = valueMatches(value["add"])
        modifier.remove = value["remove"].list.compactMap(\.string)
        return modifier
    }

    static func pathModifier(_ value: KubeValue) -> RouteFilter.PathModifier? {
        guard let type = value["type"].string else { return nil }
        let text = type == "ReplaceFullPath" ? value["replaceFullPath"].string : value["replacePrefixMatch"].string
        return RouteFilter.PathModifier(type: type, value: text ?? "/")
    }

    static func filter(_ value: KubeValue) -> RouteFilter? {
        guard let type = value["type"].string else { return nil }
        var filter = RouteFilter(type: type)
        switch type {
        case "RequestHeaderModifier": filter.headers = headerModifier(value["requestHeaderModifier"])
        case "ResponseHeaderModifier": filter.headers = headerModifier(value["responseHeaderModifier"])
        case "RequestRedirect":
            let spec = value["requestRedirect"]
            var redirect = RouteFilter.Redirect()
            redirect.scheme = spec["scheme"].string
            redirect.hostname = spec["hostname"].string
            redirect.port = spec["port"].int
            redirect.path = pathModifier(spec["path"])
            redirect.statusCode = spec["statusCode"].int
            filter.redirect = redirect
        case "URLRewrite":
            let spec = value["urlRewrite"]
            var rewrite = RouteFilter.Rewrite()
            rewrite.hostname = spec["hostname"].string
            rewrite.path = pathModifier(spec["path"])
            filter.rewrite = rewrite
        case "RequestMirror":
            let backend = value["requestMirror"]["backendRef"]
            filter.mirror = backend["name"].string.map { name in backend["port"].int.map { "\(name):\($0)" } ?? name }
        default: break
        }
        return filter
    }

    static func referenceGrant(_ object: KubeValue, key: ObjectKey, origin: SourceLocation) -> ReferenceGrant {
        var grant = ReferenceGrant(key: key)
        grant.detailsKnown = true
        let spec = object["spec"]
        grant.from = spec["from"].list.compactMap { item in
            guard let kind = item["kind"].string, let namespace = item["namespace"].string else { return nil }
            return ReferenceGrant.From(group: item["group"].string ?? "", kind: kind, namespace: namespace)
        }
        grant.to = spec["to"].list.compactMap { item in
            guard let kind = item["kind"].string else { return nil }
            return ReferenceGrant.To(group: item["group"].string ?? "", kind: kind, name: item["name"].string)
        }
        grant.origin = origin
        return grant
    }
}
