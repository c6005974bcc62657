import ClusterModel

/// What a Gateway decided for one request: the listener, the route rule, the
/// backend by weight, and the answer when it answered itself.
///
/// Encoded as the flow document's `routing` (docs/flow-json.md).
public struct GatewayDecision: Sendable, Hashable, Codable {
    public struct Backend: Sendable, Hashable, Codable {
        /// `namespace/name:port`.
        public var name: String
        public var weight: Int
        /// The share the weights give it, in percent.
        public var percent: Double
        /// How many of `spreadRequests` requests went to it with this seed.
        public var requests: Int
        public var chosen: Bool
    }

    public var gateway: ObjectKey
    public var request: HTTPRequestLine
    /// The listener's name and port, when one accepted the request.
    public var listener: String?
    public var listenerPort: Int?
    public var route: ObjectKey?
    public var routeKind: String?
    /// 1-based, as people count rules.
    public var rule: Int?
    /// The `matches` entry that held, as text.
    public var match: String?
    /// Filters applied, in order, as text.
    public var filters: [String] = []
    public var backends: [Backend] = []
    public var spreadRequests: Int = 0
    /// The HTTP status the gateway answered itself (404, 500, 503, a redirect); nil when it proxied.
    public var status: Int?
    /// Why the other rules were not chosen.
    public var notChosen: [String] = []
    /// A TLS listener's `tls.mode` (`Passthrough`, `Terminate`) when a TLSRoute routed a TLS connection by
    /// its SNI name (`request.host`); nil for HTTP.
    ///
    /// A TLS connection has no HTTP status: `status` stays nil.
    public var tls: String?

    public init(gateway: ObjectKey, request: HTTPRequestLine) { self.gateway = gateway; self.request = request }
}
