import ClusterModel
import Foundation
import KubeText
import Testing

@testable import FlowEngine

/// `explain --as-gateway`: an Ingress written as Gateway API objects, and the same request through both.
@Suite("Ingress to Gateway API")
struct IngressMigrationTests {
    static func cluster(_ name: String) throws -> Cluster {
        let url = SampleFiles.packageRoot.appendingPathComponent("samples/\(name)")
        let parsed = KubeText.parse(bytes: [UInt8](try Data(contentsOf: url)), source: name)
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    @Test("listeners per host (HTTPS for TLS hosts), a route per host, a catch-all route for the default backend")
    func conversion() throws {
        let cluster = try Self.cluster("ingress-and-gateway.txt")
        let ingress = try #require(cluster.ingresses.first)
        let migration = IngressMigration(ingress)
        #expect(migration.gateway.className == "nginx")
        #expect(migration.gateway.listeners.map(\.name) == [
            "shop-example-com-http", "shop-example-com-https", "wildcard-apps-example-com-http", "http",
        ])
        #expect(migration.gateway.listeners[1].protocol == "HTTPS")
        #expect(migration.routes.map(\.hostnames) == [["shop.example.com"], ["*.apps.example.com"], []])
        let shop = try #require(migration.routes.first)
        #expect(shop.rules.map { $0.matches.first?.path } == [
            RouteValueMatch(type: "PathPrefix", value: "/api"), RouteValueMatch(type: "PathPrefix", value: "/"),
        ])
        #expect(migration.routes.last?.rules.first?.backendRefs.first?.name == "fallback")
        #expect(migration.differences.contains { $0.contains("configuration-snippet has no Gateway API equivalent") })
        #expect(migration.differences.contains { $0.contains("exactly one label") })
        #expect(migration.differences.contains { $0.contains("ssl-redirect: \"false\" needs nothing") })
    }

    @Test("the YAML reads back as the same Gateway and routes")
    func yamlRoundTrip() throws {
        let migration = IngressMigration(try #require(try Self.cluster("ingress-and-gateway.txt").ingresses.first))
        let parsed = KubeText.parse(GatewayYAML.render(migration))
        #expect(parsed.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(parsed.diagnostics)")
        #expect(parsed.resources.gateways.first?.listeners == migration.gateway.listeners)
        #expect(parsed.resources.routes.map(\.rules) == migration.routes.map(\.rules))
        #expect(parsed.resources.routes.map(\.hostnames) == migration.routes.map(\.hostnames))
    }

    @Test("replayed side by side: the same service for a segment path, and the ImplementationSpecific prefix named")
    func replay() throws {
        let engine = FlowEngine(cluster: try Self.cluster("ingress-and-gateway.txt"))
        let same = try engine.replayAsGateway(target: nil, options: FlowOptions(path: "/api/orders"))
        #expect(same.outcomeDifferences.isEmpty)
        #expect(same.gatewayFlow.routing?.rule == 1)
        #expect(same.gatewayFlow.routing?.gateway.name == "nginx")
        let prefix = try engine.replayAsGateway(target: nil, options: FlowOptions(path: "/apix"))
        #expect(prefix.outcomeDifferences.contains { $0.contains("plain string prefix") })
        let other = try engine.replayAsGateway(target: nil, options: FlowOptions(path: "/"))
        #expect(other.host == "shop.example.com")
        #expect(MigrationText.render(other).contains("Same outcome"))
    }

    @Test("a table-only Ingress: rules and annotations unknown, said as differences, and the replay still runs")
    func tableIngress() throws {
        let parsed = KubeText.parse("""
            NAMESPACE   NAME   CLASS   HOSTS           ADDRESS       PORTS   AGE
            shop        web    nginx   a.example.com   192.0.2.10    80      3d
            """)
        let engine = FlowEngine(cluster: Cluster(resources: parsed.resources))
        let replay = try engine.replayAsGateway(target: "web", options: FlowOptions())
        #expect(replay.migration.differences.contains { $0.contains("annotations are not in the input") })
        #expect(replay.gatewayFlow.failure != nil)
    }
}
