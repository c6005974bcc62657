import ClusterModel
import Foundation
import KubeText
import Testing

@testable import FlowEngine

/// GRPCRoute matching as apis/v1 grpcroute_types.go states it: service/method (Exact, RegularExpression,
/// an empty part matching any), headers, the precedence of service then method characters then headers,
/// and the one-of rule between an HTTPRoute and a GRPCRoute sharing hostnames.
@Suite("GRPCRoute flows")
struct GRPCRouteFlowTests {
    static func grpcRoute(
        _ name: String, hostnames: [String] = [], created: String? = nil, rules: String
    ) -> String {
        """
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {name: \(name), namespace: app\(created.map { ", creationTimestamp: \"\($0)\"" } ?? "")}
        spec:
          parentRefs: [{name: gw, namespace: infra}]
          hostnames: [\(hostnames.map { "\"\($0)\"" }.joined(separator: ", "))]
          rules:
        \(rules)
        """
    }

    /// A gRPC call as `--grpc SERVICE/METHOD` sends it.
    static func call(
        _ cluster: Cluster, _ serviceMethod: String, headers: [HTTPHeaderField] = [], host: String = "www.example.com"
    ) throws -> Flow {
        try GatewayFlowTests.flow(
            cluster, host: host, path: "/" + serviceMethod, method: "POST",
            headers: headers + [HTTPHeaderField(name: "content-type", value: "application/grpc")])
    }

    static let precedenceRules = """
          - matches: [{method: {service: shop.Cart, method: Get}}]
            backendRefs: [{name: svc-a, port: 80}]
          - matches: [{method: {service: shop.Cart}}]
            backendRefs: [{name: svc-b, port: 80}]
          - matches: [{method: {type: Exact, method: Get}}]
            backendRefs: [{name: svc-c, port: 80}]
          - matches: [{headers: [{name: x-tenant, value: blue}]}]
            backendRefs: [{name: svc-d, port: 80}]
        """

    @Test("service and method Exact; an absent service or method matches any; service chars, then method, then headers")
    func precedence() throws {
        let cluster = GatewayFlowTests.cluster(routes: Self.grpcRoute("g", rules: Self.precedenceRules))
        let tenant = HTTPHeaderField(name: "X-Tenant", value: "blue")
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "shop.Cart/Get")) == "a-pod")
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "shop.Cart/List")) == "b-pod")
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "shop.Cart/List", headers: [tenant])) == "b-pod")
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "other.Svc/Get", headers: [tenant])) == "c-pod")
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "other.Svc/List", headers: [tenant])) == "d-pod")
        // Exact is case-sensitive.
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "shop.cart/get", headers: [tenant])) == "d-pod")

        let flow = try Self.call(cluster, "shop.Cart/Get")
        #expect(flow.routing?.routeKind == "GRPCRoute" && flow.routing?.rule == 1)
        #expect(flow.routing?.match == "method Exact shop.Cart/Get")
        let notChosen = flow.routing?.notChosen ?? []
        #expect(notChosen.contains { $0.contains("rule 2") && $0.contains("longer method") }, "\(notChosen)")
        #expect(notChosen.contains { $0.contains("rule 3") && $0.contains("longer service") }, "\(notChosen)")
        #expect(notChosen.contains { $0.contains("rule 4") && $0.contains("header x-tenant wanted") })
        let lines = flow.hops.flatMap(\.details)
        #expect(lines.contains { $0.hasPrefix("chosen: GRPCRoute app/g rule 1") }, "\(lines)")
        #expect(flow.hops.contains { $0.sentence.contains("gRPC client calls shop.Cart/Get") })
        #expect(lines.contains { $0.contains("h2c") })

        let none = try Self.call(cluster, "other.Svc/List")
        #expect(none.routing?.status == 404)
        #expect(none.hops.contains { $0.failure?.reason.contains("UNIMPLEMENTED") == true })
    }

    @Test("RegularExpression matches the whole service and method; an empty service is any service")
    func regexAndEmpty() throws {
        let cluster = GatewayFlowTests.cluster(routes: Self.grpcRoute("g", rules: """
              - matches: [{method: {type: RegularExpression, service: "shop\\\\..*", method: "Get.*"}}]
                backendRefs: [{name: svc-a, port: 80}]
              - matches: [{method: {service: "", method: Delete}}]
                backendRefs: [{name: svc-b, port: 80}]
            """))
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "shop.Cart/GetItems")) == "a-pod")
        #expect(try GatewayFlowTests.destination(Self.call(cluster, "anything.Else/Delete")) == "b-pod")
        // Whole match: `xshop.Cart` is not matched by `shop\..*`, `ListGet` not by `Get.*`.
        #expect(try Self.call(cluster, "xshop.Cart/GetItems").routing?.status == 404)
        #expect(try Self.call(cluster, "shop.Cart/ListGet").routing?.status == 404)
    }

    @Test("of header matches with equivalent names only the first counts; a plain HTTP request is no gRPC call")
    func headersAndNonGRPC() throws {
        let cluster = GatewayFlowTests.cluster(routes: Self.grpcRoute("g", rules: """
              - matches: [{headers: [{name: x-t, value: a}, {name: X-T, value: b}]}]
                backendRefs: [{name: svc-a, port: 80}]
            """))
        #expect(try GatewayFlowTests.destination(
            Self.call(cluster, "s.S/M", headers: [HTTPHeaderField(name: "x-t", value: "a")])) == "a-pod")
        #expect(try Self.call(cluster, "s.S/M", headers: [HTTPHeaderField(name: "x-t", value: "b")]).routing?.status == 404)
        let plain = try GatewayFlowTests.flow(cluster, path: "/s.S/M", headers: [HTTPHeaderField(name: "x-t", value: "a")])
        #expect(plain.routing?.status == 404)
        #expect(plain.routing?.notChosen.contains { $0.contains("not a gRPC call") } == true)
    }

    @Test("an HTTPRoute and a GRPCRoute with overlapping hostnames on one listener: only the older is accepted")
    func kindConflict() throws {
        let http = GatewayFlowTests.route(
            "web", hostnames: ["*.example.com"], created: "2026-01-01T00:00:00Z", rules: """
              - backendRefs: [{name: svc-a, port: 80}]
            """)
        let grpc = Self.grpcRoute("api", hostnames: ["www.example.com"], created: "2026-02-01T00:00:00Z", rules: """
              - backendRefs: [{name: svc-b, port: 80}]
            """)
        let olderHTTP = GatewayFlowTests.cluster(routes: http + "\n" + grpc)
        let call = try Self.call(olderHTTP, "s.S/M")
        #expect(GatewayFlowTests.destination(call) == "a-pod")
        #expect(call.hops.flatMap(\.details).contains { $0.hasPrefix("not accepted: GRPCRoute app/api") })

        let newerHTTP = GatewayFlowTests.cluster(
            routes: http.replacingOccurrences(of: "2026-01-01", with: "2026-03-01") + "\n" + grpc)
        #expect(try GatewayFlowTests.destination(Self.call(newerHTTP, "s.S/M")) == "b-pod")
        // Hostnames that do not overlap: both stay, each for its own host.
        let apart = GatewayFlowTests.cluster(
            routes: http + "\n" + grpc.replacingOccurrences(of: "www.example.com", with: "api.example.org"))
        #expect(try GatewayFlowTests.destination(Self.call(apart, "s.S/M", host: "api.example.org")) == "b-pod")
        #expect(try GatewayFlowTests.destination(Self.call(apart, "s.S/M")) == "a-pod")
    }
}
