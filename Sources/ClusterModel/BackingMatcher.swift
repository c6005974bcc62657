/// Works out which pods back each service, strongest evidence first:
/// Endpoints/EndpointSlices, then selector ↔ labels, then selector value ↔
/// pod or owner name.
///
/// Indexes pods by label and by name prefix once, so each service costs only the size of its answer.
struct BackingMatcher {
    private struct LabelKey: Hashable { var namespace: String?; var key: String; var value: String }
    /// A slice of the pod's name (the app name is a prefix of it): no string is built per pod.
    private struct NameKey: Hashable { var namespace: String?; var name: Substring }
    private struct PairKey: Hashable { var key: String; var value: String }

    private let pods: [Pod]
    /// Per pod position: ready for traffic and has an IP; kept apart so hot loops do not copy `Pod` values.
    private let readyWithIP: [Bool]
    private let ready: [Bool]
    private let podsByIP: PodAddressIndex
    private let nodeByIP: [IPAddress: Int]
    private let endpointsByKey: [ObjectKey: [EndpointSet]]
    private let endpointsByName: [String: [EndpointSet]]
    private let byLabel: [LabelKey: [Int]]
    /// Across namespaces, only for services printed without a namespace.
    private let byLabelAnyNamespace: [PairKey: [Int]]
    /// Unlabelled pods grouped by their app name (top owner, else the pod name):
    /// `appGroups[byAppName[key]]` lists them in input order.
    private let byAppName: [NameKey: Int]
    private let appGroups: [[Int]]
    /// Per namespace, the distinct app names sorted, to find `nginx-…` names for `app=nginx` by binary search.
    private let sortedAppNames: [String?: [String]]

    /// Selector keys whose value usually names the app, tried first for name inference.
    static let appKeys = [
        "app", "app.kubernetes.io/name", "k8s-app", "name", "run", "app.kubernetes.io/instance", "component",
    ]

    init(resources: Resources, podsByIP: PodAddressIndex, nodeByIP: [IPAddress: Int]) {
        let pods = resources.pods
        self.pods = pods
        self.ready = pods.indices.map { pods[$0].isReadyForTraffic }
        self.readyWithIP = pods.indices.map { pods[$0].isReadyForTraffic && !pods[$0].ips.isEmpty }
        self.podsByIP = podsByIP
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
        var groups = AppGroups()
        groups.index.reserveCapacity(pods.count / 4)
        for position in pods.indices {
            if let labels = pods[position].labels {
                let namespace = pods[position].namespace
                for (key, value) in labels {
                    byLabel[LabelKey(namespace: namespace, key: key, value: value), default: []].append(position)
                    if someServiceLacksNamespace {
                        byLabelAnyNamespace[PairKey(key: key, value: value), default: []].append(position)
                    }
                }
            } else {
                groups.add(
                    name: pods[position].key.name, namespace: pods[position].key.namespace,
                    owners: pods[position].inferredOwners.map(AppOwners.inferred) ?? .given(pods[position].owners),
                    at: position)
            }
        }
        var sortedAppNames: [String?: [String]] = [:]
        for key in groups.index.keys { sortedAppNames[key.namespace, default: []].append(String(key.name)) }
        for namespace in sortedAppNames.keys { sortedAppNames[namespace]?.sort() }
        self.byLabel = byLabel
        self.byLabelAnyNamespace = byLabelAnyNamespace
        self.byAppName = groups.index
        self.appGroups = groups.members
        self.sortedAppNames = sortedAppNames
    }

    /// Unlabelled pods by app name.
    ///
    /// The pods of one workload usually come one after another, so a pod whose app name is the previous pod's joins
    /// that group without building and hashing the name again.
    private struct AppGroups {
        var index: [NameKey: Int] = [:]
        var members: [[Int]] = []
        var previous: (key: NameKey, group: Int)?

        /// Takes the pod's fields rather than the `Pod`, which would be copied.
        mutating func add(name: String, namespace: String?, owners: AppOwners, at position: Int) {
            let app = BackingMatcher.appName(name: name, owners: owners)
            let group: Int
            if let previous, previous.key.namespace == namespace, previous.key.name.utf8.elementsEqual(app.utf8) {
                group = previous.group
            } else {
                let key = NameKey(namespace: namespace, name: app)
                group = self.group(key)
                previous = (key, group)
            }
            members[group].append(position)
            // A bare pod named like the value (`app=web-1`, pod `web-1`) even when its name suggests an
            // owner; a ReplicaSet's pods need no entry, their Deployment's name already prefixes theirs.
            let replicaSetPod: Bool
            switch owners {
            case .inferred(let shape): replicaSetPod = shape.pattern == .replicaSet
            case .given(let given): replicaSetPod = given.first?.kind == "ReplicaSet"
            }
            if app != Substring(name), !replicaSetPod {
                members[self.group(NameKey(namespace: namespace, name: Substring(name)))].append(position)
            }
        }

