import ClusterModel
import ProxyRules

/// A node's real rules dump (`--node-rules NODE=FILE`): what was read, and from where.
public struct NodeRulesInput: Sendable, Hashable {
    public var dump: NodeRulesDump
    public var source: String
    public init(dump: NodeRulesDump, source: String) { self.dump = dump; self.source = source }
}

/// Where a node's real rules disagree with the kubectl picture for one service port, each said with
/// its likely cause: the debugger's "why does my NodePort not answer on this node".
enum NodeRulesCheck {
    static func disagreements(
        _ given: NodeRulesInput, spec: ServicePortSpec, node: String, family: IPPrefix.Family, shownMode: Dataplane
    ) -> [String] {
        let name = "\(spec.service) port \(spec.port)"
        let expected = Set(spec.endpoints.map(\.hostPort))
        guard let clusterIP = spec.clusterIPs.first(where: { IPPrefix($0)?.family == family }) else { return [] }
        switch given.dump {
        case .iptables(let dump):
            var notes = ["The rules walked are \(node)'s own, read from \(given.source) (iptables-save)."]
            if shownMode != .iptables {
                notes.append(
                    "\(given.source) is an iptables-save: \(node)'s kube-proxy runs in iptables mode, not "
                        + "\(shownMode.rawValue) as the flow assumed.")
            }
            guard let nat = dump.ruleset.table("nat") else {
                return notes + ["\(given.source) has no *nat table: paste `iptables-save` (or `iptables-save -t nat`)."]
            }
            let capture = nat.rules("KUBE-SERVICES").first { rule in
                rule.destination?.prefix == IPPrefix(clusterIP)
                    && rule.matches.contains { if case .port(_, spec.port) = $0 { true } else { false } }
            }
            guard case .jump(let chain)? = capture?.target else {
                return notes + [
                    "Missing service: \(node)'s KUBE-SERVICES has no rule for \(clusterIP):\(spec.port) (\(name)). "
                        + "Likely: kube-proxy on \(node) has not synced since the service was created, or it is not "
                        + "running, or the dump was taken before the service existed."
                ]
            }
            let ladder = nat.rules(chain).filter { rule in
                if case .jump(let to) = rule.target {
                    to.hasPrefix("KUBE-SEP-") && !isAffinityCheck(rule)
                } else {
                    false
                }
            }
            var inRules: [String] = []
            for rule in ladder {
                guard case .jump(let sep) = rule.target else { continue }
                for endpointRule in nat.rules(sep) {
                    if case .dnat(let to) = endpointRule.target { inRules.append(to) }
                }
            }
            notes += endpointNotes(inRules: inRules, expected: expected, name: name, node: node)
            for (index, rule) in ladder.enumerated() {
                let probability = rule.matches.lazy.compactMap { match -> StatisticProbability? in
                    if case .statistic(let p) = match { p } else { nil }
                }.first
                let want = KubeProxyChains.probability(rule: index, of: ladder.count)
                let wanted = want.map { StatisticProbability($0).stored }
                if probability?.stored != wanted {
                    let should = want.map { _ in "1/\(ladder.count - index)" } ?? "none (the last rule has none)"
                    notes.append(
                        "Rule \(index + 1) of \(chain) has probability \(probability?.saved ?? "none"), but should "
                            + "have \(should): the ladder does not spread evenly over its \(ladder.count) endpoints.")
                }
            }
            return notes
        case .nftables(let dump):
            guard let table = dump.kubeProxyTable(family: family == .ipv6 ? "ip6" : "ip") else {
                return [
                    "\(given.source) is `nft list ruleset` without kube-proxy's table: \(node)'s kube-proxy runs in "
                        + "iptables mode (iptables-nft). Paste `iptables-save` from \(node) instead."
                ]
            }
            let key = "\(clusterIP) . \(spec.protocol.lowercased()) . \(spec.port) : "
            guard let element = table.set("service-ips")?.elements.first(where: { $0.hasPrefix(key) }),
                let chain = element.split(separator: " ").last.map(String.init)
            else {
                return ["Missing service: \(node)'s service-ips map has no element for \(key.dropLast(3)) (\(name))."]
            }
            var notes = [
                "\(node)'s own nftables rules, read from \(given.source), are checked (the walk is predicted)."
            ]
            if let numgen = table.chain(chain)?.rules.first(where: { $0.text.contains("numgen random mod ") }),
                let count = Int(numgen.text.split(separator: " ").drop { $0 != "mod" }.dropFirst().first ?? "")
            {
                if count != expected.count {
                    notes.append(
                        "\(chain) picks with numgen random mod \(count), but \(name) has \(expected.count) endpoints "
                            + "in the input: \(node)'s kube-proxy has not synced the current endpoints, or the "
                            + "endpoints table is older than the dump.")
                }
            }
            return notes
        case .ipvs(let dump):
            let address = IPPrefix(clusterIP)?.withPort(spec.port) ?? clusterIP
            guard
                let server = dump.services.first(where: {
                    $0.address == address && $0.protocol == spec.protocol.uppercased()
                })
            else {
                return ["Missing service: \(node)'s IPVS has no virtual server \(spec.protocol) \(address) (\(name))."]
            }
            return ["\(node)'s own IPVS table, read from \(given.source), is checked (the walk is predicted)."]
                + endpointNotes(
                    inRules: server.realServers.map(\.address), expected: expected, name: name, node: node)
        }
    }

    static func isAffinityCheck(_ rule: IptablesRule) -> Bool {
        rule.matches.contains { if case .recent(let recent) = $0 { recent.command == .rcheck } else { false } }
    }

    static func endpointNotes(inRules: [String], expected: Set<String>, name: String, node: String) -> [String] {
        let rules = Set(inRules)
        var notes: [String] = []
        for endpoint in rules.subtracting(expected).sorted() {
            notes.append(
                "Endpoint \(endpoint) is in \(node)'s rules but not in \(name)'s endpoints: a stale rule (the pod is "
                    + "gone and kube-proxy has not synced), or the endpoints in the input are newer than the dump.")
        }
        for endpoint in expected.subtracting(rules).sorted() {
            notes.append(
                "Endpoint \(endpoint) of \(name) is not in \(node)'s rules: kube-proxy on \(node) has not written it "
                    + "(not synced, or the endpoint is not ready there), or the dump is older than the input.")
        }
        return notes
    }
}
