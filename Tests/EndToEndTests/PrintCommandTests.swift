import Foundation
import Testing

/// `kubehops print` run as a user runs it: the built binary, real sample
/// files, stdout and stderr captured, no terminal.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct PrintCommandTests {
    static let nginx = PrintRun.packageRoot.appendingPathComponent("samples/notes-nginx-nodeport.txt").path

    @Test func drawsTheSampleAsPlainTextWhenStdoutIsNotATerminal() throws {
        let run = try PrintRun(["print", Self.nginx, "--width", "100", "--height", "30"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("worker-node1 · 192.168.1.182"))
        #expect(run.stdout.contains("192.168.1.182:30007"))
        #expect(!run.stdout.contains("\u{1B}"))
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 30)
    }

    @Test func colourIsAChoiceAndNoColorIsHonoured() throws {
        let always = try PrintRun(["print", Self.nginx, "--width", "80", "--height", "20", "--color", "always"])
        #expect(always.stdout.contains("\u{1B}[0;"))
        #expect(always.stdout.contains("\u{1B}[0m"))
        let never = try PrintRun(["print", Self.nginx, "--width", "80", "--height", "20", "--color", "never"])
        #expect(!never.stdout.contains("\u{1B}"))
        let auto = try PrintRun(["print", Self.nginx, "--width", "80", "--height", "20"], environment: ["NO_COLOR": "1"])
        #expect(!auto.stdout.contains("\u{1B}"))
    }

    @Test func flowFrameAtAHop() throws {
        let run = try PrintRun(["print", Self.nginx, "--width", "120", "--height", "40", "--flow", "nodeport", "--hop", "4"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("hop 4/"))
        #expect(run.stdout.contains("dst 192.168.1.18"))
        #expect(run.stdout.contains("●"))
    }

    @Test func asciiUsesOnlyAscii() throws {
        let run = try PrintRun(["print", Self.nginx, "--width", "100", "--height", "30", "--ascii"])
        #expect(run.status == 0)
        #expect(run.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(run.stdout.contains("+-"))
    }

    @Test func readsStandardInput() throws {
        let text = try TextFile.read(Self.nginx)
        let run = try PrintRun(["print", "--width", "100", "--height", "30"], stdin: text)
        #expect(run.stdout.contains("worker-node1 · 192.168.1.182"))
    }

    @Test func closedStandardInputDrawsTheDemoInsteadOfCrashing() throws {
        // CI and cron may start kubehops with no standard input at all.
        let binary = try #require(PrintRun.binary).path
        for command in ["print --width 60 --height 8", "explain --flow nodeport --no-reply"] {
            let run = try PrintRun(executable: "/bin/sh", ["-c", "exec \"$0\" \(command) <&-", binary])
            #expect(run.status == 0, "\(command): \(run.stderr)")
            #expect(run.stdout.contains("worker-node1"), "\(command)")
        }
    }

    @Test func badRequestsSayWhatToDo() throws {
        let kind = try PrintRun(["print", Self.nginx, "--flow", "teleport"])
        #expect(kind.status != 0)
        #expect(kind.stderr.contains("Unknown flow kind 'teleport'"))
        #expect(kind.stderr.contains("nodeport"))
        let hop = try PrintRun(["print", Self.nginx, "--flow", "nodeport", "--hop", "99"])
        #expect(hop.status != 0)
        #expect(hop.stderr.contains("this flow has"))
        let file = try PrintRun(["print", "/nonexistent/dump.txt"])
        #expect(file.status != 0)
        #expect(file.stderr.contains("cannot read '/nonexistent/dump.txt': no such file"))
    }

    @Test func recordWritesAnAsciicastThatAsciinemaAccepts() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(UUID().uuidString).cast").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try PrintRun(["print", Self.nginx, "--flow", "nodeport", "--record", path, "--width", "100", "--height", "32"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("wrote \(path)"))
        let text = try TextFile.read(path)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix(#"{"version": 2, "width": 100, "height": 32"#) == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("[") && $0.contains(#", "o", ""#) })
        // Debian's asciinema (installed by .ci/run when it can be) must play it; it wants a tty, so run it under script(1).
        guard let asciinema = PrintRun.which("asciinema"), let script = PrintRun.which("script") else {
            print("note: asciinema or script(1) not installed; the recording was checked by format only")
            return
        }
        let check = try PrintRun(executable: script, ["-qec", "\(asciinema) cat \(path)", "/dev/null"])
        #expect(check.status == 0, "asciinema rejected the recording: \(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("\u{1B}["))
    }

    @Test func recordNeedsAFlow() throws {
        let run = try PrintRun(["print", Self.nginx, "--record", "/tmp/never-written.cast"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--record needs --flow"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.cast"))
    }

    @Test func tinySizesNeverCrash() throws {
        for (width, height) in [(1, 1), (20, 5), (19, 4), (39, 11)] {
            let run = try PrintRun(["print", Self.nginx, "--width", "\(width)", "--height", "\(height)", "--flow", "nodeport"])
            // Below 20x5 a clear refusal (exit 1), never a crash.
            let drawable = width >= 20 && height >= 5
            #expect(run.status == (drawable ? 0 : 1), "\(width)x\(height): \(run.stderr)")
            #expect(drawable || run.stderr.contains("too small to draw"), "\(width)x\(height): \(run.stderr)")
        }
    }
}

