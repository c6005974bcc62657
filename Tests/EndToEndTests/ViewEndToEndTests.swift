import Foundation
import Testing

/// The real binary in a real (tmux) terminal: start, draw, keys, resize,
/// quit, signals; after each run the shell must answer again.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests of the terminal UI skipped"))
struct ViewEndToEnd {
    func binary() throws -> String {
        try #require(Paths.binary, "kubehops binary not found next to the test bundle; run `swift build` first")
    }

    @Test func pipedSampleDrawsThenQuitRestoresTheShell() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession(width: 120, height: 40)
        try tmux.type("cat '\(Paths.sample("notes-nginx-nodeport.txt"))' | '\(kubehops)'")
        let screen = try tmux.waitFor(all: ["input ended", "stdin │", "master-node", "worker-node1", "worker-node2",
                                             "192.168.1.182", "172.16.180.193", "172.16.203.129", "┌", "─", "│"])
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 40)

        // A flow: the menu, play the first, step one hop, read the caption.
        try tmux.keys("f")
        try tmux.waitFor(text: "Play a flow")
        try tmux.keys("Enter")
        try tmux.waitFor(text: "flow playing")
        try tmux.keys(".")
        let flow = try tmux.waitFor(all: ["flow paused", "hop ", "src ", "dst "])
        // Under load the animation may have moved on before the key: read the hop shown.
        let hop = try #require(Self.hopNumber(in: flow), "no hop caption in:\n\(flow)")
        #expect(hop >= 2)
        try tmux.keys(",")
        try tmux.waitFor(text: "hop \(hop - 1)/")
        try tmux.keys(".")
        try tmux.waitFor(text: "hop \(hop)/")
        #expect(flow.contains("src "))
        #expect(flow.contains("dst "))
        // The caption spans the width: its corner lands in the last column.
        #expect(flow.split(separator: "\n").contains { $0.count == 120 && $0.hasSuffix("┘") })
        try tmux.keys("Escape")
        try tmux.waitFor("flow stopped") { !$0.contains("flow paused") }

        try tmux.keys("?")
        let help = try tmux.waitFor(all: ["Keys (Esc closes)", "replay with another endpoint", "guided tour"])
        #expect(help.contains("┌"))
        #expect(help.contains("│"))
        try tmux.keys("Escape")
        try tmux.waitFor("help closed") { !$0.contains("Keys (Esc closes)") }

        try tmux.resize(width: 90, height: 24)
        try tmux.waitFor("status bar on the new last line") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.count >= 24 && rows[23].contains("? help")
        }

        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
        #expect(try tmux.childProcess(named: "kubehops") == nil)
    }

    /// N in the caption's `hop N/M`.
    static func hopNumber(in screen: String) -> Int? {
        guard let range = screen.range(of: "hop ") else { return nil }
        return Int(screen[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func sigtermRestoresTheTerminalAndExits143() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession()
        try tmux.type("cat '\(Paths.sample("notes-nginx-nodeport.txt"))' | '\(kubehops)'")
        try tmux.waitFor(text: "? help")
        let pid = try #require(try tmux.childProcess(named: "kubehops"))
        kill(pid, SIGTERM)
        #expect(try tmux.shellStatusAfterExit() == 143)
        let screen = try tmux.capture()
        #expect(!screen.contains("? help"), "the full-screen view is still shown:\n\(screen)")
    }

    @Test func ctrlCRestoresTheTerminalAndExits130() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' '\(Paths.sample("notes-nginx-nodeport.txt"))'")
        try tmux.waitFor(text: "? help")
        try tmux.keys("C-c")
        #expect(try tmux.shellStatusAfterExit() == 130)
    }

    @Test func tinyWindowStillDrawsAndQuits() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession(width: 20, height: 5)
        try tmux.type("cd '\(Paths.packageRoot)/samples' && '\(kubehops)' notes-nginx-nodeport.txt")
        // 20 columns: the status line keeps `? help` and drops the rest first.
        try tmux.waitFor("status bar") { $0.split(separator: "\n").last?.hasSuffix("? help") == true && $0.contains("3 nodes") }
        // One key at a time: Esc followed at once by a key reads as Alt+key, which the view ignores.
        for (key, title) in [("?", "Keys"), ("d", "Diagnostics"), ("i", "IP scheme")] {
            try tmux.keys(key)
            try tmux.waitFor(text: title)
            try tmux.keys("Escape")
            try tmux.waitFor("\(title) closed") { !$0.contains(title) }
        }
        try tmux.keys("Tab", "z")
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func clickSelectsAPodAndTheWheelScrolls() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' '\(Paths.sample("notes-nginx-nodeport.txt"))'")
        let screen = try tmux.waitFor(all: ["input ended", "5hrgb"])
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(rows.firstIndex { $0.contains("5hrgb") })
        let line = rows[row]
        let column = try #require(line.range(of: "5hrgb")).lowerBound
        let x = line.distance(from: line.startIndex, to: column)
        // xterm's SGR mouse reports (1-based), press then release, as a terminal sends them.
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "\u{1B}[<0;\(x + 1);\(row + 1)M"])
        Thread.sleep(forTimeInterval: 0.1)
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "\u{1B}[<0;\(x + 1);\(row + 1)m"])
        try tmux.keys("Enter")
        try tmux.waitFor(all: ["Details (Esc closes)", "nginx-deployment-7b44dc87c5-5hrgb", "172.16.180.193"])
        try tmux.keys("Escape")
        let before = try tmux.waitFor("details closed") { !$0.contains("Details (Esc closes)") }
        // Wheel down (button 65) scrolls the diagram.
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "\u{1B}[<65;10;10M"])
        try tmux.waitFor("the diagram scrolled") { $0.split(separator: "\n").first != before.split(separator: "\n").first }
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func altKeysUnknownSequencesAndEscNeverQuit() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' '\(Paths.sample("notes-nginx-nodeport.txt"))'")
        try tmux.waitFor(all: ["input ended", "? help"])
        try tmux.keys("M-x")
        try tmux.tmux(["send-keys", "-t", tmux.session, "-l", "\u{1B}[200~\u{1B}[201~"])
        try tmux.keys("?")
        try tmux.waitFor(text: "Keys (Esc closes)")
        #expect(try tmux.childProcess(named: "kubehops") != nil)
        try tmux.keys("Escape")
        try tmux.waitFor("help closed") { !$0.contains("Keys (Esc closes)") }
        // Esc with nothing open says how to quit, and does not.
        try tmux.keys("Escape")
        try tmux.waitFor(text: "Nothing to close: q quits.")
        #expect(try tmux.childProcess(named: "kubehops") != nil)
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func noInputOnATerminalShowsTheDemoCluster() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)'")
        try tmux.waitFor(all: ["demo cluster │", "worker-node1", "192.168.1.183", "30007"])
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    /// `-w` as with kubectl: the picture stays live (the files are re-read), the same flag as `--follow`.
    @Test func watchRereadsAFileWhenItChanges() throws {
        let kubehops = try binary()
        let sample = try TextFile.read(Paths.sample("notes-nginx-nodeport.txt"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-follow-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try sample.write(toFile: file, atomically: false, encoding: .utf8)
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' -w '\(file)'")
        try tmux.waitFor(text: "3 nodes · 3 pods")
        #expect(try tmux.capture().contains("following files"))
        let grown = sample.replacingOccurrences(
            of: "worker-node2   Ready    <none>          41d   v1.31.4   192.168.1.183",
            with: "worker-node2   Ready    <none>          41d   v1.31.4   192.168.1.183   <none>        AlmaLinux 9.5   5.14.0-503.14.1.el9_5.x86_64   containerd://1.7.24\nworker-node3   Ready    <none>          1m    v1.31.4   192.168.1.184")
        #expect(grown != sample)
        try grown.write(toFile: file, atomically: false, encoding: .utf8)
        try tmux.waitFor(all: ["4 nodes · 3 pods", "worker-node3"])
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func withoutATerminalViewExplainsAndSuggestsPrint() throws {
        let kubehops = try binary()
        // setsid: no controlling terminal at all, as in CI or cron.
        let result = try runCapturing(["setsid", "-w", kubehops, Paths.sample("notes-nginx-nodeport.txt")],
                                      environment: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("needs a terminal"))
        #expect(result.stderr.contains("kubehops print"))
        #expect(result.stdout.isEmpty)
    }

    @Test func dumbTerminalIsRefusedWithAClearMessage() throws {
        let kubehops = try binary()
        let tmux = try TmuxSession()
        try tmux.type("TERM=dumb '\(kubehops)' '\(Paths.sample("notes-nginx-nodeport.txt"))'; echo STATUS=$?")
        try tmux.waitFor(all: ["STATUS=2", "TERM is 'dumb'", "kubehops print"])
    }
}

/// `-n`, `--filter`, `--compact` mean in `view` what they mean in `print`: the picture starts filtered.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct ViewStartFiltersEndToEnd {
    @Test func namespaceAndFilterFromTheCommandLineFilterThePicture() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' -n demo --filter web-1 '\(Paths.sample("notes-six-pods-nodeport.txt"))'")
        let screen = try tmux.waitFor(all: ["1 of 7 pods", "ns: demo", "filter: web-1", "10.244.0.1"])
        #expect(!screen.contains("10.244.0.2"), "\(screen)")
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    /// `--hide-system` as in print: the kube-system pods are left out and counted as hidden.
    @Test func hideSystemLeavesOutTheSystemNamespaces() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' --hide-system '\(Paths.sample("kind-with-kube-system.txt"))'")
        let screen = try tmux.waitFor(all: ["10.244.1.5", " of "])
        #expect(!screen.contains("10.244.0.3"), "a kube-system pod is drawn: \(screen)")
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func namespaceAndAllNamespacesTogetherAreRefused() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let run = try PrintRun(["-n", "demo", "-A", "x.txt"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Give either -n/--namespace or -A/--all-namespaces, not both."), "\(run.stderr)")
        _ = kubehops
    }
}

/// `kubehops explain` on a terminal: wrapped to its width.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct ExplainOnATerminalEndToEnd {
    @Test func explainWrapsToTheTerminalWidth() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let sample = Paths.sample("notes-nginx-nodeport.txt")
        let piped = try runCapturing([kubehops, "explain", "--flow", "nodeport", "--no-reply", sample])
        #expect(piped.stdout.split(separator: "\n").contains { $0.count > 70 }, "nothing to wrap")
        let tmux = try TmuxSession(width: 70, height: 60)
        try tmux.type("clear; '\(kubehops)' explain --flow nodeport --no-reply '\(sample)'; echo done=$?")
        try tmux.waitFor(text: "done=0")
        // -J joins lines the terminal wrapped: only kubehops' own breaks remain.
        let joined = try tmux.tmux(["capture-pane", "-p", "-J", "-t", tmux.session])
        let lines = joined.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 70 }, "\(joined)")
        #expect(lines.contains { $0.hasPrefix(" 6. kube-proxy rules on worker-node1 → Pod") }, "\(joined)")
        #expect(lines.contains { $0.hasPrefix("          ") && !$0.contains("✓") && !$0.contains("·") }, "no continuation")
    }
}

