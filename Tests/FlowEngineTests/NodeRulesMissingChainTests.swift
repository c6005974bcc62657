import ClusterModel
import FlowEngine
import Foundation
import KubeText
import ModelBuilders
import ProxyRules
import Testing

/// A node's dump whose walked rule jumps to (goes to, or names in a verdict map) a chain the dump lacks: no
/// kernel holds such rules (iptables-restore and nft refuse them), so the dump is cut short or edited. The walk
/// says which line named which chain, what to paste instead, and stops there rather than going on as if the
/// rule had not matched. Dumps from Tests/Data/ProxyRules (origins in SOURCES), cut here as a paste cuts them.
@Suite struct NodeRulesMissingChainTests {
    /// `iptables-save` of kind-worker2 (origin in SOURCES) and the kind cluster it was written for.
    static let iptablesFile = "dumps/kind-worker2.iptables-save"
    static let nftFile = "dumps/overall.nft-list-table"
    static let kind: Cluster = {
        let url = SampleFiles.packageRoot.appendingPathComponent("samples/kind-with-kube-system.txt")
        let bytes = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        return Cluster(resources: KubeText.parse(bytes: bytes, source: "kind").resources)
    }()

    /// The dump's text with the lines `edit` leaves out (a declaration, a chain's rules, a block).
    static func cut(_ file: String, as name: String, _ edit: ([String]) -> [String]) throws -> NodeRulesInput {
        let url = SampleFiles.packageRoot.appendingPathComponent("Tests/Data/ProxyRules/" + file)
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let text = edit(lines).joined(separator: "\n")
        return NodeRulesInput(dump: try NodeRulesDump.read(text, source: name).get(), source: name)
    }

    /// An iptables-save without chain `chain`: its declaration and its rules.
    static func withoutChain(_ chain: String) -> ([String]) -> [String] {
        { lines in lines.filter { !$0.hasPrefix(":\(chain) ") && !$0.hasPrefix("-A \(chain) ") } }
    }

