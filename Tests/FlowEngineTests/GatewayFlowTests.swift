import ClusterModel
import Foundation
import KubeText
import Testing

@testable import FlowEngine

/// Gateway flows: listener choice, HTTPRoute precedence as the spec orders it, filters, weights,
/// ReferenceGrant, and the gateway's own answers (404, 500, 503, redirects).
@Suite("Gateway flows")
struct GatewayFlowTests {
    /// A cluster with one Gateway `gw` in `infra` (listener `http` on 80, `hostname`), backends `svc-a` … in `app`
    /// (one ready pod each), and the routes given as YAML documents.
    static func cluster(
        routes: String, hostname: String? = nil, allowed: String = "All", services: [String] = ["a", "b", "c", "d"],
        extra: String = ""
    ) -> Cluster {
        var yaml = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: infra}
            spec:
              gatewayClassName: test
              listeners:
              - {name: http, protocol: HTTP, port: 80\(hostname.map { ", hostname: \"\($0)\"" } ?? ""), allowedRoutes: {namespaces: {from: \(allowed)}}}
            status:
              addresses: [{type: IPAddress, value: 192.0.2.80}]

            """
        for (index, name) in services.enumerated() {
            yaml += """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: svc-\(name), namespace: app}
                spec: {type: ClusterIP, clusterIP: 10.96.1.\(index + 1), selector: {app: \(name)}, ports: [{port: 80, targetPort: 8080}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: \(name)-pod, namespace: app, labels: {app: \(name)}}
                spec: {nodeName: n1, containers: [{name: c}]}
                status: {phase: Running, podIP: 10.244.0.\(index + 10), containerStatuses: [{ready: true}]}

                """
        }
        yaml += routes + "\n" + extra
        let parsed = KubeText.parse(yaml)
        #expect(!parsed.diagnostics.contains { $0.severity == .error }, "\(parsed.diagnostics)")
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    static func route(
        _ name: String, namespace: String = "app", hostnames: [String] = [], created: String? = nil, rules: String
    ) -> String {
        """
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: \(name), namespace: \(namespace)\(created.map { ", creationTimestamp: \"\($0)\"" } ?? "")}
        spec:
          parentRefs: [{name: gw, namespace: infra}]
          hostnames: [\(hostnames.map { "\"\($0)\"" }.joined(separator: ", "))]
          rules:
        \(rules)
        """
    }

    static func flow(
        _ cluster: Cluster, host: String = "www.example.com", path: String = "/", method: String? = nil,
        headers: [HTTPHeaderField] = [], request: Int = 0
    ) throws -> Flow {
        var options = FlowOptions(path: path)
        options.method = method
        options.headers = headers
        return try FlowEngine(cluster: cluster).flow(.gateway, target: host, request: request, options: options)
    }

    /// The pod the request was proxied to, nil when the gateway answered itself.
    static func destination(_ flow: Flow) -> String? {
        guard flow.failure == nil, flow.routing?.status == nil, case .pod(let key)? = flow.requestHops.last?.to else {
            return nil
        }
        return key.name
    }

    @Test("Exact beats the longest prefix, the longest prefix beats a shorter one, and prefixes match whole segments")
    func pathPrecedence() throws {
        let cluster = Self.cluster(routes: Self.route("r", rules: """
              - matches: [{path: {type: PathPrefix, value: /}}]
                backendRefs: [{name: svc-a, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /shop}}]
                backendRefs: [{name: svc-b, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /shop/cart/}}]
                backendRefs: [{name: svc-c, port: 80}]
              - matches: [{path: {type: Exact, value: /shop/cart}}]
                backendRefs: [{name: svc-d, port: 80}]
            """))
        #expect(try Self.destination(Self.flow(cluster, path: "/shop/cart")) == "d-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/shop/cart/items")) == "c-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/shop/carts")) == "b-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/shopping")) == "a-pod")
        let flow = try Self.flow(cluster, path: "/shop/cart/items?x=1")
        #expect(flow.routing?.rule == 3)
        #expect(flow.routing?.notChosen.contains { $0.contains("rule 2") && $0.contains("longer path prefix") } == true)
        #expect(flow.routing?.notChosen.contains { $0.contains("rule 4") && $0.contains("not exactly") } == true)
    }

    @Test("after the path: a method match, then more headers, then more query parameters")
    func methodHeadersQuery() throws {
        let cluster = Self.cluster(routes: Self.route("r", rules: """
              - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-a, value: "1"}]}]
                backendRefs: [{name: svc-a, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-a, value: "1"}, {name: x-b, value: "2"}]}]
                backendRefs: [{name: svc-b, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /api}, method: POST}]
                backendRefs: [{name: svc-c, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /api}, queryParams: [{name: v, value: "2"}]}]
                backendRefs: [{name: svc-d, port: 80}]
            """))
        let a = HTTPHeaderField(name: "X-A", value: "1"), b = HTTPHeaderField(name: "x-b", value: "2")
        #expect(try Self.destination(Self.flow(cluster, path: "/api", headers: [a])) == "a-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/api", headers: [a, b])) == "b-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/api", method: "POST", headers: [a, b])) == "c-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/api?v=2", headers: [a])) == "a-pod")
        #expect(try Self.destination(Self.flow(cluster, path: "/api?v=2")) == "d-pod")
        let none = try Self.flow(cluster, path: "/api")
        #expect(none.routing?.status == 404)
        #expect(none.hops.contains { $0.failure?.kind == .httpError && $0.failure?.reason.contains("404") == true })
        #expect(none.routing?.notChosen.contains { $0.contains("header x-a wanted") } == true)
    }

    @Test("ties across routes: the oldest route wins, then {namespace}/{name} in alphabetical order")
    func routeTies() throws {
        let rules = { (backend: String) in """
              - matches: [{path: {type: PathPrefix, value: /}}]
                backendRefs: [{name: \(backend), port: 80}]
            """ }
        let older = Self.cluster(
            routes: Self.route("zeta", created: "2026-01-01T00:00:00Z", rules: rules("svc-a"))
                + "\n" + Self.route("alpha", created: "2026-02-01T00:00:00Z", rules: rules("svc-b")))
        let flow = try Self.flow(older)
        #expect(Self.destination(flow) == "a-pod")
        #expect(flow.routing?.notChosen.contains { $0.contains("older") } == true)
        let untimed = Self.cluster(routes: Self.route("zeta", rules: rules("svc-a")) + "\n" + Self.route("alpha", rules: rules("svc-b")))
        #expect(try Self.destination(Self.flow(untimed)) == "b-pod")
    }

    @Test("a route with the exact hostname wins over a wildcard route, even with a shorter path")
    func hostnamePrecedence() throws {
        let cluster = Self.cluster(
            routes: Self.route("wild", hostnames: ["*.example.com"], rules: """
                  - matches: [{path: {type: PathPrefix, value: /deep/path}}]
                    backendRefs: [{name: svc-a, port: 80}]
                """) + "\n" + Self.route("exact", hostnames: ["www.example.com"], rules: """
                  - backendRefs: [{name: svc-b, port: 80}]
                """))
        #expect(try Self.destination(Self.flow(cluster, path: "/deep/path")) == "b-pod")
        #expect(try Self.destination(Self.flow(cluster, host: "api.example.com", path: "/deep/path")) == "a-pod")
        #expect(try Self.flow(cluster, host: "api.example.com", path: "/").routing?.status == 404)
    }

    @Test("listener hostnames: a wildcard accepts names below it, not the apex; no listener for the host is a 404")
    func listenerHostnames() throws {
        let cluster = Self.cluster(
            routes: Self.route("r", rules: "      - backendRefs: [{name: svc-a, port: 80}]"), hostname: "*.example.com")
        #expect(try Self.destination(Self.flow(cluster, host: "a.b.example.com")) == "a-pod")
        let apex = try Self.flow(cluster, host: "example.com")
        #expect(apex.routing?.status == 404)
        #expect(apex.failure?.reason.contains("No listener") == true)
    }

    @Test("allowedRoutes: Same (the default) refuses a route from another namespace; All takes it")
    func allowedRoutes() throws {
        let route = Self.route("r", rules: "      - backendRefs: [{name: svc-a, port: 80}]")
        let same = try Self.flow(Self.cluster(routes: route, allowed: "Same"))
        #expect(same.routing?.status == 404)
        #expect(same.hops.contains { $0.details.contains { $0.contains("allowedRoutes from: Same") } })
        #expect(try Self.destination(Self.flow(Self.cluster(routes: route, allowed: "All"))) == "a-pod")
    }

    @Test("a backend in another namespace needs a ReferenceGrant there; without one the reference is refused (500)")
    func referenceGrant() throws {
        let route = Self.route("r", namespace: "web", rules: "      - backendRefs: [{name: svc-a, namespace: app, port: 80}]")
        let refused = try Self.flow(Self.cluster(routes: route))
        #expect(refused.routing?.status == 500)
        #expect(refused.failure?.reason.contains("RefNotPermitted") == true)
        let grant = """
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: g, namespace: app}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]
              to: [{group: "", kind: Service, name: svc-a}]
            """
        let allowed = try Self.flow(Self.cluster(routes: route, extra: grant))
        #expect(Self.destination(allowed) == "a-pod")
        let wrongNamespace = grant.replacingOccurrences(of: "namespace: web}", with: "namespace: blog}")
        #expect(try Self.flow(Self.cluster(routes: route, extra: wrongNamespace)).routing?.status == 500)
    }

    @Test("a backend without ready endpoints gets a 503; a missing Service a 500")
    func backendFailures() throws {
        let noPods = Self.cluster(
            routes: Self.route("r", rules: "      - backendRefs: [{name: svc-x, port: 80}]"),
            extra: """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: svc-x, namespace: app}
                spec: {type: ClusterIP, clusterIP: 10.96.9.9, selector: {app: nothing}, ports: [{port: 80}]}
                """)
        let unavailable = try Self.flow(noPods)
        #expect(unavailable.routing?.status == 503)
        #expect(unavailable.failure?.reason.contains("503") == true)
        let missing = try Self.flow(Self.cluster(routes: Self.route("r", rules: "      - backendRefs: [{name: svc-gone, port: 80}]")))
        #expect(missing.routing?.status == 500)
    }

    @Test("weights 90/10: requests spread in proportion, and the decision says so")
    func weights() throws {
        let cluster = Self.cluster(routes: Self.route("r", rules: """
              - backendRefs: [{name: svc-a, port: 80, weight: 90}, {name: svc-b, port: 80, weight: 10}]
            """))
        var counts: [String: Int] = [:]
        for request in 0..<400 {
            if let pod = Self.destination(try Self.flow(cluster, request: request)) { counts[pod, default: 0] += 1 }
        }
        #expect((330...385).contains(counts["a-pod"] ?? 0), "\(counts)")
        #expect((counts["a-pod"] ?? 0) + (counts["b-pod"] ?? 0) == 400)
        let routing = try #require(try Self.flow(cluster).routing)
        #expect(routing.backends.map(\.weight) == [90, 10])
        #expect(routing.backends.map(\.percent) == [90, 10])
        #expect(routing.backends.reduce(0) { $0 + $1.requests } == routing.spreadRequests)
        #expect(routing.backends.filter(\.chosen).count == 1)
    }

    @Test("--spread N over a 90/10 rule counts the requests per backend over all N, not a fixed 100")
    func spreadByBackend() throws {
        let cluster = Self.cluster(routes: Self.route("r", rules: """
              - backendRefs: [{name: svc-a, port: 80, weight: 90}, {name: svc-b, port: 80, weight: 10}]
            """))
        let spread = try FlowEngine(cluster: cluster).spread(.gateway, target: "www.example.com", requests: 1_000)
        let backends = try #require(spread.backends)
        #expect(backends.map(\.name) == ["app/svc-a:80", "app/svc-b:80"])
        #expect(backends.map(\.weight) == [90, 10])
        #expect(backends.reduce(0) { $0 + $1.requests } == 1_000)
        #expect((850...950).contains(backends[0].requests), "\(backends)")
        // The per-backend tally agrees with where the connections ended.
        let toB = spread.shares.filter { $0.pod?.name == "b-pod" }.reduce(0) { $0 + $1.requests }
        #expect(toB == backends[1].requests)
        #expect(spread.summary.contains("app/svc-b:80 ×\(backends[1].requests) (weight 10)"))
        let single = Self.cluster(routes: Self.route("r", rules: "      - backendRefs: [{name: svc-a, port: 80}]"))
        #expect(try FlowEngine(cluster: single).spread(.gateway, target: "www.example.com", requests: 10).backends == nil)
    }

    @Test("filters: header modifiers and URL rewrites change what the backend gets; a redirect is answered by the gateway")
    func filters() throws {
        let cluster = Self.cluster(routes: Self.route("r", rules: """
              - matches: [{path: {type: PathPrefix, value: /old}}]
                filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]
              - matches: [{path: {type: PathPrefix, value: /api}}]
                filters:
                - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}
                - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-gw, value: "yes"}]}}
                backendRefs: [{name: svc-a, port: 80}]
            """))
        let redirect = try Self.flow(cluster, path: "/old/page")
        #expect(redirect.routing?.status == 301)
        #expect(redirect.routing?.filters.first?.contains("https://www.example.com/old/page") == true)
        #expect(redirect.hops.last?.isReply == true)
        #expect(redirect.failure == nil)
        let rewritten = try Self.flow(cluster, path: "/api/users")
        #expect(rewritten.hops.contains { $0.sentence.contains("GET /v2/users") })
        #expect(rewritten.routing?.filters.count == 2)
        #expect(rewritten.hops.contains { $0.rewrite == .proxy && $0.packet.destination.port == 8080 })
    }

    @Test("without its data plane in the input the Gateway is reached directly, and the gap is said")
    func unknownDataPlane() throws {
        let flow = try Self.flow(Self.cluster(routes: Self.route("r", rules: "      - backendRefs: [{name: svc-a, port: 80}]")))
        let entry = try #require(flow.hops.first { if case .gateway = $0.to { true } else { false } })
        #expect(entry.sentence.contains("not in the input"))
        #expect(flow.assumptions.contains { $0.contains("<proxy pod IP>") })
        let json = String(decoding: try JSONEncoder().encode(flow), as: UTF8.self)
        #expect(json.contains("\"routing\""))
        #expect(json.contains("\"type\":\"gateway\""))
    }

    @Test("a Gateway known only from its table row: the flow stops, unknown, and says what to add")
    func tableOnly() throws {
        let parsed = KubeText.parse("NAME   CLASS   ADDRESS      PROGRAMMED   AGE\ngw     eg      192.0.2.80   True         1d\n")
        let flow = try FlowEngine(cluster: Cluster(resources: parsed.resources)).flow(.gateway)
        #expect(flow.hops.contains { $0.failure?.kind == .unknown && $0.failure?.reason.contains("-o yaml") == true })
        #expect(throws: FlowError.self) { try FlowEngine(cluster: Cluster(resources: Resources())).flow(.gateway) }
    }
}
