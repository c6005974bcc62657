import ClusterModel
import TerminalText

/// NetworkPolicy, Namespace and ClusterNetworkPolicy objects (JSON/YAML) →
/// records.
///
/// What cannot be read is said in `problems` and fails closed (a selector kubehops cannot read selects nothing), never
/// silently widened.
enum PolicyObjects {
    static func labelSelector(_ value: KubeValue, _ what: String, _ problems: inout [String]) -> LabelSelector {
        if value.isNull { return .everything }
        guard value.map != nil else {
            problems.append("\(what) is not a label selector; it selects nothing")
            return LabelSelector(isValid: false)
        }
        var selector = LabelSelector(matchLabels: value["matchLabels"].stringMap ?? [:])
        for expression in value["matchExpressions"].list {
            guard let key = expression["key"].string, let text = expression["operator"].string,
                let op = LabelRequirement.Operator(rawValue: text)
            else {
                problems.append(
                    "\(what) has a matchExpression kubehops cannot read (operator " +
                    "'\(expression["operator"].string ?? "")'); it selects nothing"
                )
                selector.isValid = false
                continue
            }
            selector.matchExpressions.append(
                LabelRequirement(key: key, operator: op, values: expression["values"].list.compactMap(\.string)))
        }
        return selector
    }

    static func networkPolicy(
        _ object: KubeValue, key: ObjectKey, origin: SourceLocation, problems: inout [String]
    ) -> NetworkPolicy {
        let spec = object["spec"]
        var policy = NetworkPolicy(
            key: key, podSelector: labelSelector(spec["podSelector"], "spec.podSelector", &problems))
        if !spec["policyTypes"].isNull {
            policy.declaredPolicyTypes = spec["policyTypes"].list.compactMap { item in
                guard let type = item.string.flatMap(PolicyDirection.init(rawValue:)) else {
                    problems.append("policyTypes item '\(item.string ?? "?")' is neither Ingress nor Egress; left out")
                    return nil
                }
                return type
            }
        }
        for (index, rule) in spec["ingress"].list.enumerated() {
            policy.ingress.append(self.rule(rule, peersKey: "from", what: "ingress[\(index)]", &problems))
        }
        for (index, rule) in spec["egress"].list.enumerated() {
            policy.egress.append(self.rule(rule, peersKey: "to", what: "egress[\(index)]", &problems))
        }
        policy.origin = origin
        return policy
    }

    private static func rule(
        _ value: KubeValue, peersKey: String, what: String, _ problems: inout [String]
    ) -> NetworkPolicyRule {
        var rule = NetworkPolicyRule()
        let peers = value[peersKey].list
        for (index, peer) in peers.enumerated() {
            rule.peers.append(self.peer(peer, what: "\(what).\(peersKey)[\(index)]", &problems))
        }
        for (index, port) in value["ports"].list.enumerated() {
            rule.ports.append(self.port(port, what: "\(what).ports[\(index)]", &problems))
        }
        return rule
    }

    private static func peer(_ value: KubeValue, what: String, _ problems: inout [String]) -> NetworkPolicyPeer {
        var peer = NetworkPolicyPeer()
        if !value["podSelector"].isNull {
            peer.podSelector = labelSelector(value["podSelector"], "\(what).podSelector", &problems)
        }
        if !value["namespaceSelector"].isNull {
            peer.namespaceSelector = labelSelector(value["namespaceSelector"], "\(what).namespaceSelector", &problems)
        }
        let block = value["ipBlock"]
        if !block.isNull {
            if let cidr = block["cidr"].string.flatMap(IPRange.init) {
                var except: [IPRange] = []
                for hole in block["except"].list {
                    if let range = hole.string.flatMap(IPRange.init) {
                        except.append(range)
                    } else {
                        problems.append("\(what).ipBlock.except '\(hole.string ?? "?")' is not a CIDR; left out")
                    }
                }
                peer.ipBlock = IPBlock(cidr: cidr, except: except)
            } else {
                problems.append(
                    "\(what).ipBlock.cidr '\(block["cidr"].string ?? "")' is not a CIDR; the peer matches nothing")
                peer.podSelector = LabelSelector(isValid: false)
            }
        }
        if peer.podSelector == nil && peer.namespaceSelector == nil && peer.ipBlock == nil {
            // The API rejects an empty peer; reading it as "everything" would widen the policy.
            problems.append("\(what) names no podSelector, namespaceSelector or ipBlock; it matches nothing")
            peer.podSelector = LabelSelector(isValid: false)
        }
        return peer
    }

    private static func port(_ value: KubeValue, what: String, _ problems: inout [String]) -> NetworkPolicyPort {
        var port = NetworkPolicyPort(protocol: value["protocol"].string ?? "TCP")
        switch value["port"] {
        case .null: break
        case .number:
            port.port = value["port"].int.map(TargetPort.number)
        case .string(let text):
            port.port = CellValues.integer(Substring(text)).map(TargetPort.number) ?? .name(InputCleaner.clean(text))
        default:
            problems.append("\(what).port is neither a number nor a name; read as every port")
        }
        port.endPort = value["endPort"].int
        return port
    }

