import ClusterModel
import Foundation
import KubeText
import TestSupport
import Testing

@testable import FlowEngine

/// Every flow kind explained on every sample and every real cluster of the vendored corpus (k3s, kind +
/// MetalLB, minikube, EKS, IPv6/dual-stack, ExternalName …), compared with the golden text in
/// Tests/Data/ExplainGolden. A change in what kubehops teaches shows up here as a readable diff; after
/// checking it, re-record with `KUBEHOPS_RECORD=1 swift test --filter ExplainGoldenTests`.
@Suite struct ExplainGoldenTests {
    static let goldenDirectory = SampleFiles.packageRoot.appendingPathComponent("Tests/Data/ExplainGolden")

    static var inputs: [URL] {
        let samples = SampleFiles.packageRoot.appendingPathComponent("samples")
        let files = [samples, SampleFiles.corpusDirectory].flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
                .filter { ["txt", "yaml", "yml", "json"].contains($0.pathExtension) }
        }
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Each kind's default flow (the first fitting target), or why it cannot play.
    static func explanation(of file: URL) throws -> String {
        let parsed = KubeText.parse(bytes: [UInt8](try Data(contentsOf: file)), source: file.lastPathComponent)
        let engine = FlowEngine(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics))
        return FlowKind.allCases.map { kind in
            let body: String
            do throws(FlowError) {
                body = FlowText.render(try engine.flow(kind))
            } catch { body = "cannot play: \(error.message)\n" }
            return "=== \(kind.rawValue)\n" + body
        }.joined()
    }

    @Test func inputsExist() {
        #expect(Self.inputs.count >= 20)
    }

    @Test(arguments: inputs) func explanationMatchesTheGolden(_ file: URL) throws {
        let text = try Self.explanation(of: file)
        let golden = Self.goldenDirectory.appendingPathComponent(file.lastPathComponent + ".explain.txt")
        Golden.assertMatches(text, file: golden)
    }
}
