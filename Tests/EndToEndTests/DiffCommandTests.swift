import Foundation
import Testing

/// `kubehops diff` run as a user runs it: exit status like diff(1), text and JSON.
@Suite(
    .enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct DiffCommandTests {
    static let before = """
        NAME                 READY   STATUS    RESTARTS   AGE   IP           NODE
        pod/web-1            1/1     Running   0          1d    10.1.0.1     node-a
        pod/web-2            1/1     Running   0          1d    10.1.0.2     node-b

        NAME          TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE   SELECTOR
        service/web   NodePort   10.96.0.20    <none>        80:30007/TCP   1d    app=web

        NAME            ENDPOINTS                     AGE
        endpoints/web   10.1.0.1:80,10.1.0.2:80       1d
        """
    static let after = """
        NAME                 READY   STATUS    RESTARTS   AGE   IP           NODE
        pod/web-1            1/1     Running   0          1d    10.1.0.1     node-a

        NAME          TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE   SELECTOR
        service/web   NodePort   10.96.0.20    <none>        80:30007/TCP   1d    app=web

        NAME            ENDPOINTS        AGE
        endpoints/web   10.1.0.1:80      1d
        """

    static func files() throws -> (before: String, after: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kubehops-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let beforePath = directory.appendingPathComponent("before.txt").path
        let afterPath = directory.appendingPathComponent("after.txt").path
        try before.write(toFile: beforePath, atomically: true, encoding: .utf8)
        try after.write(toFile: afterPath, atomically: true, encoding: .utf8)
        return (beforePath, afterPath)
    }

    @Test func differencesExitOneAndNameThePathChange() throws {
        let paths = try Self.files()
        let run = try PrintRun(["diff", paths.before, paths.after])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("- pod web-2 (node node-b, ip 10.1.0.2, status Running)"))
        #expect(lines.contains("    - 10.1.0.2:80 (web-2)"))
        #expect(lines.contains("! nodeport:web now reaches 1 pod instead of 2"))
    }

    @Test func sameInputExitsZero() throws {
        let paths = try Self.files()
        let run = try PrintRun(["diff", paths.before, "-"], stdin: Self.before)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("no differences\n"))
    }

    @Test func unreadableInputExitsTwo() throws {
        let paths = try Self.files()
        let run = try PrintRun(["diff", paths.before, "/nonexistent/after.txt"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot read /nonexistent/after.txt"))
        #expect(try PrintRun(["diff", "-", "-"]).status == 2)
    }

    @Test func jsonCarriesTheSameChanges() throws {
        let paths = try Self.files()
        let run = try PrintRun(["diff", "--format", "json", paths.before, paths.after])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "kubehops.diff/v1")
        let paths_ = try #require(object["paths"] as? [[String: Any]])
        #expect(paths_.first?["endpointsBefore"] as? Int == 2)
        #expect(paths_.first?["endpointsAfter"] as? Int == 1)
        let pods = try #require(object["pods"] as? [[String: Any]])
        #expect(pods.first?["change"] as? String == "removed")
    }
}
