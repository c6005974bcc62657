import ClusterModel

/// Table rows → `Service`, `EndpointSet` and `Ingress` records.
enum ServiceRows {
    static let serviceFields = FieldMask([
        .namespace, .name, .type, .clusterIP, .externalIP, .servicePorts, .age, .selector,
    ])

    static func service(
        _ row: TableRow, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) throws(RowRejection) -> Service {
        let type: ServiceType
        if row.layout.column(of: .type) == nil {
            // kubectl before 1.9 printed no TYPE: read from the ports and EXTERNAL-IP (said at the header).
            type = inferredType(row)
        } else {
            guard let typeRange = row.range(.type) else {
                throw RowRejection(message: "missing TYPE (expected ClusterIP, NodePort, LoadBalancer or ExternalName)")
            }
            let typeText = CellValues.text(row.line, typeRange)
            guard CellBytes.isCapitalizedWord(row.line, typeRange) else {
                throw RowRejection(message: "expected TYPE like ClusterIP or NodePort, found '\(typeText)'")
            }
            type = ServiceType(typeText)
        }
        return InPlaceRecord.build({ Service(key: key, type: type) }) { service in
            if let clusterIP = row.string(.clusterIP) {
                if clusterIP == "None" {
                    service.isHeadless = true
                } else {
                    service.clusterIPs = NodePodRows.addresses(row, .clusterIP, &problems)
                }
            }
            if let external = row.range(.externalIP) {
                readExternal(CellValues.text(row.line, external), into: &service, problems: &problems)
            }
            if let portsRange = row.range(.servicePorts), !CellValues.isPlaceholder(row.line, portsRange) {
                let (list, rejected) = CellBytes.servicePorts(row.line, portsRange)
                service.ports = list
                for item in rejected {
                    problems.append("PORT(S) item '\(item)' is not like 80/TCP or 80:30007/TCP; left out")
                }
            }
            if let range = row.range(.selector) {
                if CellValues.isPlaceholder(row.line, range) {
                    service.selector = [:]
                } else {
                    service.selector = CellBytes.selector(row.line, range)
                    if service.selector == nil {
                        problems.append(
                            "SELECTOR '\(CellValues.text(row.line, range))' is not a list of key=value; left out")
                    }
                }
            }
            service.age = row.age(&problems)
            service.extra = row.extras(consumed: serviceFields)
            service.origin = origin
        }
    }

    /// The type of a service in a table without TYPE: a node port makes it NodePort, or LoadBalancer when
    /// EXTERNAL-IP names a balancer (an address, a hostname, `<pending>`); old kubectl's `<nodes>` is NodePort.
    static func inferredType(_ row: TableRow) -> ServiceType {
        let external = row.string(.externalIP) ?? "<none>"
        let ports = row.string(.servicePorts) ?? ""
        let hasNodePort = CellValues.servicePorts(ports).ports.contains { $0.nodePort != nil }
        guard hasNodePort || external == "<nodes>" else { return .clusterIP }
        return external == "<none>" || external == "<nodes>" ? .nodePort : .loadBalancer
    }

    /// EXTERNAL-IP holds addresses, load balancer hostnames, `<pending>`, or
    /// (ExternalName) the DNS name the service answers with.
    static func readExternal(_ text: String, into service: inout Service, problems: inout [String]) {
        if text == "<pending>" { service.externalPending = true; return }
        if text.hasPrefix("<") && text.hasSuffix(">") { return }
        if service.type == .externalName { service.externalName = text; return }
        for item in CellValues.commaList(text) {
            if let ip = IPAddress(item) {
                service.externalIPs.append(ip)
            } else if isHostname(item) {
                service.externalHostnames.append(String(item))
            } else {
                problems.append("EXTERNAL-IP '\(item)' is neither an IP address nor a hostname; left out")
            }
        }
    }

