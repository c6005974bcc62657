/// Works out which pods back each service, strongest evidence first:
/// Endpoints/EndpointSlices, then selector ↔ labels, then selector value ↔
/// pod or owner name. Indexes pods by label and by name prefix once, so each
/// service costs only the size of its answer.
struct BackingMatcher {
    private struct LabelKey: Hashable { var namespace: String?; var key: String; var value: String }
    private struct NameKey: Hashable { var namespace: String?; var token: String }
    private struct PairKey: Hashable { var key: String; var value: String }

    private let pods: [Pod]
    private let podsByIP: [IPAddress: [Int]]
    private let hostNetworkPods: Set<ObjectKey>
    private let nodeByIP: [IPAddress: Int]
    private let endpointsByKey: [ObjectKey: [EndpointSet]]
    private let endpointsByName: [String: [EndpointSet]]
    private let byLabel: [LabelKey: [Int]]
    /// Across namespaces, only for services printed without a namespace.
    private let byLabelAnyNamespace: [PairKey: [Int]]
    private let byName: [NameKey: [Int]]
    private let byNameAnyNamespace: [String: [Int]]

    /// Selector keys whose value usually names the app, tried first for name inference.
    static let appKeys = ["app", "app.kubernetes.io/name", "k8s-app", "name", "run", "app.kubernetes.io/instance", "component"]

    init(resources: Resources, pods: [Pod], podsByIP: [IPAddress: [Int]], hostNetworkPods: Set<ObjectKey>, nodeByIP: [IPAddress: Int]) {
        self.pods = pods
        self.podsByIP = podsByIP
        self.hostNetworkPods = hostNetworkPods
        self.nodeByIP = nodeByIP
        var endpointsByKey: [ObjectKey: [EndpointSet]] = [:]
        var endpointsByName: [String: [EndpointSet]] = [:]
        for set in resources.endpoints {
            endpointsByKey[ObjectKey(namespace: set.key.namespace, name: set.serviceName), default: []].append(set)
            endpointsByName[set.serviceName, default: []].append(set)
        }
        self.endpointsByKey = endpointsByKey
        self.endpointsByName = endpointsByName

        let someServiceLacksNamespace = resources.services.contains { $0.namespace == nil }
        var byLabel: [LabelKey: [Int]] = [:]
        var byLabelAnyNamespace: [PairKey: [Int]] = [:]
        var byName: [NameKey: [Int]] = [:]
        var byNameAnyNamespace: [String: [Int]] = [:]
        for (position, pod) in pods.enumerated() {
            if let labels = pod.labels {
                for (key, value) in labels {
                    byLabel[LabelKey(namespace: pod.namespace, key: key, value: value), default: []].append(position)
                    if someServiceLacksNamespace { byLabelAnyNamespace[PairKey(key: key, value: value), default: []].append(position) }
                }
            } else {
                for token in Self.nameTokens(of: pod) {
                    byName[NameKey(namespace: pod.namespace, token: token), default: []].append(position)
                    if someServiceLacksNamespace { byNameAnyNamespace[token, default: []].append(position) }
                }
            }
        }
        self.byLabel = byLabel
        self.byLabelAnyNamespace = byLabelAnyNamespace
        self.byName = byName
        self.byNameAnyNamespace = byNameAnyNamespace
    }

    /// `nginx-deployment-7b44dc87c5-5hrgb` owned by Deployment `nginx-deployment` →
    /// `nginx`, `nginx-deployment`, `nginx-deployment-7b44dc87c5`, the full name.
    static func nameTokens(of pod: Pod) -> Set<String> {
        var tokens = Set<String>()
        for name in [pod.name] + pod.owners.filter({ $0.kind != "Node" }).map(\.name) {
            var prefix = ""
            for part in name.split(separator: "-", omittingEmptySubsequences: false).prefix(6) {
                prefix = prefix.isEmpty ? String(part) : prefix + "-" + part
                tokens.insert(prefix)
            }
            tokens.insert(name)
        }
        return tokens
    }

