import ClusterModel
import Foundation
import KubeText
import Testing

/// Every real kubectl output in Tests/Data/Corpus must give exactly the record
/// counts EXPECTED.tsv lists; damaged files (empty counts) must not crash and
/// must say what was wrong.
@Suite("Real kubectl output corpus")
struct CorpusTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        var file: String
        /// nodes, pods, services, endpoints, ingresses, workloads; nil for damaged files.
        var counts: [Int]?
        var testDescription: String { file }
    }

    static func expectations() -> [Expectation] {
        guard TestFiles.corpusAvailable,
              let text = try? String(contentsOf: TestFiles.corpus.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let file = fields.first, !file.isEmpty else { return nil }
            let numbers = fields.dropFirst().compactMap { Int($0) }
            return Expectation(file: file, counts: numbers.count == 6 ? numbers : nil)
        }
    }

    @Test("the vendored corpus is present and every file is listed")
    func corpusPresent() throws {
        #expect(TestFiles.corpusAvailable, "\(TestFiles.corpus.path) is missing")
        let files = try FileManager.default.contentsOfDirectory(atPath: TestFiles.corpus.path).filter { $0.hasSuffix(".txt") }
        let listed = Set(Self.expectations().map(\.file))
        #expect(!files.isEmpty)
        #expect(Set(files) == listed, "every corpus file has a line in EXPECTED.tsv")
    }

    @Test("record counts match EXPECTED.tsv", arguments: expectations())
    func counts(_ expectation: Expectation) throws {
        let bytes = try TestFiles.bytes(TestFiles.corpus.appendingPathComponent(expectation.file))
        let result = KubeText.parse(bytes: bytes, source: expectation.file)
        let resources = result.resources
        let found = [resources.nodes.count, resources.pods.count, resources.services.count,
                     resources.endpoints.count, resources.ingresses.count, resources.workloads.count]
        if let counts = expectation.counts {
            #expect(found == counts, "\(expectation.file): \(result.diagnostics.map(\.description).joined(separator: "\n"))")
            #expect(!result.diagnostics.contains { $0.severity == .error })
        } else {
            #expect(!result.diagnostics.filter { $0.severity >= .warning }.isEmpty, "a damaged file must be explained")
        }
        for diagnostic in result.diagnostics where diagnostic.line > 0 {
            #expect(!diagnostic.excerpt.isEmpty)
        }
    }
}
