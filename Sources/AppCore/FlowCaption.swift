import CellCanvas
import ClusterModel
import FlowEngine

/// The lines under the diagram while a flow plays: where the packet is, the
/// addresses it carries, who rewrote it, and the hop's sentence.
public enum FlowCaption {
    public static let height = 5

    /// A place in words, as the caption names it.
    public static func describe(_ place: Place) -> String {
        switch place {
        case .user: "User"
        case .dns: "DNS"
        case .externalLoadBalancer: "External LB"
        case .ingressController(let pod): pod.map { "Ingress controller (\($0.name))" } ?? "Ingress controller"
        case .nodePort(let node, let port): "NodePort \(port) on \(node)"
        case .clusterIP(let service): "ClusterIP of \(service)"
        case .kubeProxy(let node): "kube-proxy on \(node)"
        case .overlay(let from, let to): "overlay \(from) → \(to)"
        case .pod(let key): "pod \(key.name)"
        case .externalHost(let host): host
        }
    }

    /// The lines of the caption, without layout (tests read these).
    public static func lines(_ playback: FlowPlayback) -> [String] {
        let flow = playback.flow
        guard let hop = playback.currentHop else { return [flow.title] }
        var state = playback.paused ? "paused" : playback.isFinished ? "done" : "playing"
        if playback.speed != 1 { state += " · speed \(Self.speedText(playback.speed))×" }
        let header = "\(flow.title) · hop \(playback.hopIndex + 1)/\(flow.hops.count)\(hop.isReply ? " (reply)" : "") · \(state)"
        var route = "\(describe(hop.from)) → \(describe(hop.to))   packet: \(hop.packet)"
        if hop.rewrite != .none {
            route += "   \(rewriteName(hop.rewrite))" + (hop.rewrittenBy.map { " by \($0)" } ?? "")
        }
        var lines = [header, route, hop.sentence]
        if let failure = hop.failure { lines.append("✗ stops here: \(failure)") } else if let detail = hop.details.first { lines.append(detail) }
        return lines
    }

    static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? String(Int(speed)) : String(speed)
    }

    static func rewriteName(_ rewrite: Rewrite) -> String {
        switch rewrite {
        case .none: ""
        case .dnsAnswer: "DNS answer"
        case .dnat: "DNAT"
        case .snat: "SNAT"
        case .masquerade: "masquerade"
        case .encapsulate: "encapsulated"
        case .decapsulate: "decapsulated"
        case .unNAT: "reverse NAT"
        case .proxy: "proxied"
        }
    }

    static func draw(_ playback: FlowPlayback, into painter: inout Painter, area: Area) {
        painter.fill(area, style: Palette.panel)
        painter.box(area, title: "Flow: \(FlowChoice.name(of: playback.flow.kind))", style: Palette.panel)
        let keys = " Space pause · . , step · + - speed · r replay · Esc stop "
        painter.text(keys, x: max(area.x + 2, area.maxX - keys.count - 2), y: area.maxY - 1, style: Palette.panel, limit: area.maxX - 1)
        for (index, line) in lines(playback).prefix(area.height - 2).enumerated() {
            painter.text(line, x: area.x + 2, y: area.y + 1 + index, style: index == 0 ? Palette.panelTitle : Palette.panel, limit: area.maxX - 2)
        }
    }

    /// Where a place is on the diagram plane, if it is drawn.
    static func area(of place: Place, in scene: SketchScene) -> Area? {
        switch place {
        case .user: scene.area(of: .user)
        case .dns, .externalHost: scene.area(of: .dns)
        case .externalLoadBalancer: scene.area(of: .loadBalancer)
        case .ingressController(let pod): pod.flatMap { scene.area(of: .pod($0)) } ?? scene.area(of: .ingress)
        case .nodePort(let node, _), .kubeProxy(let node): scene.area(of: .node(node))
        case .overlay(_, let to): scene.area(of: .node(to))
        case .clusterIP(let service): scene.area(of: .service(service))
        case .pod(let key): scene.area(of: .pod(key))
        }
    }

    /// Marks the hop's ends and draws the packet between them.
    static func drawPacket(_ playback: FlowPlayback, scene: SketchScene, scroll: (x: Int, y: Int), into painter: inout Painter, area diagram: Area) {
        guard let hop = playback.currentHop else { return }
        func onScreen(_ a: Area) -> Area { Area(x: a.x - scroll.x + diagram.x, y: a.y - scroll.y + diagram.y, width: a.width, height: a.height) }
        let from = area(of: hop.from, in: scene).map(onScreen)
        let to = area(of: hop.to, in: scene).map(onScreen)
        if let from { painter.restyle(topRow(from).clipped(to: diagram)) { $0 = Palette.hopSource } }
        if let to { painter.restyle(topRow(to).clipped(to: diagram)) { $0 = Palette.hopTarget } }
        guard let from, let to else { return }
        let t = min(1, max(0, playback.progress))
        let start = (x: Double(from.x + from.width / 2), y: Double(from.y + from.height / 2))
        let end = (x: Double(to.x + to.width / 2), y: Double(to.y + to.height / 2))
        let x = Int((start.x + (end.x - start.x) * t).rounded())
        let y = Int((start.y + (end.y - start.y) * t).rounded())
        if diagram.contains(x: x, y: y) { painter.text("◉", x: x, y: y, style: Palette.packet) }
    }

    private static func topRow(_ a: Area) -> Area { Area(x: a.x, y: a.y, width: a.width, height: 1) }
}
