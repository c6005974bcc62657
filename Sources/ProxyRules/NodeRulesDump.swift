import ClusterModel

/// A rules dump from a node, recognised by its content: `iptables-save`, `nft list`, or `ipvsadm -Ln`.
public enum NodeRulesDump: Sendable, Hashable {
    case iptables(IptablesDump)
    case nftables(NftDump)
    case ipvs(IpvsDump)

    /// Why a text is no rules dump, with the diagnostic to show.
    public struct NotADump: Error, Sendable, Hashable { public var diagnostic: Diagnostic }

    /// Reads `text` as whichever dump it is, or says what was expected when it is none of them.
    public static func read(_ text: String, source: String = "-") -> Result<NodeRulesDump, NotADump> {
        let head = text.prefix(64 * 1024)
        if IpvsadmParser.recognises(head) { return .success(.ipvs(IpvsadmParser.parse(text, source: source))) }
        if NftListParser.recognises(head) { return .success(.nftables(NftListParser.parse(text, source: source))) }
        if IptablesSaveParser.recognises(head) {
            return .success(.iptables(IptablesSaveParser.parse(text, source: source)))
        }
        return .failure(
            NotADump(
                diagnostic:
                    Diagnostic(
                        severity: .error, source: source, line: 0,
                        message: "not a rules dump kubehops reads: expected the output of `iptables-save` (or "
                            + "`iptables-save -t nat`), `nft list ruleset` / `nft list table ip kube-proxy`, "
                            + "or `ipvsadm -Ln`"
                    )))
    }

    /// An iptables-nft table with kube-proxy's iptables chains (KUBE-SERVICES …).
    static func holdsKubeChains(_ table: NftListedTable) -> Bool {
        table.managedByIptablesNft && table.chains.contains { $0.name.hasPrefix("KUBE-") }
    }

    public var diagnostics: [Diagnostic] {
        switch self {
        case .iptables(let dump): dump.diagnostics
        case .nftables(let dump): dump.diagnostics
        case .ipvs(let dump): dump.diagnostics
        }
    }

    /// The mode of kube-proxy whose state this is (an `nft list ruleset` of iptables-nft tables only
    /// is iptables mode).
    public var dataplane: Dataplane {
        switch self {
        case .iptables: .iptables
        case .ipvs: .ipvs
        case .nftables(let dump):
            dump.tables.contains { $0.name == "kube-proxy" } || !dump.tables.contains(where: Self.holdsKubeChains)
                ? .nftables : .iptables
        }
    }
}
