import AppCore
import ClusterModel
import Foundation
import KubeText
import LiveView

/// `--kubectl`: runs kubectl every `interval` seconds on a background thread.
///
/// A failure (no cluster, no kubectl) is posted with kubectl's own error line; the screen keeps the last good picture.
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

    /// One kubectl run, killed if it takes longer than 15 s or five intervals.
    func runOnce() -> PollResult {
        let now = { Date().timeIntervalSince1970 }
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(["kubectl"] + arguments, timeout: max(15, interval * 5))
        } catch {
            return .failure(message: "cannot run kubectl: \(error.description)", time: now())
        }
        guard output.termination == .exited(status: 0) else {
            let reason =
                switch output.termination {
                case .exited(let status): "exit status \(status)"
                case .killed(let signal): "killed by signal \(signal)"
                case .timedOut: "no answer within \(Int(max(15, interval * 5))) s, stopped"
                }
            let text = KubectlMessage.meaningful(stderr: String(decoding: output.stderr, as: UTF8.self))
            return .failure(message: text ?? "kubectl failed (\(reason))", time: now())
        }
        let parsed = KubeText.parse(bytes: output.stdout, source: "kubectl")
        return .success(
            InputSnapshot(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics), time: now()))
    }
}
