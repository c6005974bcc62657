import ClusterModel
import KubeText
import Testing

/// Inputs the libFuzzer target (.ci/fuzz.sh) found breaking a promise, kept
/// so that they stay fixed. Each checks the same promises the fuzz target
/// checks: chunked parsing equals whole parsing, and no text holds a control
/// character.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
    static func checkPromises(_ bytes: [UInt8]) {
        let whole = KubeText.parse(bytes: bytes)
        for step in [1, 2, 3, 7, 64] {
            var stream = KubeTextStream(source: "-")
            var offset = 0
            while offset < bytes.count {
                stream.feed(bytes[offset..<min(bytes.count, offset + step)])
                offset += step
            }
            stream.finish()
            #expect(stream.result == whole, "step \(step)")
        }
        for diagnostic in whole.diagnostics {
            #expect(HostileInputTests.isInert(diagnostic.message), "\(diagnostic.message.debugDescription)")
            #expect(HostileInputTests.isInert(diagnostic.excerpt), "\(diagnostic.excerpt.debugDescription)")
        }
        let resources = whole.resources
        let texts = resources.pods.flatMap { [$0.name, $0.status] + $0.extra.values }
            + resources.endpoints.flatMap { [$0.key.name, $0.serviceName] } + resources.services.map(\.name)
        for text in texts { #expect(HostileInputTests.isInert(text), "\(text.debugDescription)") }
    }

    @Test("a tab inside a joined cell reached a diagnostic message (fuzz crash-3511838)")
    func tabInJoinedCell() {
        let input = "NAME                ADDRESSTYPE   PORTS   ENDPOINTS   AGE\nservice\t:\n"
        Self.checkPromises(Array(input.utf8))
        let result = KubeText.parse(input)
        #expect(result.diagnostics.first?.message.contains("'service :'") == true)
        // A tab-separated row whose cells must be joined keeps spaces, not tabs.
        let joined = KubeText.parse("NAME    READY   STATUS    RESTARTS   AGE   EXTRA\nweb-1   1/1     Running   0          3d    a\tb\tc\n")
        #expect(joined.resources.pods.first?.extra["EXTRA"]?.contains("\t") == false)
    }
}
