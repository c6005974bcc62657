import ClusterModel
import ProxyRules

/// A node's dump whose walked rule names a chain the dump lacks: no kernel holds such rules (iptables-restore
/// and nft refuse them), so the dump is incomplete, and the walk stops at that rule.
extension NodeRulesCheck {
    /// The finding: which rule (line) named which chain, that the dump lacks it, what that means, and the
    /// command that prints the whole table.
    static func missingChainNote(_ missing: MissingChain, source: String, node: String, ip6: Bool) -> String {
        let rule = missing.rule
        let chain = missing.chain
        let head = "Incomplete dump: \(Self.where(missing, source: source)) "
        if rule.dataplane == .iptables {
            let tool = ip6 ? "ip6tables" : "iptables"
            let how = missing.reference == .goto ? "goes to (-g)" : "jumps to"
            return head + "\(how) \(chain), which \(source) does not contain. \(tool)-restore refuses a rule "
                + "naming an undeclared chain, so no node runs these rules as written: the dump is incomplete "
                + "(a paste cut short, or an edited copy). `\(tool)-save -t \(rule.table)` on \(node) prints the whole "
                + "\(rule.table) table. " + stop(chain)
        }
        let how =
            switch missing.reference {
            case .jump: "jumps to \(chain)"
            case .goto: "goes to (goto) \(chain)"
            case .verdictMap: "names \(chain) in its verdict map"
            case .map: "looks the packet up in the map @\(chain)"
            }
        let what = missing.reference == .map ? "a set or map" : "a chain"
        return head + "\(how), which \(source) does not contain. nft refuses a rule naming \(what) that does not "
            + "exist, so no node runs this table as written: the listing is incomplete (a paste cut short, or an "
            + "edited copy). `nft list table \(rule.table)` on \(node) prints the whole table. " + stop(chain)
    }

    /// Why the hop ends there (the hop's failure).
    static func missingChainStop(_ missing: MissingChain, source: String) -> String {
        let line = line(missing.provenance, source: source).map { " (line \($0))" } ?? ""
        let what = missing.reference == .map ? "map @\(missing.chain)" : "chain \(missing.chain)"
        return "the walk stops where \(source) names \(what)\(line), which the dump does not contain (an "
            + "incomplete dump): what the node does next cannot be told from it."
    }

    /// The rule and its line; an element of a named map is told by the line where its map begins (an nft
    /// listing prints a map's elements across lines, and kubehops keeps the map's line).
    private static func `where`(_ missing: MissingChain, source: String) -> String {
        let rule = missing.rule
        let line = line(missing.provenance, source: source)
        if missing.reference == .verdictMap, !rule.text.contains("vmap") {
            let place = line.map { ", which begins at line \($0) of \(source)" } ?? " of \(source)"
            return "the element `\(rule.text)` of map \(rule.chain)\(place),"
        }
        return (line.map { "line \($0) of \(source)" } ?? source) + ", `\(rule.text)` (chain \(rule.chain)),"
    }

    private static func stop(_ chain: String) -> String {
        "The walk stops at this rule: kubehops does not guess what \(chain) would do."
    }

    /// The line number of an observed rule (`FILE:LINE`).
    static func line(_ provenance: Provenance, source: String) -> Int? {
        guard case .observed(let place) = provenance, place.hasPrefix(source + ":") else { return nil }
        return Int(place.dropFirst(source.count + 1))
    }
}