struct PrintRun {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `kubehops` built beside the test runner (`.build/debug/`).
    static let binary: URL? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("kubehops")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    var status: Int32
    var stdout: String
    var stderr: String

    /// An executable on PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    init(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: URL? = nil) throws {
        try self.init(executable: try #require(Self.binary).path, arguments, stdin: stdin, environment: environment, directory: directory)
    }

    /// Spawned with posix_spawn and files (`runCapturing`), not Foundation's
    /// `Process` and pipes, which leak under LeakSanitizer.
    init(executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: URL? = nil) throws {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        let result = try runCapturing([executable] + arguments, environment: env, stdin: stdin ?? "", directory: directory?.path)
        status = result.status
        stdout = result.stdout
        stderr = result.stderr
    }
}

/// `print` into a pipe draws the whole picture; a --height that cuts it says so.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct PrintHeightTests {
    /// `--rules` prints the hop's rules walked below the frame, as the view's `w` panel shows them.
    @Test func rulesListTheHopsRulesAsTheViewPanelDoes() throws {
        let run = try PrintRun(
            ["print", PrintCommandTests.nginx, "--width", "200", "--flow", "nodeport", "--hop", "5", "--rules"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Hop 5/9: rules walked"), "\(run.stdout)")
        #expect(run.stdout.contains("✓ [nat] -A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports;"))
        #expect(run.stdout.contains("-j DNAT --to-destination"))
        let without = try PrintRun(["print", PrintCommandTests.nginx, "--rules"])
        #expect(without.status == 64)
        #expect(without.stderr.contains("--rules needs --flow"))
    }

    /// `--hide-system` leaves out the system namespaces unless `-n` names one of them.
    @Test func hideSystemLeavesOutSystemPodsUnlessNamed() throws {
        let kind = Paths.sample("kind-with-kube-system.txt")
        let hidden = try PrintRun(["print", kind, "--width", "160", "--hide-system"])
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(hidden.stdout.contains("10.244.1.5"))
        #expect(!hidden.stdout.contains("10.244.0.3"), "\(hidden.stdout)")
        let named = try PrintRun(["print", kind, "--width", "160", "--hide-system", "-n", "kube-system"])
        #expect(named.stdout.contains("10.244.0.3"), "\(named.stdout)")
        #expect(!named.stdout.contains("10.244.1.5"))
    }

    @Test func intoAPipeTheWholePictureIsPrinted() throws {
        let run = try PrintRun(["print", PrintCommandTests.nginx, "--width", "120"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count > 40, "cut at \(lines.count) rows")
        #expect(lines.last?.contains("┘") == true, "the picture's last box is closed: \(lines.last ?? "")")
        #expect(!run.stderr.contains("rows;"), "\(run.stderr)")
    }

    @Test func aHeightThatCutsThePictureSaysSo() throws {
        let run = try PrintRun(["print", PrintCommandTests.nginx, "--width", "120", "--height", "20"])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count <= 20)
        #expect(run.stderr.contains("; 20 shown (--height "), "\(run.stderr)")
    }
}

/// `print` fails like `parse` when nothing in the input is Kubernetes.
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct PrintNothingUnderstoodTests {
    @Test func textThatIsNotKubectlOutputExitsOneWithParsesWording() throws {
        let run = try PrintRun(["print", "-"], stdin: "hello world\nnot a table\n")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("nothing understood in standard input: expected output of 'kubectl get'"))
    }
}

/// Too small to draw: print says which options fix it (not the view's "terminal too small").
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct PrintTooSmallTests {
    @Test func tooSmallAsksForWidthAndHeight() throws {
        let run = try PrintRun(["print", "--width", "10", "--height", "3"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("10x3 is too small to draw: use --width and --height of at least 20x5."), "\(run.stderr)")
        #expect(!run.stderr.contains("terminal too small"))
    }
}