        private mutating func group(_ key: NameKey) -> Int {
            if let group = index[key] { return group }
            index[key] = members.count
            members.append([])
            return members.count - 1
        }
    }

    /// A pod's owners as `Pod` keeps them: inferred ones as a shape, given ones as records.
    enum AppOwners {
        case inferred(OwnerShape)
        case given([OwnerReference])
    }

    /// The name an `app=` selector value usually echoes: the top owner's name
    /// (Deployment `nginx-deployment` for pod `nginx-deployment-7b44dc87c5-5hrgb`),
    /// else the pod's own name.
    ///
    /// Inferred owners are prefixes of the pod's name, so no owner record is built for them.
    static func appName(name: String, owners: AppOwners) -> Substring {
        switch owners {
        case .inferred(let shape):
            return shape.topOwnerLength().map { Substring(name.utf8.prefix($0)) } ?? Substring(name)
        case .given(let owners):
            return Substring(owners.last(where: { $0.kind != "Node" })?.name ?? name)
        }
    }

    func backing(of service: Service) -> StoredBacking {
        let sets = endpointSets(of: service)
        let selected = selectorMatches(of: service)
        if !sets.isEmpty { return backing(of: service, listedIn: sets, selected: selected) }
        var stored = StoredBacking()
        guard let selector = service.selector else { return stored }
        guard !selector.isEmpty else {
            stored.source = .noSelector
            return stored
        }
        guard let selected else { return stored }
        stored.source = selected.evidence == .selectorLabels ? .selectorLabels : .nameInferred
        stored.evidence = selected.evidence
        stored.port = defaultTargetPort(service)
        stored.selectorMatchesNothing = selected.positions.isEmpty
        stored.selected.reserveCapacity(selected.positions.count)
        for position in selected.positions {
            if readyWithIP[checked: position] == true {
                stored.selected.append(Int32(position))
            } else if ready[checked: position] == false {
                stored.notReady.append(Int32(position))
            }
        }
        return stored
    }

    /// A service's backing when endpoint sets list it: their addresses, the selector's not-ready pods beside them,
    /// and kubectl's `+ N more...` filled in from the selector's ready pods.
    private func backing(of service: Service, listedIn sets: [EndpointSet], selected: Selected?) -> StoredBacking {
        var stored = StoredBacking()
        stored.source = .endpoints
        var listedPods = Set<Int>()
        listAddresses(of: service, in: sets, into: &stored, listedPods: &listedPods)
        for position in selected?.positions ?? [] {
            guard ready[checked: position] == false, !listedPods.contains(position),
                !stored.notReady.contains(Int32(position))
            else { continue }
            stored.notReady.append(Int32(position))
        }
        // kubectl's `+ N more...`: fill in from the selector's ready pods that were not printed.
        if stored.notShownCount > 0, let selected {
            var missing = stored.notShownCount
            for position in selected.positions
            where missing > 0 && !listedPods.contains(position) && readyWithIP[checked: position] == true {
                guard let pod = pods[checked: position], let ip = pod.ips.first else { continue }
                stored.listed.append(
                    ServiceEndpoint(
                        ip: ip, port: stored.listed.first?.port ?? defaultTargetPort(service), pod: pod.key,
                        nodeName: pod.nodeName, evidence: selected.evidence))
                missing -= 1
            }
        }
        stored.selectorMatchesNothing = selected.map { $0.positions.isEmpty } ?? false
        return stored
    }

