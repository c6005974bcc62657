import ClusterModel

/// The JSON shapes of `kubehops policy --format json` (schema `kubehops.policy/v1`):
/// stable names, the verdict data as it is, plus what a script asks first.
public struct PairReport: Sendable, Codable {
    public var schema = "kubehops.policy/v1"
    /// What the cluster does with the connection (true also when the CNI enforces no policy).
    public var allowed: Bool
    public var verdict: Verdict
    /// What the policies decide, whether or not they are enforced.
    public var policyVerdict: Verdict
    public var source: String
    public var destination: String
    public var port: String
    public var egress: DirectionReport?
    public var ingress: DirectionReport?
    public var enforcement: PolicyEnforcement
    public var remedy: String?
    public var notes: [String]

    public init(_ verdict: ConnectionVerdict) {
        allowed = verdict.allowed
        self.verdict = verdict.verdict
        policyVerdict = verdict.policyVerdict
        source = verdict.source
        destination = verdict.destination
        port = verdict.port
        egress = verdict.egress.map(DirectionReport.init)
        ingress = verdict.ingress.map(DirectionReport.init)
        enforcement = verdict.enforcement
        remedy = verdict.blockingDirection.flatMap {
            verdict.policyVerdict == .allowed ? nil : PolicyText.remedy($0, verdict)
        }
        notes = verdict.notes
    }
}

public struct DirectionReport: Sendable, Codable {
    public var pod: String
    public var allowed: Bool
    public var verdict: Verdict
    public var decidedBy: DecidingTier
    /// The deciding policies by name (`ns/name` for NetworkPolicies).
    public var policies: [String]
    public var rules: [PolicyRuleRef]
    public var steps: [TierStep]
    public var notes: [String]

    public init(_ direction: DirectionVerdict) {
        pod = direction.pod
        allowed = direction.verdict == .allowed
        verdict = direction.verdict
        decidedBy = direction.decidedBy
        var seen = Set<String>()
        policies = direction.deciding.map(\.name).filter { seen.insert($0).inserted }
        rules = direction.deciding
        steps = direction.steps
        notes = direction.notes
    }
}

public struct MatrixReport: Sendable, Codable {
    public struct Group: Sendable, Codable {
        public var name: String
        public var namespace: String
        public var labels: [String: String]?
        public var hostNetwork: Bool
        public var pods: [String]
    }
    public var schema = "kubehops.policy-matrix/v1"
    public var port: PortQuery
    public var groups: [Group]
    /// `[row][column]`: the row group as source, the column group as destination.
    public var egress: [[Verdict]]
    public var ingress: [[Verdict]]
    public var combined: [[Verdict]]
    public var enforcement: PolicyEnforcement

    public init(_ matrix: ReachabilityMatrix) {
        port = matrix.port
        groups = matrix.groups.enumerated().map { index, group in
            Group(
                name: PolicyText.groupName(index), namespace: group.namespace, labels: group.labels,
                hostNetwork: group.hostNetwork,
                pods: group.pods)
        }
        let count = matrix.groups.count
        func rows(_ cells: [Verdict]) -> [[Verdict]] { (0..<count).map { Array(cells[$0 * count..<($0 + 1) * count]) } }
        egress = rows(matrix.egress)
        ingress = rows(matrix.ingress)
        combined = rows(matrix.combined)
        enforcement = matrix.enforcement
    }
}
