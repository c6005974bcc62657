import ClusterModel
import Foundation
import KubeText
import Testing

@testable import FlowEngine

/// TLS connections through TLS listeners, routed by TLSRoute on the SNI name (apis/v1 tlsroute_types.go):
/// Passthrough (the gateway does not end TLS) and Terminate, and what a TLS connection gets instead of an
/// HTTP status (the connection is closed or rejected).
@Suite("Gateway TLS flows")
struct GatewayTLSFlowTests {
    /// samples/gateway-tls-passthrough.txt: the Gateway API project's tls-routing example on kind.
    static let sample: Cluster = {
        let url = SampleFiles.packageRoot.appendingPathComponent("samples/gateway-tls-passthrough.txt")
        let bytes = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        return Cluster(resources: KubeText.parse(bytes: bytes, source: "sample").resources)
    }()

    static func flow(_ cluster: Cluster, _ host: String, port: String? = nil) throws -> Flow {
        try FlowEngine(cluster: cluster).flow(.gateway, target: host, request: 0, options: FlowOptions(port: port))
    }

    @Test("Passthrough: SNI foo.example.com reaches foo-svc's pod on the listener its TLSRoute names; TLS is not ended")
    func passthrough() throws {
        let flow = try Self.flow(Self.sample, "foo.example.com")
        let routing = try #require(flow.routing)
        #expect(routing.tls == "Passthrough")
        #expect(routing.listener == "tls" && routing.listenerPort == 443)
        #expect(routing.routeKind == "TLSRoute" && routing.route?.name == "foo-route")
        #expect(routing.status == nil && flow.failure == nil)
        let proxied = try #require(flow.requestHops.last)
        #expect(proxied.to == .pod(ObjectKey(namespace: "default", name: "foo-7d9f8c6b5-2kq9x")))
        #expect(proxied.packet.destination == SocketAddress(host: "10.244.1.20", port: 443))
        #expect(proxied.sentence.contains("still encrypted") && proxied.sentence.contains("the pod ends TLS"))
        #expect(proxied.details.contains { $0.contains("the gateway does not end TLS") })
        #expect(flow.title.contains("TLS, SNI foo.example.com:443"))
    }

    @Test("Terminate: SNI bar.example.com goes to port 8443, where the gateway ends TLS and sends the stream on")
    func terminate() throws {
        let flow = try Self.flow(Self.sample, "bar.example.com")
        let routing = try #require(flow.routing)
        #expect(routing.tls == "Terminate" && routing.listenerPort == 8443 && routing.route?.name == "bar-route")
        let proxied = try #require(flow.requestHops.last)
        #expect(proxied.packet.destination == SocketAddress(host: "10.244.1.21", port: 8080))
        #expect(proxied.sentence.contains("having ended TLS"))
    }

    @Test("no TLSRoute for the SNI name on the listener: the connection is closed, with no HTTP status")
    func noRoute() throws {
        let flow = try Self.flow(Self.sample, "bar.example.com", port: "443")
        #expect(flow.routing?.tls == "Passthrough")
        #expect(flow.routing?.status == nil && flow.routing?.route == nil)
        let failure = try #require(flow.hops.compactMap(\.failure).first)
        #expect(failure.kind == .refused)
        #expect(failure.reason.contains("closes the connection") && !failure.reason.contains("404 Not Found"))
        #expect(flow.hops.flatMap(\.details).contains { $0.contains("bar-route: its parentRef names listener tls-terminate") })
    }

    /// A Gateway with an HTTP and a TLS listener, and a route of each kind naming the other's listener.
    static let mixed: Cluster = Cluster(resources: KubeText.parse("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: web}
        spec:
          gatewayClassName: eg
          listeners:
          - {name: http, protocol: HTTP, port: 80}
          - {name: tls, protocol: TLS, port: 443, tls: {mode: Passthrough}}
        status: {addresses: [{type: IPAddress, value: 192.0.2.10}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: TLSRoute
        metadata: {name: db, namespace: web}
        spec:
          parentRefs: [{name: gw, sectionName: http}]
          hostnames: [db.example.org]
          rules: [{backendRefs: [{name: db, port: 5432}]}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: TLSRoute
        metadata: {name: gone, namespace: web}
        spec:
          parentRefs: [{name: gw}]
          hostnames: [gone.example.org]
          rules: [{backendRefs: [{name: missing, port: 443}]}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: site, namespace: web}
        spec:
          parentRefs: [{name: gw, sectionName: tls}]
          hostnames: [www.example.org]
          rules: [{backendRefs: [{name: site, port: 80}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: site, namespace: web}
        spec: {type: ClusterIP, clusterIP: 10.96.0.20, ports: [{port: 80}]}
        """).resources)

    @Test("a TLSRoute attaches to TLS listeners only, an HTTPRoute never to a TLS listener")
    func protocolsKeepApart() throws {
        let tls = try Self.flow(Self.mixed, "db.example.org", port: "443")
        #expect(tls.hops.flatMap(\.details).contains { $0.contains("TLSRoute web/db: its parentRef names listener http") })
        #expect(tls.routing?.route == nil)
        let http = try Self.flow(Self.mixed, "www.example.org")
        #expect(http.routing?.tls == nil && http.routing?.route == nil && http.routing?.status == 404)
        #expect(http.hops.flatMap(\.details).contains { $0.contains("listener tls is TLS: it takes TLSRoutes") } == false)
        #expect(http.hops.flatMap(\.details).contains { $0.contains("parentRef names listener tls, not http") })
    }

    @Test("a TLSRoute to a Service not in the input: the connection is rejected, not answered with 500")
    func missingBackend() throws {
        let flow = try Self.flow(Self.mixed, "gone.example.org")
        #expect(flow.routing?.tls == "Passthrough" && flow.routing?.route?.name == "gone")
        #expect(flow.routing?.status == nil)
        let failure = try #require(flow.hops.compactMap(\.failure).first)
        #expect(failure.kind == .refused)
        #expect(failure.reason.contains("rejects the connection") && !failure.reason.contains("answers 500"))
    }
}
