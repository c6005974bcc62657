import Foundation
import Testing

/// Drives the real `kubehops` binary inside a private tmux server, the way a
/// user would: tmux makes its own pseudo-terminal, so this runs in CI without a TTY.
final class TmuxSession {
    let socket: String
    let session = "e2e"
    private static let counter = Counter()

    /// Whether tmux can be run here (the suite is skipped with a message otherwise).
    static var isAvailable: Bool { findExecutable("tmux") != nil }

    /// The private server's pid, to be sure it ends even if `kill-server` fails.
    private var serverPID: pid_t?

    init(width: Int = 120, height: Int = 40) throws {
        socket = "kubehops-test-\(getpid())-\(Self.counter.next())"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                  "env", "-i", "PATH=\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")", "HOME=/tmp",
                  "TERM=xterm-256color", "LANG=C.UTF-8", "PS1=$ ", "bash", "--norc", "--noprofile"])
        serverPID = pid_t(try tmux(["display-message", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines))
        // tmux may set TERM from its default-terminal option: say it again inside.
        try type("export TERM=xterm-256color LANG=C.UTF-8 PS1='$ '")
    }

    deinit {
        // Always end the private server, whatever the test did.
        _ = try? tmux(["kill-server"])
        if let serverPID, kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try run(["tmux", "-L", socket] + arguments)
    }

    /// Types a line into the pane's shell and presses Enter.
    func type(_ line: String) throws {
        try tmux(["send-keys", "-t", session, "-l", line])
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    /// Sends tmux key names (`q`, `C-c`, `Tab`, `Escape`).
    func keys(_ names: String...) throws {
        try tmux(["send-keys", "-t", session] + names)
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// Polls the pane until `condition` holds; returns the last capture. Fails
    /// the test (showing the screen) after `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the pane shows:\n\(screen)", sourceLocation: sourceLocation)
        throw TimedOut()
    }

    /// Waits until every one of `texts` is on screen at once: a capture can
    /// catch the terminal half-way through a redraw.
    @discardableResult
    func waitFor(all texts: [String], timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor(texts.joined(separator: ", "), timeout: timeout, sourceLocation: sourceLocation) { screen in
            texts.allSatisfy { screen.contains($0) }
        }
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for kubehops to end, then asks the shell for the last exit
    /// status: proves the terminal answers again.
    func shellStatusAfterExit(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int? {
        let deadline = Date().addingTimeInterval(20)
        while try childProcess(named: "kubehops") != nil {
            guard Date() < deadline else {
                Issue.record("kubehops did not exit; the pane shows:\n\(try capture())", sourceLocation: sourceLocation)
                throw TimedOut()
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let marker = "ALIVE-\(Int.random(in: 1000...9999))-"
        try type("echo \(marker)$?")
        // The typed line shows `MARKER-$?`; wait for the answer line, `MARKER-<digits>`.
        func answer(_ screen: String) -> Int? {
            for line in screen.split(separator: "\n") where line.hasPrefix(marker) {
                if let status = Int(line.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)) { return status }
            }
            return nil
        }
        let screen = try waitFor("the shell to answer \(marker)", sourceLocation: sourceLocation) { answer($0) != nil }
        return answer(screen)
    }

    /// The pid of the process named `name` that the pane's shell started.
    func childProcess(named name: String) throws -> pid_t? {
        guard let shell = pid_t(try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry),
                  let stat = try? TextFile.read("/proc/\(pid)/stat"),
                  let close = stat.lastIndex(of: ")"), let open = stat.firstIndex(of: "(") else { continue }
            let comm = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if comm == name, fields.count > 1, pid_t(fields[1]) == shell { return pid }
        }
        return nil
    }

    struct TimedOut: Error {}

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}

import Synchronization

/// Runs a program found on PATH; returns its stdout, throws on failure.
@discardableResult
func run(_ arguments: [String], environment: [String: String]? = nil) throws -> String {
    let result = try runCapturing(arguments, environment: environment)
    guard result.status == 0 else { throw CommandFailed(arguments: arguments, status: result.status, stderr: result.stderr) }
    return result.stdout
}

struct CommandFailed: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stderr: String
    var description: String { "\(arguments.joined(separator: " ")) failed (\(status)): \(stderr)" }
}

/// `stdin`, when given, is written to a file the program reads; `directory` is its working directory (`env -C`).
func runCapturing(_ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil,
                  directory workingDirectory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    // posix_spawn and files rather than Foundation's Process and pipes:
    // `tmux new-session` leaves a server running that keeps inherited
    // descriptors open, so reading a pipe to its end would hang.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outPath = directory.appendingPathComponent("out").path, errPath = directory.appendingPathComponent("err").path
    var inPath = "/dev/null"
    if let stdin {
        inPath = directory.appendingPathComponent("in").path
        try stdin.write(toFile: inPath, atomically: false, encoding: .utf8)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let argv = ["/usr/bin/env"] + (workingDirectory.map { ["-C", $0] } ?? []) + arguments
    var cArgv = argv.map { strdup($0) } + [nil]
    var cEnv = env.map { strdup($0) } + [nil]
    defer { (cArgv + cEnv).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, &cArgv, &cEnv)
    guard spawned == 0 else { throw CommandFailed(arguments: arguments, status: -1, stderr: String(cString: strerror(spawned))) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let stdout = (try? TextFile.read(outPath)) ?? ""
    let stderr = (try? TextFile.read(errPath)) ?? ""
    return (exitStatus, stdout, stderr)
}

func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

enum Paths {
    /// The package root, from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func sample(_ name: String) -> String { "\(packageRoot)/samples/\(name)" }

    /// `kubehops` sits in the build products directory, next to the test bundle.
    static var binary: String? {
        let candidates = [
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
        ]
        for directory in candidates {
            let path = directory.appendingPathComponent("kubehops").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
