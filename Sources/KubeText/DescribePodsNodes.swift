import ClusterModel

/// `kubectl describe pod|node|ingress` blocks → records.
extension DescribeDecoder {
    static let podFields: Set<String> = alwaysConsumed.union([
        "Labels", "Node", "Status", "IP", "IPs", "Controlled By", "Controllers", "Containers", "Conditions",
        "NominatedNodeName",
    ])

    mutating func pod(_ key: ObjectKey, origin: SourceLocation) -> Pod {
        // `Running`, `Pending`, `Terminating (lasts 5s)`.
        let status = tree.first("Status")?.value.split(separator: " ").first.map(String.init) ?? "Unknown"
        var pod = Pod(key: key, status: status)
        pod.labels = labels(tree.first("Labels"))
        if let node = tree.first("Node")?.value, !Self.isNone(node) {
            // `node-a/10.0.0.5`
            pod.nodeName = node.split(separator: "/").first.map(String.init)
        }
        if let nominated = tree.first("NominatedNodeName")?.value, !Self.isNone(nominated) {
            pod.nominatedNode = nominated
        }
        var ips: [IPAddress] = []
        if let list = tree.first("IPs") {
            ips = tree.children(list).filter { $0.key == "IP" }.flatMap { addresses($0) }
        }
        pod.ips = ips.isEmpty ? addresses(tree.first("IP")) : ips
        // `Controllers:` before kubectl 1.6.
        if let owner = (tree.first("Controlled By") ?? tree.first("Controllers"))?.value,
            let slash = owner.firstIndex(of: "/")
        {
            pod.owners = [
                OwnerReference(
                    kind: String(owner[..<slash]), name: String(owner[owner.index(after: slash)...]), inferred: false)
            ]
        }
        let containers = tree.first("Containers").map { tree.children($0) } ?? []
        for container in containers {
            for entry in tree.children(container) where entry.key == "Port" || entry.key == "Ports" {
                pod.containerPorts.append(contentsOf: containerPorts(entry))
            }
        }
        if !containers.isEmpty {
            let ready = containers.filter { tree.child($0, "Ready")?.value == "True" }.count
            pod.ready = ReadyCount(ready: ready, total: containers.count)
        }
        if let conditions = tree.first("Conditions"), conditionStatus(conditions, "Ready") == "False",
            pod.ready?.isAllReady == true
        {
            // Readiness gates can hold a pod back with every container ready.
            pod.readinessGates = "Ready condition False"
        }
        pod.extra = extras(consumed: Self.podFields)
        pod.extra[RecordDetails.sourceKey] = RecordDetails.describeSource
        pod.origin = origin
        return pod
    }

    /// `8080/TCP (http), 9090/TCP (metrics)` or `<none>`.
    private mutating func containerPorts(_ entry: DescribeTree.Entry) -> [ContainerPort] {
        guard !Self.isNone(entry.value) else { return [] }
        return CellValues.commaList(entry.value).compactMap { item in
            let words = item.split(separator: " ")
            guard let first = words.first, let (port, proto) = Self.portAndProtocol(first) else {
                problems.append((entry.line, "container port '\(item)' is not like '8080/TCP (http)'; left out"))
                return nil
            }
            let name = words.count > 1 ? String(words[1].trimmingCharacters(in: "()")) : nil
            return ContainerPort(name: name, port: port, protocol: proto)
        }
    }

    /// The Status column of a `Type  Status …` condition table's row of `type`.
    func conditionStatus(_ entry: DescribeTree.Entry, _ type: String) -> String? {
        for row in entry.rows {
            let words = row.text.split(separator: " ")
            if words.first == Substring(type), words.count > 1 { return String(words[1]) }
        }
        return nil
    }

    static let nodeFields: Set<String> = alwaysConsumed.union([
        "Roles", "Labels", "Unschedulable", "Conditions", "Addresses", "System Info", "PodCIDR", "PodCIDRs",
    ])

