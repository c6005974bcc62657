@testable import AppCore
import CellCanvas
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

    @Test("the Gateway actor offers one flow per route rule a request reaches, with that request")
    func gatewayActorMenu() throws {
        let items = FlowChoice.available(for: .actor(.gateway), in: Self.cluster)
        // Both routes on shop.example.com, the header-matched canary rule and the redirect included.
        let requests = items.map { "\($0.path ?? "") \($0.headers.map { "\($0.name)=\($0.value)" })" }
        #expect(requests == ["/cart [\"x-canary=always\"]", "/cart []", "/ []", "/old-cart []"])
        #expect(items.allSatisfy { $0.kind == .gateway && $0.target == "shop.example.com" && $0.method == nil })
        #expect(items.map(\.label) == [
            "Gateway: shop.example.com/cart x-canary=always → HTTPRoute cart rule 1 (canary-by-header) → cart-v2",
            "Gateway: shop.example.com/cart → HTTPRoute cart rule 2 (weighted) → cart-v1 w90, cart-v2 w10",
            "Gateway: shop.example.com/ → HTTPRoute storefront rule 1 → storefront",
            "Gateway: shop.example.com/old-cart → HTTPRoute storefront rule 2 → answers 301",
        ])
        #expect(Set(items.map(\.label)).count == items.count, "labels tell the entries apart")
        // Each entry plays its own rule, as explain --flow gateway:HOST --path … --header … does.
        let engine = FlowEngine(cluster: Self.cluster)
        let reached = try items.map { item in
            let flow = try engine.flow(item.kind, target: item.target, request: 0, options: item.options())
            let routing = try #require(flow.routing)
            return "\(routing.route?.name ?? "-") \(routing.rule ?? 0)"
        }
        #expect(reached == ["cart 1", "cart 2", "storefront 1", "storefront 2"])
    }

    @Test("playing the header-matched rule from the f menu sends the request to its backend, cart-v2")
    func playHeaderRule() throws {
        let empty = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .reading,
                             size: Size(width: 160, height: 50))
        var state = update(empty, .inputArrived(InputSnapshot(cluster: Self.cluster, time: 0))).0
        state.selection = .actor(.gateway)
        state = press(state, .character("f"))
        guard case .flowMenu(let items, _) = state.overlay else {
            Issue.record("no flow menu")
            return
        }
        #expect(items.allSatisfy { $0.canPlay })
        let canary = try #require(items.firstIndex { $0.choice.headers.contains { $0.name == "x-canary" } })
        state = press(state, .character(Character(String(canary + 1))))
        let flow = try #require(state.playback?.flow)
        #expect(flow.routing?.rule == 1)
        #expect(flow.routing?.request.header("x-canary") == "always")
        #expect(flow.routing?.backends.filter(\.chosen).map(\.name) == ["shop/cart-v2:8080"])
        #expect(flow.hops.contains { $0.to == .pod(ObjectKey(namespace: "shop", name: "cart-v2-66b7d9c8f-k7r2d")) })
        // The next request (r) keeps the request: the same rule again.
        state = press(state, .character("r"))
        #expect(state.playback?.flow.routing?.rule == 1)
        // …and so does its tally: both connections went to the cart-v2 pod (rule 0 would split 90/10).
        let pod = try #require(Self.cluster.pods.first { $0.name == "cart-v2-66b7d9c8f-k7r2d" })
        #expect(state.message?.contains("2 new connections: \(pod.ips.first?.description ?? "?"):8080 ×2") == true,
                "\(state.message ?? "")")
    }

    @Test("menu requests carry a rule's method, query and gRPC call; a shadowed rule is not offered")
    func requestsPerRule() throws {
        let cluster = Cluster(resources: KubeText.parse("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: web}
            spec:
              gatewayClassName: eg
              listeners: [{name: http, protocol: HTTP, port: 80}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: api, namespace: web, creationTimestamp: "2026-01-01T00:00:00Z"}
            spec:
              parentRefs: [{name: gw}]
              hostnames: [api.example.org]
              rules:
              - matches: [{path: {type: PathPrefix, value: /v2}, method: POST, queryParams: [{name: beta, value: "1"}]}]
                backendRefs: [{name: beta, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /v2}}]
                backendRefs: [{name: stable, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /v2}}]
                backendRefs: [{name: never, port: 80}]
              - matches: [{path: {type: RegularExpression, value: "/v[0-9]+/x"}}]
                backendRefs: [{name: pattern, port: 80}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: rpc, namespace: web}
            spec:
              parentRefs: [{name: gw}]
              hostnames: [rpc.example.org]
              rules:
              - matches: [{method: {service: shop.Cart, method: Add}}]
                backendRefs: [{name: cart, port: 9000}]
            """).resources)
        let items = FlowChoice.available(for: .actor(.gateway), in: cluster)
        #expect(items.map(\.label) == [
            "Gateway: POST api.example.org/v2?beta=1 → HTTPRoute api rule 1 → beta",
            "Gateway: api.example.org/v2 → HTTPRoute api rule 2 → stable",
            "Gateway: POST rpc.example.org/shop.Cart/Add → GRPCRoute rpc rule 1 → cart",
        ])
        let grpc = try #require(items.last)
        #expect(grpc.headers == [HTTPHeaderField(name: "content-type", value: "application/grpc")])
        let engine = FlowEngine(cluster: cluster)
        for (item, rule) in zip(items, [1, 2, 1]) {
            let flow = try engine.flow(item.kind, target: item.target, request: 0, options: item.options())
            #expect(flow.routing?.rule == rule, "\(item.label)")
        }
    }

    @Test("TLSRoutes are offered as TLS connections to their listener's port, and play to their backend")
    func tlsRoutes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/gateway-tls-passthrough.txt")
        let bytes = try [UInt8](Data(contentsOf: url))
        let cluster = Cluster(resources: KubeText.parse(bytes: bytes, source: "sample").resources)
        let items = FlowChoice.available(for: .actor(.gateway), in: cluster)
        #expect(items.map(\.label) == [
            "Gateway: TLS SNI foo.example.com:443 → TLSRoute foo-route rule 1 → foo-svc",
            "Gateway: TLS SNI bar.example.com:8443 → TLSRoute bar-route rule 1 → bar-svc",
        ])
        let engine = FlowEngine(cluster: cluster)
        let modes = try items.map { try engine.flow(.gateway, target: $0.target, request: 0, options: $0.options()) }
            .map { $0.routing?.tls }
        #expect(modes == ["Passthrough", "Terminate"])
    }

    @Test("a route only a table row shows keeps one entry per hostname")
    func tableRoute() {
        let cluster = Cluster(resources: KubeText.parse("""
            NAME      CLASS   ADDRESS        PROGRAMMED   AGE
            gw        eg      192.0.2.10     True         5d
            NAME      HOSTNAMES                AGE
            web       ["www.example.org"]      5d
            """).resources)
        let items = FlowChoice.available(for: .actor(.gateway), in: cluster)
        #expect(items.map(\.target) == ["www.example.org"])
        #expect(items.map(\.path) == [nil])
    }

    @Test("a backend service offers the gateway flows of the rules that send to it")
    func serviceMenu() {
        let canary = ObjectKey(namespace: "shop", name: "cart-v2")
        let rules = FlowChoice.available(for: .service(canary), in: Self.cluster).filter { $0.kind == .gateway }
        #expect(rules.map(\.path) == ["/cart", "/cart"])
        #expect(rules.map(\.headers.count) == [1, 0])
        let front = ObjectKey(namespace: "shop", name: "storefront")
        let frontRules = FlowChoice.available(for: .service(front), in: Self.cluster).filter { $0.kind == .gateway }
        #expect(frontRules.map(\.path) == ["/"])
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
