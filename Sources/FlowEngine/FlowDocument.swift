import ClusterModel
import ProxyRules

/// The `kubehops explain --format json` document.
///
/// Its shape is a contract (docs/flow-json.md): fields are added, never renamed or removed, and `schema` changes its
/// version when a field changes meaning.
public struct FlowDocument: Encodable, Sendable {
    public static let schemaVersion = "kubehops.flow/v2"

    public var schema = FlowDocument.schemaVersion
    public var kind: FlowKind
    public var title: String
    public var target: String
    public var request: Int
    public var hops: [HopDocument]
    public var assumptions: [String]
    /// Where the request stopped, when it did.
    public var failure: FailureDocument?
    /// `--spread N`: where N connections landed.
    public var spread: LoadSpread?
    /// The dataplane whose rules the hops show, and how it was chosen; absent when no hop passes them.
    public var proxyMode: ProxyModeChoice?
    /// Gateway flows: the listener, the route rule and the backend chosen, and why.
    public var routing: GatewayDecision?

    public init(_ flow: Flow, spread: LoadSpread? = nil) {
        kind = flow.kind; title = flow.title; target = flow.target; request = flow.request
        hops = flow.hops.map(HopDocument.init)
        assumptions = flow.assumptions
        failure = flow.hops.indices.lazy.compactMap { index in
            flow.hops[index].failure.map { FailureDocument(hop: index, kind: $0.kind, reason: $0.reason) }
        }.first
        self.spread = spread
        proxyMode = flow.proxyMode
        routing = flow.routing
    }

    public struct FailureDocument: Encodable, Sendable {
        /// Index into `hops`.
        public var hop: Int
        public var kind: HopFailure.Kind
        public var reason: String
    }
}

public struct HopDocument: Encodable, Sendable {
    public var from: Place
    public var to: Place
    public var packet: Packet
    public var isReply: Bool
    public var isIllustrative: Bool
    public var sentence: String
    public var details: [String]
    /// The main change (`none`, `dnat`, `masquerade`, …), kept from schema v1.
    public var rewrite: Rewrite
    /// The main actor as text, kept from schema v1.
    public var rewrittenBy: String?
    public var actor: ActorDocument?
    public var rewrites: [RewriteDocument]
    public var rules: [RuleDocument]
    /// The reason text, kept from schema v1; `failureKind` says which kind of stop.
    public var failure: String?
    public var failureKind: HopFailure.Kind?
    public var encapsulation: Packet?
    /// On a DNS answer hop: `{name, records}`.
    public var dnsAnswer: DNSAnswer?
    /// NetworkPolicy verdicts judged on this hop; absent when the input holds no policy.
    public var policy: [HopPolicyVerdict]?

    init(_ hop: Hop) {
        from = hop.from; to = hop.to; packet = hop.packet; isReply = hop.isReply
        isIllustrative = hop.isIllustrative; sentence = hop.sentence; details = hop.details
        rewrite = hop.rewrite; rewrittenBy = hop.rewrittenBy; actor = hop.actor.map(ActorDocument.init)
        rewrites = hop.rewrites.map(RewriteDocument.init)
        rules = hop.rules.map(RuleDocument.init)
        failure = hop.failure?.reason; failureKind = hop.failure?.kind
        encapsulation = hop.encapsulation
        dnsAnswer = hop.answer
        policy = hop.policy.isEmpty ? nil : hop.policy
    }
}

/// An actor, flat: `{"type": "kubeProxyRules", "node": "worker-1", "dataplane": "iptables", "name": "…"}`.
public struct ActorDocument: Encodable, Sendable {
    public var type: String
    public var node: String?
    public var dataplane: Dataplane?
    public var family: BalancerFamily?
    public var pod: ObjectKey?
    public var cni: String?
    /// For a `gateway` actor: the Gateway.
    public var gateway: ObjectKey?
    /// How text renderings name it.
    public var name: String

    init(_ actor: Actor) {
        name = actor.description
        switch actor {
        case .client: type = "client"
        case .clusterDNS: type = "clusterDNS"
        case .externalDNS: type = "externalDNS"
        case .loadBalancer(let family): type = "loadBalancer"; self.family = family
        case .kubeProxyRules(let node, let dataplane):
            type = "kubeProxyRules"; self.node = node; self.dataplane = dataplane
        case .conntrack(let node): type = "conntrack"; self.node = node
        case .cni(let name): type = "cni"; cni = name
        case .ingressController(let pod): type = "ingressController"; self.pod = pod
        case .gateway(let key, let pod): type = "gateway"; gateway = key; self.pod = pod
        }
    }
}

public struct RewriteDocument: Encodable, Sendable {
    public var kind: Rewrite
    public var actor: ActorDocument
    public var before: Packet?
    public var after: Packet
    public var provenance: ProvenanceDocument

    init(_ rewrite: PacketRewrite) {
        kind = rewrite.kind; actor = ActorDocument(rewrite.actor); before = rewrite.before; after = rewrite.after
        provenance = ProvenanceDocument(rewrite.provenance)
    }
}

/// A walked rule, flat: `dataplane`, `table`, `chain`, `text` (as the tool prints it), `matched`.
public struct RuleDocument: Encodable, Sendable {
    public var dataplane: Dataplane
    public var table: String
    public var chain: String
    public var text: String
    public var matched: Bool
    public var whyNot: String?
    public var provenance: ProvenanceDocument

    init(_ walked: WalkedRule) {
        dataplane = walked.rule.dataplane; table = walked.rule.table; chain = walked.rule.chain
        text = walked.rule.text; matched = walked.matched; whyNot = walked.whyNot
        provenance = ProvenanceDocument(walked.provenance)
    }
}

/// `{"kind": "input" | "kubernetesDefault" | "inferred" | "illustrative" | "observed", "detail": "…"}`.
public struct ProvenanceDocument: Encodable, Sendable {
    public var kind: String
    public var detail: String?

    init(_ provenance: Provenance) {
        switch provenance {
        case .input(let from): kind = "input"; detail = from
        case .kubernetesDefault(let what): kind = "kubernetesDefault"; detail = what
        case .inferred(let from): kind = "inferred"; detail = from
        case .illustrative: kind = "illustrative"
        case .observed(let place): kind = "observed"; detail = place
        }
    }
}

extension Flow: Encodable {
    /// Encodes as the documented `FlowDocument`.
    public func encode(to encoder: any Encoder) throws { try FlowDocument(self).encode(to: encoder) }
}
