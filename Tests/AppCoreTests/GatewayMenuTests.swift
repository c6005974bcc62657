@testable import AppCore
import ClusterModel
import FlowEngine
import Foundation
import KubeText
import Testing

/// The `f` menu and the details panel with Gateway API objects in the input.
@Suite("Gateway in the live view")
struct GatewayMenuTests {
    static let cluster: Cluster = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/gateway-canary-header.txt")
        let bytes = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        return Cluster(resources: KubeText.parse(bytes: bytes, source: "sample").resources)
    }()

    @Test("the Gateway actor offers a flow per route hostname, each of which plays")
    func gatewayActorMenu() throws {
        let items = FlowChoice.available(for: .actor(.gateway), in: Self.cluster)
        #expect(items.map(\.target) == ["shop.example.com"])
        #expect(items.allSatisfy { $0.kind == .gateway })
        let engine = FlowEngine(cluster: Self.cluster)
        for item in items { #expect(throws: Never.self) { try engine.flow(item.kind, target: item.target) } }
    }

    @Test("a backend service offers the gateway flow of the routes that send to it")
    func serviceMenu() {
        let canary = ObjectKey(namespace: "shop", name: "cart-v2")
        #expect(FlowChoice.available(for: .service(canary), in: Self.cluster).contains { $0.kind == .gateway })
        let dns = ObjectKey(namespace: "kube-system", name: "kube-dns")
        #expect(!FlowChoice.available(for: .service(dns), in: Self.cluster).contains { $0.kind == .gateway })
    }

    @Test("details of the Gateway actor list listeners and rules with weights")
    func details() {
        let lines = DetailsText.actorLines(.gateway, cluster: Self.cluster)
        #expect(lines.contains { $0.contains("listener https HTTPS/443 shop.example.com") })
        #expect(lines.contains { $0.contains("cart-v1:8080 w90") && $0.contains("cart-v2:8080 w10") })
    }
}