    /// The sets' addresses: each stored with its defaults, the ready ones listed once per ip:port, the pods they
    /// name collected in `listedPods`.
    private func listAddresses(
        of service: Service, in sets: [EndpointSet], into stored: inout StoredBacking, listedPods: inout Set<Int>
    ) {
        var seen = Set<String>()
        for set in sets {
            stored.notShownCount += set.notShownCount
            for address in set.addresses {
                let position = podPosition(for: address, namespace: service.namespace)
                let pod = position.flatMap { pods[checked: $0] }
                stored.addresses.append(withDefaults(address, set: set, service: service, pod: pod))
                if address.ready == false {
                    if let position, !stored.notReady.contains(Int32(position)) {
                        stored.notReady.append(Int32(position))
                    }
                    continue
                }
                if let position { listedPods.insert(position) }
                let port = address.port ?? set.ports.first ?? defaultTargetPort(service)
                guard seen.insert(address.ip.withPort(port)).inserted else { continue }
                stored.listed.append(
                    ServiceEndpoint(
                        ip: address.ip, port: port, pod: pod?.key,
                        nodeName: address.nodeName ?? pod?.nodeName, evidence: .endpoints))
            }
        }
    }

    /// A listed address with what the input left out filled from elsewhere: the port from the set or the
    /// service, the node from the pod, the pod from its IP.
    private func withDefaults(
        _ address: EndpointAddress, set: EndpointSet, service: Service, pod: Pod?
    ) -> EndpointAddress {
        var filled = address
        if filled.port == nil { filled.port = set.ports.first ?? defaultTargetPort(service) }
        if filled.nodeName == nil { filled.nodeName = pod?.nodeName }
        if filled.targetPod == nil { filled.targetPod = pod?.key }
        return filled
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

    /// The service's listings: its EndpointSlices when the input has any (kube-proxy reads only slices;
    /// Endpoints is deprecated since 1.33 and cut at 1,000 addresses), else its Endpoints.
    private func endpointSets(of service: Service) -> [EndpointSet] {
        guard !endpointsByName.isEmpty else { return [] }
        let sets: [EndpointSet]
        if let namespace = service.namespace {
            sets = (endpointsByKey[ObjectKey(namespace: namespace, name: service.name)] ?? [])
                + (endpointsByKey[ObjectKey(namespace: nil, name: service.name)] ?? [])
        } else {
            sets = endpointsByName[service.name] ?? []
        }
        let slices = sets.filter { $0.kind == .endpointSlice }
        return slices.isEmpty ? sets : slices
    }

    private func podPosition(for address: EndpointAddress, namespace: String?) -> Int? {
        let candidates = podsByIP.positions(of: address.ip).filter {
            pods[checked: $0].map { Cluster.namespacesMatch($0.namespace, namespace) } ?? false
        }
        if let target = address.targetPod,
            let named = candidates.first(where: { pods[checked: $0]?.name == target.name })
        {
            return named
        }
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
        guard !byLabel.isEmpty else { return [] }
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

    /// Unlabelled pods whose app name is the selector value or starts with it
    /// plus a dash (`app=nginx` → `nginx-deployment`), trying app-like keys first.
    private func nameMatches(_ selector: [String: String], namespace: String?) -> [Int] {
        // App-like keys first (in `appKeys` order), then the others by key.
        func rank(_ key: String) -> Int { Self.appKeys.firstIndex(of: key) ?? Self.appKeys.count }
        let ordered = selector.sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }.map(\.value)
        let namespaces: [String?] = namespace.map { [$0, nil] } ?? Array(sortedAppNames.keys)
        for value in ordered {
            var lists: [[Int]] = []
            for space in namespaces {
                for name in Self.names(in: sortedAppNames[space] ?? [], matching: value) {
                    if let members = byAppName[NameKey(namespace: space, name: Substring(name))].flatMap({
                        appGroups[checked: $0]
                    }) {
                        lists.append(members)
                    }
                }
            }
            // One group is already in order without repeats (and is shared, not copied); several are merged.
            guard lists.count > 1 else {
                if let only = lists.first, !only.isEmpty { return only }
                continue
            }
            var found = lists.flatMap { $0 }
            found.sort()
            found = found.indices.compactMap { index in
                index > 0 && found[index - 1] == found[index] ? nil : found[index]
            }
            if !found.isEmpty { return found }
        }
        return []
    }

    /// In a sorted list, the names equal to `value` or starting with `value-`, by binary search.
    static func names(in sorted: [String], matching value: String) -> [String] {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if let name = sorted[checked: middle], name < value { low = middle + 1 } else { high = middle }
        }
        var matches: [String] = []
        var index = low
        while let name = sorted[checked: index], name.hasPrefix(value) {
            if name.utf8.count == value.utf8.count || name.utf8.dropFirst(value.utf8.count).first == UInt8(ascii: "-") {
                matches.append(name)
            }
            index += 1
        }
        return matches
    }
}
