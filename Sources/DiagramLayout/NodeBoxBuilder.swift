import CellCanvas
import ClusterModel

/// Lays out the inside of one node box at a given position and width.
///
/// The height follows from the content (capped), the width never does: a column of nodes stays a column whatever they
/// hold.
struct NodeBoxBuilder: Sendable {
    let options: LayoutOptions
    let nodePorts: [Int]
    /// `30080`, `32001 - 32006`: the same for every node, so compressed once
    /// (10,000 services on 5,000 nodes would otherwise build 16 million strings).
    private let nodePortParts: [String]

    init(options: LayoutOptions, nodePorts: [Int]) {
        self.options = options
        self.nodePorts = nodePorts
        nodePortParts = PortRanges.compress(nodePorts)
    }

    var separator: String { options.glyphs == .ascii ? ", " : " · " }

    func build(_ content: NodeContent, at origin: Point, width: Int) -> NodeBox {
        let node = content.node
        let ip = node.internalIPs.first?.text
        var box = NodeBox(
            name: node.name, kind: content.kind, rect: Rect(x: origin.x, y: origin.y, width: width, height: 3),
            title: title(for: content, ip: ip, width: width), isReady: node.isReady, nodeIP: ip,
            nodePortPanel: nil, clusterIPPanel: nil, groups: [], notes: [],
            podCount: content.pods.count,
            failingPodCount: content.allPods.withUnsafeBufferPointer { pods in
                content.pods.reduce(0) { $0 + (PodHealth(pods[$1]) == .failing ? 1 : 0) }
            })
        switch options.zoom {
        case .compact: layoutCompact(&box, content)
        case .detailed: layoutDetailed(&box, content)
        }
        return box
    }

    /// `worker-node1 · control-plane · 192.168.1.182 · NotReady`.
    ///
    /// The name is what the user looks for, so when the title is too wide the other parts give way first (the pod
    /// range, the roles, then the address, which the NodePort panel repeats) and the status is shortened; the name is
    /// shortened only when it does not fit alone.
    func title(for content: NodeContent, ip: String?, width: Int) -> String {
        let node = content.node
        if let wordings = Self.pseudoTitles[content.kind] {
            return wordings.first { DisplayWidth.of($0) <= width - 4 } ?? wordings.last ?? ""
        }
        // A node named only by pods' NODE column has no row of its own (`not listed`);
        // a status other than plain `Ready` (NotReady, `Ready,SchedulingDisabled`) is shown.
        let status: String? = node.isPlaceholder ? "not listed" : (node.status == "Ready" ? nil : node.status)
        let roles = node.roles.isEmpty ? nil : node.roles.joined(separator: ",")
        // `~`: taken from a host-network pod's IP, not from a node listing.
        let ip = ip.map { content.isNodeIPInferred ? "~" + $0 : $0 }
        let room = width - 4
        func joined(_ parts: [String?]) -> String { parts.compactMap { $0 }.map { separator + $0 }.joined() }
        // The node's pod range, only when it fits whole beside the full name.
        let candidates: [[String?]] = [
            [roles, ip, status, content.podRange.map { "pods " + $0 }],
            [roles, ip, status],
            [ip, status],
            [status],
        ]
        for parts in candidates {
            let suffix = joined(parts)
            if DisplayWidth.of(node.name) + DisplayWidth.of(suffix) <= room { return node.name + suffix }
        }
        // The whole name, then as much of the status as fits; a name longer than the room is shortened alone.
        let nameWidth = DisplayWidth.of(node.name)
        guard nameWidth <= room else {
            return TextFit.truncate(node.name, toWidth: max(4, room), at: .middle, ellipsis: options.ellipsis)
        }
        let statusRoom = room - nameWidth - DisplayWidth.of(separator)
        guard let status, statusRoom >= 4 else { return node.name }
        return node.name + separator + TextFit.truncate(status, toWidth: statusRoom, ellipsis: options.ellipsis)
    }

