import ClusterModel
import Testing

@testable import ProxyRules

/// The iptables-save parser's shortcuts give the answers of the slow forms they replace.
@Suite struct IptablesSaveInternalsTests {
    static let words = [
        "-m", "--match", "-j", "--jump", "-s", "-d", "-i", "-o", "-p", "-g", "--goto", "--source",
        "--destination", "--in-interface", "--out-interface", "--protocol", "-f", "!", "-x", "-", "--", "!!",
        "--matc", "--matchx", "--comment", "--dport", "-mm", "m", "--probability", "--to-destination", "-M",
    ]

    @Test func ruleOptionsToldByBytesAreTheListedOnes() {
        var bytes = RuleWordBytes()
        let line = Self.words.joined(separator: " ")
        #expect(Array(line.utf8).withUnsafeBufferPointer { bytes.split($0) })
        #expect(bytes.count == Self.words.count)
        for (index, word) in Self.words.enumerated() {
            let listed = IptablesRuleReader.ruleOptions.contains { $0.description == word }
            #expect(bytes.isRuleOption(index) == listed, "\(word)")
            #expect(Self.words.isRuleOption(index) == listed, "\(word)")
        }
    }

    /// Declarations are added to the table at its first rule: in their order, each once, and a rule of a chain
    /// declared only after it is still warned about.
    @Test func chainsDeclaredBeforeAndAfterRules() {
        let text = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :KUBE-B - [0:0]
            :KUBE-A - [0:0]
            :KUBE-B - [0:0]
            -A KUBE-A -j KUBE-B
            -A KUBE-C -j RETURN
            :KUBE-C - [0:0]
            :KUBE-D - [0:0]
            COMMIT
            *filter
            :KUBE-E - [0:0]
            COMMIT
            """
        let dump = IptablesSaveParser.parse(text, source: "t")
        #expect(dump.diagnostics.map(\.line) == [7])
        #expect(dump.diagnostics.first?.message.contains("chain KUBE-C is not declared in *nat") == true)
        let nat = dump.ruleset.table("nat")
        #expect(nat?.userChains == ["KUBE-B", "KUBE-A", "KUBE-C", "KUBE-D"])
        #expect(nat?.rulesByChain["KUBE-D"] == [])
        #expect(dump.ruleset.table("filter")?.userChains == ["KUBE-E"])
        #expect(dump.lines == ["nat": ["KUBE-A": [6], "KUBE-C": [7]]])
    }
}
