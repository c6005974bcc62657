import ClusterModel
import TerminalText

/// `kubectl describe networkpolicy` → the same `NetworkPolicy` record the YAML gives.
///
/// kubectl prints the spec as prose (pkg/describe `describeNetworkPolicySpec`): under `Spec:` the `PodSelector:`, then
/// per direction `Allowing ingress traffic:` (or `Not affecting ingress traffic`) with its rules, each rule's `To
/// Port:` / `To Port Range:` lines (or `<any>`) before its `From:` / `To:` peers (or `<any>`), rules separated by
/// `----------`, `<none> (Selected pods are isolated …)` for no rules, and `Policy Types:` last. What cannot be read is
/// a problem at its line and fails closed: a peer or port left out, or the whole rule when leaving the part out would
/// widen it (no peers means every peer, no ports every port).
struct DescribeNetworkPolicy {
    let tree: DescribeTree
    private(set) var problems: [(line: Int, message: String)] = []

    init(tree: DescribeTree) { self.tree = tree }

    mutating func policy(key: ObjectKey, origin: SourceLocation) -> NetworkPolicy {
        let spec = tree.first("Spec")
        var policy = NetworkPolicy(key: key, podSelector: podSelector(spec.flatMap { tree.child($0, "PodSelector") }))
        policy.origin = origin
        guard let spec else { return policy }
        for direction in PolicyDirection.allCases {
            let section = "Allowing \(direction.rawValue.lowercased()) traffic"
            guard let entry = tree.child(spec, section) else { continue }
            let rules = self.rules(entry, direction: direction)
            if direction == .ingress { policy.ingress = rules } else { policy.egress = rules }
        }
        policy.declaredPolicyTypes = policyTypes(spec)
        return policy
    }

    /// `Policy Types: Ingress, Egress` (`<none>` when the object had none).
    ///
    /// Without the line, the directions kubectl printed as `Allowing … traffic:` (it prints those for the policy's
    /// types since kubectl 1.22).
    private mutating func policyTypes(_ spec: DescribeTree.Entry) -> [PolicyDirection]? {
        guard let entry = tree.child(spec, "Policy Types") else {
            let printed = PolicyDirection.allCases.filter {
                tree.child(spec, "Allowing \($0.rawValue.lowercased()) traffic") != nil
            }
            return printed.isEmpty ? nil : printed
        }
        if DescribeDecoder.isNone(entry.value) { return nil }
        var types: [PolicyDirection] = []
        for word in entry.value.split(separator: ",").map({ String($0.trimmingBlanks()) }) {
            guard let type = PolicyDirection(rawValue: word) else {
                problems.append((entry.line, "Policy Types '\(word)' is neither Ingress nor Egress; left out"))
                continue
            }
            types.append(type)
        }
        return types
    }

    /// `app=web`, or `<none> (Allowing the specific traffic to all pods in this namespace)`: every pod.
    private mutating func podSelector(_ entry: DescribeTree.Entry?) -> LabelSelector {
        guard let entry else {
            problems.append((tree.first("Spec")?.line ?? 0, "Spec has no PodSelector; the policy selects no pod"))
            return LabelSelector(isValid: false)
        }
        if entry.value.hasPrefix("<none>") { return .everything }
        return selector(entry) ?? LabelSelector(isValid: false)
    }

    private mutating func selector(_ entry: DescribeTree.Entry) -> LabelSelector? {
        guard let selector = SelectorText.parse(entry.value) else {
            problems.append((entry.line, "\(entry.key) '\(entry.value)' is not a label selector like app=web"))
            return nil
        }
        return selector
    }

    // MARK: Rules

    /// One direction's rules: the section's entries split at its `----------` rows (or where a port line
    /// follows a peer, should a paste have lost the separator).
    private mutating func rules(_ section: DescribeTree.Entry, direction: PolicyDirection) -> [NetworkPolicyRule] {
        let separators = section.rows.filter { $0.text.allSatisfy { $0 == "-" } }.map(\.line)
        for row in section.rows where !row.text.allSatisfy({ $0 == "-" }) && !row.text.hasPrefix("<none>") {
            problems.append((row.line, "'\(row.text)' is not a rule line kubehops knows; left out"))
        }
        var groups: [[DescribeTree.Entry]] = []
        var current: [DescribeTree.Entry] = []
        var sawPeer = false
        for entry in tree.children(section) {
            let isPort = entry.key.hasPrefix("To Port")
            let separated = current.last.map { last in separators.contains { last.line < $0 && $0 < entry.line } }
            if separated == true || (isPort && sawPeer) {
                groups.append(current)
                current = []
                sawPeer = false
            }
            if !isPort { sawPeer = true }
            current.append(entry)
        }
        if !current.isEmpty { groups.append(current) }
        return groups.compactMap { rule($0, direction: direction) }
    }