    static func namespace(_ object: KubeValue, name: String, origin: SourceLocation) -> NamespaceRecord {
        var record = NamespaceRecord(name: name, labels: object["metadata"]["labels"].stringMap ?? [:])
        record.status = object["status"]["phase"].string
        record.origin = origin
        return record
    }

    // MARK: ClusterNetworkPolicy (v1alpha2) and AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1)

    static let clusterPolicyKinds: Set<String> = [
        "ClusterNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy",
    ]

    static func clusterNetworkPolicy(
        _ object: KubeValue, kind: String, name: String, origin: SourceLocation,
        problems: inout [String]
    ) -> ClusterNetworkPolicy? {
        let spec = object["spec"]
        // Antrea's own `crd.antrea.io` ClusterNetworkPolicy has `appliedTo`, not `subject`: another API.
        if kind == "ClusterNetworkPolicy", spec["subject"].isNull, !spec["appliedTo"].isNull {
            problems.append(
                "ClusterNetworkPolicy '\(name)' is Antrea's own API (appliedTo), not policy.networking.k8s.io; skipped")
            return nil
        }
        let tier: PolicyTier
        switch kind {
        case "AdminNetworkPolicy": tier = .admin
        case "BaselineAdminNetworkPolicy": tier = .baseline
        default:
            guard let given = spec["tier"].string.flatMap(PolicyTier.init(rawValue:)) else {
                problems.append(
                    "ClusterNetworkPolicy '\(name)' has tier '\(spec["tier"].string ?? "")', expected Admin or " +
                    "Baseline; skipped"
                )
                return nil
            }
            tier = given
        }
        let subject =
            podSelection(spec["subject"], "subject", &problems)
            ?? ClusterPodSelection(namespaces: LabelSelector(isValid: false))
        var policy = ClusterNetworkPolicy(
            name: name, tier: tier, priority: spec["priority"].int ?? 0, subject: subject, sourceKind: kind)
        for (index, rule) in spec["ingress"].list.enumerated() {
            policy.ingress.append(clusterRule(rule, peersKey: "from", what: "ingress[\(index)]", &problems))
        }
        for (index, rule) in spec["egress"].list.enumerated() {
            policy.egress.append(clusterRule(rule, peersKey: "to", what: "egress[\(index)]", &problems))
        }
        policy.origin = origin
        return policy
    }

    /// `{namespaces: selector}` or `{pods: {namespaceSelector, podSelector}}`.
    private static func podSelection(
        _ value: KubeValue, _ what: String, _ problems: inout [String]
    ) -> ClusterPodSelection? {
        if !value["namespaces"].isNull {
            return ClusterPodSelection(namespaces: labelSelector(value["namespaces"], "\(what).namespaces", &problems))
        }
        let pods = value["pods"]
        if !pods.isNull {
            return ClusterPodSelection(
                namespaces: labelSelector(pods["namespaceSelector"], "\(what).pods.namespaceSelector", &problems),
                pods: labelSelector(pods["podSelector"], "\(what).pods.podSelector", &problems))
        }
        problems.append("\(what) selects neither namespaces nor pods; it selects nothing")
        return nil
    }

    private static func clusterRule(
        _ value: KubeValue, peersKey: String, what: String, _ problems: inout [String]
    ) -> ClusterPolicyRule {
        let actionText = value["action"].string ?? ""
        let action: ClusterPolicyAction
        switch actionText {
        case "Accept", "Allow": action = .accept
        case "Deny": action = .deny
        case "Pass": action = .pass
        default:
            // Unknown action: fail closed, as the API asks of unknown fields.
            problems.append("\(what).action '\(actionText)' is not Accept, Allow, Deny or Pass; read as Deny")
            action = .deny
        }
        var rule = ClusterPolicyRule(name: value["name"].string, action: action, peers: [])
        for (index, peer) in value[peersKey].list.enumerated() {
            rule.peers.append(clusterPeer(peer, what: "\(what).\(peersKey)[\(index)]", &problems))
        }
        rule.ports = clusterPorts(value, what: what, &problems)
        return rule
    }

    private static func clusterPeer(_ value: KubeValue, what: String, _ problems: inout [String]) -> ClusterPolicyPeer {
        if !value["namespaces"].isNull || !value["pods"].isNull {
            return podSelection(value, what, &problems).map(ClusterPolicyPeer.pods) ?? .unreadable
        }
        if !value["nodes"].isNull { return .nodes(labelSelector(value["nodes"], "\(what).nodes", &problems)) }
        if !value["networks"].isNull {
            var ranges: [IPRange] = []
            for item in value["networks"].list {
                if let range = item.string.flatMap(IPRange.init) {
                    ranges.append(range)
                } else {
                    problems.append("\(what).networks '\(item.string ?? "?")' is not a CIDR; left out")
                }
            }
            return .networks(ranges)
        }
        if !value["domainNames"].isNull { return .domainNames(value["domainNames"].list.compactMap(\.string)) }
        problems.append(
            "\(what) is a peer kubehops cannot read; it fails closed (Accept matches nothing, Deny and Pass match all)")
        return .unreadable
    }

