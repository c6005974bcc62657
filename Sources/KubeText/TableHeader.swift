import ClusterModel

/// A column kubectl prints, known by its header title.
///
/// Decoders ask for a field, never for a position, so old and new kubectl layouts (columns added, renamed or reordered
/// across versions) decode with the same code.
enum Field: Int, CaseIterable, Sendable {
    case namespace, name, status, roles, age, version, internalIP, externalIP, osImage, kernelVersion
    case containerRuntime, labels, ready, restarts, ip, node, nominatedNode, readinessGates
    case type, clusterIP, servicePorts, selector, endpoints, addressType, ports, className, hosts, address
    case upToDate, available, desired, current, containers, images, nodeSelector
    case completions, duration, schedule, suspend, active, lastSchedule, timezone
    /// `--output-watch-events`: ADDED, MODIFIED, DELETED.
    case event
    /// `kubectl get networkpolicy`.
    case podSelector
    /// Gateway API tables: GatewayClass CONTROLLER ACCEPTED, Gateway PROGRAMMED, HTTPRoute/GRPCRoute HOSTNAMES.
    case controller, accepted, programmed, hostnames

    /// Header titles as kubectl prints them, across versions.
    static let byTitle: [String: Field] = [
        "NAMESPACE": .namespace, "NAME": .name, "STATUS": .status, "ROLES": .roles, "AGE": .age,
        "VERSION": .version, "INTERNAL-IP": .internalIP, "EXTERNAL-IP": .externalIP, "OS-IMAGE": .osImage,
        "KERNEL-VERSION": .kernelVersion, "CONTAINER-RUNTIME": .containerRuntime, "LABELS": .labels,
        "READY": .ready, "RESTARTS": .restarts, "IP": .ip, "NODE": .node, "NOMINATED NODE": .nominatedNode,
        "READINESS GATES": .readinessGates, "TYPE": .type, "CLUSTER-IP": .clusterIP, "PORT(S)": .servicePorts,
        "SELECTOR": .selector, "ENDPOINTS": .endpoints, "ADDRESSTYPE": .addressType, "PORTS": .ports,
        "CLASS": .className, "HOSTS": .hosts, "ADDRESS": .address, "UP-TO-DATE": .upToDate,
        "AVAILABLE": .available, "DESIRED": .desired, "CURRENT": .current, "CONTAINERS": .containers,
        "IMAGES": .images, "NODE SELECTOR": .nodeSelector, "COMPLETIONS": .completions,
        "DURATION": .duration, "SCHEDULE": .schedule, "SUSPEND": .suspend, "ACTIVE": .active,
        "LAST SCHEDULE": .lastSchedule, "TIMEZONE": .timezone, "EVENT": .event, "POD-SELECTOR": .podSelector,
        "CONTROLLER": .controller, "ACCEPTED": .accepted, "PROGRAMMED": .programmed, "HOSTNAMES": .hostnames,
        // kubectl before 1.10 printed these spellings.
        "EXTERNAL IP": .externalIP, "CLUSTER IP": .clusterIP, "PORT": .servicePorts,
    ]

    /// Two-word titles, for headers whose spacing collapsed to single spaces.
    static let twoWordTitles: Set<String> = [
        "NOMINATED NODE", "READINESS GATES", "NODE SELECTOR", "LAST SCHEDULE", "EXTERNAL IP", "CLUSTER IP",
    ]
}

/// What a table lists, decided from its header (a `get all` row's `pod/`,
/// `service/` … prefix can override it per row).
enum TableKind: Sendable, Equatable {
    case node, pod, service, endpoints, endpointSlice, ingress
    case workload(WorkloadKind)
    case networkPolicy, namespace
    case gatewayClass, gateway
    /// HTTPRoute (a HOSTNAMES table), GRPCRoute or TLSRoute (named by a `grpcroute.gateway.networking.k8s.io/`
    /// or `tlsroute.…/` prefix: TLSRoute's table is NAME AGE, its CRD prints no hostnames).
    case route(HTTPRoute.Kind)
    /// Only from a `referencegrant.gateway.networking.k8s.io/` prefix: its table is NAME AGE.
    case referenceGrant
    /// A table kubehops does not use (persistent volumes, config maps, …).
    case unsupported

