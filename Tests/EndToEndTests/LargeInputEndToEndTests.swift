import Foundation
import Testing

/// A large input must not freeze the keys: the layout runs off the main
/// thread, so `q` answers at once even while 100,000 pods are laid out.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end tests of large inputs skipped"))
struct LargeInputEndToEnd {
    /// A `kubectl get pods -A -o wide` table of `pods` pods, 30 a node.
    static func writePodsTable(pods: Int, to path: String) throws {
        var text = "NAMESPACE   NAME   READY   STATUS   RESTARTS   AGE   IP   NODE   NOMINATED NODE   READINESS GATES\n"
        text.reserveCapacity(pods * 140)
        for index in 0..<pods {
            let node = index / 30
            text += "team-\(index % 50)   app-\(index % 700)-7c9d8f6b5-x\(index)   1/1   Running   0   3d   "
            text += "10.\(64 + node / 256).\(node % 256).\(index % 30 + 2)   worker-\(node)   <none>   <none>\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func qQuitsPromptlyWhileAHugeInputIsLaidOut() throws {
        let kubehops = try #require(Paths.binary, "kubehops binary not found next to the test bundle; run `swift build` first")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-large-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Self.writePodsTable(pods: 100_000, to: file)
        let tmux = try TmuxSession()
        try tmux.type("'\(kubehops)' '\(file)'")
        // The status bar says a layout is under way; the main loop is free meanwhile.
        try tmux.waitFor(text: "laying out…", timeout: 60)
        let elapsed = try Self.secondsToQuit(tmux)
        // Generous for a loaded CI machine, far below a debug build's layout of this input.
        #expect(elapsed < 3, "q took \(elapsed) s to quit")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }

    /// Presses `q` and waits (at most 20 s) until kubehops has exited: how long it took.
    static func secondsToQuit(_ tmux: TmuxSession) throws -> TimeInterval {
        let start = Date()
        try tmux.keys("q")
        while try tmux.childProcess(named: "kubehops") != nil, Date().timeIntervalSince(start) < 20 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return Date().timeIntervalSince(start)
    }

    /// Resident memory of a process, in MiB, from /proc.
    static func residentMiB(_ pid: pid_t) throws -> Double {
        let status = try TextFile.read("/proc/\(pid)/status")
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Double(line.split(separator: " ").dropFirst().first ?? "")) / 1024
    }

    @Test func endlessInputKeepsMemoryBoundedAndQQuits() throws {
        let kubehops = try #require(Paths.binary, "kubehops binary not found next to the test bundle; run `swift build` first")
        let tmux = try TmuxSession()
        // One endless line: gigabytes a second, never a newline.
        try tmux.type("'\(kubehops)' /dev/zero")
        try tmux.waitFor(text: "? help")
        let pid = try #require(try tmux.childProcess(named: "kubehops"))
        Thread.sleep(forTimeInterval: 0.5)
        let early = try Self.residentMiB(pid)
        Thread.sleep(forTimeInterval: 1.5)
        let late = try Self.residentMiB(pid)
        #expect(late < early + 32, "resident memory grew from \(early) to \(late) MiB while reading /dev/zero")
        let elapsed = try Self.secondsToQuit(tmux)
        #expect(elapsed < 3, "q took \(elapsed) s to quit")
        #expect(try tmux.shellStatusAfterExit() == 0)
    }
}