    mutating func node(_ name: String, origin: SourceLocation) -> ClusterModel.Node {
        var status = "Unknown"
        if let conditions = tree.first("Conditions"), let ready = conditionStatus(conditions, "Ready") {
            status = ready == "True" ? "Ready" : ready == "False" ? "NotReady" : "Unknown"
        }
        if tree.first("Unschedulable")?.value == "true" { status += ",SchedulingDisabled" }
        var node = ClusterModel.Node(name: name, status: status)
        if let roles = tree.first("Roles")?.value, !Self.isNone(roles) {
            node.roles = CellValues.commaList(roles).map(String.init)
        }
        node.labels = labels(tree.first("Labels"))
        if let addresses = tree.first("Addresses") {
            for entry in tree.children(addresses) {
                switch entry.key {
                case "InternalIP": node.internalIPs.append(contentsOf: self.addresses(entry))
                case "ExternalIP": node.externalIPs.append(contentsOf: self.addresses(entry))
                default: break
                }
            }
        }
        if let info = tree.first("System Info") {
            node.kernelVersion = tree.child(info, "Kernel Version")?.value
            node.osImage = tree.child(info, "OS Image")?.value
            node.containerRuntime = tree.child(info, "Container Runtime Version")?.value
            node.version = tree.child(info, "Kubelet Version")?.value
        }
        if let cidrs = (tree.first("PodCIDRs") ?? tree.first("PodCIDR"))?.value, !Self.isNone(cidrs) {
            node.podCIDRs = CellValues.commaList(cidrs).map(String.init)
        }
        node.extra = extras(consumed: Self.nodeFields)
        node.extra[RecordDetails.sourceKey] = RecordDetails.describeSource
        node.origin = origin
        return node
    }

    static let ingressFields: Set<String> = alwaysConsumed.union([
        "Labels", "Address", "Ingress Class", "Default backend", "Rules", "TLS",
    ])

    mutating func ingress(_ key: ObjectKey, origin: SourceLocation) -> Ingress {
        var ingress = Ingress(key: key)
        if let address = tree.first("Address")?.value, !Self.isNone(address) {
            ingress.addresses = CellValues.commaList(address).map(String.init)
        }
        if let className = tree.first("Ingress Class")?.value, !Self.isNone(className) {
            ingress.className = className
        }
        if let backend = tree.first("Default backend")?.value, !Self.isNone(backend), backend != "<default>" {
            ingress.defaultBackend = Self.backend(backend, host: nil, path: "/")
        }
        if let rules = tree.first("Rules") { ingressRules(rules, into: &ingress) }
        if ingress.hosts.isEmpty { ingress.hosts = ["*"] }
        if let tls = tree.first("TLS") {
            // `  secret terminates a.example.com,b.example.com`
            for row in tls.rows {
                if let range = row.text.range(of: " terminates ") {
                    ingress.tlsHosts += CellValues.commaList(String(row.text[range.upperBound...])).map(String.init)
                }
            }
        }
        ingress.ports = ingress.tlsHosts.isEmpty ? [80] : [80, 443]
        ingress.extra = extras(consumed: Self.ingressFields)
        ingress.origin = origin
        return ingress
    }

    /// The `Host  Path  Backends` table: a host row (`*` or a name, maybe with its first path), then path rows.
    private mutating func ingressRules(_ entry: DescribeTree.Entry, into ingress: inout Ingress) {
        var host: String?
        for row in entry.rows {
            var words = row.text.split(separator: " ").map(String.init)
            guard let first = words.first, first != "Host", !first.hasPrefix("--") else { continue }
            if !first.hasPrefix("/") {
                host = first == "*" ? nil : first
                ingress.hosts.append(first)
                words.removeFirst()
            }
            guard words.count >= 2, words[0].hasPrefix("/") else { continue }
            if let rule = Self.backend(words[1], host: host, path: words[0]) {
                ingress.rules.append(rule)
            } else {
                problems.append((row.line, "ingress backend '\(words[1])' is not like 'service:80'; left out"))
            }
        }
    }

    /// `web:80`, `web:http` → a rule for that service and port.
    static func backend(_ text: String, host: String?, path: String) -> IngressRule? {
        let target = text.split(separator: " ").first.map(String.init) ?? text
        guard let colon = target.lastIndex(of: ":"), colon > target.startIndex else { return nil }
        let name = String(target[..<colon])
        let portText = String(target[target.index(after: colon)...])
        let port: TargetPort? =
            CellValues.integer(Substring(portText)).map { .number($0) } ?? (portText.isEmpty ? nil : .name(portText))
        return IngressRule(host: host, path: path, serviceName: name, servicePort: port)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
