import ClusterModel

/// An Ingress written as Gateway API objects, the way a migration tool
/// (ingress2gateway) writes them: one Gateway per ingress class with an HTTP
/// listener per host (HTTPS too for TLS hosts), one HTTPRoute per host whose
/// rules are the Ingress paths, and a catch-all route for the default backend.
///
/// `differences` names what does not carry over unchanged.
public struct IngressMigration: Sendable {
    public var ingress: Ingress
    public var gateway: Gateway
    public var routes: [HTTPRoute]
    /// Where the two APIs behave differently for this Ingress, one sentence each.
    public var differences: [String]

    /// ingress-nginx annotations a converter turns into Gateway API fields (what they become).
    static let converted: [String: String] = [
        "nginx.ingress.kubernetes.io/rewrite-target": "a URLRewrite filter (simple targets only; capture groups "
            + "such as $2 have no equivalent)",
        "nginx.ingress.kubernetes.io/ssl-redirect": "a RequestRedirect filter (scheme https) on the HTTP listener",
        "nginx.ingress.kubernetes.io/force-ssl-redirect": "a RequestRedirect filter (scheme https) on the HTTP "
            + "listener",
        "nginx.ingress.kubernetes.io/canary": "backendRefs weights in one HTTPRoute (a canary is a second Ingress)",
        "nginx.ingress.kubernetes.io/canary-weight": "a backendRefs weight",
        "nginx.ingress.kubernetes.io/canary-by-header": "a header match on a rule of its own",
    ]

    public init(_ ingress: Ingress) {
        self.ingress = ingress
        let namespace = ingress.key.namespace
        let className = ingress.className ?? "nginx"
        var gateway = Gateway(key: ObjectKey(namespace: namespace, name: className))
        gateway.className = className
        gateway.detailsKnown = true
        let hosts = Self.hosts(of: ingress)
        for host in hosts {
            let label = host.map(Self.dashed) ?? "all-hosts"
            gateway.listeners.append(GatewayListener(name: "\(label)-http", port: 80, protocol: "HTTP", hostname: host))
            if let host, ingress.tlsHosts.contains(host) {
                var https = GatewayListener(name: "\(label)-https", port: 443, protocol: "HTTPS", hostname: host)
                https.tlsMode = "Terminate"  // the YAML's tls block: the Ingress's secret, TLS ended at the gateway
                gateway.listeners.append(https)
            }
        }
        if gateway.listeners.isEmpty || ingress.defaultBackend != nil, !hosts.contains(nil) {
            gateway.listeners.append(GatewayListener(name: "http", port: 80, protocol: "HTTP"))
        }
        gateway.addresses = ingress.addresses
        var routes: [HTTPRoute] = []
        for host in hosts {
            var route = HTTPRoute(
                kind: .http,
                key: ObjectKey(
                    namespace: namespace, name: "\(ingress.key.name)-\(host.map(Self.dashed) ?? "all-hosts")"))
            route.detailsKnown = true
            route.parentRefs = [RouteParentReference(name: className, namespace: namespace)]
            route.hostnames = host.map { [$0] } ?? []
            route.rules = ingress.rules.filter { ($0.host.flatMap { $0 == "*" ? nil : $0 }) == host }.map(Self.rule)
            routes.append(route)
        }
        if let fallback = ingress.defaultBackend {
            var route = HTTPRoute(
                kind: .http, key: ObjectKey(namespace: namespace, name: "\(ingress.key.name)-default"))
            route.detailsKnown = true
            route.parentRefs = [RouteParentReference(name: className, namespace: namespace)]
            var rule = RouteRule()
            rule.backendRefs = [Self.backend(fallback)]
            route.rules = [rule]
            routes.append(route)
        }
        self.gateway = gateway
        self.routes = routes
        self.differences = Self.differences(ingress, routes: routes)
    }

    /// The hosts of the rules in order (nil: a rule for any host).
    static func hosts(of ingress: Ingress) -> [String?] {
        var seen: [String?] = []
        for rule in ingress.rules {
            let host = rule.host.flatMap { $0 == "*" || $0.isEmpty ? nil : $0 }
            if !seen.contains(host) { seen.append(host) }
        }
        return seen
    }

    /// `shop.example.com` → `shop-example-com`, `*.apps.example.com` → `wildcard-apps-example-com`.
    static func dashed(_ host: String) -> String {
        let name = host.hasPrefix("*.") ? "wildcard." + host.dropFirst(2) : Substring(host)
        return String(name.map { $0.isLetter || $0.isNumber ? Character($0.lowercased()) : "-" })
    }

    static func backend(_ rule: IngressRule) -> RouteBackendReference {
        var port: Int?
        if case .number(let number) = rule.servicePort { port = number }
        return RouteBackendReference(name: rule.serviceName, port: port)
    }

    /// Prefix → PathPrefix, Exact → Exact; ImplementationSpecific (and no type) → PathPrefix, as converters do.
    static func rule(_ rule: IngressRule) -> RouteRule {
        var converted = RouteRule()
        let type = rule.pathType == "Exact" ? "Exact" : "PathPrefix"
        converted.matches = [RouteMatch(path: RouteValueMatch(type: type, value: rule.path))]
        converted.backendRefs = [backend(rule)]
        return converted
    }

