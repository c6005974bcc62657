import ClusterModel

/// `kubectl describe service|endpoints|endpointslice` blocks → records.
extension DescribeDecoder {
    static let serviceFields: Set<String> = alwaysConsumed.union([
        "Labels", "Selector", "Type", "IP", "IPs", "IP Families", "External IPs", "External Name",
        "LoadBalancer Ingress", "Port", "TargetPort", "NodePort", "Endpoints", "Session Affinity",
        "External Traffic Policy", "Internal Traffic Policy", "HealthCheck NodePort", "LoadBalancer Source Ranges",
        "Traffic Distribution",
    ])

    mutating func serviceRecord(_ key: ObjectKey, origin: SourceLocation) -> Record {
        let typeText = tree.first("Type")?.value ?? ""
        var service = Service(key: key, type: ServiceType(typeText.isEmpty ? "ClusterIP" : typeText))
        service.portNamesKnown = true
        service.selector = labels(tree.first("Selector"))
        let ips = tree.first("IPs")
        let ipEntry = ips.map { Self.isNone($0.value) } == false ? ips : tree.first("IP")
        if ipEntry?.value == "None" { service.isHeadless = true }
        service.clusterIPs = addresses(ipEntry)
        service.externalIPs = addresses(tree.first("External IPs"))
        if let name = tree.first("External Name")?.value, !Self.isNone(name) { service.externalName = name }
        if let ingress = tree.first("LoadBalancer Ingress") { loadBalancerIngress(ingress, into: &service) }
        if service.type == .loadBalancer && service.externalIPs.isEmpty && service.externalHostnames.isEmpty {
            service.externalPending = true
        }
        if let families = tree.first("IP Families")?.value, !Self.isNone(families) {
            service.ipFamilies = CellValues.commaList(families).map(String.init)
        }
        let endpoints = ports(into: &service)
        service.sessionAffinity = tree.first("Session Affinity")?.value
        service.externalTrafficPolicy = policy("External Traffic Policy")
        service.internalTrafficPolicy = policy("Internal Traffic Policy")
        if let entry = tree.first("HealthCheck NodePort") {
            service.healthCheckNodePort = CellValues.integer(Substring(entry.value))
            if service.healthCheckNodePort == nil { problem(entry, "is not a port number; left out") }
        }
        if let ranges = tree.first("LoadBalancer Source Ranges")?.value {
            service.loadBalancerSourceRanges = CellValues.commaList(ranges).map(String.init)
        }
        service.trafficDistribution = tree.first("Traffic Distribution")?.value
        service.extra = extras(consumed: Self.serviceFields)
        service.extra[RecordDetails.sourceKey] = RecordDetails.describeSource
        service.origin = origin
        var set: EndpointSet?
        if let endpoints {
            var listing = EndpointSet(key: key, kind: .endpoints, serviceName: key.name)
            listing.addresses = endpoints.addresses
            listing.notShownCount = endpoints.notShown
            listing.namedPorts = service.ports.map { EndpointPort(name: $0.name, port: $0.port, protocol: $0.protocol) }
            listing.extra = ["source": "kubectl describe service (ready endpoints)"]
            listing.origin = origin
            set = listing
        }
        return .service(service, endpoints: set)
    }

    private mutating func policy(_ key: String) -> TrafficPolicy? {
        guard let entry = tree.first(key) else { return nil }
        guard let policy = TrafficPolicy(rawValue: entry.value) else {
            problem(entry, "is neither Cluster nor Local; left out")
            return nil
        }
        return policy
    }

    /// `192.0.2.10 (VIP), lb-1.elb.amazonaws.com`: addresses with their ipMode (kubectl 1.30+), or hostnames.
    private mutating func loadBalancerIngress(_ entry: DescribeTree.Entry, into service: inout Service) {
        for item in CellValues.commaList(entry.values.joined(separator: ",")) {
            let parts = item.split(separator: " ")
            guard let first = parts.first else { continue }
            if let ip = IPAddress(first) {
                service.externalIPs.append(ip)
                if parts.count > 1, parts[1].hasPrefix("("), parts[1].hasSuffix(")") {
                    service.loadBalancerIPMode = String(parts[1].dropFirst().dropLast())
                }
            } else if ServiceRows.isHostname(first) {
                service.externalHostnames.append(String(first))
            } else {
                problems.append((entry.line, "LoadBalancer Ingress '\(item)' is neither an address nor a hostname"))
            }
        }
    }

    /// The `Port:` / `TargetPort:` / `NodePort:` / `Endpoints:` groups, one per service port, in order.
    ///
    /// Returns the ready endpoints the block listed (nil when it listed none at all).
    private mutating func ports(into service: inout Service) -> (addresses: [EndpointAddress], notShown: Int)? {
        var listed: [EndpointAddress] = []
        var notShown = 0
        var sawEndpoints = false
        for entry in tree.topEntries {
            switch entry.key {
            case "Port":
                let words = entry.value.split(separator: " ")
                guard let last = words.last, let (port, proto) = Self.portAndProtocol(last) else {
                    problem(entry, "is not like 'http  80/TCP'; port left out")
                    continue
                }
                let name = words.count > 1 && !Self.isNone(String(words[0])) ? String(words[0]) : nil
                service.ports.append(ServicePort(name: name, port: port, protocol: proto))
            case "TargetPort":
                guard !service.ports.isEmpty else { continue }
                let text = entry.value.split(separator: "/").first.map(String.init) ?? entry.value
                if let number = CellValues.integer(Substring(text)) {
                    service.ports[service.ports.count - 1].targetPort = .number(number)
                } else if !text.isEmpty {
                    service.ports[service.ports.count - 1].targetPort = .name(text)
                }
            case "NodePort":
                guard !service.ports.isEmpty, let last = entry.value.split(separator: " ").last,
                    let (port, _) = Self.portAndProtocol(last)
                else { continue }
                service.ports[service.ports.count - 1].nodePort = port
            case "Endpoints":
                sawEndpoints = true
                let text = entry.values.joined(separator: ",")
                guard !Self.isNone(text) else { continue }
                let (addresses, more, rejected) = CellValues.endpoints(text)
                for item in rejected { problems.append((entry.line, "Endpoints item '\(item)' is not ip:port")) }
                for var address in addresses where !listed.contains(address) {
                    address.ready = true
                    listed.append(address)
                }
                notShown = max(notShown, more)
            default: continue
            }
        }
        return sawEndpoints ? (listed, notShown) : nil
    }

