import Foundation
import Testing

/// The same input gives the same diagnostics in every run: Swift seeds its hashing per process, so
/// anything read in dictionary order would change what a broken input is told (the fuzz target found one).
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct DeterministicDiagnosticsTests {
    @Test func aBrokenJSONDocumentIsToldTheSameWayInEveryRun() throws {
        let file = PrintRun.packageRoot.appendingPathComponent("Tests/Data/FuzzFindings/json-error-by-key-order.txt")
        let runs = try (0..<6).map { _ in try PrintRun(["parse", file.path]) }
        #expect(runs.first?.stdout.contains("is not valid JSON") == true, "\(runs.first?.stdout ?? "")")
        for run in runs.dropFirst() {
            #expect(run.stderr == runs[0].stderr)
            #expect(run.stdout == runs[0].stdout)
            #expect(run.status == runs[0].status)
        }
    }
}
