import CellCanvas
import ClusterModel

/// A plain diagram of the cluster (outside world, services, node boxes with
/// their pods) laid out once on a virtual plane and drawn only where the
/// viewport looks, so huge clusters stay fast. It also answers "what is at
/// this cell" for mouse clicks and "where is this object" for highlights.
/// Stands in until DiagramScene offers a cached-layout scene with the same answers.
public struct SketchScene: Sendable {
    enum Primitive: Sendable {
        case box(title: String?, style: Style, heavy: Bool)
        case text(String, style: Style)
    }

    /// Places outside the cluster that flows pass through.
    public enum Landmark: Sendable, Hashable { case user, dns, loadBalancer, ingress }

    public let visible: VisibleSet
    public private(set) var width = 0
    public private(set) var height = 0
    private var primitives: [(area: Area, primitive: Primitive)] = []
    /// Selectable objects in layout order (what Tab walks through).
    public private(set) var order: [ObjectRef] = []
    private var areas: [ObjectRef: Area] = [:]
    private var landmarks: [Landmark: Area] = [:]

    static let nodeWidth = 46
    static let gap = 2

    public init(cluster: Cluster, zoom: Zoom, visible: VisibleSet) {
        self.visible = visible
        var y = 0
        layOutOutside(y: &y)
        layOutServices(cluster, y: &y)
        layOutNodes(cluster, zoom: zoom, y: &y)
        height = y
    }

    public func area(of object: ObjectRef) -> Area? { areas[object] }
    public func area(of landmark: Landmark) -> Area? { landmarks[landmark] }

    /// The object drawn at a plane position; the innermost (pods before their node).
    public func object(atX x: Int, y: Int) -> ObjectRef? {
        var best: (ObjectRef, Int)?
        for (object, area) in areas where area.contains(x: x, y: y) {
            let size = area.width * area.height
            if best == nil || size < (best?.1 ?? .max) { best = (object, size) }
        }
        return best?.0
    }

    /// Draws the part of the plane seen through `viewport` into `area` of the painter.
    public func draw(into painter: inout Painter, viewport: (x: Int, y: Int), area: Area) {
        let window = Area(x: viewport.x, y: viewport.y, width: area.width, height: area.height)
        var local = Painter(buffer: Buffer(width: area.width, height: area.height), ascii: painter.ascii)
        for (box, primitive) in primitives where box.intersects(window) {
            let shifted = Area(x: box.x - viewport.x, y: box.y - viewport.y, width: box.width, height: box.height)
            switch primitive {
            case .box(let title, let style, let heavy):
                local.box(shifted, title: title, style: style, heavy: heavy)
            case .text(let text, let style):
                local.text(text, x: shifted.x, y: shifted.y, style: style, limit: shifted.maxX)
            }
        }
        for y in 0..<area.height {
            for x in 0..<area.width { painter.buffer[area.x + x, area.y + y] = local.buffer[x, y] }
        }
    }

    private mutating func add(_ area: Area, _ primitive: Primitive) {
        primitives.append((area, primitive))
        width = max(width, area.maxX)
    }

    private mutating func layOutOutside(y: inout Int) {
        let names: [(Landmark, String)] = [(.user, "User"), (.dns, "DNS"), (.loadBalancer, "External LB"), (.ingress, "Ingress")]
        var x = 0
        for (landmark, name) in names {
            let area = Area(x: x, y: y, width: name.count + 6, height: 3)
            add(area, .box(title: nil, style: Palette.outside, heavy: false))
            add(Area(x: x + 3, y: y + 1, width: name.count, height: 1), .text(name, style: Palette.outside))
            landmarks[landmark] = area
            x = area.maxX
            if landmark != .ingress { add(Area(x: x, y: y + 1, width: 3, height: 1), .text(" → ", style: Palette.dim)) }
            x += 3
        }
        y += 4
    }

    private mutating func layOutServices(_ cluster: Cluster, y: inout Int) {
        let services = cluster.services.filter { visible.services.contains($0.key) }
        guard !services.isEmpty else { return }
        let rowWidth = Self.nodeWidth * 2 + Self.gap
        let panel = Area(x: 0, y: y, width: rowWidth, height: services.count + 2)
        add(panel, .box(title: "Services (\(services.count))", style: Palette.service, heavy: false))
        for (index, service) in services.enumerated() {
            let row = Area(x: 2, y: y + 1 + index, width: rowWidth - 4, height: 1)
            add(row, .text(Self.serviceLine(service), style: .plain))
            areas[.service(service.key)] = row
            order.append(.service(service.key))
        }
        y = panel.maxY + 1
    }

    static func serviceLine(_ service: Service) -> String {
        let ip = service.isHeadless ? "None" : service.clusterIPs.first.map(\.text) ?? "-"
        let ports = service.ports.map(\.description).joined(separator: ",")
        return "\(service.key.description)  \(service.type)  \(ip)  \(ports)"
    }