    /// Titles of the boxes that are not nodes, longest first: the first that
    /// fits is used.
    ///
    /// Each says why its pods have no node, and the second one how to get the node shown.
    static let pseudoTitles: [NodeBoxKind: [String]] = [
        .unscheduled: ["unscheduled (Pending, no node yet)", "unscheduled (Pending)", "unscheduled"],
        .nodeNotShown: [
            "node unknown (input has no NODE column: add -o wide)", "node unknown (no NODE column: add -o wide)",
            "node unknown (add -o wide)", "node unknown",
        ],
    ]

    private func layoutCompact(_ box: inout NodeBox, _ content: NodeContent) {
        let inner = Rect(x: box.rect.x + 2, y: box.rect.y + 1, width: box.rect.width - 4, height: 1)
        let healthy = content.pods.count - box.failingPodCount
        let symbols =
            "\(PodHealth.running.symbol(options.glyphs))\(healthy) " +
            "\(PodHealth.failing.symbol(options.glyphs))\(box.failingPodCount)"
        box.notes = [
            (inner, box.nodeIP ?? Self.compactAddressNote(content.kind)),
            (inner.offsetBy(dx: 0, dy: 1), "\(symbols) svc \(content.serviceCount)"),
        ]
        box.rect.height = Metrics.compactNodeHeight
    }

    static func compactAddressNote(_ kind: NodeBoxKind) -> String {
        switch kind {
        case .node: "no IP in input"
        case .unscheduled: "no node yet"
        case .nodeNotShown: "add -o wide"
        }
    }

    private func layoutDetailed(_ box: inout NodeBox, _ content: NodeContent) {
        let x = box.rect.x + 2
        let innerWidth = max(1, box.rect.width - 4)
        let textWidth = max(1, innerWidth - 4)
        var y = box.rect.y + 1

        layoutPanels(&box, content, x: x, y: &y, innerWidth: innerWidth, textWidth: textWidth)

        let podWidth = min(Metrics.podWidth, innerWidth)
        let perRow = max(1, (innerWidth + Metrics.podGap) / (podWidth + Metrics.podGap))
        var rowsLeft = max(1, options.maxPodRows)
        var shown = 0
        let pods = content.pods
        content.allPods.withUnsafeBufferPointer { allPods in
            // Pods arrive sorted by namespace, so each namespace is one run.
            var runStart = 0
            while runStart < pods.count, rowsLeft > 0 {
                let namespace = allPods[pods[runStart]].key.namespace
                var runEnd = runStart + 1
                while runEnd < pods.count, allPods[pods[runEnd]].key.namespace == namespace { runEnd += 1 }
                let runCount = runEnd - runStart
                let fitting = min(runCount, rowsLeft * perRow)
                // A table without a NAMESPACE column does not say which namespace it is.
                let label = "\(namespace ?? "namespace not shown") (\(runCount))"
                var group = NamespaceGroup(
                    namespace: namespace ?? "", labelRect: Rect(x: x, y: y, width: innerWidth, height: 1),
                    label: label, pods: [])
                group.pods.reserveCapacity(fitting)
                y += 1
                for offset in 0..<fitting {
                    let column = offset % perRow
                    let row = offset / perRow
                    let rect = Rect(
                        x: x + column * (podWidth + Metrics.podGap), y: y + row * Metrics.podHeight,
                        width: podWidth, height: Metrics.podHeight)
                    group.pods.append(podBox(allPods[pods[runStart + offset]], rect: rect))
                }
                let rows = (fitting + perRow - 1) / perRow
                y += rows * Metrics.podHeight
                rowsLeft -= rows
                shown += fitting
                box.groups.append(group)
                runStart = runEnd
            }
        }
        if shown < pods.count {
            box.notes.append((Rect(x: x, y: y, width: innerWidth, height: 1), "+\(pods.count - shown) more pods"))
            y += 1
        }
        if pods.isEmpty {
            box.notes.append((Rect(x: x, y: y, width: innerWidth, height: 1), "no pods in view"))
            y += 1
        }
        box.rect.height = y - box.rect.y + 1
    }