    /// Reads the kind from the set of fields; the order of checks matters
    /// because kinds share titles (READY, STATUS, PORTS, AGE).
    init(fields: Set<Field>) {
        func has(_ field: Field) -> Bool { fields.contains(field) }
        if has(.podSelector) {
            self = .networkPolicy
        } else if has(.programmed) {
            self = .gateway
        } else if has(.controller) && has(.accepted) {
            // `kubectl get ingressclass` is NAME CONTROLLER PARAMETERS AGE: no ACCEPTED.
            self = .gatewayClass
        } else if has(.hostnames) {
            self = .route(.http)
        } else if has(.addressType) {
            self = .endpointSlice
        } else if has(.endpoints) {
            self = .endpoints
        } else if has(.clusterIP) || (has(.type) && has(.servicePorts)) {
            self = .service
        } else if has(.hosts) {
            self = .ingress
        } else if has(.schedule) {
            self = .workload(.cronJob)
        } else if has(.completions) {
            self = .workload(.job)
        } else if has(.restarts) || (has(.ready) && has(.status)) {
            self = .pod
        } else if has(.roles) || has(.kernelVersion) || has(.internalIP) || (has(.status) && has(.version)) {
            self = .node
        } else if has(.nodeSelector) {
            self = .workload(.daemonSet)
        } else if has(.upToDate) {
            self = .workload(.deployment)
        } else if has(.desired) && has(.current) && has(.ready) {
            self = .workload(.replicaSet)
        } else if has(.desired) && has(.current) {
            self = .workload(.statefulSet)
        } else if has(.ready) && has(.age)
            && fields.isSubset(of: [.name, .namespace, .ready, .age, .containers, .images, .labels])
        {
            self = .workload(.statefulSet)
        } else if has(.status) && fields.isSubset(of: [.name, .status, .age, .labels]) {
            // `kubectl get namespaces [--show-labels]`: NAME STATUS AGE [LABELS].
            self = .namespace
        } else {
            self = .unsupported
        }
    }

    /// Kind from a `get all` name prefix: `pod`, `service`, `deployment.apps` and the others.
    init?(resourcePrefix: String) {
        let resource = resourcePrefix.split(separator: ".", maxSplits: 1).first.map(String.init) ?? resourcePrefix
        switch resource {
        case "pod": self = .pod
        case "service": self = .service
        case "node": self = .node
        case "endpoints": self = .endpoints
        case "endpointslice": self = .endpointSlice
        case "ingress": self = .ingress
        case "deployment": self = .workload(.deployment)
        case "replicaset": self = .workload(.replicaSet)
        case "daemonset": self = .workload(.daemonSet)
        case "statefulset": self = .workload(.statefulSet)
        case "job": self = .workload(.job)
        case "cronjob": self = .workload(.cronJob)
        case "networkpolicy": self = .networkPolicy
        case "namespace": self = .namespace
        case "gatewayclass": self = .gatewayClass
        case "gateway": self = .gateway
        case "httproute": self = .route(.http)
        case "grpcroute": self = .route(.grpc)
        case "tlsroute": self = .route(.tls)
        case "referencegrant": self = .referenceGrant
        default:
            guard !resource.isEmpty, resource.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
            self = .unsupported
        }
    }

    var label: String {
        switch self {
        case .node: "node"
        case .pod: "pod"
        case .service: "service"
        case .endpoints: "endpoints"
        case .endpointSlice: "endpointslice"
        case .ingress: "ingress"
        case .workload(let kind): kind.rawValue.lowercased()
        case .networkPolicy: "networkpolicy"
        case .namespace: "namespace"
        case .gatewayClass: "gatewayclass"
        case .gateway: "gateway"
        case .route(let kind): kind.rawValue.lowercased()
        case .referenceGrant: "referencegrant"
        case .unsupported: "unsupported"
        }
    }
}

/// One column of a header: its title, the field it means (nil for columns
/// kubehops does not know, such as `-L` label columns) and where it starts.
struct HeaderColumn: Sendable, Equatable {
    var title: String
    var field: Field?
    /// Display column (tabs expanded to 8) relative to the line's content start.
    var position: Int
}

/// A recognised header line: its columns, its kind, and a field → column
/// lookup table so that decoding a row never searches.
///
/// A class (immutable) so that every row shares it for the cost of one reference count.
final class TableLayout: Sendable {
    let columns: [HeaderColumn]
    let kind: TableKind
    /// `slots[field.rawValue]` is the column index of `field`, or -1.
    let slots: [Int]
    /// The header words, for diagnostics (`a NAME READY STATUS … table`).
    let summary: String
    /// Column starts for `AlignedRow` (offsets and as bits), or nil when no
    /// row could line up with them (titles closer than a cell and a gap, as
    /// in a collapsed header, or very wide tables).
    let aligned: (starts: [Int], bits: [UInt64])?
    /// The fields of the columns, or nil when a column has a title kubehops
    /// does not know: rows whose decoder reads all of these have no extras.
    let knownFields: FieldMask?