    /// nil when the rule could not be read without widening it.
    private mutating func rule(_ entries: [DescribeTree.Entry], direction: PolicyDirection) -> NetworkPolicyRule? {
        let peerKey = direction == .ingress ? "From" : "To"
        var rule = NetworkPolicyRule()
        var portsFailed = 0
        var peersFailed = 0
        for entry in entries {
            switch entry.key {
            case "To Port", "To Port Range":
                if entry.value.hasPrefix("<any>") { continue }
                if let port = port(entry) { rule.ports.append(port) } else { portsFailed += 1 }
            case peerKey:
                if entry.value.hasPrefix("<any>") { continue }
                if let peer = peer(entry) { rule.peers.append(peer) } else { peersFailed += 1 }
            default:
                let rule = "\(direction.rawValue.lowercased()) rule"
                problems.append((entry.line, "'\(entry.key):' is not part of an \(rule); left out"))
            }
        }
        if (portsFailed > 0 && rule.ports.isEmpty) || (peersFailed > 0 && rule.peers.isEmpty) {
            let line = entries.first?.line ?? 0
            problems.append((line, "the \(direction.rawValue.lowercased()) rule here is left out (it allows less)"))
            return nil
        }
        return rule
    }

    /// `80/TCP`, `http/TCP`, `80-82/TCP` (`To Port Range`), `<nil>/UDP` (a protocol without a port).
    private mutating func port(_ entry: DescribeTree.Entry) -> NetworkPolicyPort? {
        let parts = entry.value.split(separator: "/", omittingEmptySubsequences: false)
        let protocols = ["TCP", "UDP", "SCTP"]
        guard parts.count == 2, protocols.contains(String(parts[1])) else {
            problems.append((entry.line, "\(entry.key) '\(entry.value)' is not PORT/PROTOCOL like 80/TCP; left out"))
            return nil
        }
        var port = NetworkPolicyPort(protocol: String(parts[1]))
        let value = parts[0]
        if value == "<nil>" { return port }
        if entry.key == "To Port Range" {
            let bounds = value.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, let start = CellValues.integer(bounds[0]), let end = CellValues.integer(bounds[1]),
                (1...65535).contains(start), (start...65535).contains(end)
            else {
                problems.append((entry.line, "To Port Range '\(entry.value)' is not START-END/PROTOCOL; left out"))
                return nil
            }
            port.port = .number(start)
            port.endPort = end
        } else if let number = CellValues.integer(value) {
            guard (1...65535).contains(number) else {
                problems.append((entry.line, "To Port '\(entry.value)' is not a port number 1-65535; left out"))
                return nil
            }
            port.port = .number(number)
        } else {
            guard value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !value.isEmpty else {
                problems.append((entry.line, "To Port '\(entry.value)' is neither a number nor a port name; left out"))
                return nil
            }
            port.port = .name(String(value))
        }
        return port
    }

    /// A `From:` / `To:` element: `NamespaceSelector:` and/or `PodSelector:` (ANDed), or `IPBlock:` with
    /// `CIDR:` and `Except:`.
    private mutating func peer(_ entry: DescribeTree.Entry) -> NetworkPolicyPeer? {
        var peer = NetworkPolicyPeer()
        var failed = false
        for child in tree.children(entry) {
            switch child.key {
            case "NamespaceSelector":
                peer.namespaceSelector = selector(child)
                failed = failed || peer.namespaceSelector == nil
            case "PodSelector":
                peer.podSelector = selector(child)
                failed = failed || peer.podSelector == nil
            case "IPBlock":
                peer.ipBlock = ipBlock(child)
                failed = failed || peer.ipBlock == nil
            default:
                problems.append((child.line, "'\(child.key):' is not a peer field kubehops knows; the peer goes"))
                failed = true
            }
        }
        if !failed && peer.podSelector == nil && peer.namespaceSelector == nil && peer.ipBlock == nil {
            problems.append((entry.line, "\(entry.key): names no selector or IPBlock; the peer is left out"))
            failed = true
        }
        return failed ? nil : peer
    }

    private mutating func ipBlock(_ entry: DescribeTree.Entry) -> IPBlock? {
        guard let cidrEntry = tree.child(entry, "CIDR"), let cidr = IPRange(cidrEntry.value) else {
            let text = tree.child(entry, "CIDR")?.value ?? ""
            problems.append((entry.line, "IPBlock CIDR '\(text)' is not a CIDR like 10.0.0.0/8; the peer is left out"))
            return nil
        }
        var block = IPBlock(cidr: cidr)
        guard let except = tree.child(entry, "Except") else { return block }
        for item in except.value.split(separator: ",").map({ String($0.trimmingBlanks()) }) where !item.isEmpty {
            guard let hole = IPRange(item) else {
                // Leaving a hole out would widen the block: the whole peer goes.
                problems.append((except.line, "Except '\(item)' is not a CIDR; the peer is left out"))
                return nil
            }
            block.except.append(hole)
        }
        return block
    }
}