    /// The NodePort and ClusterIP panels at the top of a detailed box, from `y` on (moved below them).
    private func layoutPanels(
        _ box: inout NodeBox, _ content: NodeContent, x: Int, y: inout Int, innerWidth: Int, textWidth: Int
    ) {
        // NodePorts and ClusterIPs are kube-proxy rules on nodes: a box that is not a node has neither.
        if !nodePorts.isEmpty, content.kind == .node {
            let lines = nodePortLines(ip: box.nodeIP, width: textWidth).map { PanelLine(text: $0) }
            let panel = Panel.arrange(
                title: "NodePort", entries: lines, at: Point(x: x, y: y), width: innerWidth,
                maxRows: Metrics.panelLineCap + 1, singleColumn: true)
            box.nodePortPanel = panel
            y = panel.rect.maxY
        }
        if !content.services.isEmpty {
            // Every line's width decides the columns; only the lines the panel has room for are built.
            let links = content.services, services = content.allServices
            let widths = links.map { serviceLineWidth(services[$0.position], inferred: $0.inferred, width: textWidth) }
            let panel = Panel.arrange(
                title: "ClusterIP", widths: widths, at: Point(x: x, y: y), width: innerWidth,
                maxRows: max(1, options.maxServiceLines), total: content.serviceCount
            ) { serviceLine(services[links[$0].position], inferred: links[$0].inferred, width: textWidth) }
            box.clusterIPPanel = panel
            y = panel.rect.maxY
        }
    }

    /// `10.100.11.12:30080, 30443, 32001 - 32006`, wrapped under the address
    /// and capped with `+N more` so 10,000 services do not make a tower.
    func nodePortLines(ip: String?, width: Int) -> [String] {
        let prefix = Self.nodePortPrefix(ip: ip)
        let indent = String(repeating: " ", count: min(DisplayWidth.of(prefix), max(0, width - 8)))
        let parts = nodePortParts
        var lines: [String] = []
        var line = prefix
        for (index, part) in parts.enumerated() {
            let piece = (line == prefix || line == indent ? "" : ", ") + part
            if DisplayWidth.of(line) + DisplayWidth.of(piece) + 1 > width, line != prefix, line != indent {
                if lines.count == Metrics.panelLineCap - 1 {
                    lines.append(line + ",")
                    lines.append("+\(parts.count - index) more")
                    return lines.map { TextFit.truncate($0, toWidth: width, ellipsis: options.ellipsis) }
                }
                lines.append(line + ",")
                line = indent + part
            } else {
                line += piece
            }
        }
        lines.append(line)
        return lines.map { TextFit.truncate($0, toWidth: width, ellipsis: options.ellipsis) }
    }

    /// `10.100.11.12:` (`[fd00::1]:` for IPv6), what the NodePort lines start with.
    static func nodePortPrefix(ip: String?) -> String {
        (ip.map { $0.contains(":") ? "[\($0)]" : $0 } ?? "<node IP>") + ":"
    }

    /// `10.101.63.221 nginx-nodeport`, `?` when the link to this node's pods
    /// was guessed; `withNodePorts` adds ` NodePort :30007` (for the panel of
    /// services without a node box, where no NodePort panel shows them).
    ///
    /// An ExternalName service has no address, only the name DNS answers with: `CNAME pingpong → kourier-internal.…`.
    func serviceLine(_ service: Service, inferred: Bool, width: Int, withNodePorts: Bool = false) -> PanelLine {
        if service.type == .externalName {
            let text = "CNAME \(service.name) → \(service.externalName ?? "?")"
            return PanelLine(
                text: TextFit.truncate(text, toWidth: max(3, width), at: .middle, ellipsis: options.ellipsis),
                service: service.key, inferred: inferred)
        }
        let address = Self.address(of: service)
        let ports =
            withNodePorts && service.type.opensNodePorts
            ? PortRanges.compress(service.ports.compactMap(\.nodePort).sorted()) : []
        let mark =
            (inferred ? " ?" : "")
            + (withNodePorts && !ports.isEmpty ? " NodePort :" + ports.joined(separator: ",") : "")
        let room = max(3, width - DisplayWidth.of(address) - 1 - DisplayWidth.of(mark))
        let name = TextFit.truncate(service.name, toWidth: room, at: .middle, ellipsis: options.ellipsis)
        return PanelLine(text: "\(address) \(name)\(mark)", service: service.key, inferred: inferred)
    }

