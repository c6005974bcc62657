import ClusterModel
import Foundation
import KubeText
import TestSupport
import Testing

/// `KubeTextStream` must give the same result however the input is cut.
@Suite("Incremental stream")
struct StreamTests {
    static let sampleNames = ["notes-nginx-nodeport.txt", "notes-six-pods-nodeport.txt", "notes-six-pods-ingress.yaml", "labels-selectors.json"]

    @Test("random chunks (mid-line, mid-UTF-8) give the same result as parsing whole", arguments: sampleNames)
    func randomChunks(_ name: String) throws {
        // Non-ASCII text in the mix, so some cuts land inside a UTF-8 sequence.
        let bytes = try TestFiles.sample(name) + Array("# commentaire: é ü 日本 ✓\n".utf8)
        let whole = KubeText.parse(bytes: bytes, source: name)
        var random = SplitMix(seed: UInt64(name.utf8.count))
        for _ in 0..<20 {
            var stream = KubeTextStream(source: name)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + Int.random(in: 1...64, using: &random))
                stream.feed(bytes[offset..<end])
                offset = end
            }
            stream.finish()
            #expect(stream.result == whole)
        }
    }

    @Test("complete lines are parsed as they arrive; version moves only on change")
    func incremental() {
        var stream = KubeTextStream(source: "-")
        stream.feed(Array("NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Run".utf8))
        #expect(stream.result.resources.pods.isEmpty)
        let before = stream.version
        stream.feed(Array("ning   0          3d\n".utf8))
        #expect(stream.result.resources.pods.map(\.status) == ["Running"])
        #expect(stream.version > before)
        let after = stream.version
        stream.feed(Array("web-2   1/1".utf8))
        #expect(stream.version == after)
        stream.finish()
        // `web-2   1/1` lacks STATUS and the rest: reported, not guessed.
        #expect(stream.result.resources.pods.map(\.name) == ["web-1"])
        #expect(stream.result.diagnostics.contains { $0.line == 3 && $0.severity == .warning })
    }

    @Test("a last line without a newline is parsed at finish")
    func lastLine() {
        var stream = KubeTextStream(source: "-")
        stream.feed(Array("NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          3d".utf8))
        #expect(stream.result.resources.pods.isEmpty)
        stream.finish()
        #expect(stream.result.resources.pods.map(\.name) == ["web-1"])
    }

    @Test("a long watch stream stays at one record per pod")
    func longWatch() {
        var stream = KubeTextStream(source: "watch")
        stream.feed(Array("NAME    READY   STATUS    RESTARTS   AGE\n".utf8))
        for round in 0..<2_000 {
            stream.feed(Array("web-\(round % 10)   1/1     Running   \(round)          3d\n".utf8))
        }
        stream.finish()
        #expect(stream.result.resources.pods.count == 10)
        #expect(stream.result.resources.pods.first?.restarts?.count == 1_990)
        #expect(stream.result.diagnostics.isEmpty)
    }
}

/// A known input size lets a big table reserve room for its rows; the
/// records must be the same as without.
@Suite("Reserving room for big tables")
struct ReservationTests {
    static func podTable(rows: Int) -> [UInt8] {
        var text = "NAMESPACE   NAME          READY   STATUS    RESTARTS   AGE   IP           NODE\n"
        for index in 0..<rows {
            let name = "pod-\(index)".padding(toLength: 14, withPad: " ", startingAt: 0)
            text += "team-\(index % 9)      \(name)1/1     Running   0          3d    10.1.\(index / 250).\(index % 250)   node-\(index % 40)\n"
        }
        return Array(text.utf8)
    }

    @Test("a whole buffer, a file and chunks of unknown total give the same result")
    func sameRecords() throws {
        let bytes = Self.podTable(rows: 3_000)
        let whole = KubeText.parse(bytes: bytes, source: "t")
        #expect(whole.resources.pods.count == 3_000)
        #expect(whole.diagnostics.isEmpty)
        var chunked = KubeTextStream(source: "t")
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 4_093)
            chunked.feed(bytes[offset..<end])
            offset = end
        }
        chunked.finish()
        #expect(chunked.result == whole)
        // A file: its size comes from fstat.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-reserve-\(getpid()).txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var fromFile = KubeTextStream(source: "t")
        try fromFile.feed(fileDescriptor: descriptor)
        fromFile.finish()
        #expect(fromFile.result == whole)
        // A size that is far off (too small, too large) changes nothing either.
        for size in [10, bytes.count * 50] {
            var misled = KubeTextStream(source: "t")
            misled.expectSize(size)
            misled.feed(bytes)
            misled.finish()
            #expect(misled.result == whole)
        }
    }
}