/// `kubehops print` on a terminal whose locale is not UTF-8 draws ASCII, as the view does.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct PrintOnATerminalEndToEnd {
    @Test func printHonoursANonUTF8Locale() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let tmux = try TmuxSession(width: 100, height: 60)
        try tmux.type("clear; LANG=C LC_ALL=C '\(kubehops)' print --height 20 '\(Paths.sample("notes-nginx-nodeport.txt"))'; echo done=$?")
        let screen = try tmux.waitFor(all: ["done=0", "worker-node1"])
        #expect(!screen.contains("─") && !screen.contains("│"), "\(screen)")
        #expect(screen.contains("+-") || screen.contains("-+"), "\(screen)")
    }
}

/// `kubehops parse` typed at a terminal with nothing piped in.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct ParseAtATerminalEndToEnd {
    @Test func parseWithNoInputOnATerminalSaysWhatItExpectsInsteadOfWaiting() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' parse; echo \"status=$?\"")
        let screen = try tmux.waitFor(all: ["kubehops parse: no input: pipe kubectl output in", "status=1"])
        #expect(screen.contains("or name FILEs"))
    }
}

/// `--kubectl` with a fake kubectl first on PATH (no cluster exists here).
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests of --kubectl skipped"))
struct KubectlPollingEndToEnd {
    func fakeKubectl(_ script: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-fake-kubectl-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("kubectl").path
        // Written with O_CLOEXEC: a descriptor inherited by a process spawned
        // meanwhile (tmux) would make running the script fail with ETXTBSY.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CommandFailed(arguments: ["open", path], status: errno, stderr: "") }
        let bytes = Array(("#!/bin/sh\n" + script).utf8)
        let written = write(fd, bytes, bytes.count)
        close(fd)
        #expect(written == bytes.count)
        return directory.path
    }

