import ClusterModel
import Foundation
import KubeText
import Testing

@testable import FlowEngine

/// Issue 15: where a fact stays unknown, the line saying so names the kubectl command that would tell.
/// Every flow kind is played on every sample and corpus file (ExplainGoldenTests' inputs), for each
/// service as the target and under each proxy mode; every assumption, hop sentence and detail, failure
/// reason and rewrite provenance that says the input lacks something must contain `kubectl `.
@Suite struct AssumptionCommandTests {
    /// Phrases by which a line says that the input lacks a fact.
    static let lacking = [
        "not in the input", "the input does not", "the input lacks", "the input shows no", "the input has no",
        "the input lists no",
    ]

    static func says(lack line: String) -> Bool {
        let lower = line.lowercased()
        return lacking.contains { lower.contains($0) }
    }

    /// The lines of a flow that tell the reader where its facts come from.
    static func lines(of flow: Flow) -> [String] {
        var lines = flow.assumptions + [flow.proxyMode?.evidence].compactMap { $0 }
        for hop in flow.hops {
            lines += [hop.sentence] + hop.details + [hop.failure?.reason].compactMap { $0 }
            lines += hop.rewrites.map(\.provenance.said)
        }
        return lines
    }

    static func flows(of file: URL) throws -> [Flow] {
        let parsed = KubeText.parse(bytes: [UInt8](try Data(contentsOf: file)), source: file.lastPathComponent)
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let engine = FlowEngine(cluster: cluster)
        let services = cluster.services.prefix(40).map(\.key.description)
        var flows: [Flow] = []
        for kind in FlowKind.allCases {
            let targets: [String?] =
                [.nodePort, .loadBalancer, .clusterIP, .externalName].contains(kind) ? [nil] + services : [nil]
            for target in targets {
                for mode in [nil] + ProxyModeChoice.selectable {
                    let options = FlowOptions(proxyMode: mode)
                    if let flow = try? engine.flow(kind, target: target, request: 0, options: options) {
                        flows.append(flow)
                    }
                }
            }
        }
        return flows
    }

    @Test func theLackPhrasesAreRecognised() {
        #expect(Self.says(lack: "sessionAffinity is not in the input: using Kubernetes' default"))
        #expect(Self.says(lack: "ipvs mode, as chosen; the input does not tell the mode"))
        #expect(!Self.says(lack: "read from the input (describe svc web)"))
    }

    /// Some corpus files hold one table and play nothing; the samples play many flows, the lines checked.
    @Test func theSamplesPlayFlowsWithAssumptions() throws {
        let samples = ExplainGoldenTests.inputs.filter { $0.deletingLastPathComponent().lastPathComponent == "samples" }
        let flows = try samples.flatMap { try Self.flows(of: $0) }
        #expect(flows.count > 100)
        let lacking = flows.flatMap { Self.lines(of: $0) }.filter(Self.says(lack:))
        #expect(lacking.contains { $0.hasPrefix("sessionAffinity is not in the input") })
        #expect(lacking.contains { $0.hasPrefix("targetPort is not in the input") })
    }

    @Test(arguments: ExplainGoldenTests.inputs) func everyLackNamesACommand(_ file: URL) throws {
        let flows = try Self.flows(of: file)
        var missing: Set<String> = []
        for flow in flows {
            for line in Self.lines(of: flow) where Self.says(lack: line) && !line.contains("kubectl ") {
                missing.insert(line)
            }
        }
        for line in missing.sorted() {
            Issue.record("\(file.lastPathComponent): names no kubectl command: \(line)")
        }
    }
}
