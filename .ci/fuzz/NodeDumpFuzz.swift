// The node rules dump parsers (ProxyRules: iptables-save, nft list, ipvsadm -Ln) on the fuzzer's
// bytes: no crash, no hang, and every diagnostic names a line of the input with inert text.
import ClusterModel
import ProxyRules

func checkNodeDumpParsers(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    // Lines as the parsers count them, at each newline byte (`\r\n` is one Character but a line break).
    let lineCount = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).count
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
    // `--node-rules`: the node's own nft table and ipvsadm listing walked (NftRuleReader reads every rule).
    let port = ServicePortSpec(
        service: ObjectKey(namespace: "ns4", name: "svc4"), portName: .named("p80"), port: 80,
        clusterIPs: ["172.30.0.44"], nodePort: 3001, endpoints: [EndpointSpec(ip: "10.180.0.4", port: 80)])
    let node = ProxyNode(name: "fuzz", addresses: ["192.168.0.2"])
    for table in ObservedNftables.tables(of: NftListParser.parse(text, source: "fuzz")) {
        let observed = ObservedNftables(table: table, source: "fuzz")
        for entry in [ServiceEntry.clusterIP, .nodePort(nodeIP: "192.168.0.2")] {
            _ = KubeProxyNftables(node: node).walk(
                port, entry: entry, source: .pod(ip: "10.1.0.9"), draws: [0.5], observed: observed)
        }
    }
    // An nft listing of iptables-nft tables read back as iptables rules (IptablesNftListing), and walked.
    let nftListing = NftListParser.parse(text, source: "fuzz")
    for family in [IPPrefix.Family.ipv4, .ipv6] {
        guard let translated = IptablesNftListing.dump(nftListing, family: family) else { continue }
        _ = KubeProxyIptables(node: node, family: family).walk(
            port, entry: .clusterIP, source: .pod(ip: "10.1.0.9"), draws: [0.5],
            observed: ObservedIptables(dump: translated, source: "fuzz"))
    }
    let listing = ObservedIPVS(dump: IpvsadmParser.parse(text, source: "fuzz"), source: "fuzz")
    _ = KubeProxyIPVS(node: node).walk(
        port, entry: .clusterIP, source: .pod(ip: "10.1.0.9"), connection: 1, observed: listing)
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
