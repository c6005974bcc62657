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
}
