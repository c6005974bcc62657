/// Gateway API objects (gateway.networking.k8s.io/v1, standard channel): the
/// records a gateway flow needs, as the input showed them. Fields a table does
/// not print stay empty and `detailsKnown` says so, so a flow can tell "no
/// listeners" from "listeners not shown".

/// `kubectl get gatewayclass`: NAME CONTROLLER ACCEPTED AGE.
public struct GatewayClass: Sendable, Hashable, Codable {
    public var name: String
    /// `spec.controllerName`, such as `gateway.envoyproxy.io/gatewayclass-controller`.
    public var controllerName: String?
    /// The `Accepted` condition's status (`True`, `False`, `Unknown`).
    public var accepted: String?
    public var age: Age?
    public var origin: SourceLocation?
    public init(name: String) { self.name = name }
}

/// One listener of a Gateway: where it accepts connections and which routes may attach.
public struct GatewayListener: Sendable, Hashable, Codable {
    public var name: String
    public var port: Int
    /// `HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`.
    public var `protocol`: String
    /// nil matches every host; `*.example.com` matches any name below example.com.
    public var hostname: String?
    /// `allowedRoutes.namespaces.from`: `Same` (the default), `All` or `Selector`.
    public var allowedNamespaces: String?
    /// `allowedRoutes.namespaces.selector.matchLabels` when `from` is `Selector`.
    public var allowedNamespaceLabels: [String: String]?
    /// `allowedRoutes.kinds[].kind`; empty means the protocol's default kinds.
    public var allowedKinds: [String] = []
    /// `tls.mode`: `Terminate` (the default) or `Passthrough`; a TLS listener must say which.
    public var tlsMode: String?
    public init(name: String, port: Int, protocol: String, hostname: String? = nil) {
        self.name = name; self.port = port; self.protocol = `protocol`; self.hostname = hostname
    }
}

public struct Gateway: Sendable, Hashable, Codable {
    public var key: ObjectKey
    /// `spec.gatewayClassName` (CLASS).
    public var className: String?
    public var listeners: [GatewayListener] = []
    /// `status.addresses[].value` (ADDRESS): what the implementation published.
    public var addresses: [String] = []
    /// The `Programmed` condition's status (PROGRAMMED).
    public var programmed: String?
    /// True when the input showed the spec (JSON/YAML): a table shows no listeners.
    public var detailsKnown = false
    public var age: Age?
    public var creationTimestamp: String?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?
    public init(key: ObjectKey) { self.key = key }
}

/// A route's `parentRefs` entry: the Gateway (and optionally its listener) it attaches to.
public struct RouteParentReference: Sendable, Hashable, Codable {
    public var name: String
    /// nil: the route's own namespace.
    public var namespace: String?
    /// The listener's name (`sectionName`), nil for every listener.
    public var sectionName: String?
    public var port: Int?
    /// `Gateway` unless said otherwise.
    public var kind: String?
    public init(name: String, namespace: String? = nil, sectionName: String? = nil, port: Int? = nil) {
        self.name = name; self.namespace = namespace; self.sectionName = sectionName; self.port = port
    }
}

/// A string matched as the spec's match types say (`Exact`, `PathPrefix`, `RegularExpression`).
public struct RouteValueMatch: Sendable, Hashable, Codable {
    public var type: String
    /// The header or query parameter name; empty for a path.
    public var name: String
    public var value: String
    public init(type: String, name: String = "", value: String) {
        self.type = type; self.name = name; self.value = value
    }
}

