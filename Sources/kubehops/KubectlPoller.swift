import AppCore
import ClusterModel
import Foundation
import KubeText

/// `--kubectl`: runs kubectl every `interval` seconds on a background thread.
/// A failure (no cluster, no kubectl) is posted with kubectl's own stderr;
/// the screen keeps the last good picture.
struct KubectlPoller: Sendable {
    var passThrough: [String]
    var interval: Double

    /// The resources kubehops draws; `-o wide` adds IPs and nodes.
    var arguments: [String] { ["get", "nodes,pods,svc,endpoints,ingress", "-o", "wide"] + passThrough }

    func start(mailbox: Mailbox) {
        let poller = self
        let thread = Thread {
            while true {
                mailbox.post(.pollResult(poller.runOnce()))
                Thread.sleep(forTimeInterval: max(0.2, poller.interval))
            }
        }
        thread.name = "kubehops-kubectl"
        thread.start()
    }

    /// One kubectl run. Output goes to temporary files, not pipes, so a large
    /// stdout and a chatty stderr can never deadlock each other.
    func runOnce() -> PollResult {
        let now = { Date().timeIntervalSince1970 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
            let process = Process()
            // env finds kubectl on PATH, as a shell would.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["kubectl"] + arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let deadline = now() + max(15, interval * 5)
            while process.isRunning {
                if now() > deadline { process.terminate(); break }
                Thread.sleep(forTimeInterval: 0.02)
            }
            process.waitUntilExit()
            try? out.close(); try? err.close()
            let stdout = (try? FileBytes.read(path: outURL.path)) ?? []
            let stderr = String(decoding: (try? FileBytes.read(path: errURL.path)) ?? [], as: UTF8.self)
            guard process.terminationReason == .exit, process.terminationStatus == 0 else {
                let reason = process.terminationReason == .exit ? "exit status \(process.terminationStatus)" : "killed (timed out?)"
                let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                return .failure(message: text.isEmpty ? "kubectl failed (\(reason))" : text, time: now())
            }
            let parsed = KubeText.parse(bytes: stdout, source: "kubectl")
            return .success(InputSnapshot(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics), time: now()))
        } catch {
            return .failure(message: "cannot run kubectl: \(error.localizedDescription)", time: now())
        }
    }
}
