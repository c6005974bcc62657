import ClusterModel
import Foundation
import KubeText
import Testing

/// `-L topology.kubernetes.io/zone` (or the older `failure-domain.beta.kubernetes.io/zone`): kubectl heads the
/// column with the label key's last path segment upper-cased, `ZONE` (cli-runtime's formatLabelHeaders), and
/// prints an empty cell where the object lacks the label. Data in Tests/Data/LabelColumns (see its SOURCES).
@Suite("label columns (-L)")
struct ZoneColumnTests {
    static func parse(_ names: String...) throws -> ParseResult {
        var resources = Resources()
        var diagnostics: [Diagnostic] = []
        for name in names {
            let url = TestFiles.packageRoot.appendingPathComponent("Tests/Data/LabelColumns/\(name)")
            let result = KubeText.parse(bytes: try TestFiles.bytes(url), source: name)
            resources.merge(result.resources)
            diagnostics += result.diagnostics
        }
        return ParseResult(resources: resources, diagnostics: diagnostics)
    }

    @Test("get nodes -L …/zone -L …/region: each node gets its zone, the other label column is kept")
    func nodesGetTheirZone() throws {
        let result = try Self.parse("vsphere-csi-nodes-zone-column.txt")
        #expect(!result.diagnostics.contains { $0.severity == .warning }, "\(result.diagnostics)")
        let nodes = result.resources.nodes
        #expect(nodes.map(\.name) == ["k8s-master", "k8s-node1", "k8s-node2", "k8s-node3", "k8s-node4", "k8s-node5"])
        #expect(nodes.map(\.zone) == ["zone-a", "zone-a", "zone-b", "zone-b", "zone-c", "zone-c"])
        #expect(nodes.allSatisfy { $0.extra["REGION"] == "region-1" && $0.version == "v1.14.2" })
        #expect(nodes.first?.roles == ["master"])
    }

    @Test("get pods -o wide -L …/zone: the empty ZONE cells keep every pod whole; zones come from the nodes")
    func podsWithAnEmptyZoneColumn() throws {
        let result = try Self.parse("kubectl-format-pods-zone-column.txt", "vsphere-csi-nodes-zone-column.txt")
        #expect(!result.diagnostics.contains { $0.severity == .warning }, "\(result.diagnostics)")
        let pods = result.resources.pods
        #expect(pods.map(\.name) == ["web-7d4b9c6f5d-2xkqp", "web-7d4b9c6f5d-8mzvt", "web-7d4b9c6f5d-q4lcs"])
        #expect(pods.map { $0.ips.map(\.text) } == [["10.244.1.7"], ["10.244.3.9"], ["10.244.5.4"]])
        #expect(pods.map(\.nodeName) == ["k8s-node1", "k8s-node2", "k8s-node4"])
        #expect(pods.allSatisfy { $0.extra["ZONE"] == nil }, "an empty label cell is no value")
        let cluster = Cluster(resources: result.resources)
        #expect(pods.map { $0.nodeName.flatMap { cluster.node(named: $0)?.zone } } == ["zone-a", "zone-b", "zone-c"])
    }
}