    /// An nft listing without the block `chain NAME { … }`.
    static func withoutBlock(_ header: String) -> ([String]) -> [String] {
        { lines in
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == header }),
                let end = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "}" })
            else { return lines }
            return Array(lines[..<start] + lines[(end + 1)...])
        }
    }

    static func flows(_ given: NodeRulesInput, mode: Dataplane, requests: Int = 1) throws -> [Flow] {
        if mode == .iptables {
            return try NodeRulesWalkTests.flows(
                Self.kind, given, node: "kind-worker2", target: "default/hello",
                client: "default/hello-7d9c5b8f6b-9wq2r", mode: mode, requests: requests)
        }
        return try NodeRulesWalkTests.flows(
            NodeRulesWalkTests.nftCluster(), given, node: "test-node", target: "ns4/svc4", client: "ns4/client",
            mode: mode, requests: requests)
    }

    static func said(_ flow: Flow) -> String { flow.hops.flatMap(\.details).joined(separator: "\n") }

    /// The hop whose walk stopped, and its failure.
    static func stopped(_ flow: Flow) -> (Hop, HopFailure)? {
        for hop in flow.hops {
            if let failure = hop.failure, failure.reason.contains("the walk stops where") { return (hop, failure) }
        }
        return nil
    }

    @Test func anIptablesJumpToAChainTheDumpLacksIsSaidAndTheWalkStops() throws {
        let name = "cut.iptables-save"
        let given = try Self.cut(Self.iptablesFile, as: name, Self.withoutChain("KUBE-SVC-STDNOFAI3EEZDIVA"))
        let whole = try #require(Self.flows(try Self.cut(Self.iptablesFile, as: "whole", { $0 }), mode: .iptables).first)
        #expect(whole.hops.contains { $0.rewrite == .dnat }, "the whole dump DNATs")
        #expect(!Self.said(whole).contains("Incomplete dump"))
        let flow = try #require(Self.flows(given, mode: .iptables).first)
        // The KUBE-SERVICES rule of 10.96.140.21:8080 is line 84 once the declaration above it is gone.
        let said = Self.said(flow)
        #expect(
            said.contains(
                "Incomplete dump: line 84 of \(name), `-A KUBE-SERVICES -d 10.96.140.21/32 -p tcp -m comment --comment "
                    + "\"default/hello cluster IP\" -m tcp --dport 8080 -j KUBE-SVC-STDNOFAI3EEZDIVA` (chain "
                    + "KUBE-SERVICES), jumps to KUBE-SVC-STDNOFAI3EEZDIVA, which \(name) does not contain."),
            "\(said)")
        #expect(said.contains("iptables-restore refuses a rule naming an undeclared chain"))
        #expect(said.contains("`iptables-save -t nat` on kind-worker2 prints the whole nat table"))
        #expect(said.components(separatedBy: "Incomplete dump:").count == 2, "said once, not by the check again")
        #expect(!said.contains("is not in kind-worker2's rules"), "no endpoint is claimed missing from a cut dump")
        #expect(!flow.hops.contains { $0.rewrite == .dnat })
        let (hop, failure) = try #require(Self.stopped(flow), "\(flow.hops.map(\.failure))")
        #expect(failure.kind == .unknown)
        #expect(failure.reason.contains("names chain KUBE-SVC-STDNOFAI3EEZDIVA (line 84)"), "\(failure.reason)")
        let last = try #require(hop.rules.last)
        #expect(last.matched && last.rule.text.hasSuffix("-j KUBE-SVC-STDNOFAI3EEZDIVA"), "the walk ends at that rule")
        #expect(last.provenance == .observed("\(name):84"))
        #expect(!hop.rules.contains { $0.rule.table == "filter" || $0.rule.chain == "POSTROUTING" })
    }

    /// One endpoint chain cut: the connections that draw it stop there, the others reach another endpoint.
    @Test func anEndpointChainTheIptablesDumpLacksStopsTheConnectionsThatPickIt() throws {
        let name = "no-sep.iptables-save"
        let given = try Self.cut(Self.iptablesFile, as: name, Self.withoutChain("KUBE-SEP-PTGTH6MLVIRSUTUV"))
        let flows = try Self.flows(given, mode: .iptables, requests: 12)
        var stops = 0
        for flow in flows {
            let said = Self.said(flow)
            #expect(said.components(separatedBy: "jumps to KUBE-SEP-PTGTH6MLVIRSUTUV, which").count == 2, "\(said)")
            if let (_, failure) = Self.stopped(flow) {
                stops += 1
                #expect(failure.reason.contains("chain KUBE-SEP-PTGTH6MLVIRSUTUV"))
                #expect(!flow.hops.contains { $0.rewrite == .dnat })
            } else {
                let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
                #expect(["10.244.2.7:8080", "10.244.2.8:8080"].contains(dnat.packet.destination.description))
            }
        }
        #expect(stops > 0 && stops < flows.count, "\(stops) of \(flows.count) connections drew the cut chain")
    }

    /// `-g CHAIN` is followed like the kernel does (the chain's end returns to the caller of the rule's chain),
    /// and a goto to a chain the dump lacks stops the walk like a jump.
    @Test func anIptablesGotoIsFollowedAndAGotoToACutChainStops() throws {
        func goto(_ lines: [String]) -> [String] {
            lines.map { line in
                line.hasPrefix("-A KUBE-SERVICES -d 10.96.140.21/32")
                    ? line.replacingOccurrences(of: "-j KUBE-SVC-", with: "-g KUBE-SVC-") : line
            }
        }
        let whole = try Self.cut(Self.iptablesFile, as: "goto.iptables-save", goto)
        let flow = try #require(Self.flows(whole, mode: .iptables).first)
        let dnat = try #require(flow.hops.first { $0.rewrite == .dnat }, "the -g rule is taken")
        #expect(dnat.packet.destination.description.hasSuffix(":8080"))
        #expect(dnat.rules.contains { $0.matched && $0.rule.text.hasSuffix("-g KUBE-SVC-STDNOFAI3EEZDIVA") })
        let name = "goto-cut.iptables-save"
        let cut = try Self.cut(Self.iptablesFile, as: name) { Self.withoutChain("KUBE-SVC-STDNOFAI3EEZDIVA")(goto($0)) }
        let stopped = try #require(Self.flows(cut, mode: .iptables).first)
        #expect(Self.said(stopped).contains("(chain KUBE-SERVICES), goes to (-g) KUBE-SVC-STDNOFAI3EEZDIVA, which"))
        #expect(Self.stopped(stopped) != nil)
    }

    @Test func anNftVerdictMapNamingAChainTheListingLacksIsSaidAndTheWalkStops() throws {
        let name = "cut.nft"
        let given = try Self.cut(Self.nftFile, as: name, Self.withoutBlock("chain service-LAUZTJTB-ns4/svc4/tcp/p80 {"))
        let flow = try #require(Self.flows(given, mode: .nftables).first)
        let said = Self.said(flow)
        #expect(
            said.contains(
                "Incomplete dump: the element `172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80` of "
                    + "map service-ips, which begins at line 37 of \(name), names service-LAUZTJTB-ns4/svc4/tcp/p80 in "
                    + "its verdict map, which \(name) does not contain."),
            "\(said)")
        #expect(said.contains("nft refuses a rule naming a chain that does not exist"))
        #expect(said.contains("`nft list table ip kube-proxy` on test-node prints the whole table"))
        #expect(said.components(separatedBy: "Incomplete dump:").count == 2)
        #expect(!flow.hops.contains { $0.rewrite == .dnat })
        let (hop, failure) = try #require(Self.stopped(flow))
        #expect(failure.reason.contains("names chain service-LAUZTJTB-ns4/svc4/tcp/p80 (line 37)"), "\(failure)")
        #expect(hop.rules.last?.rule.chain == "service-ips", "the walk ends at the map's element")
        #expect(!hop.rules.contains { $0.rule.chain == "nat-postrouting" || $0.rule.chain == "filter-forward" })
    }

    @Test func aNumgenSlotNamingAnEndpointChainTheListingLacksStopsThatConnection() throws {
        let name = "no-endpoint.nft"
        let given = try Self.cut(
            Self.nftFile, as: name, Self.withoutBlock("chain endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 {"))
        let flows = try Self.flows(given, mode: .nftables, requests: 8)
        var stops = 0
        for flow in flows {
            let said = Self.said(flow)
            #expect(said.contains("names endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 in its verdict map"))
            #expect(said.contains("(chain service-LAUZTJTB-ns4/svc4/tcp/p80)"), "\(said)")
            guard let (hop, _) = Self.stopped(flow) else { continue }
            stops += 1
            #expect(hop.rules.last?.rule.text.hasPrefix("numgen random mod 2 vmap") == true)
            #expect(hop.rules.last?.provenance == .observed("\(name):189"))
        }
        #expect(stops > 0 && stops < flows.count, "\(stops) of \(flows.count)")
    }

    @Test func aVerdictMapTheListingLacksIsSaid() throws {
        let name = "no-map.nft"
        let given = try Self.cut(Self.nftFile, as: name, Self.withoutBlock("map service-ips {"))
        let flow = try #require(Self.flows(given, mode: .nftables).first)
        let said = Self.said(flow)
        #expect(said.contains("looks the packet up in the map @service-ips, which \(name) does not contain"), "\(said)")
        #expect(said.contains("nft refuses a rule naming a set or map that does not exist"))
        #expect(Self.stopped(flow)?.1.reason.contains("names map @service-ips") == true)
    }
}
