import Foundation
import Testing

/// `explain --node-rules NODE=FILE` with an nft listing and with an ipvsadm listing, through the built binary:
/// the mode comes from the dump (detected), the walk names the dump's own chains or virtual and real servers
/// with their lines, and the disagreements with the kubectl picture are said. Dumps and clusters from
/// Tests/Data/ProxyRules (origins in SOURCES; each cluster disagrees with its dump on purpose).
@Suite(.enabled(if: PrintRun.binary != nil, "kubehops binary not built next to the test bundle (run swift build first)"))
struct NodeRulesDumpModesTests {
    static func data(_ path: String) -> String {
        PrintRun.packageRoot.appendingPathComponent("Tests/Data/ProxyRules/" + path).path
    }

    /// One connection of `flow` from `client`, with the node's dump, as text and as JSON.
    static func explain(_ flow: String, from client: String, node: String, dump: String, cluster: String) throws
        -> (text: String, json: String)
    {
        let arguments = [
            "explain", "--flow", flow, "--from", client, "--no-reply", "--node-rules", "\(node)=\(dump)", cluster,
        ]
        let text = try PrintRun(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        let json = try PrintRun(arguments + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        return (text.stdout, json.stdout)
    }

    @Test func anNftListingIsWalkedAsTheNodesNftablesMode() throws {
        let dump = Self.data("dumps/overall.nft-list-table")
        let run = try Self.explain(
            "clusterip:ns4/svc4", from: "ns4/client", node: "test-node", dump: dump,
            cluster: Self.data("clusters/overall-nft.txt"))
        let out = run.text
        #expect(out.contains("[DNAT by kube-proxy's nftables rules on test-node]"), "\(out)")
        #expect(out.contains("detected nftables mode from the node's own rules (\(dump) is an nft listing from test-node)"))
        #expect(out.contains("The rules walked are test-node's own, read from \(dump) (nft list, table ip kube-proxy)."))
        // The dump's own chains, as nft lists them: the service-ips element, the numgen choice of two endpoints.
        #expect(out.contains("✓ [ip kube-proxy] 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80"))
        #expect(
            out.contains(
                "✓ [ip kube-proxy] numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80, "
                    + "1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }"))
        #expect(!out.contains("iptables rules walked"), "no iptables rule is walked on an nftables node")
        // Where the dump and the cluster disagree.
        #expect(out.contains("Endpoint 10.180.0.5:80 is in test-node's rules but not in ns4/svc4 port 80's endpoints"))
        #expect(out.contains("Endpoint 10.180.0.6:80 of ns4/svc4 port 80 is not in test-node's rules"))
        #expect(out.contains("Endpoint 10.180.0.7:80 of ns4/svc4 port 80 is not in test-node's rules"))
        #expect(
            out.contains(
                "service-LAUZTJTB-ns4/svc4/tcp/p80 picks with numgen random mod 2, but ns4/svc4 port 80 has 3 endpoints"))
        // The walked chains and their lines in the listing.
        #expect(run.json.contains("\"chain\" : \"service-LAUZTJTB-ns4/svc4/tcp/p80\""))
        #expect(run.json.contains("\"chain\" : \"endpoint-"))
        #expect(run.json.contains("\(dump):189"), "the numgen rule is line 189 of the listing")
    }

    @Test func anIpvsadmListingIsWalkedAsTheNodesIPVSMode() throws {
        let dump = Self.data("dumps/kubernetes-readme.ipvsadm")
        let run = try Self.explain(
            "clusterip:kube-system/kube-dns", from: "default/client", node: "node-a", dump: dump,
            cluster: Self.data("clusters/kubernetes-readme-ipvs.txt"))
        let out = run.text
        #expect(out.contains("[DNAT by kube-proxy's ipvs rules on node-a]"), "\(out)")
        #expect(out.contains("detected ipvs mode from the node's own rules (\(dump) is an ipvsadm listing from node-a)"))
        #expect(out.contains("The virtual and real servers walked are node-a's own, read from \(dump) (ipvsadm -Ln)"))
        #expect(out.contains("In IPVS mode kube-proxy binds 10.0.0.10 to the dummy interface kube-ipvs0 on every node"))
        // The listing's own virtual server and its one real server, the DNAT's destination.
        #expect(out.contains("✓ [ipvs] TCP  10.0.0.10:53 rr"))
        #expect(out.contains("✓ [ipvs]   -> 172.17.0.2:53                Masq    1      0          0"))
        #expect(out.contains("10.0.0.10:53 becomes endpoint 172.17.0.2 (its pod is not in the input) at 172.17.0.2:53"))
        // Where the listing and the cluster disagree.
        #expect(out.contains("Endpoint 172.17.0.2:53 is in node-a's rules but not in kube-system/kube-dns port 53's"))
        #expect(out.contains("Endpoint 172.17.0.3:53 of kube-system/kube-dns port 53 is not in node-a's rules"))
        #expect(out.contains("Endpoint 172.17.0.4:53 of kube-system/kube-dns port 53 is not in node-a's rules"))
        #expect(run.json.contains("\(dump):6"), "the virtual server is line 6 of the listing")
        #expect(run.json.contains("\(dump):7"), "its real server line 7")
    }
}