    /// v1alpha2 `protocols` ({tcp|udp|sctp: {destinationPort: {number|range}}} or {destinationNamedPort}),
    /// its draft `match`, and v1alpha1 `ports` ({portNumber}, {portRange}, {namedPort}).
    private static func clusterPorts(
        _ value: KubeValue, what: String, _ problems: inout [String]
    ) -> [ClusterPolicyPort] {
        var ports: [ClusterPolicyPort] = []
        for item in value["protocols"].list + value["match"].list {
            if let name = item["destinationNamedPort"].string ?? item["namedPort"].string {
                ports.append(.named(name)); continue
            }
            var found = false
            for (key, proto) in [
                ("tcp", "TCP"), ("udp", "UDP"), ("sctp", "SCTP"), ("TCP", "TCP"), ("UDP", "UDP"), ("SCTP", "SCTP"),
            ] {
                let entry = item[key]
                guard !entry.isNull else { continue }
                found = true
                // A draft listed several entries per protocol.
                for one in entry.list.isEmpty ? [entry] : entry.list {
                    let port = one["destinationPort"].isNull ? one["port"] : one["destinationPort"]
                    let range = port["range"].isNull ? port["portRange"] : port["range"]
                    if let number = port["number"].int {
                        ports.append(.range(protocol: proto, start: number, end: number))
                    } else if let start = range["start"].int {
                        ports.append(.range(protocol: proto, start: start, end: range["end"].int ?? start))
                    } else {
                        ports.append(.range(protocol: proto, start: nil, end: nil))
                    }
                }
            }
            if !found { problems.append("\(what) has a protocol entry kubehops cannot read; left out") }
        }
        for item in value["ports"].list {
            if let name = item["namedPort"].string {
                ports.append(.named(name))
            } else if let number = item["portNumber"]["port"].int {
                ports.append(
                    .range(protocol: item["portNumber"]["protocol"].string ?? "TCP", start: number, end: number))
            } else if let start = item["portRange"]["start"].int {
                let range = item["portRange"]
                ports.append(
                    .range(protocol: range["protocol"].string ?? "TCP", start: start, end: range["end"].int ?? start))
            } else {
                problems.append("\(what).ports has an entry kubehops cannot read; left out")
            }
        }
        return ports
    }
}

/// A label selector as kubectl prints it (`metav1.FormatLabelSelector`):
/// `app=web,tier in (db,cache),!canary,env`; `<none>` is the empty selector.
enum SelectorText {
    static func parse(_ text: String) -> LabelSelector? {
        let trimmed = Substring(text).trimmingBlanks()
        if trimmed.isEmpty || trimmed == "<none>" || trimmed == "<all>" { return .everything }
        var selector = LabelSelector()
        for part in split(trimmed) {
            let item = part.trimmingBlanks()
            guard !item.isEmpty else { return nil }
            if let requirement = setRequirement(item) {
                selector.matchExpressions.append(requirement)
            } else if let equals = item.firstIndex(of: "=") {
                var key = item[..<equals]
                var value = item[item.index(after: equals)...]
                if key.hasSuffix("!") {
                    key = key.dropLast()
                    selector.matchExpressions.append(
                        LabelRequirement(key: String(key), operator: .notIn, values: [String(value)]))
                    continue
                }
                if value.hasPrefix("=") { value = value.dropFirst() }
                guard isLabelKey(key), !value.contains(" ") else { return nil }
                selector.matchLabels[String(key)] = String(value)
            } else if item.hasPrefix("!"), isLabelKey(item.dropFirst()) {
                selector.matchExpressions.append(
                    LabelRequirement(key: String(item.dropFirst()), operator: .doesNotExist))
            } else if isLabelKey(item) {
                selector.matchExpressions.append(LabelRequirement(key: String(item), operator: .exists))
            } else {
                return nil
            }
        }
        return selector
    }

    /// `tier in (a,b)` / `tier notin (a)`.
    private static func setRequirement(_ item: Substring) -> LabelRequirement? {
        let words = item.split(separator: " ", maxSplits: 2)
        guard words.count == 3, isLabelKey(words[0]), words[2].hasPrefix("("), words[2].hasSuffix(")") else {
            return nil
        }
        let op: LabelRequirement.Operator
        switch words[1] {
        case "in": op = .in
        case "notin": op = .notIn
        default: return nil
        }
        let values = words[2].dropFirst().dropLast().split(separator: ",").map { String($0.trimmingBlanks()) }
        return LabelRequirement(key: String(words[0]), operator: op, values: values)
    }

    /// Splits at commas outside parentheses.
    private static func split(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }

    private static func isLabelKey(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    }
}