    /// Where the converted objects behave differently from the Ingress, one sentence each: matching, backends,
    /// TLS, annotations, and the Gateway's own address.
    static func differences(_ ingress: Ingress, routes: [HTTPRoute]) -> [String] {
        matchingDifferences(ingress) + backendDifferences(ingress) + tlsDifferences(ingress)
            + annotationDifferences(ingress) + [
                "The Gateway gets its own address from its implementation (a new LoadBalancer Service): DNS for the " +
                "hosts has to move to it. Here it is shown with the Ingress's address for comparison."
            ]
    }

    /// How hosts and paths match: unknown rules, ImplementationSpecific paths, wildcard hosts.
    static func matchingDifferences(_ ingress: Ingress) -> [String] {
        var notes: [String] = []
        if ingress.rules.isEmpty, ingress.defaultBackend == nil {
            notes.append(
                "The Ingress's rules are not in the input (a table shows only its hosts; `kubectl get ingress " +
                "\(ingress.key.name) -o yaml` has them): the converted objects have no routes to compare.")
        }
        if ingress.rules.contains(where: { $0.pathType == "ImplementationSpecific" || $0.pathType == nil }) {
            notes.append(
                "Paths of type ImplementationSpecific (or without a type) become PathPrefix: Gateway API matches " +
                "whole segments (/app matches /app/x, never /apple), while the controller decides for " +
                "ImplementationSpecific (ingress-nginx: a plain string prefix, or a regular expression with " +
                "use-regex).")
        }
        if ingress.rules.contains(where: { $0.host?.hasPrefix("*.") == true }) {
            notes.append(
                "A wildcard host: in an Ingress *.example.com matches exactly one label (a.example.com, not " +
                "a.b.example.com); as a Gateway API hostname it matches any number of labels.")
        }
        return notes
    }

    /// Where unmatched requests go (the default backend or a 404), and service ports named by name.
    static func backendDifferences(_ ingress: Ingress) -> [String] {
        var notes: [String] = []
        if ingress.defaultBackend != nil {
            notes.append(
                "The default backend becomes a catch-all HTTPRoute without hostnames on a listener without a " +
                "hostname: it serves every host and path no other route matches, as the Ingress did.")
        } else {
            notes.append(
                "No default backend: an unmatched request gets 404 from both, from ingress-nginx's own default " +
                "backend before, from the Gateway (the spec's rule) after.")
        }
        let named = ingress.rules.compactMap(\.servicePort).first { if case .name = $0 { true } else { false } }
        if let port = named {
            notes.append(
                "The Ingress names the service port \(port) by name; a backendRef needs the port number, so the " +
                "converted route has none until it is filled in.")
        }
        return notes
    }

    /// TLS hosts: an HTTPS listener with the same Secret, and ingress-nginx's redirect to https that a Gateway
    /// does not make.
    static func tlsDifferences(_ ingress: Ingress) -> [String] {
        guard !ingress.tlsHosts.isEmpty else { return [] }
        var notes = [
            "TLS for \(ingress.tlsHosts.joined(separator: ", ")) moves to an HTTPS listener of the Gateway with " +
            "the same Secret in certificateRefs (the Secret must be in the Gateway's namespace or granted by a " +
            "ReferenceGrant)."
        ]
        if ingress.annotations?["nginx.ingress.kubernetes.io/ssl-redirect"] != "false" {
            notes.append(
                "ingress-nginx redirects http:// to https:// (308) for TLS hosts unless ssl-redirect is \"false\"; a " +
                "Gateway redirects only where a rule has a RequestRedirect filter (not written here).")
        }
        return notes
    }

    /// Each controller annotation: nothing needed, a Gateway API field to add by hand, or no equivalent; or
    /// that the annotations are not in the input.
    static func annotationDifferences(_ ingress: Ingress) -> [String] {
        guard let annotations = ingress.annotations else {
            return [
                "The Ingress's annotations are not in the input (a table does not show them; " +
                "`\(KubectlHint.yaml("ingress", ingress.key))` does): controller " +
                "settings they hold are not compared."
            ]
        }
        let keys = annotations.keys.filter {
            $0.hasPrefix("nginx.ingress.kubernetes.io/") || $0.hasPrefix("ingress.kubernetes.io/")
        }.sorted()
        let redirects = ["nginx.ingress.kubernetes.io/ssl-redirect", "nginx.ingress.kubernetes.io/force-ssl-redirect"]
        return keys.map { key in
            if redirects.contains(key), annotations[key] == "false" {
                return "Annotation \(key): \"false\" needs nothing: a Gateway never redirects to https unless a " +
                    "rule says so."
            }
            if let equivalent = converted[key] {
                return "Annotation \(key) needs \(equivalent); the converted routes here do not carry it, add it by " +
                    "hand."
            }
            return "Annotation \(key) has no Gateway API equivalent: it needs the implementation's own policy " +
                "(Envoy Gateway: BackendTrafficPolicy/ClientTrafficPolicy/SecurityPolicy) or is dropped."
        }
    }

    /// The cluster with the converted Gateway and routes added, to replay requests through them.
    public func cluster(adding base: Cluster) -> Cluster {
        var resources = base.resources
        resources.upsert(gateway)
        for route in routes { resources.upsert(route) }
        return Cluster(resources: resources, diagnostics: base.diagnostics)
    }
}