    /// `endpoints kiada: 10.244.1.7:8443 +7` for a service known only by its
    /// Endpoints/EndpointSlice; `<none>` teaches that such a service has no
    /// ready pod, so kube-proxy rejects what is sent to it.
    func endpointsLine(_ set: EndpointSet) -> String {
        let head = "endpoints \(set.serviceName): "
        guard let first = set.addresses.first else {
            return head
                + (set.notShownCount > 0 ? "\(set.notShownCount) not shown" : "<none> (no ready pod: traffic rejected)")
        }
        let more = set.addresses.count - 1 + set.notShownCount
        let port = first.port ?? set.ports.first
        return head + (port.map { first.ip.withPort($0) } ?? first.ip.text) + (more > 0 ? " +\(more)" : "")
    }

    /// What a service line starts with: the ClusterIP, `None` for a headless
    /// service, `<no IP>` when the input gave none (or an invalid one).
    static func address(of service: Service) -> String {
        service.isHeadless ? "None" : (service.clusterIPs.first?.text ?? "<no IP>")
    }

    /// The display width of `serviceLine(...).text`, without building it when
    /// the name fits whole (the usual case): the layout measures every node's panel.
    func serviceLineWidth(_ service: Service, inferred: Bool, width: Int) -> Int {
        guard service.type != .externalName else {
            return DisplayWidth.of(serviceLine(service, inferred: inferred, width: width).text)
        }
        let address = Self.address(of: service)
        let markWidth = inferred ? 2 : 0
        if let addressWidth = PlainText.width(address), let nameWidth = PlainText.width(service.name),
            nameWidth <= max(3, width - addressWidth - 1 - markWidth)
        {
            return addressWidth + 1 + nameWidth + markWidth
        }
        return DisplayWidth.of(serviceLine(service, inferred: inferred, width: width).text)
    }

    func podBox(_ pod: Pod, rect: Rect) -> PodBox {
        let health = PodHealth(pod)
        let symbol = health.symbol(options.glyphs)
        let room = max(1, rect.width - 4 - DisplayWidth.of(symbol) - 1)
        let name = NodeBoxBuilderNames.shorten(
            pod.name, toWidth: room, ellipsis: options.ellipsis, nodeName: pod.nodeName)
        // A pod past Pending has an IP: when none is shown, the input left it out (no `-o wide`).
        let ip = pod.ips.first?.text ?? (health == .pending ? "no IP yet" : "IP not in input")
        let shownIP = TextFit.truncate(ip, toWidth: max(1, rect.width - 4), at: .middle, ellipsis: options.ellipsis)
        return PodBox(key: pod.key, rect: rect, title: "\(symbol) \(name)", ip: shownIP, health: health)
    }
}

/// Shortening names for boxes and captions.
public enum NodeBoxBuilderNames {
    /// `nginx-dep…5hrgb`: generated names end in a random suffix that tells
    /// replicas apart, so the last dash-separated part is kept whole (when
    /// short) and the middle gives way.
    ///
    /// The workload part is kept when there is room: a Deployment's ReplicaSet hash gives way first
    /// (`coredns-6d4b75cb6d-2hx7m` → `coredns…2hx7m`), and a static pod (`kube-apiserver-<node>`) keeps its component,
    /// since the node's name is on the box around it.
    public static func shorten(
        _ name: String, toWidth width: Int, ellipsis: String = "…", nodeName: String? = nil
    ) -> String {
        guard DisplayWidth.of(name) > width else { return name }
        return shortenASCII(name, toWidth: width, ellipsis: ellipsis, nodeName: nodeName)
            ?? shortenByCharacters(name, toWidth: width, ellipsis: ellipsis, nodeName: nodeName)
    }

