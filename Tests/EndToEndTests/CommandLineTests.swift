import Foundation
import Testing

/// The command line's own conventions: --version, shell completion, the root help's default use.
@Suite(
    .enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct CommandLineTests {
    @Test func versionPrintsOneVersionLineAndExitsZero() throws {
        let run = try PrintRun(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        let line = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.split(separator: ".").count == 3, "\(run.stdout)")
        #expect(line.allSatisfy { $0.isNumber || $0 == "." })
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesTheSubcommands(shell: String) throws {
        let run = try PrintRun(["completion", shell])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("kubehops"))
        for subcommand in ["explain", "print", "parse", "completion"] {
            #expect(run.stdout.contains(subcommand), "\(shell) script lacks \(subcommand)")
        }
    }

    @Test func completionForAnUnknownShellSaysWhichExist() throws {
        let run = try PrintRun(["completion", "tcsh"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("use bash, zsh or fish"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func rootHelpShowsTheDefaultUse() throws {
        let run = try PrintRun(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: kubehops [FILE…]"), "\(run.stdout)")
        #expect(run.stdout.contains("completion"))
    }

    @Test func mistypedSubcommandGetsDidYouMeanAndThatCommandsUsage() throws {
        let run = try PrintRun(["expain", "--flow", "nodeport"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Unknown command 'expain'. Did you mean 'explain'?"), "\(run.stderr)")
        #expect(run.stderr.contains("Usage: kubehops explain"))
        #expect(!run.stderr.contains("Cannot read"))
    }

    @Test func aMissingFileThatIsNoCommandNameIsStillAMissingFile() throws {
        let run = try PrintRun(["/nonexistent/pods.txt"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Cannot read /nonexistent/pods.txt"), "\(run.stderr)")
        #expect(!run.stderr.contains("Did you mean"))
    }

    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// An ELF-like start: NUL bytes among text, as any executable or archive has.
    static let binary: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0] + Array("NAME pods".utf8) + [0, 0xFF]

    @Test(arguments: [["parse"], ["print"], ["explain", "--flow", "nodeport"]])
    func binaryInputIsRefusedInOneLine(command: [String]) throws {
        let path = try Self.file(Self.binary)
        let run = try PrintRun(command + [path])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("cannot read '\(path)': it is a binary file, not kubectl output"))
        #expect(run.stdout.isEmpty)
    }

    @Test func utf16TextIsNamedWithTheFix() throws {
        let path = try Self.file([0xFF, 0xFE] + Array("NAME".utf8).flatMap { [$0, 0] })
        let run = try PrintRun(["parse", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("it is UTF-16 text; convert it first (iconv -f UTF-16 -t UTF-8)"), "\(run.stderr)")
    }
}
