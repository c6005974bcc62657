import ClusterModel
import Foundation
import KubeText
import ProxyRules
import TestSupport
import Testing

@testable import FlowEngine

/// The same requests in each proxy mode, on the notes' clusters and on a multi-port service with named
/// ports, compared with Tests/Data/ExplainGolden/modes (re-record with KUBEHOPS_RECORD=1 after reading
/// the diff).
@Suite struct ProxyModeGoldenTests {
    static let directory = ExplainGoldenTests.goldenDirectory.appendingPathComponent("modes")
    static let inputs: [URL] = [
        SampleFiles.packageRoot.appendingPathComponent("samples/notes-nginx-nodeport.txt"),
        SampleFiles.packageRoot.appendingPathComponent("samples/notes-six-pods-nodeport.txt"),
        SampleFiles.packageRoot.appendingPathComponent("Tests/Data/ProxyModes/multiport-named.yaml"),
    ]
    static let modes: [Dataplane] = [.nftables, .ipvs]

    static var cases: [(URL, Dataplane)] { inputs.flatMap { file in modes.map { (file, $0) } } }

    static func explanation(of file: URL, mode: Dataplane) throws -> String {
        let parsed = KubeText.parse(bytes: [UInt8](try Data(contentsOf: file)), source: file.lastPathComponent)
        let engine = FlowEngine(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics))
        let kinds: [FlowKind] = [.nodePort, .clusterIP, .loadBalancer]
        return kinds.map { kind in
            let body: String
            do throws(FlowError) {
                body = FlowText.render(
                    try engine.flow(kind, target: nil, request: 0, options: FlowOptions(proxyMode: mode)))
            } catch { body = "cannot play: \(error.message)\n" }
            return "=== \(kind.rawValue)\n" + body
        }.joined()
    }

    @Test(arguments: cases) func explanationMatchesTheGolden(_ file: URL, _ mode: Dataplane) throws {
        let text = try Self.explanation(of: file, mode: mode)
        let golden = Self.directory.appendingPathComponent("\(file.lastPathComponent).\(mode.rawValue).explain.txt")
        Golden.assertMatches(text, file: golden)
    }
}