    @Test func pollsKubectlWithThePassedArgumentsAndShowsTheTime() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let directory = try fakeKubectl("echo \"$@\" >> \"$(dirname \"$0\")/calls\"\ncat '\(Paths.sample("notes-nginx-nodeport.txt"))'\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = try TmuxSession()
        try tmux.type("PATH='\(directory)':$PATH '\(kubehops)' --kubectl -A --context lab --interval 0.3")
        try tmux.waitFor(all: ["updated ", "worker-node1", "172.16.203.129", "kubectl -A --context lab every 0.3s"])
        // Polled again and again, with kubectl's arguments passed through.
        let deadline = Date().addingTimeInterval(20)
        var calls: [Substring] = []
        while Date() < deadline {
            calls = ((try? TextFile.read("\(directory)/calls")) ?? "").split(separator: "\n")
            if calls.count >= 2 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(calls.count >= 2)
        #expect(calls.first == "get nodes,pods,svc,endpoints,ingress -o wide -A --context lab")
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func failingKubectlShowsItsErrorAndKeepsRunning() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let directory = try fakeKubectl("echo 'The connection to the server localhost:8080 was refused - did you specify the right host or port?' >&2\nexit 1\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = try TmuxSession()
        try tmux.type("PATH='\(directory)':$PATH '\(kubehops)' --kubectl --interval 0.5")
        try tmux.waitFor(all: ["The connection to the server localhost:8080 was refused", "kubectl failed:", "kubectl: "])
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    /// What kubectl writes with no cluster: client-go's klog lines, then its own line.
    static let noClusterStderr = (0..<5).map { _ in
        "E1205 10:00:00.123456   4321 memcache.go:265] couldn't get current server API group list: "
            + "Get \\\"http://localhost:8080/api?timeout=32s\\\": dial tcp 127.0.0.1:8080: connect: connection refused"
    }.joined(separator: "\n") + "\nThe connection to the server localhost:8080 was refused - did you specify the right host or port?"

    @Test func kubectlsOwnLastLineIsShownWholeAndTheLastGoodPictureStays() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        // The first run answers; every later one fails as kubectl does without a cluster.
        let directory = try fakeKubectl("""
            marker="$(dirname "$0")/answered"
            if [ ! -e "$marker" ]; then touch "$marker"; cat '\(Paths.sample("notes-nginx-nodeport.txt"))'; exit 0; fi
            printf '%s\\n' "\(Self.noClusterStderr)" >&2
            exit 1

            """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = try TmuxSession()
        try tmux.type("PATH='\(directory)':$PATH '\(kubehops)' --kubectl --interval 0.3")
        let screen = try tmux.waitFor(all: [
            "kubectl: The connection to the server localhost:8080 was refused - did you specify the right host or port?",
            "worker-node1", "172.16.203.129",
        ])
        #expect(!screen.contains("memcache"), "\(screen)")
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func withoutAPictureKubectlsLineIsWrappedWholeInTheBox() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let directory = try fakeKubectl("printf '%s\\n' \"\(Self.noClusterStderr)\" >&2\nexit 1\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = try TmuxSession(width: 80, height: 24)
        try tmux.type("PATH='\(directory)':$PATH '\(kubehops)' --kubectl --interval 0.5")
        let screen = try tmux.waitFor(all: ["kubectl failed:", "The connection to the server localhost:8080 was refused", "host or port?"])
        #expect(!screen.contains("memcache"), "\(screen)")
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }
}

/// `kubehops tour` and `--record`, in tmux as a user would run them.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests of the tour skipped"))
struct TourAndRecordingEndToEnd {
    @Test func tourWalksStepByStepAndQLeaves() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' tour '\(Paths.sample("notes-nginx-nodeport.txt"))'")
        try tmux.waitFor(all: ["Tour 1/9: Nodes and their LAN IPs", "192.168.1.181", "tour 1/9"])
        try tmux.keys("Space")
        try tmux.waitFor(text: "Tour 2/9")
        try tmux.keys("Right", "Right", "Right", "Right")
        // The flow step plays its flow.
        try tmux.waitFor(all: ["Tour 6/9", "hop ", "tour 6/9"])
        try tmux.keys("Left")
        try tmux.waitFor(text: "Tour 5/9")
        // q leaves the tour into the diagram; a second q quits.
        try tmux.keys("q")
        try tmux.waitFor("the tour left") { !$0.contains("Tour 5/9") && $0.contains("Left the tour") }
        #expect(try tmux.childProcess(named: "kubehops") != nil)
        try tmux.keys("q")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    @Test func recordWritesAnAsciicastOfWhatTheScreenShowed() throws {
        let kubehops = try #require(Paths.binary, "run `swift build` first")
        let cast = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-e2e-\(UUID().uuidString).cast").path
        defer { try? FileManager.default.removeItem(atPath: cast) }
        let tmux = try TmuxSession(width: 100, height: 30)
        try tmux.type("'\(kubehops)' --record '\(cast)' '\(Paths.sample("notes-nginx-nodeport.txt"))'")
        try tmux.waitFor(text: "input ended")
        try tmux.keys("?")
        try tmux.waitFor(text: "Keys (Esc closes)")
        try tmux.keys("q", "q")
        #expect(try tmux.shellStatusAfterExit() == 0)
        let lines = try TextFile.read(cast).split(separator: "\n")
        let header = try #require(lines.first)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
        #expect(fields["version"] as? Int == 2)
        #expect(fields["width"] as? Int == 100)
        #expect(fields["height"] as? Int == 30)
        var times: [Double] = []
        var output = ""
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            #expect(event.count == 3)
            #expect(event[1] as? String == "o")
            times.append(try #require(event[0] as? Double))
            output += event[2] as? String ?? ""
        }
        #expect(times.count >= 2)
        #expect(times == times.sorted())
        #expect(output.contains("worker-node1"))
        #expect(output.contains("Keys (Esc closes)"))
        if findExecutable("asciinema") != nil {
            // asciinema reads the terminal, so it runs inside tmux too.
            try tmux.type("clear; asciinema cat '\(cast)' > /dev/null; echo CAT-STATUS=$?")
            try tmux.waitFor(text: "CAT-STATUS=0")
        }
    }
}