    /// `shorten`'s steps on Characters, for any name wider than `width`.
    static func shortenByCharacters(_ name: String, toWidth width: Int, ellipsis: String, nodeName: String?) -> String {
        if let nodeName, !nodeName.isEmpty, name.hasSuffix("-" + nodeName), name.count > nodeName.count + 1 {
            let component = String(name.dropLast(nodeName.count + 1))
            if DisplayWidth.of(component) + DisplayWidth.of(ellipsis) <= width { return component + ellipsis }
        }
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count >= 3, let suffix = parts.last, suffix.count <= 6,
            isReplicaSetHash(parts[parts.count - 2])
        {
            let workload = parts.dropLast(2).joined(separator: "-")
            let short = workload + ellipsis + suffix
            if DisplayWidth.of(short) <= width { return short }
        }
        if let dash = name.lastIndex(of: "-") {
            let suffix = String(name[name.index(after: dash)...])
            let suffixWidth = DisplayWidth.of(suffix)
            let head = width - suffixWidth - DisplayWidth.of(ellipsis)
            if suffixWidth > 0, suffixWidth <= 6, head >= 3 {
                return TextFit.take(name, columns: head) + ellipsis + suffix
            }
        }
        return TextFit.truncate(name, toWidth: width, at: .middle, ellipsis: ellipsis)
    }

    /// `shorten` read from the bytes of a printable ASCII name (nearly every one; an export shortens
    /// every pod's), where a byte is a character and a column: the same steps without splitting the
    /// name into Substrings or asking Characters what they are.
    ///
    /// Nil for other names, and when no step before the last (`TextFit.truncate`) applies.
    static func shortenASCII(_ name: String, toWidth width: Int, ellipsis: String, nodeName: String?) -> String? {
        // An ellipsis that could join a neighbouring character into one grapheme would change the widths.
        guard let count = PlainText.width(name), nodeName.map({ PlainText.width($0) != nil }) ?? true,
            PlainText.width(ellipsis) != nil || ellipsis == "…"
        else { return nil }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        let bytes = Array(name.utf8)
        let dash = UInt8(ascii: "-")
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        if let nodeName, !nodeName.isEmpty {
            let node = nodeName.utf8.count
            if count > node + 1, bytes[count - node - 1] == dash, bytes[(count - node)...].elementsEqual(nodeName.utf8),
                count - node - 1 + ellipsisWidth <= width
            {
                return text(0..<(count - node - 1)) + ellipsis
            }
        }
        guard let last = bytes.lastIndex(of: dash) else { return nil }
        let suffixLength = count - last - 1
        if suffixLength <= 6, let previous = bytes[..<last].lastIndex(of: dash),
            isReplicaSetHash(bytes[(previous + 1)..<last]), previous + ellipsisWidth + suffixLength <= width
        {
            return text(0..<previous) + ellipsis + text((last + 1)..<count)
        }
        let head = width - suffixLength - ellipsisWidth
        guard suffixLength > 0, suffixLength <= 6, head >= 3 else { return nil }
        return text(0..<min(head, count)) + ellipsis + text((last + 1)..<count)
    }

    /// `isReplicaSetHash` of ASCII bytes: 6 to 10 of `a`–`z` and `0`–`9`, at least one a digit.
    static func isReplicaSetHash(_ part: ArraySlice<UInt8>) -> Bool {
        (6...10).contains(part.count) && part.contains { $0 &- UInt8(ascii: "0") < 10 }
            && part.allSatisfy { $0 &- UInt8(ascii: "0") < 10 || $0 &- UInt8(ascii: "a") < 26 }
    }

    /// A pod-template hash as a ReplicaSet's name carries it: 6 to 10 lower-case letters and digits,
    /// at least one a digit (so a word such as `server` is not taken for one).
    static func isReplicaSetHash(_ part: Substring) -> Bool {
        (6...10).contains(part.count) && part.contains(where: \.isNumber)
            && part.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber }
    }
}