    func backing(of service: Service) -> ServiceBackingInfo {
        var info = ServiceBackingInfo()
        let sets = endpointSets(of: service)
        let selected = selectorMatches(of: service)
        if !sets.isEmpty {
            info.source = .endpoints
            var seen = Set<String>()
            for set in sets {
                info.notShownCount += set.notShownCount
                for address in set.addresses {
                    let pod = podFor(address: address, namespace: service.namespace)
                    if address.ready == false {
                        if let pod, !info.notReadyPods.contains(pod.key) { info.notReadyPods.append(pod.key) }
                        continue
                    }
                    let port = address.port ?? set.ports.first ?? defaultTargetPort(service)
                    guard seen.insert(address.ip.withPort(port)).inserted else { continue }
                    info.endpoints.append(ServiceEndpoint(ip: address.ip, port: port, pod: pod?.key,
                                                          nodeName: address.nodeName ?? pod?.nodeName, evidence: .endpoints))
                }
            }
            let listed = Set(info.endpoints.compactMap(\.pod))
            for pod in (selected?.positions ?? []).compactMap({ pods[checked: $0] }) {
                if !pod.isReadyForTraffic, !listed.contains(pod.key), !info.notReadyPods.contains(pod.key) {
                    info.notReadyPods.append(pod.key)
                }
            }
            info.selectorMatchesNothing = selected.map { $0.positions.isEmpty } ?? false
            return info
        }
        guard let selector = service.selector else { return info }
        guard !selector.isEmpty else {
            info.source = .noSelector
            return info
        }
        guard let selected else { return info }
        info.source = selected.evidence == .selectorLabels ? .selectorLabels : .nameInferred
        info.selectorMatchesNothing = selected.positions.isEmpty
        for pod in selected.positions.compactMap({ pods[checked: $0] }) {
            guard pod.isReadyForTraffic else {
                info.notReadyPods.append(pod.key)
                continue
            }
            for ip in pod.ips.prefix(1) {
                info.endpoints.append(ServiceEndpoint(ip: ip, port: defaultTargetPort(service), pod: pod.key,
                                                      nodeName: pod.nodeName, evidence: selected.evidence))
            }
        }
        return info
    }

    /// The numeric port on the pod for a single-port service: targetPort if numeric, else port (Kubernetes' default).
    private func defaultTargetPort(_ service: Service) -> Int? {
        guard let port = service.ports.first else { return nil }
        switch port.targetPort {
        case .number(let number): return number
        case .name: return nil
        case nil: return port.port
        }
    }

    private func endpointSets(of service: Service) -> [EndpointSet] {
        guard let namespace = service.namespace else { return endpointsByName[service.name] ?? [] }
        return (endpointsByKey[ObjectKey(namespace: namespace, name: service.name)] ?? [])
            + (endpointsByKey[ObjectKey(namespace: nil, name: service.name)] ?? [])
    }

    private func podFor(address: EndpointAddress, namespace: String?) -> Pod? {
        let candidates = (podsByIP[address.ip] ?? []).compactMap { pods[checked: $0] }
            .filter { Cluster.namespacesMatch($0.namespace, namespace) }
        if let target = address.targetPod, let named = candidates.first(where: { $0.name == target.name }) { return named }
        if candidates.count == 1 { return candidates.first }
        // Several pods share a node IP (host network): only a named target settles it.
        return nodeByIP[address.ip] == nil ? candidates.first : nil
    }

    private struct Selected { var positions: [Int]; var evidence: BackingEvidence }

    /// Pods the selector picks, by labels when the pods' labels are known,
    /// else by name; nil when the selector is unknown or empty.
    private func selectorMatches(of service: Service) -> Selected? {
        guard let selector = service.selector, !selector.isEmpty else { return nil }
        let byLabels = labelMatches(selector, namespace: service.namespace)
        if !byLabels.isEmpty { return Selected(positions: byLabels, evidence: .selectorLabels) }
        let byNames = nameMatches(selector, namespace: service.namespace)
        return Selected(positions: byNames, evidence: byNames.isEmpty ? .selectorLabels : .nameInferred)
    }

    private func labelMatches(_ selector: [String: String], namespace: String?) -> [Int] {
        let lists: [[Int]] = selector.map { key, value in
            guard let namespace else { return byLabelAnyNamespace[PairKey(key: key, value: value)] ?? [] }
            return (byLabel[LabelKey(namespace: namespace, key: key, value: value)] ?? [])
                + (byLabel[LabelKey(namespace: nil, key: key, value: value)] ?? [])
        }
        guard let shortest = lists.min(by: { $0.count < $1.count }) else { return [] }
        return shortest.filter { position in
            guard let labels = pods[checked: position]?.labels else { return false }
            return selector.allSatisfy { labels[$0.key] == $0.value }
        }
    }

    private func nameMatches(_ selector: [String: String], namespace: String?) -> [Int] {
        let ordered = Self.appKeys.compactMap { selector[$0] } + selector.keys.sorted().filter { !Self.appKeys.contains($0) }.compactMap { selector[$0] }
        for value in ordered {
            let found: [Int]
            if let namespace {
                found = (byName[NameKey(namespace: namespace, token: value)] ?? []) + (byName[NameKey(namespace: nil, token: value)] ?? [])
            } else {
                found = byNameAnyNamespace[value] ?? []
            }
            if !found.isEmpty { return found.sorted() }
        }
        return []
    }
}
