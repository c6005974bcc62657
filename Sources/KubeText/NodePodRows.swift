import ClusterModel

/// Table rows → `Node` and `Pod` records.
enum NodePodRows {
    static let nodeFields = FieldMask([
        .namespace, .name, .status, .roles, .age, .version, .internalIP, .externalIP, .osImage, .kernelVersion,
        .containerRuntime, .labels,
    ])

    static func node(
        _ row: TableRow, name: String, problems: inout [String], origin: SourceLocation
    ) throws(RowRejection) -> Node {
        guard let status = row.string(.status) else {
            throw RowRejection(message: "missing STATUS (expected Ready or NotReady)")
        }
        guard status.first?.isUppercase == true else {
            throw RowRejection(message: "expected STATUS like Ready or NotReady, found '\(status)'")
        }
        var version: String?
        if let text = row.string(.version) {
            guard text.hasPrefix("v") || text.hasPrefix("<") else {
                throw RowRejection(message: "expected VERSION like v1.30.2, found '\(text)'")
            }
            version = text
        }
        return InPlaceRecord.build({ Node(name: name, status: status) }) { node in
            node.version = version
            if let roles = row.value(.roles) { node.roles = CellValues.commaList(roles).map(String.init) }
            node.age = row.age(&problems)
            node.internalIPs = addresses(row, .internalIP, &problems)
            node.externalIPs = addresses(row, .externalIP, &problems)
            node.osImage = row.value(.osImage)
            node.kernelVersion = row.value(.kernelVersion)
            node.containerRuntime = row.value(.containerRuntime)
            node.labels = labels(row, &problems)
            node.extra = row.extras(consumed: nodeFields)
            node.origin = origin
        }
    }

    static let podFields = FieldMask([
        .namespace, .name, .ready, .status, .restarts, .age, .ip, .node, .nominatedNode, .readinessGates, .labels,
    ])

    static func pod(
        _ row: TableRow, key: ObjectKey, problems: inout [String], strings: inout StringInterner, origin: SourceLocation
    ) throws(RowRejection) -> Pod {
        let ready = try row.required(.ready, "1/1", CellValues.ready)
        let restarts = try row.required(.restarts, "0 or 2 (5m ago)", CellValues.restarts)
        guard let statusRange = row.range(.status) else {
            throw RowRejection(message: "missing STATUS (expected Running, Pending, …)")
        }
        let status = strings.string(row.line, statusRange, field: .status)
        return podRecord(
            row, key: key, status: status, ready: ready, restarts: restarts, problems: &problems, strings: &strings,
            origin: origin)
    }

    /// The part of `pod` that cannot fail, built in place (see `InPlaceRecord`).
    private static func podRecord(
        _ row: TableRow, key: ObjectKey, status: String, ready: ReadyCount?, restarts: RestartCount?,
        problems: inout [String], strings: inout StringInterner, origin: SourceLocation
    ) -> Pod {
        InPlaceRecord.build({ Pod(key: key, status: status) }) { pod in
            // Fields are set only when there is something to set: each
            // assignment first destroys the default it replaces.
            pod.ready = ready
            if let restarts { pod.restarts = restarts }
            if let age = row.age(&problems, strings: &strings) { pod.age = age }
            let ips = addresses(row, .ip, &problems)
            if !ips.isEmpty { pod.ips = ips }
            if let node = row.range(.node), !CellValues.isPlaceholder(row.line, node) {
                pod.nodeName = strings.string(row.line, node, field: .node)
            }
            if let nominated = row.value(.nominatedNode) { pod.nominatedNode = nominated }
            if let gates = row.value(.readinessGates) { pod.readinessGates = gates }
            if let labels = labels(row, &problems) { pod.labels = labels }
            let extra = row.extras(consumed: podFields)
            if !extra.isEmpty { pod.extra = extra }
            pod.origin = origin
        }
    }

    /// IP cells: `<none>` is no address; anything that is not an address is
    /// reported and left out, so `123.45.678.901` never becomes one.
    static func addresses(_ row: TableRow, _ field: Field, _ problems: inout [String]) -> [IPAddress] {
        guard let range = row.range(field), !CellValues.isPlaceholder(row.line, range) else { return [] }
        let text = CellValues.text(row.line, range)
        if let single = IPAddress(text) { return [single] }
        let (ips, rejected) = CellValues.addresses(text)
        for item in rejected { problems.append("\(row.title(field)) '\(item)' is not an IP address; left out") }
        return ips
    }

    static func labels(_ row: TableRow, _ problems: inout [String]) -> [String: String]? {
        guard let range = row.range(.labels) else { return nil }
        if CellValues.isPlaceholder(row.line, range) { return [:] }
        guard let labels = CellBytes.labels(row.line, range) else {
            problems.append("LABELS '\(CellValues.text(row.line, range))' is not a list of key=value; left out")
            return nil
        }
        return labels
    }
}