    init(columns: [HeaderColumn]) {
        self.columns = columns
        var slots = [Int](repeating: -1, count: Field.allCases.count)
        var fields = Set<Field>()
        for (index, column) in columns.enumerated() {
            guard let field = column.field else { continue }
            fields.insert(field)
            if slots[field.rawValue] < 0 { slots[field.rawValue] = index }
        }
        self.slots = slots
        var kind = TableKind(fields: fields)
        // `kubectl get ns` is NAME STATUS AGE, then LABELS or `-L` columns; other tables
        // with a STATUS column and titles kubehops does not know (volumes) are not namespaces.
        if kind == .namespace, columns.prefix(3).map(\.field) != [.name, .status, .age] { kind = .unsupported }
        self.kind = kind
        self.summary = columns.prefix(4).map(\.title).joined(separator: " ") + (columns.count > 4 ? " …" : "")
        let starts = columns.map(\.position)
        let spaced = starts.first == 0 && zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 >= 3 }
        self.aligned = spaced ? AlignedRow.startBits(starts).map { (starts, $0) } : nil
        let fieldList = columns.compactMap(\.field)
        self.knownFields = fieldList.count == columns.count ? FieldMask(fieldList) : nil
    }

    @inline(__always)
    func column(of field: Field) -> Int? {
        let slot = slots[field.rawValue]
        return slot >= 0 ? slot : nil
    }

    /// Recognises a header among the chunks of a line, or returns nil.
    ///
    /// A header starts with NAME or NAMESPACE (or EVENT for `--output-watch-events`), has only upper-case title
    /// characters, and names at least one more known column. Chunks whose words were joined by single spaces (a
    /// collapsed copy) are split back into titles.
    static func recognise(line: [UInt8], from: Int, chunks: [Chunk]) -> TableLayout? {
        guard let first = chunks.first, first.end - first.start <= 64 else { return nil }
        // Cheap gate before any String is made: the line must start with N or E.
        let lead = line[first.start]
        guard lead == UInt8(ascii: "N") || lead == UInt8(ascii: "E") else { return nil }
        var chunks = chunks
        RowSplitter.locate(line, from: from, chunks: &chunks)
        var columns: [HeaderColumn] = []
        for chunk in chunks {
            guard chunk.end - chunk.start <= 200 else { return nil }
            var index = chunk.start
            while index < chunk.end {
                guard isTitleByte(line[index]) else { return nil }
                index += 1
            }
            let title = String(decoding: line[chunk.start..<chunk.end], as: UTF8.self)
            if let field = Field.byTitle[title] {
                columns.append(HeaderColumn(title: title, field: field, position: chunk.position))
            } else {
                columns.append(contentsOf: splitTitles(title, position: chunk.position))
            }
        }
        // A header names at least one more known column; or it starts with NAME and the rest are titles kubehops
        // does not know (a new resource's table: Gateway CLASS ADDRESS PROGRAMMED, HTTPRoute HOSTNAMES), read as
        // a table of a kind kubehops does not use rather than as stray lines.
        guard let firstTitle = columns.first?.title,
            ["NAME", "NAMESPACE", "EVENT"].contains(firstTitle),
            columns.count >= 2,
            columns.contains(where: { $0.field == .name }),
            columns.contains(where: { $0.field != nil && $0.field != .name && $0.field != .namespace })
                || (firstTitle == "NAME" && columns.dropFirst().allSatisfy { $0.field == nil && $0.title.count > 1 })
        else { return nil }
        return TableLayout(columns: columns)
    }

    private static func isTitleByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: " "):
            true
        default: false
        }
    }

    /// `NAME TYPE CLUSTER-IP` (single spaces) → three columns; known two-word
    /// titles such as `NOMINATED NODE` stay whole.
    private static func splitTitles(_ text: String, position: Int) -> [HeaderColumn] {
        var words: [(word: String, offset: Int)] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: " ") { index += 1; continue }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " ") { index += 1 }
            words.append((String(decoding: bytes[start..<index], as: UTF8.self), start))
        }
        var columns: [HeaderColumn] = []
        var wordIndex = 0
        while wordIndex < words.count {
            let (word, offset) = words[wordIndex]
            if wordIndex + 1 < words.count {
                let pair = word + " " + words[wordIndex + 1].word
                if Field.twoWordTitles.contains(pair) {
                    columns.append(HeaderColumn(title: pair, field: Field.byTitle[pair], position: position + offset))
                    wordIndex += 2
                    continue
                }
            }
            columns.append(HeaderColumn(title: word, field: Field.byTitle[word], position: position + offset))
            wordIndex += 1
        }
        return columns
    }
}