    static func isHostname(_ text: Substring) -> Bool {
        text.contains(".") && text.utf8.count <= 253
            && text.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                    || byte == 0x2D || byte == 0x2E
            }
    }

    static let endpointsFields = FieldMask([.namespace, .name, .endpoints, .age])

    static func endpoints(
        _ row: TableRow, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) throws(RowRejection) -> EndpointSet {
        guard let text = row.string(.endpoints) else {
            throw RowRejection(message: "missing ENDPOINTS (expected 10.0.0.1:80,… or <none>)")
        }
        var set = EndpointSet(key: key, kind: .endpoints, serviceName: key.name)
        if !(text.hasPrefix("<") && text.hasSuffix(">")) {
            let (addresses, notShown, rejected) = CellValues.endpoints(text)
            if addresses.isEmpty { throw RowRejection(message: "expected ENDPOINTS like 10.0.0.1:80, found '\(text)'") }
            set.addresses = addresses.map {
                var address = $0; address.ready = true; return address
            }
            set.notShownCount = notShown
            for item in rejected { problems.append("ENDPOINTS item '\(item)' is not like 10.0.0.1:80; left out") }
        }
        set.age = row.age(&problems)
        set.extra = row.extras(consumed: endpointsFields)
        set.origin = origin
        return set
    }

    static let sliceFields = FieldMask([.namespace, .name, .addressType, .ports, .endpoints, .age])

    static func endpointSlice(
        _ row: TableRow, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) throws(RowRejection) -> EndpointSet {
        guard let addressType = row.string(.addressType) else {
            throw RowRejection(message: "missing ADDRESSTYPE (expected IPv4, IPv6 or FQDN)")
        }
        var set = EndpointSet(key: key, kind: .endpointSlice, serviceName: serviceName(ofSlice: key.name))
        set.addressType = addressType
        if let ports = row.value(.ports), ports != "<unset>" {
            let (list, rejected) = CellValues.portNumbers(ports)
            set.ports = list
            for item in rejected { problems.append("PORTS item '\(item)' is not a port number; left out") }
        }
        if let text = row.value(.endpoints), text != "<unset>" {
            let (addresses, notShown, rejected) = CellValues.endpoints(text)
            let port = set.ports.count == 1 ? set.ports.first : nil
            set.addresses = addresses.map {
                var address = $0; if address.port == nil { address.port = port }; return address
            }
            set.notShownCount = notShown
            for item in rejected { problems.append("ENDPOINTS item '\(item)' is not an address; left out") }
        }
        set.age = row.age(&problems)
        set.extra = row.extras(consumed: sliceFields)
        set.origin = origin
        return set
    }

    /// A slice is named `<service>-<5 generated characters>`; the table does
    /// not print its service label, so the suffix is taken off (a name without
    /// such a suffix, like `kubernetes`, is the service's own).
    static func serviceName(ofSlice name: String) -> String {
        guard let dash = name.lastIndex(of: "-") else { return name }
        let suffix = name[name.index(after: dash)...]
        guard suffix.count == 5, suffix.allSatisfy({ $0.isLowercase || $0.isNumber }), dash > name.startIndex else {
            return name
        }
        return String(name[..<dash])
    }

    static let ingressFields = FieldMask([.namespace, .name, .className, .hosts, .address, .ports, .age])

    static func ingress(
        _ row: TableRow, key: ObjectKey, problems: inout [String], origin: SourceLocation
    ) throws(RowRejection) -> Ingress {
        guard let hosts = row.string(.hosts) else {
            throw RowRejection(message: "missing HOSTS (expected a host name or *)")
        }
        var ingress = Ingress(key: key)
        ingress.className = row.value(.className)
        ingress.hosts = CellValues.commaList(hosts).map(String.init)
        if let address = row.value(.address) { ingress.addresses = CellValues.commaList(address).map(String.init) }
        if let ports = row.value(.ports) {
            let (list, rejected) = CellValues.portNumbers(ports)
            ingress.ports = list
            for item in rejected { problems.append("PORTS item '\(item)' is not a port number; left out") }
        }
        ingress.age = row.age(&problems)
        ingress.extra = row.extras(consumed: ingressFields)
        ingress.origin = origin
        return ingress
    }
}
