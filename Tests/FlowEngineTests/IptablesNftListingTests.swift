import ClusterModel
import FlowEngine
import Foundation
import KubeText
import ProxyRules
import Testing

/// An iptables-mode node's `nft list ruleset` (iptables-nft's tables in nft syntax) is walked as the iptables
/// rules it is: the same connections take the same chains and endpoints as through that node's iptables-save.
/// Both dumps are the real tools' output for one ruleset (Tests/Data/ProxyRules/SOURCES, kind-worker2).
@Suite struct IptablesNftListingTests {
    static func flows(_ given: NodeRulesInput, requests: Int = 8) throws -> [Flow] {
        try NodeRulesWalkTests.flows(
            NodeRulesMissingChainTests.kind, given, node: "kind-worker2", target: "default/hello",
            client: "default/hello-7d9c5b8f6b-9wq2r", mode: .iptables, requests: requests)
    }

    /// Each walked rule as (table, chain, matched): the comments iptables-save prints are not in nft's listing.
    static func path(_ flow: Flow) -> [String] {
        flow.hops.flatMap(\.rules).map { "\($0.rule.table) \($0.rule.chain) \($0.matched)" }
    }

    @Test func theListingWalksLikeTheNodesIptablesSave() throws {
        let listing = "dumps/kind-worker2-iptables-nft.nft-list-ruleset"
        let nft = try Self.flows(try NodeRulesWalkTests.dump(listing))
        let save = try Self.flows(try NodeRulesWalkTests.dump("dumps/kind-worker2.iptables-save"))
        var destinations = Set<String>()
        for (fromNft, fromSave) in zip(nft, save) {
            let dnat = try #require(fromNft.hops.first { $0.rewrite == .dnat })
            let saved = try #require(fromSave.hops.first { $0.rewrite == .dnat })
            #expect(dnat.packet.destination == saved.packet.destination)
            destinations.insert(dnat.packet.destination.description)
            #expect(Self.path(fromNft) == Self.path(fromSave))
            let rules = fromNft.hops.flatMap(\.rules)
            #expect(rules.allSatisfy { if case .observed(let at) = $0.provenance { at.hasPrefix(listing + ":") } else { false } })
            #expect(rules.contains {
                $0.matched
                    && $0.rule.text == "-A KUBE-SERVICES -d 10.96.140.21/32 -p tcp -m tcp --dport 8080 -j KUBE-SVC-STDNOFAI3EEZDIVA"
            })
        }
        #expect(destinations.count > 1, "the ladder's probabilities are read: \(destinations)")
    }

    /// A rule with a word kubehops does not read is kept as text and never taken, and the walk says why.
    @Test func aRuleWithAnUnreadWordIsNotTaken() throws {
        let url = SampleFiles.packageRoot.appendingPathComponent(
            "Tests/Data/ProxyRules/dumps/kind-worker2-iptables-nft.nft-list-ruleset")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "meta random & 2147483647 < 715827883 counter", with: "xt match \"recent\" counter")
        let name = "unread.nft"
        let given = NodeRulesInput(dump: try NodeRulesDump.read(text, source: name).get(), source: name)
        let flow = try #require(Self.flows(given, requests: 1).first)
        let rule = try #require(flow.hops.flatMap(\.rules).first { $0.rule.text.contains("xt match") })
        #expect(!rule.matched)
        #expect(rule.whyNot?.contains("kubehops cannot evaluate `nft: xt match recent counter") == true, "\(rule)")
    }
}

/// Found by .ci/fuzz.sh: a listing whose table (or chain) appears twice, as when two listings are pasted
/// together, added its rules to the first but kept one set of lines, and a walk looked a rule's line up past
/// the end. Every rule now keeps its own line.
@Suite struct IptablesNftListingTwiceTests {
    @Test func aTableListedTwiceKeepsALinePerRule() throws {
        let url = SampleFiles.packageRoot.appendingPathComponent(
            "Tests/Data/ProxyRules/dumps/kind-worker2-iptables-nft.nft-list-ruleset")
        let once = try String(contentsOf: url, encoding: .utf8)
        let twice = once + once
        let dump = try #require(IptablesNftListing.dump(NftListParser.parse(twice), family: .ipv4))
        let nat = try #require(dump.ruleset.table("nat"))
        for chain in nat.chains {
            #expect(dump.lines["nat"]?[chain]?.count ?? 0 == nat.rules(chain).count, "\(chain)")
        }
        let given = NodeRulesInput(dump: try NodeRulesDump.read(twice, source: "twice").get(), source: "twice")
        let flow = try #require(IptablesNftListingTests.flows(given, requests: 1).first)
        #expect(flow.hops.contains { $0.rewrite == .dnat })
    }
}
