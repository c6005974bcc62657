import Foundation
import Testing

/// Every one-shot command reads its input with one policy (InputSource): the same refusal of a binary file,
/// the same demo when nothing is piped in. Only the wording and exit status of the end differ, where a
/// command's exit status 1 already means an answer (diff: "different").
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct InputPolicyTests {
    static func binaryFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(UUID()).bin").path
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [["print"], ["explain", "--flow", "nodeport"], ["export", "--format", "dot"], ["rules", "--node", "worker-node1"]])
    func aBinaryFileEndsTheCommandInParsesWords(_ command: [String]) throws {
        let file = try Self.binaryFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try PrintRun(command + [file])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr == "kubehops: cannot read '\(file)': it is a binary file, not kubectl output\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func policyAndDiffSayTheSameRefusalWithTheirExitStatusTwo() throws {
        let file = try Self.binaryFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let sample = PrintRun.packageRoot.appendingPathComponent("samples/notes-nginx-nodeport.txt").path
        for arguments in [["policy", file], ["diff", sample, file]] {
            let run = try PrintRun(arguments)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr == "Error: cannot read '\(file)': it is a binary file, not kubectl output.\n")
        }
    }

    @Test(arguments: [["print", "--width", "100"], ["explain", "--flow", "nodeport"], ["rules", "--node", "worker-node1"]])
    func anEmptyPipeDrawsTheDemoAndSaysSo(_ command: [String]) throws {
        let run = try PrintRun(command, stdin: "")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("kubehops: nothing on standard input; drawing the built-in demo cluster"))
        #expect(!run.stdout.isEmpty)
    }
}
