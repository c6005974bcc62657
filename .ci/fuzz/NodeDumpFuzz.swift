// The node rules dump parsers (ProxyRules: iptables-save, nft list, ipvsadm -Ln) on the fuzzer's
// bytes: no crash, no hang, and every diagnostic names a line of the input with inert text.
import ClusterModel
import ProxyRules

func checkNodeDumpParsers(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
    var diagnostics = IptablesSaveParser.parse(text, source: "fuzz").diagnostics
    diagnostics += NftListParser.parse(text, source: "fuzz").diagnostics
    diagnostics += IpvsadmParser.parse(text, source: "fuzz").diagnostics
    for diagnostic in diagnostics {
        if !(1...lineCount).contains(diagnostic.line) { fatalError("diagnostic at line \(diagnostic.line) of \(lineCount)") }
        if !inert(diagnostic.excerpt) || !inert(diagnostic.message) {
            fatalError("control character in a dump diagnostic: \(diagnostic.excerpt.debugDescription)")
        }
    }
    if case .success(let dump) = NodeRulesDump.read(text, source: "fuzz") { _ = dump.dataplane }
    // `rules --compare`: a dump held against itself has no difference (unless it is another mode's).
    let parsed = IptablesSaveParser.parse(text, source: "fuzz")
    let itself = IptablesComparison.compare(expected: parsed.ruleset, dump: parsed, node: "fuzz")
    if !itself.isSame && itself.groups.first?.differences.first?.kind != .otherMode {
        fatalError("a dump differs from itself: \(itself.groups)")
    }
    // An ipvsadm dump against an empty prediction: each of its virtual servers is one node-wide difference.
    let ipvs = IpvsadmParser.parse(text, source: "fuzz")
    let empty = IPVSComparison.compare(
        ports: [], node: ProxyNode(name: "fuzz"), families: [.ipv4, .ipv6], dump: ipvs)
    if empty.differenceCount > ipvs.services.count || empty.groups.contains(where: { $0.service != nil }) {
        fatalError("an ipvsadm dump against nothing: \(empty.groups)")
    }
}
