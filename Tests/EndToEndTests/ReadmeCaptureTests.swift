import Foundation
import Testing

/// The README shows real output: each capture between the markers is the
/// command's current output, or this test fails and says how to refresh it
/// (`scripts/update-readme-captures.sh`, which reruns this test with
/// UPDATE_README_CAPTURES=1 to rewrite them).
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct ReadmeCaptureTests {
    static let begin = "<!-- BEGIN kubehops-captures"
    static let end = "<!-- END kubehops-captures -->"

    struct Capture {
        /// Arguments after `kubehops` (split at spaces: keep captures simple).
        var arguments: [String]
        /// Line range of the output inside the README's lines.
        var body: Range<Int>
    }

    static func captures(in lines: [String]) -> [Capture] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix(begin) }),
              let stop = lines.firstIndex(where: { $0.hasPrefix(end) }), start < stop else { return [] }
        var found: [Capture] = []
        var index = start
        while index < stop {
            if lines[index] == "```text", index + 1 < stop, lines[index + 1].hasPrefix("$ kubehops ") {
                let command = lines[index + 1].dropFirst("$ kubehops ".count)
                var close = index + 2
                while close < stop, lines[close] != "```" { close += 1 }
                found.append(Capture(arguments: command.split(separator: " ").map(String.init), body: (index + 2)..<close))
                index = close
            }
            index += 1
        }
        return found
    }

    @Test func capturesAreCurrent() throws {
        let url = PrintRun.packageRoot.appendingPathComponent("README.md")
        let text = try TextFile.read(url.path)
        var lines = text.components(separatedBy: "\n")
        let captures = Self.captures(in: lines)
        #expect(captures.count >= 2, "README.md needs a kubehops-captures section with at least the diagram and a flow frame")
        let updating = ProcessInfo.processInfo.environment["UPDATE_README_CAPTURES"] == "1"
        var stale: [String] = []
        // Bottom up, so replacing one capture does not shift the next ones.
        for capture in captures.reversed() {
            let run = try PrintRun(capture.arguments, environment: ["NO_COLOR": "1"], directory: PrintRun.packageRoot)
            #expect(run.status == 0, "kubehops \(capture.arguments.joined(separator: " ")): \(run.stderr)")
            var output = run.stdout.components(separatedBy: "\n")
            if output.last == "" { output.removeLast() }
            if Array(lines[capture.body]) != output {
                stale.append("kubehops " + capture.arguments.joined(separator: " "))
                lines.replaceSubrange(capture.body, with: output)
            }
        }
        if updating {
            if !stale.isEmpty { try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8) }
        } else {
            #expect(stale.isEmpty, "README captures are stale (\(stale.joined(separator: "; "))): run scripts/update-readme-captures.sh")
        }
    }
}
