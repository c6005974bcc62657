import ClusterModel
import Foundation
import KubeText
import Testing

/// `parse --format json` streams the report a slice of records at a time; what it writes must be byte for
/// byte what `JSONEncoder` makes of the whole report, the contract scripts were written against.
@Suite("parse --format json: the streamed report")
struct ParseReportTests {
    static func streamed(_ report: ParseReport) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try report.write { bytes += $0 }
        return bytes
    }

    static func encodedWhole(_ report: ParseReport) throws -> [UInt8] {
        [UInt8](try ParseReport.encoder().encode(report))
    }

    static func report(_ text: String) -> ParseReport {
        let result = KubeText.parse(text, source: "test")
        return ParseReport(result.resources, diagnostics: result.diagnostics)
    }

    static func sampleNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: TestFiles.samples.path)
            .filter { $0 != "README.md" }.sorted()
    }

    @Test("every sample streams as the encoder writes it", arguments: try sampleNames())
    func sample(name: String) throws {
        let text = String(decoding: try TestFiles.sample(name), as: UTF8.self)
        let report = Self.report(text)
        #expect(try Self.streamed(report) == Self.encodedWhole(report))
    }

    @Test("hundreds of pods cross the slice boundaries; diagnostics and non-ASCII names stream too")
    func manySlices() throws {
        var lines = ["NAMESPACE   NAME   READY   STATUS   RESTARTS   AGE   IP   NODE   NOMINATED NODE   READINESS GATES"]
        for number in 0..<700 {
            let address = "10.1.\(number / 250).\(number % 250)"
            lines.append("shop   web-\(number)   1/1   Running   0   3d   \(address)   n1   <none>   <none>")
        }
        lines.append("shop   ünïcode-pod   1/1   Running   0   3d   10.9.0.1   n1   <none>   <none>")
        lines.append("garbage line without enough columns \u{1b}[31m")
        let report = Self.report(lines.joined(separator: "\n") + "\n")
        #expect(report.pods.count == 701)
        #expect(!report.diagnostics.isEmpty)
        let streamed = try Self.streamed(report)
        #expect(streamed == (try Self.encodedWhole(report)))
        // Still one JSON document a script can read.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(streamed)) as? [String: Any])
        #expect((object["pods"] as? [Any])?.count == 701)
    }

    @Test("an empty report is every key with an empty array")
    func empty() throws {
        let report = ParseReport(Resources(), diagnostics: [])
        let streamed = try Self.streamed(report)
        #expect(streamed == (try Self.encodedWhole(report)))
        #expect(String(decoding: streamed, as: UTF8.self).contains("\"nodes\" : [\n\n  ]"))
    }
}
