import ClusterModel
import TestSupport
import Testing
@testable import KubeText

/// The byte readers must answer exactly as the String readers they stand in for.
@Suite("List cells read from bytes")
struct CellBytesTests {
    static func cell(_ text: String) -> ([UInt8], Range<Int>) {
        let line = Array(("x   " + text + "   y").utf8)
        return (line, 4..<(line.count - 4))
    }

    static func randomText(_ random: inout SplitMix, pieces: [String]) -> String {
        (0..<random.int(0...6)).map { _ in pieces[random.int(0...(pieces.count - 1))] }.joined()
    }

    @Test("labels and selectors (fixed seed; ASCII and not)")
    func labelsAndSelectors() {
        var random = SplitMix(seed: 5)
        let pieces = ["app", "=", "web", ",", " ", "tier", "x.y/z", "(", "!", "in", "é", ",\u{301}", "=", "-", "  ", "k8s-app"]
        for _ in 0..<5_000 {
            let text = Self.randomText(&random, pieces: pieces).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let (line, range) = Self.cell(text)
            #expect(CellBytes.labels(line, range) == CellValues.labels(text), "\(text)")
            #expect(CellBytes.selector(line, range) == CellValues.selector(text), "\(text)")
        }
        let (line, range) = Self.cell("app=web, tier=db,,app=api")
        #expect(CellBytes.labels(line, range) == ["app": "api", "tier": "db"])
    }

    @Test("service ports (fixed seed; ASCII and not)")
    func servicePorts() {
        var random = SplitMix(seed: 9)
        let pieces = ["80", ":", "30007", "/", "TCP", "UDP", "SCTP", "HTTP", ",", " ", "65536", "0", "...", "é", "1234567890", "::"]
        for _ in 0..<5_000 {
            let text = Self.randomText(&random, pieces: pieces).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let (line, range) = Self.cell(text)
            let bytes = CellBytes.servicePorts(line, range)
            let strings = CellValues.servicePorts(text)
            #expect(bytes.ports == strings.ports, "\(text)")
            #expect(bytes.rejected == strings.rejected, "\(text)")
        }
        let (line, range) = Self.cell("80:30007/TCP,443/TCP, 53/UDP,9/ICMP")
        let ports = CellBytes.servicePorts(line, range)
        #expect(ports.ports == [ServicePort(port: 80, nodePort: 30007), ServicePort(port: 443), ServicePort(port: 53, protocol: "UDP")])
        #expect(ports.rejected == ["9/ICMP"])
    }

    @Test("service types: a capitalised word of letters")
    func types() {
        for (text, expected) in [("ClusterIP", true), ("NodePort", true), ("clusterIP", false), ("Node-Port", false), ("N", true),
                                 ("Ünïcode", true), ("1Port", false), ("Node Port", false), ("Z[", false), ("A`", false)] {
            let (line, range) = Self.cell(text)
            #expect(CellBytes.isCapitalizedWord(line, range) == expected, "\(text)")
        }
    }
}
