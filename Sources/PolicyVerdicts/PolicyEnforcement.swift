import ClusterModel

/// Whether anything enforces NetworkPolicy: the CNI does (Calico, Cilium,
/// …), or nothing does (plain flannel), and then policies have no effect.
///
/// Inferred from the CNI's agent pods, so always marked as inferred.
public struct PolicyEnforcement: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case enforced
        /// The recognised CNI enforces nothing: every policy is ignored.
        case notEnforced
        /// No CNI was recognised: verdicts assume policies are enforced.
        case assumed
    }
    public var state: State
    /// The CNI recognised, if any.
    public var cni: String?
    public var explanation: String

    public init(state: State, cni: String?, explanation: String) {
        self.state = state; self.cni = cni; self.explanation = explanation
    }

    public var isEnforced: Bool { state != .notEnforced }

    /// Policy enforcers recognised by agent pod name prefixes.
    private static let enforcers: [(prefix: String, name: String)] = [
        ("calico-node-", "Calico"), ("canal-", "Canal (Calico policy on flannel)"), ("cilium-", "Cilium"),
        ("weave-net-", "Weave Net"), ("antrea-agent-", "Antrea"), ("kube-router-", "kube-router"),
        ("ovnkube-node-", "OVN-Kubernetes"), ("kube-ovn-cni-", "Kube-OVN"), ("aws-node-", "Amazon VPC CNI"),
        ("azure-npm-", "Azure NPM"), ("kindnet-", "kindnet"),
    ]

    /// Detects from the pods (and k3s from node versions: k3s runs its own
    /// policy controller beside its embedded flannel).
    public static func detect(pods: [Pod], nodes: [Node]) -> PolicyEnforcement {
        var flannel = false
        var enforcer: String?
        for pod in pods {
            let name = pod.name
            if name.hasPrefix("kube-flannel-") || name.hasPrefix("kube-flannel-ds-") { flannel = true; continue }
            if enforcer == nil,
                let match = enforcers.first(where: { name.hasPrefix($0.prefix) && !name.hasPrefix("cilium-operator") })
            {
                enforcer = match.name
            }
        }
        let k3s = nodes.contains { ($0.version ?? "").contains("+k3s") || ($0.version ?? "").contains("+rke2") }
        if let enforcer {
            var text = "\(enforcer) enforces NetworkPolicy (recognised from its agent pods; inferred)"
            if enforcer == "kindnet" {
                text =
                    "kindnet enforces NetworkPolicy since kindnet 1.0 / kind 0.24 (inferred from its agent pods; " +
                    "older kind clusters enforce nothing)"
            }
            if enforcer == "Amazon VPC CNI" {
                text = "Amazon VPC CNI enforces NetworkPolicy only with its network policy agent enabled (inferred)"
            }
            return PolicyEnforcement(state: .enforced, cni: enforcer, explanation: text)
        }
        if k3s {
            return PolicyEnforcement(
                state: .enforced, cni: "k3s",
                explanation:
                    "k3s runs its embedded network policy controller (kube-router's) beside flannel (inferred from " +
                    "node versions)"
            )
        }
        if flannel {
            return PolicyEnforcement(
                state: .notEnforced, cni: "flannel",
                explanation:
                    "plain flannel enforces no NetworkPolicy: these policies have no effect, all traffic passes " +
                    "(inferred from kube-flannel pods)"
            )
        }
        return PolicyEnforcement(
            state: .assumed, cni: nil,
            explanation:
                "no CNI recognised in the input: verdicts assume the CNI enforces NetworkPolicy (plain flannel would " +
                "not)"
        )
    }
}
