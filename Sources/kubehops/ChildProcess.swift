import Foundation

/// Runs a program found on PATH with posix_spawn, its output going to
/// temporary files (not pipes, so a large stdout and a chatty stderr can never
/// deadlock each other), and waits for it with a deadline.
///
/// Not Foundation's `Process`: it leaks on every run (a weak reference in `run()`), which makes the binary fail under
/// LeakSanitizer.
enum ChildProcess {
    enum Termination: Sendable, Equatable {
        case exited(status: Int32)
        case killed(signal: Int32)
        /// Killed by us after the deadline.
        case timedOut
    }

    struct Output: Sendable {
        var termination: Termination
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
        init(_ what: String, code: Int32) { description = "\(what): \(String(cString: strerror(code)))" }
    }

    static func run(_ arguments: [String], timeout: Double) throws(Failure) -> Output {
        let directory = try temporaryDirectory()
        let outPath = directory + "/out", errPath = directory + "/err"
        defer { unlink(outPath); unlink(errPath); rmdir(directory) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The view ignores SIGPIPE; the child gets the default back, as from a shell.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // env finds the program on PATH, as a shell would.
        let argv = ["/usr/bin/env"] + arguments
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var cArgv = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArgv + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, &cArgv, &cEnvironment)
        guard spawned == 0 else { throw Failure("cannot start \(arguments.first ?? "")", code: spawned) }

        let termination = try wait(for: pid, timeout: timeout)
        let stdout = (try? FileBytes.read(path: outPath)) ?? []
        let stderr = (try? FileBytes.read(path: errPath)) ?? []
        return Output(termination: termination, stdout: stdout, stderr: stderr)
    }

    /// Polls (20 ms) rather than blocks, so a hung child is killed at the deadline.
    private static func wait(for pid: pid_t, timeout: Double) throws(Failure) -> Termination {
        let deadline = Date().timeIntervalSince1970 + timeout
        var timedOut = false
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0, errno != EINTR { throw Failure("cannot wait for the child", code: errno) }
            if !timedOut, Date().timeIntervalSince1970 > deadline {
                kill(pid, SIGKILL)
                timedOut = true
            }
            usleep(20_000)
        }
        if timedOut { return .timedOut }
        let signal = status & 0x7f
        return signal == 0 ? .exited(status: (status >> 8) & 0xff) : .killed(signal: signal)
    }

    private static func temporaryDirectory() throws(Failure) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/kubehops-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw Failure("cannot make a temporary directory in \(base)", code: errno) }
        return String(cString: made)
    }
}
