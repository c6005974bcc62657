import ClusterModel
import Foundation
import KubeText
import Testing

/// Whatever a pipe carries: nothing may crash the parser, reach a terminal
/// raw, or grow memory without bound; the usable part is still used.
@Suite("Hostile and broken input")
struct HostileInputTests {
    static let podHeader = "NAME    READY   STATUS    RESTARTS   AGE\n"

    /// True when `text` holds nothing that a terminal would act on.
    static func isInert(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return value >= 0x20 && value != 0x7F && !(0x80...0x9F).contains(value)
                && !(0x202A...0x202E).contains(value) && !(0x2066...0x2069).contains(value) && value != 0x200E && value != 0x200F
        }
    }

    @Test("escape sequences and control characters in names come out sanitised",
          arguments: [
              ("title-setting OSC", "web\u{1B}]0;pwned\u{07}-1", "web-1"),
              ("clear screen", "\u{1B}[2J\u{1B}[Hweb-1", "web-1"),
              ("cursor moves", "web\u{1B}[10;5H-1\u{1B}[A", "web-1"),
              ("bidi override", "web\u{202E}1-", "web1-"),
              ("8-bit CSI", "web\u{9B}31m-1", "web31m-1"),
              ("bell and backspace", "web\u{07}\u{08}-1", "web-1"),
          ])
    func escapeSequences(_ name: String, _ raw: String, _ expected: String) throws {
        let result = KubeText.parse(Self.podHeader + "\(raw)   1/1     Running   0          3d\n")
        let pod = try #require(result.resources.pods.first, "\(name)")
        #expect(pod.name == expected)
        for text in [pod.name] + result.diagnostics.flatMap({ [$0.message, $0.excerpt] }) {
            #expect(Self.isInert(text), "\(name): \(text.debugDescription)")
        }
        #expect(result.diagnostics.contains { $0.line == 2 && $0.message.contains("removed") })
    }

    @Test("escape sequences inside JSON strings are removed too")
    func jsonEscapes() throws {
        let result = KubeText.parse(#"{"kind": "Pod", "metadata": {"name": "evil\u001b]2;owned\u0007pod", "labels": {"a\u001b[31m": "b"}}}"#)
        let pod = try #require(result.resources.pods.first)
        #expect(pod.name == "evilpod")
        #expect(pod.labels == ["a": "b"])
    }

    @Test("invalid UTF-8 is replaced and reported; the row is still read")
    func invalidUTF8() throws {
        var bytes = Array(Self.podHeader.utf8)
        bytes += Array("web-".utf8) + [0xFF, 0xC3] + Array("1   1/1     Running   0          3d\n".utf8)
        let result = KubeText.parse(bytes: bytes)
        let pod = try #require(result.resources.pods.first)
        #expect(pod.name == "web-\u{FFFD}\u{FFFD}1")
        #expect(result.diagnostics.contains { $0.line == 2 && $0.message.contains("UTF-8") })
    }

    @Test("binary input gives diagnostics and an error, never a crash")
    func binary() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let result = KubeText.parse(bytes: bytes)
        #expect(result.resources.isEmpty)
        #expect(result.diagnostics.contains { $0.severity == .error })
        #expect(result.diagnostics.allSatisfy { Self.isInert($0.excerpt) && Self.isInert($0.message) })
    }

    @Test("a 10 MB line is cut with a diagnostic and the rows after it are read")
    func hugeLine() {
        var bytes = Array(Self.podHeader.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        bytes += Array("\nweb-1   1/1     Running   0          3d\n".utf8)
        var stream = KubeTextStream(source: "big")
        // In pieces, as a pipe would deliver it.
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 65_536)
            stream.feed(bytes[offset..<end])
            offset = end
        }
        stream.finish()
        #expect(stream.result.resources.pods.map(\.name) == ["web-1"])
        #expect(stream.result.diagnostics.contains { $0.line == 2 && $0.message.contains("longer than") })
        #expect(stream.result.diagnostics.allSatisfy { $0.excerpt.count <= 160 })
    }

    @Test("endless /dev/zero-like input keeps memory bounded: one cut line, capped diagnostics")
    func endlessZeros() {
        var stream = KubeTextStream(source: "zero")
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<24 { stream.feed(chunk) }
        stream.feed(Array("\n".utf8))
        stream.finish()
        #expect(stream.result.resources.isEmpty)
        #expect(stream.result.diagnostics.contains { $0.message.contains("longer than") })
        // Many short garbage lines: diagnostics stop growing at the cap.
        var lines = KubeTextStream(source: "garbage")
        let garbage = Array(String(repeating: "?!\n", count: 50_000).utf8)
        lines.feed(garbage)
        lines.finish()
        #expect(lines.result.diagnostics.count <= 10_002)
        #expect(lines.result.diagnostics.last?.message.contains("more diagnostics") == true)
    }

    @Test("deeply nested JSON and YAML are refused, not recursed into")
    func deepNesting() {
        let json = KubeText.parse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(json.diagnostics.contains { $0.message.contains("nested") })
        let yaml = KubeText.parse("apiVersion: v1\nkind: List\nitems:\n" + (1...600).map { String(repeating: " ", count: $0 * 2) + "a:" }.joined(separator: "\n"))
        #expect(yaml.diagnostics.contains { $0.message.contains("nested") })
    }

    @Test("a YAML alias bomb stops at the node budget")
    func aliasBomb() {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let result = KubeText.parse(text)
        #expect(result.diagnostics.contains { $0.message.contains("too large") })
    }

    @Test("ragged rows, lone headers and garbage between tables never crash", arguments: [
        "NAME\n", "NAME   AGE\n\n\n", "NAME    READY   STATUS    RESTARTS   AGE\nweb\n   \n\t\t\n", "NAMESPACE\tNAME\tAGE\n\tx\n",
        "NAME   ENDPOINTS   AGE\nkube-dns   + 3 more...   1d\n", "NAME   TYPE   CLUSTER-IP\nsvc   ClusterIP   1.2.3.4   extra   cells   here  more\n",
        "{", "[", "[{", "apiVersion:", "---\n---\n", "\u{1B}", "\u{1B}[", "\u{1B}]", "}}}}", "\"", "NAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 3d\n",
    ])
    func odd(_ text: String) {
        let result = KubeText.parse(text)
        #expect(result.diagnostics.allSatisfy { Self.isInert($0.excerpt) })
    }

    @Test("Gateway API objects with escape sequences, wrong types and absurd numbers: read safely, never crash")
    func hostileGatewayObjects() throws {
        let result = KubeText.parse("""
            {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "List", "items": [
              {"kind": "Gateway", "metadata": {"name": "gw\\u001b]0;x\\u0007", "namespace": "a"},
               "spec": {"listeners": "not a list", "gatewayClassName": 7}},
              {"kind": "Gateway", "metadata": {"name": "gw2"},
               "spec": {"listeners": [{"name": "l", "port": 1e300, "protocol": "HTTP"},
                                      {"name": "m", "port": 80, "hostname": "\\u001b[2Jx.io"}]}},
              {"kind": "HTTPRoute", "metadata": {"name": "r"},
               "spec": {"hostnames": ["\\u202eevil.io", 5, null], "parentRefs": [{}, {"name": "gw2", "port": "x"}],
                        "rules": [{"matches": "x", "backendRefs": [{"name": "b", "weight": -5}, {"weight": 3}],
                                   "filters": [{"type": "RequestRedirect", "requestRedirect": 4}, {}]}, 7]}},
              {"kind": "GRPCRoute", "metadata": {"name": "g"}, "spec": {"rules": [{"matches": [{"method": 3}]}]}},
              {"kind": "TLSRoute", "metadata": {"name": "t\\u001b[2J"},
               "spec": {"hostnames": "x", "parentRefs": 3, "rules": [{"backendRefs": [{"name": ["b"]}, {"name": "\\u202eok"}]}, "y"]}},
              {"kind": "ReferenceGrant", "metadata": {"name": "rg"}, "spec": {"from": [{"kind": "HTTPRoute"}], "to": "x"}}
            ]}
            """)
        let gateways = result.resources.gateways
        #expect(gateways.count == 2)
        #expect(gateways.allSatisfy { Self.isInert($0.key.name) })
        #expect(gateways.first?.listeners.isEmpty == true)
        #expect(gateways.last?.listeners.map(\.name) == ["m"])
        #expect(gateways.last?.listeners.allSatisfy { Self.isInert($0.hostname ?? "") } == true)
        let route = try #require(result.resources.routes.first)
        #expect(route.hostnames.allSatisfy(Self.isInert))
        #expect(route.parentRefs.map(\.name) == ["gw2"])
        #expect(route.rules.first?.backendRefs.map(\.name) == ["b"])
        #expect(result.resources.routes.count == 3)
        let tls = try #require(result.resources.routes.first { $0.kind == .tls })
        #expect(tls.hostnames.isEmpty && tls.parentRefs.isEmpty)
        #expect(Self.isInert(tls.key.name) && tls.rules.flatMap(\.backendRefs).allSatisfy { Self.isInert($0.name) })
        #expect(result.resources.referenceGrants.first?.from.isEmpty == true)
        #expect(result.diagnostics.allSatisfy { Self.isInert($0.message) && Self.isInert($0.excerpt) })
    }

    @Test("Gateway API tables with ragged or hostile cells never crash", arguments: [
        "NAME   CLASS   ADDRESS   PROGRAMMED   AGE\n\u{1B}[2Jgw   eg\n", "NAME   HOSTNAMES   AGE\nr   [[[\"\"]]]   x\n",
        "NAME   HOSTNAMES   AGE\nr   [\n", "NAME   CONTROLLER   ACCEPTED   AGE\n\tc\t\u{202E}\tTrue\n",
        "NAME   AGE\nreferencegrant.gateway.networking.k8s.io/\n", "NAME   AGE\ngrpcroute.x/y/z   1d\n",
        "NAME   AGE\ntlsroute.gateway.networking.k8s.io/\u{1B}]0;x\u{7}t   1d\n", "NAME AGE\ntlsroute./   \n",
    ])
    func hostileGatewayTables(_ text: String) {
        let result = KubeText.parse(text)
        #expect(result.diagnostics.allSatisfy { Self.isInert($0.excerpt) && Self.isInert($0.message) })
        #expect(result.resources.routes.allSatisfy { $0.hostnames.allSatisfy(Self.isInert) && Self.isInert($0.key.name) })
        #expect(result.resources.gateways.allSatisfy { Self.isInert($0.key.name) && $0.addresses.allSatisfy(Self.isInert) })
    }
}