    private mutating func layOutNodes(_ cluster: Cluster, zoom: Zoom, y: inout Int) {
        var podsByNode: [String: [Pod]] = [:]
        var unscheduled: [Pod] = []
        for pod in cluster.pods where visible.pods.contains(pod.key) {
            if let node = pod.nodeName, !node.isEmpty { podsByNode[node, default: []].append(pod) } else { unscheduled.append(pod) }
        }
        var boxes: [(title: String, subtitle: String, ref: ObjectRef?, pods: [Pod], ready: Bool)] = []
        for name in visible.nodes {
            let node = cluster.node(named: name)
            let ip = node?.internalIPs.first.map(\.text) ?? "?"
            let status = node?.status ?? "Unknown"
            boxes.append((name, "\(ip) · \(status)", .node(name), podsByNode[name] ?? [], node?.isReady ?? false))
            podsByNode[name] = nil
        }
        // Pods on nodes no table listed: keep them visible under their node name.
        for (name, pods) in podsByNode.sorted(by: { $0.key < $1.key }) {
            boxes.append((name, "node not listed", nil, pods, false))
        }
        if !unscheduled.isEmpty { boxes.append(("(no node)", "pending / unscheduled", nil, unscheduled, false)) }

        let columns = 2
        var rowTop = y
        var rowHeight = 0
        for (index, box) in boxes.enumerated() {
            let column = index % columns
            if column == 0, index > 0 { rowTop += rowHeight + 1; rowHeight = 0 }
            let podLines = zoom == .full ? box.pods.count : min(box.pods.count, 1)
            let area = Area(x: column * (Self.nodeWidth + Self.gap), y: rowTop, width: Self.nodeWidth, height: podLines + 3)
            let style = box.ready ? Palette.node : Palette.nodeNotReady
            add(area, .box(title: box.title, style: style, heavy: true))
            add(Area(x: area.x + 2, y: area.y + 1, width: area.width - 4, height: 1), .text(box.subtitle, style: Palette.dim))
            if let ref = box.ref { areas[ref] = area; order.append(ref) }
            if zoom == .full {
                for (line, pod) in box.pods.enumerated() {
                    let row = Area(x: area.x + 2, y: area.y + 2 + line, width: area.width - 4, height: 1)
                    add(row, .text(Self.podLine(pod, width: row.width), style: Palette.pod(pod)))
                    areas[.pod(pod.key)] = row
                    order.append(.pod(pod.key))
                }
            } else if !box.pods.isEmpty {
                let ips = box.pods.compactMap { $0.ips.first?.text }
                let text = "\(box.pods.count) pods: " + ips.joined(separator: " ")
                add(Area(x: area.x + 2, y: area.y + 2, width: area.width - 4, height: 1), .text(text, style: .plain))
                for pod in box.pods { order.append(.pod(pod.key)) }
            }
            rowHeight = max(rowHeight, area.height)
        }
        y = rowTop + rowHeight
    }

    static func podLine(_ pod: Pod, width: Int) -> String {
        let ip = pod.ips.first?.text ?? "<none>"
        let nameWidth = max(4, width - ip.count - 3)
        var name = pod.name
        if name.count > nameWidth { name = String(name.prefix(nameWidth - 1)) + "…" }
        let padding = String(repeating: " ", count: max(1, width - 2 - name.count - ip.count))
        return "● \(name)\(padding)\(ip)"
    }
}

/// Styles by role, chosen here once (the backend maps them to 8, 256 or no colours).
public enum Palette {
    public static let outside = Style(foreground: .indexed(6))
    public static let service = Style(foreground: .indexed(5))
    public static let node = Style(foreground: .indexed(4), attributes: [.bold])
    public static let nodeNotReady = Style(foreground: .indexed(1), attributes: [.bold])
    public static let dim = Style(attributes: [.dim])
    public static let panel = Style(foreground: .indexed(7), background: .indexed(236))
    public static let panelTitle = Style(foreground: .indexed(3), background: .indexed(236), attributes: [.bold])
    public static let status = Style(foreground: .indexed(0), background: .indexed(6))
    public static let statusAlert = Style(foreground: .indexed(15), background: .indexed(1), attributes: [.bold])
    public static let packet = Style(foreground: .indexed(11), attributes: [.bold])
    public static let hopSource = Style(foreground: .indexed(2), attributes: [.bold])
    public static let hopTarget = Style(foreground: .indexed(11), attributes: [.bold, .reverse])

    static func pod(_ pod: Pod) -> Style {
        switch pod.status {
        case "Running", "Completed", "Succeeded": return Style(foreground: .indexed(2))
        case "Pending", "ContainerCreating", "Terminating": return Style(foreground: .indexed(3))
        default: return Style(foreground: .indexed(1))
        }
    }
}
