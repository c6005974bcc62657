import AppCore
import CellCanvas
import Foundation
import KubeText
@testable import LiveView
import Testing

@Suite struct SavingAndQuitting {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-save-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func sSavesTheFlowsExplanationAndFrameAndSaysWhere() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try ViewLoop.play(KeySequences.demo(), width: 200, height: 40,
                                    script: [.text("f"), .key(.enter), .text("..."), .text("s"), .capture("saved"),
                                             .text("s"), .capture("again"), .text("q")], directory: directory)
        #expect(run.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 2)
        let first = try #require(files.first { !$0.hasSuffix("-2.txt") })
        #expect(first.hasPrefix("kubehops-nodeport-") && first.hasSuffix(".txt"))
        let saved = ScreenSnapshots.text(try #require(run.captures["saved"]))
        #expect(saved.contains("Saved to \(directory)/\(first)"))
        // A second save never overwrites the first.
        #expect(files.contains(first.replacingOccurrences(of: ".txt", with: "-2.txt")))
        let text = try String(contentsOfFile: directory + "/" + first, encoding: .utf8)
        #expect(text.contains("The frame at hop 4 of "))
        #expect(text.contains("worker-node1"))
        #expect(text.contains("src "))
        // Plain text, as `print` writes it: no escape sequences, no trailing blank rows.
        #expect(!text.contains("\u{1B}"))
        #expect(!text.hasSuffix("\n\n"))
    }

    @Test func aSaveThatFailsSaysWhy() throws {
        let run = try ViewLoop.play(KeySequences.demo(), width: 100, height: 30,
                                    script: [.text("s"), .capture("failed"), .text("q")], directory: "/nonexistent-dir")
        #expect(ScreenSnapshots.text(try #require(run.captures["failed"])).contains("Cannot save: /nonexistent-dir/kubehops-diagram-"))
    }

    @Test func escNeverQuitsOnlyQDoes() throws {
        let run = try ViewLoop.play(KeySequences.demo(), width: 80, height: 24,
                                    script: [.text("?"), .key(.escape), .key(.escape), .key(.enter), .key(.escape), .key(.escape),
                                             .capture("still-here")])
        // The script ran out with the view still open (a hang-up), not a quit.
        #expect(run.status == 129)
        #expect(ScreenSnapshots.text(try #require(run.captures["still-here"])).contains("q quits"))
    }

    @Test func theStatusLineSaysWhenAFlowHasEnded() throws {
        let run = try ViewLoop.play(KeySequences.demo(), width: 80, height: 24,
                                    script: [.text("f"), .key(.enter), .advance(seconds: 120), .capture("ended"), .text("q")])
        let last = ScreenSnapshots.text(try #require(run.captures["ended"])).split(separator: "\n").last ?? ""
        #expect(last.contains("flow ended"))
        #expect(last.hasSuffix("? help"))
    }

    @Test func theDemoSaysHowToSeeYourOwnClusterWhenKubectlIsHere() {
        let files: Set<String> = ["/usr/bin/kubectl", "/home/me/.kube/config", "/tmp/other"]
        let exists = { (path: String) in files.contains(path) }
        #expect(KubectlPresence.canShowOwnCluster(environment: ["PATH": "/bin:/usr/bin", "HOME": "/home/me"], exists: exists))
        #expect(!KubectlPresence.canShowOwnCluster(environment: ["PATH": "/bin", "HOME": "/home/me"], exists: exists))
        #expect(!KubectlPresence.canShowOwnCluster(environment: ["PATH": "/usr/bin", "HOME": "/home/you"], exists: exists))
        #expect(KubectlPresence.canShowOwnCluster(environment: ["PATH": "/usr/bin", "KUBECONFIG": "/nope:/tmp/other"], exists: exists))
        #expect(!KubectlPresence.canShowOwnCluster(environment: ["PATH": "/usr/bin", "KUBECONFIG": "/nope", "HOME": "/home/me"],
                                                    exists: exists))
        #expect(KubectlPresence.hint.contains("--kubectl"))
    }
}

@Suite struct JumpAndSearchScreens {
    @Test func colonGoesToAPodAndNWalksFilterMatches() throws {
        let run = try ViewLoop.play(KeySequences.demo(), width: 80, height: 24,
                                    script: [.text(":pod/jtq"), .capture("jump-prompt"), .key(.enter), .capture("jumped"),
                                             .text("/nginx-dep"), .key(.enter), .text("n"), .capture("match-1"),
                                             .text("N"), .capture("match-last"), .text("q")])
        KeySequences.assertScreen(run, "jump-prompt")
        KeySequences.assertScreen(run, "jumped")
        KeySequences.assertScreen(run, "match-1")
        let last = ScreenSnapshots.text(try #require(run.captures["match-last"]))
        #expect(last.contains("match 3 of 3"))
    }
}