    /// `80/TCP` → (80, "TCP").
    static func portAndProtocol(_ text: Substring) -> (Int, String)? {
        let parts = text.split(separator: "/")
        guard let first = parts.first, let port = CellValues.integer(first), port <= 65_535 else { return nil }
        return (port, parts.count > 1 ? String(parts[1]) : "TCP")
    }

    // MARK: Endpoints and EndpointSlices

    mutating func endpoints(_ key: ObjectKey, origin: SourceLocation) -> EndpointSet {
        var set = EndpointSet(key: key, kind: .endpoints, serviceName: key.name)
        guard let subsets = tree.first("Subsets") else { return set }
        // Each subset: Addresses, NotReadyAddresses, Ports (a Name Port Protocol table).
        var groups: [[DescribeTree.Entry]] = []
        for entry in tree.children(subsets) {
            if entry.key == "Addresses" || groups.isEmpty { groups.append([]) }
            groups[groups.count - 1].append(entry)
        }
        for group in groups {
            let ports = group.first { $0.key == "Ports" }.map { portTable($0) } ?? []
            set.namedPorts.append(contentsOf: ports)
            let numbers: [Int?] = ports.isEmpty ? [nil] : ports.map(\.port)
            for entry in group where entry.key == "Addresses" || entry.key == "NotReadyAddresses" {
                for ip in addresses(entry) {
                    for port in numbers {
                        set.addresses.append(EndpointAddress(ip: ip, port: port, ready: entry.key == "Addresses"))
                    }
                }
            }
        }
        set.extra = extras(consumed: Self.alwaysConsumed.union(["Labels", "Subsets"]))
        set.origin = origin
        return set
    }

    /// `Name  Port  Protocol` rows (after the `----` line) → ports; `<unset>` names are nil.
    mutating func portTable(_ entry: DescribeTree.Entry) -> [EndpointPort] {
        entry.rows.compactMap { row in
            let words = row.text.split(separator: " ")
            guard words.count == 3, words[0] != "Name", !words[0].hasPrefix("--") else { return nil }
            guard let port = CellValues.integer(words[1]) else {
                problems.append((row.line, "port row '\(row.text)' is not like 'http  8080  TCP'; left out"))
                return nil
            }
            return EndpointPort(name: Self.isNone(String(words[0])) ? nil : String(words[0]), port: port,
                                protocol: String(words[2]))
        }
    }

    mutating func endpointSlice(_ key: ObjectKey, origin: SourceLocation) -> EndpointSet {
        let labels = labels(tree.first("Labels")) ?? [:]
        let service = labels["kubernetes.io/service-name"] ?? ServiceRows.serviceName(ofSlice: key.name)
        var set = EndpointSet(key: key, kind: .endpointSlice, serviceName: service)
        set.addressType = tree.first("AddressType")?.value
        if let ports = tree.first("Ports") {
            set.namedPorts = portTable(ports)
            set.ports = set.namedPorts.map(\.port)
        }
        let port = set.ports.count == 1 ? set.ports.first : nil
        if let list = tree.first("Endpoints") {
            for item in tree.children(list) where item.key == "-" {
                set.addresses.append(contentsOf: sliceEndpoint(item, port: port, namespace: key.namespace))
            }
        }
        set.extra = extras(consumed: Self.alwaysConsumed.union(["Labels", "AddressType", "Ports", "Endpoints"]))
        set.origin = origin
        return set
    }

    /// `- Addresses: 10.244.1.5` with `Conditions: Ready: true`, `TargetRef: Pod/web-1`, `NodeName:`, `Zone:`.
    ///
    /// kubectl describe prints only the Ready condition (serving/terminating and hints need `-o yaml`).
    private mutating func sliceEndpoint(
        _ item: DescribeTree.Entry, port: Int?, namespace: String?
    ) -> [EndpointAddress] {
        guard let addressEntry = tree.child(item, "Addresses") else { return [] }
        var ready: Bool?
        if let conditions = tree.child(item, "Conditions"), let value = tree.child(conditions, "Ready")?.value {
            ready = value == "true" ? true : value == "false" ? false : nil
        }
        // Before 1.21 (discovery v1beta1) the node and zone were `Topology:` labels.
        let topology = labels(tree.child(item, "Topology")) ?? [:]
        let node = tree.child(item, "NodeName").map(\.value).flatMap { Self.isNone($0) ? nil : $0 }
            ?? topology["kubernetes.io/hostname"]
        let zone = tree.child(item, "Zone").map(\.value).flatMap { Self.isNone($0) ? nil : $0 }
            ?? topology["topology.kubernetes.io/zone"]
        var pod: ObjectKey?
        if let reference = tree.child(item, "TargetRef")?.value, reference.hasPrefix("Pod/") {
            pod = ObjectKey(namespace: namespace, name: String(reference.dropFirst(4)))
        }
        return addresses(addressEntry).map { ip in
            var address = EndpointAddress(ip: ip, port: port, ready: ready, nodeName: node, targetPod: pod)
            address.zone = zone
            return address
        }
    }
}
