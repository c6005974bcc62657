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

    @Test("a Gateway box joins the outside row only when the input has a Gateway, with its address and counts")
    func gatewayActor() throws {
        #expect(DiagramLayout(cluster: NotesClusters.nginx).actor(.gateway) == nil)
        let layout = DiagramLayout(cluster: try Self.sample("gateway-canary-header.txt"))
        let box = try #require(layout.actor(.gateway))
        #expect(box.lines == ["public 192.168.50.11", "2 listeners · 2 routes"])
        let ingress = try #require(layout.actor(.ingress))
        #expect(box.rect.y == ingress.rect.y && box.rect.x > ingress.rect.maxX)
    }

    @Test("a gateway flow's Gateway place is the proxy pod, drawn in its node; captions name the Gateway")
    func gatewayFlowPlaces() throws {
        let cluster = try Self.sample("gateway-envoy-kind.txt")
        let flow = try FlowEngine(cluster: cluster).flow(.gateway)
        let place = try #require(flow.hops.map(\.to).first { if case .gateway = $0 { true } else { false } })
        guard case .gateway(let key, let pod?) = place else { Issue.record("no proxy pod in \(place)"); return }
        #expect(key.name == "eg")
        #expect(DiagramLayout(cluster: cluster).podBox(pod) != nil)
        #expect(Describe.place(place) == "Gateway eg")
    }
}
