import ClusterModel
import DiagramExport
import DiagramScene
import FlowEngine
import Foundation
import KubeText
import TestSupport
import Testing

/// Every export format of two samples, the cluster diagram and one flow each, compared with the golden files
/// in Tests/Data/ExportGolden. A change in what a slide or a doc page would show comes up here as a readable
/// diff; after reading it, re-record with `KUBEHOPS_RECORD=1 swift test --filter ExportGoldenTests`.
@Suite struct ExportGoldenTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldenDirectory = packageRoot.appendingPathComponent("Tests/Data/ExportGolden")

    /// One golden: a sample, a flow kind (nil: the cluster diagram) and a format.
    struct Case: CustomTestStringConvertible, Sendable {
        var sample: String
        var flow: FlowKind?
        var format: ExportFormat

        var fileName: String { "\(sample).\(flow?.rawValue ?? "diagram").\(format.rawValue)" }
        var testDescription: String { fileName }
    }

    /// The notes' NodePort cluster (healthy, three nodes) and the one with a NotReady node, crashing and
    /// pending pods, a headless service and a service without endpoints (the unusual statuses).
    static let cases: [Case] = [
        ("notes-nginx-nodeport.txt", FlowKind.nodePort), ("notready-node-crashing-pods.txt", FlowKind.clusterIP),
    ].flatMap { sample, kind in
        [nil, kind].flatMap { flow in ExportFormat.allCases.map { Case(sample: sample, flow: flow, format: $0) } }
    }

    static func render(_ golden: Case) throws -> String {
        let file = packageRoot.appendingPathComponent("samples").appendingPathComponent(golden.sample)
        let parsed = KubeText.parse(bytes: [UInt8](try Data(contentsOf: file)), source: golden.sample)
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let flow = try golden.flow.map { kind throws(FlowError) in try FlowEngine(cluster: cluster).flow(kind) }
        var options = SceneOptions()
        options.layout.width = 120
        return ExportRender.text(golden.format, cluster: cluster, flow: flow, options: options)
    }

    @Test(arguments: cases) func exportMatchesTheGolden(_ golden: Case) throws {
        let text = try Self.render(golden)
        let file = Self.goldenDirectory.appendingPathComponent(golden.fileName)
        Golden.assertMatches(text, file: file)
    }

    /// A golden whose case was removed would otherwise sit there unchecked.
    @Test func noStaleGoldens() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path)
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }
        #expect(Set(names) == Set(Self.cases.map(\.fileName)))
    }
}
