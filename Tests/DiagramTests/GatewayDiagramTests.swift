import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Foundation
import KubeText
import Testing

/// The Gateway in the outside row and gateway flows on the picture.
@Suite("Gateway in the diagram")
struct GatewayDiagramTests {
    static func sample(_ name: String) throws -> Cluster {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/\(name)")
        let parsed = KubeText.parse(bytes: [UInt8](try Data(contentsOf: url)), source: name)
        return Cluster(resources: parsed.resources)
    }

    @Test("a Gateway box joins the outside row only when the input has a Gateway, with its listeners and routes")
    func gatewayActor() throws {
        #expect(DiagramLayout(cluster: NotesClusters.nginx).actor(.gateway) == nil)
        let layout = DiagramLayout(cluster: try Self.sample("gateway-envoy-kind.txt"))
        let box = try #require(layout.actor(.gateway))
        #expect(box.lines == ["eg · 172.18.0.200", " http: HTTP :80, any host", " HTTPRoute/backend → backend:3000"])
        let ingress = try #require(layout.actor(.ingress))
        #expect(box.rect.y == ingress.rect.y && box.rect.x > ingress.rect.maxX)
        #expect(box.rect.height == box.lines.count + 2)
    }

    /// A Gateway built record by record: `listeners` on port 80 with the given hostnames, one route per
    /// entry of `routes` (name → its one rule's backends as name:weight).
    static func cluster(listeners: [String?], routes: [(String, [(String, Int)])]) -> Cluster {
        var resources = Resources()
        resources.upsert(NotesClusters.node("worker", ip: "10.0.0.2"))
        resources.upsert(NotesClusters.pod("shop", "web-1", ip: "10.244.0.5", node: "worker"))
        var gateway = Gateway(key: ObjectKey(namespace: "edge", name: "public"))
        gateway.detailsKnown = true
        gateway.addresses = ["203.0.113.9"]
        gateway.listeners = listeners.enumerated().map {
            GatewayListener(name: "l\($0.offset)", port: 80 + $0.offset, protocol: "HTTP", hostname: $0.element)
        }
        resources.upsert(gateway)
        for (name, backends) in routes {
            var route = HTTPRoute(key: ObjectKey(namespace: "shop", name: name))
            route.detailsKnown = true
            route.parentRefs = [RouteParentReference(name: "public", namespace: "edge")]
            var rule = RouteRule()
            rule.backendRefs = backends.map { RouteBackendReference(name: $0.0, port: 8080, weight: $0.1) }
            route.rules = [rule]
            resources.upsert(route)
        }
        var other = HTTPRoute(key: ObjectKey(namespace: "shop", name: "elsewhere"))
        other.detailsKnown = true
        other.parentRefs = [RouteParentReference(name: "public")]  // shop/public: not this Gateway
        resources.upsert(other)
        return Cluster(resources: resources)
    }

    @Test("the Gateway box shows each listener and each route naming it; shares where a rule splits traffic")
    func listenersAndRoutes() throws {
        let cluster = Self.cluster(
            listeners: [nil, "*.example.com"], routes: [("web", [("web", 9), ("web-canary", 1)]), ("api", [("api", 1)])])
        let wide = try #require(DiagramLayout(cluster: cluster, options: LayoutOptions(width: 200)).actor(.gateway))
        #expect(wide.lines == [
            "edge/public · 203.0.113.9", " l0: HTTP :80, any host", " l1: HTTP :81, *.example.com",
            " HTTPRoute/shop/web → web:8080 90%, web-canary:8080 10%", " HTTPRoute/shop/api → api:8080",
        ])
        #expect(!wide.lines.joined().contains("elsewhere"))
        // At 120 columns the box has less room: the split route wraps, a backend a line.
        let box = try #require(DiagramLayout(cluster: cluster, options: LayoutOptions(width: 120)).actor(.gateway))
        #expect(box.lines[3...] == [
            " HTTPRoute/shop/web", "   → web:8080 90%", "     web-canary:8080 10%", " HTTPRoute/shop/api → api:8080",
        ])
    }

    @Test("lines too wide wrap under their name as a pod's IP does, and never leave the box; the rest is +N more")
    func fitsTheWidth() throws {
        let backends = (1...3).map { ("backend-with-a-long-name-\($0)", 1) }
        let routes = (1...8).map { ("route-\($0)", backends) }
        let cluster = Self.cluster(listeners: ["a-very-long-hostname.storefront.apps.example.com"], routes: routes)
        for width in [60, 120, 200] {
            let options = LayoutOptions(width: width)
            let box = try #require(DiagramLayout(cluster: cluster, options: options).actor(.gateway))
            #expect(box.lines.allSatisfy { $0.count <= box.rect.width - 4 })
            #expect(box.lines.count <= 10 && box.rect.height == box.lines.count + 2)
            #expect(box.lines[1] == " l0: HTTP :80", "wrapped: \(box.lines)")
            #expect(box.lines[2].hasPrefix("   a-very-long"))
            #expect(box.lines[3] == " HTTPRoute/shop/route-1")
            #expect(box.lines[4].hasPrefix("   → backend-with"))
            if width == 200 { #expect(box.lines[4] == "   → backend-with-a-long-name-1:8080 33%") }
            let last = try #require(box.lines.last)
            #expect(last.hasPrefix("+") && last.hasSuffix("routes more"), "\(box.lines)")
            // The grid starts below the tallest actor, whose height follows its lines.
            let layout = DiagramLayout(cluster: cluster, options: options)
            let firstNodeY = layout.nodes(in: layout.bounds).map(\.rect.y).min() ?? Int.max
            #expect(firstNodeY > box.rect.maxY && firstNodeY < Int.max)
        }
    }

    @Test("a gateway flow's Gateway place is the proxy pod, drawn in its node; captions name the Gateway")
    func gatewayFlowPlaces() throws {
        let cluster = try Self.sample("gateway-envoy-kind.txt")
        let flow = try FlowEngine(cluster: cluster).flow(.gateway)
        let place = try #require(flow.hops.map(\.to).first { if case .gateway = $0 { true } else { false } })
        guard case .gateway(let key, let pod?) = place else { Issue.record("no proxy pod in \(place)"); return }
        #expect(key.name == "eg")
        #expect(DiagramLayout(cluster: cluster).podBox(pod) != nil)
        #expect(place.name(.short) == "Gateway eg")
    }
}