/// A GRPCRoute's `method` match (apis/v1 grpcroute_types.go): the call's service and method,
/// compared `Exact` (the default) or by `RegularExpression`.
///
/// nil or empty matches any.
public struct GRPCMethodMatch: Sendable, Hashable, Codable {
    public var type: String
    /// `package.Service`, such as `com.example.User`.
    public var service: String?
    public var method: String?
    public init(type: String = "Exact", service: String? = nil, method: String? = nil) {
        self.type = type
        self.service = service.flatMap { $0.isEmpty ? nil : $0 }
        self.method = method.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One entry of a rule's `matches`: every condition in it must hold (AND).
public struct RouteMatch: Sendable, Hashable, Codable {
    /// nil: the spec's default, `PathPrefix /`.
    public var path: RouteValueMatch?
    public var headers: [RouteValueMatch] = []
    public var queryParams: [RouteValueMatch] = []
    /// `GET`, `POST`, …; nil matches every method.
    public var method: String?
    /// A GRPCRoute match's `method` (nil matches every call); its headers are `headers`.
    public var grpcMethod: GRPCMethodMatch?
    public init(
        path: RouteValueMatch? = nil, headers: [RouteValueMatch] = [], queryParams: [RouteValueMatch] = [],
        method: String? = nil
    ) {
        self.path = path; self.headers = headers; self.queryParams = queryParams; self.method = method
    }
}

/// A filter of a rule (or of one backend): its type and, for the core and extended ones, what it does.
public struct RouteFilter: Sendable, Hashable, Codable {
    /// The filter kind: `RequestHeaderModifier`, `ResponseHeaderModifier`, `RequestRedirect`, `URLRewrite`, and so on.
    public var type: String
    /// `RequestHeaderModifier` / `ResponseHeaderModifier`.
    public var headers: HeaderModifier?
    public var redirect: Redirect?
    public var rewrite: Rewrite?
    /// `RequestMirror`: the mirrored backend (`name:port`).
    public var mirror: String?
    public init(type: String) { self.type = type }

    public struct HeaderModifier: Sendable, Hashable, Codable {
        public var set: [RouteValueMatch] = []
        public var add: [RouteValueMatch] = []
        public var remove: [String] = []
        public init() {}
    }
    /// A path modifier: `ReplaceFullPath` or `ReplacePrefixMatch` with its value.
    public struct PathModifier: Sendable, Hashable, Codable {
        public var type: String
        public var value: String
        public init(type: String, value: String) { self.type = type; self.value = value }
    }
    public struct Redirect: Sendable, Hashable, Codable {
        public var scheme: String?
        public var hostname: String?
        public var port: Int?
        public var path: PathModifier?
        /// 302 when not given (the spec's default).
        public var statusCode: Int?
        public init() {}
    }
    public struct Rewrite: Sendable, Hashable, Codable {
        public var hostname: String?
        public var path: PathModifier?
        public init() {}
    }
}

/// One `backendRefs` entry: a Service (by default) with its port and weight.
public struct RouteBackendReference: Sendable, Hashable, Codable {
    public var name: String
    /// nil: the route's namespace.
    ///
    /// Another namespace needs a ReferenceGrant there.
    public var namespace: String?
    /// `Service` unless said otherwise.
    public var kind: String
    /// `""` (the core group) unless said otherwise.
    public var group: String
    public var port: Int?
    /// The share of requests, relative to the rule's other backends (default 1; 0 sends none).
    public var weight: Int
    public var filters: [RouteFilter] = []
    public init(name: String, namespace: String? = nil, port: Int? = nil, weight: Int = 1) {
        self.name = name; self.namespace = namespace; self.port = port; self.weight = weight
        self.kind = "Service"; self.group = ""
    }
}

public struct RouteRule: Sendable, Hashable, Codable {
    /// `name` (optional in the spec).
    public var name: String?
    /// Any one of them selects the rule (OR); empty means `PathPrefix /`.
    public var matches: [RouteMatch] = []
    public var filters: [RouteFilter] = []
    public var backendRefs: [RouteBackendReference] = []
    public init(name: String? = nil) { self.name = name }
}

/// HTTPRoute, GRPCRoute and TLSRoute.
///
/// A GRPCRoute's matches carry `grpcMethod` and headers, never a path: its precedence (service, then method characters)
/// is not an HTTP path's. A TLSRoute (apis/v1 and v1alpha2 tlsroute_types.go) has no matches: its `hostnames` are SNI
/// names, its one rule only backendRefs.
public struct HTTPRoute: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case http = "HTTPRoute", grpc = "GRPCRoute", tls = "TLSRoute"
    }
    public var kind: Kind
    public var key: ObjectKey
    public var parentRefs: [RouteParentReference] = []
    /// `spec.hostnames`; empty matches every host the listener accepts.
    public var hostnames: [String] = []
    public var rules: [RouteRule] = []
    /// True when the input showed the spec (JSON/YAML): a table shows only the hostnames.
    public var detailsKnown = false
    /// `metadata.creationTimestamp` (RFC 3339, so text order is time order): the spec's tie-break.
    public var creationTimestamp: String?
    /// `status.parents[].conditions` of type `ResolvedRefs` with status False: their reasons.
    public var unresolvedRefs: [String] = []
    public var age: Age?
    public var extra: [String: String] = [:]
    public var origin: SourceLocation?
    public init(kind: Kind = .http, key: ObjectKey) { self.kind = kind; self.key = key }
}

/// ReferenceGrant (v1 since Gateway API 1.5, v1beta1 before): lets objects of
/// the `from` namespaces refer to the `to` kinds in the grant's own namespace.
public struct ReferenceGrant: Sendable, Hashable, Codable {
    public struct From: Sendable, Hashable, Codable {
        public var group: String
        public var kind: String
        public var namespace: String
        public init(group: String, kind: String, namespace: String) {
            self.group = group; self.kind = kind; self.namespace = namespace
        }
    }
    public struct To: Sendable, Hashable, Codable {
        public var group: String
        public var kind: String
        /// nil: every object of the kind.
        public var name: String?
        public init(group: String, kind: String, name: String? = nil) {
            self.group = group; self.kind = kind; self.name = name
        }
    }
    public var key: ObjectKey
    public var from: [From] = []
    public var to: [To] = []
    /// True when the input showed the spec; a table row shows only the name.
    public var detailsKnown = false
    public var age: Age?
    public var origin: SourceLocation?
    public init(key: ObjectKey) { self.key = key }

    /// Whether this grant lets a `kind` in `namespace` refer to a Service named `service` here.
    public func allows(routeKind: String, from namespace: String, toService service: String) -> Bool {
        from.contains { $0.group == "gateway.networking.k8s.io" && $0.kind == routeKind && $0.namespace == namespace }
            && to.contains {
                ($0.group.isEmpty || $0.group == "core") && $0.kind == "Service" && ($0.name ?? service) == service
            }
    }
}

extension RouteParentReference {
    /// Whether this entry names `gateway`: kind Gateway (the default), same name, and the
    /// route's own namespace when the entry gives none (the spec's default).
    public func names(_ gateway: Gateway, routeNamespace: String) -> Bool {
        (kind ?? "Gateway") == "Gateway" && name == gateway.key.name
            && (namespace ?? routeNamespace) == gateway.key.effectiveNamespace
    }
}

extension HTTPRoute {
    /// Whether a parentRef names the Gateway (attachment to a listener is decided by the flow:
    /// sectionName, port and allowedRoutes can still refuse it).
    public func refers(to gateway: Gateway) -> Bool {
        parentRefs.contains { $0.names(gateway, routeNamespace: key.effectiveNamespace) }
    }
}
