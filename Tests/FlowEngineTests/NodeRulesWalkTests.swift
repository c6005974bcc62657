import ClusterModel
import FlowEngine
import Foundation
import ModelBuilders
import ProxyRules
import Testing

/// `--node-rules NODE=FILE` with an nft listing or an ipvsadm listing: a flow through that node walks the
/// node's own chains, numgen, virtual and real servers (read from the file, line by line), not the
/// prediction, and names what disagrees with the input. Dumps from Tests/Data/ProxyRules (origins in SOURCES).
@Suite struct NodeRulesWalkTests {
    static func dump(_ file: String) throws -> NodeRulesInput {
        let url = SampleFiles.packageRoot.appendingPathComponent("Tests/Data/ProxyRules/" + file)
        let text = try String(contentsOf: url, encoding: .utf8)
        return NodeRulesInput(dump: try NodeRulesDump.read(text, source: file).get(), source: file)
    }

    /// kube-proxy's TestOverallNFTablesRules node, whose table lists ns4/svc4 with 10.180.0.4 and 10.180.0.5;
    /// the input says 10.180.0.4, .6 and .7 (the node has not synced).
    static func nftCluster(clusterIP: String = "172.30.0.44") -> Cluster {
        let backends = ["10.180.0.4", "10.180.0.6", "10.180.0.7"]
        let pods =
            [pod("client", ns: "ns4", ip: "10.1.0.9", node: "test-node")]
            + backends.enumerated().map { index, ip in
                pod("svc4-\(index)", ns: "ns4", ip: ip, node: "test-node", labels: ["app": "svc4"])
            }
        let services = [
            service(
                "svc4", ns: "ns4", clusterIP: clusterIP, ports: [ServicePort(name: "p80", port: 80)],
                selector: ["app": "svc4"])
        ]
        return Cluster(
            resources: resources(
                nodes: [node("test-node", "192.168.0.2")], pods: pods, services: services,
                endpoints: [endpoints("svc4", ns: "ns4", backends.map { $0 + ":80" })]))
    }

    static func flows(_ cluster: Cluster, _ given: NodeRulesInput, node: String, target: String, client: String,
                      mode: Dataplane, requests: Int = 1) throws -> [Flow] {
        var engine = FlowEngine(cluster: cluster)
        engine.nodeRules = [node: given]
        return try (0..<requests).map { request in
            try engine.flow(
                .clusterIP, target: target, request: request,
                options: FlowOptions(clientPod: client, includeReply: false, proxyMode: mode))
        }
    }

    @Test func anNftFlowWalksTheNodesOwnTable() throws {
        let file = "dumps/overall.nft-list-table"
        let given = try Self.dump(file)
        let flows = try Self.flows(
            Self.nftCluster(), given, node: "test-node", target: "ns4/svc4", client: "ns4/client", mode: .nftables,
            requests: 6)
        var destinations = Set<String>()
        for flow in flows {
            let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
            destinations.insert(dnat.packet.destination.description)
            #expect(dnat.sentence.contains("(one of 2,"), "the node's rules choose among their two endpoints")
            let numgen = try #require(dnat.rules.first { $0.rule.text.hasPrefix("numgen random mod ") })
            #expect(numgen.rule.text.hasPrefix("numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4"))
            guard case .observed(let place) = numgen.provenance else {
                Issue.record("the numgen rule is \(numgen.provenance), not read from the dump")
                continue
            }
            #expect(place.hasPrefix(file + ":"))
            #expect(dnat.rules.allSatisfy { if case .observed = $0.provenance { true } else { false } })
            let said = dnat.details.joined(separator: "\n")
            #expect(said.contains("The rules walked are test-node's own, read from \(file) (nft list"))
            #expect(!said.contains("the walk is predicted"))
            #expect(said.contains("Endpoint 10.180.0.5:80 is in test-node's rules but not in ns4/svc4 port 80's"))
            #expect(said.contains("Endpoint 10.180.0.6:80 of ns4/svc4 port 80 is not in test-node's rules"))
            #expect(said.contains("picks with numgen random mod 2, but ns4/svc4 port 80 has 3 endpoints"))
        }
        #expect(destinations.isSubset(of: ["10.180.0.4:80", "10.180.0.5:80"]), "\(destinations)")
        #expect(destinations.count == 2, "six connections spread over the dump's two endpoints")
        let dumpOnly = try #require(flows.first { flow in
            flow.hops.contains { $0.rewrite == .dnat && $0.packet.destination.description == "10.180.0.5:80" }
        })
        #expect(dumpOnly.hops.contains { $0.sentence.contains("endpoint 10.180.0.5 (its pod is not in the input)") })
    }

    @Test func aServiceTheNftTableLacksIsSaidAndTheTableStillWalked() throws {
        let flow = try #require(
            Self.flows(
                Self.nftCluster(clusterIP: "172.30.0.99"), try Self.dump("dumps/overall.nft-list-table"),
                node: "test-node", target: "ns4/svc4", client: "ns4/client", mode: .nftables
            ).first)
        let said = flow.hops.flatMap(\.details).joined(separator: "\n")
        #expect(said.contains("Missing service: test-node's service-ips map has no element for 172.30.0.99 . tcp . 80"))
        #expect(said.contains("no fallback to kubehops' prediction"))
        let rules = flow.hops.flatMap(\.rules)
        #expect(rules.contains { $0.rule.text.hasSuffix("vmap @service-ips") && !$0.matched })
        #expect(!rules.contains { $0.rule.chain.hasPrefix("service-") && $0.rule.chain.contains("ns4/svc4") })
    }

    /// pkg/proxy/ipvs/README.md's listing: kube-dns 10.0.0.10:53 has one real server, 172.17.0.2:53; the input
    /// says 172.17.0.3 and 172.17.0.4.
    @Test func anIPVSFlowWalksTheNodesOwnVirtualAndRealServers() throws {
        let file = "dumps/kubernetes-readme.ipvsadm"
        let pods = [
            pod("client", ip: "172.17.0.9", node: "node-a"),
            pod("coredns-a", ns: "kube-system", ip: "172.17.0.3", node: "node-a", labels: ["k8s-app": "kube-dns"]),
            pod("coredns-b", ns: "kube-system", ip: "172.17.0.4", node: "node-a", labels: ["k8s-app": "kube-dns"]),
        ]
        let dns = service(
            "kube-dns", ns: "kube-system", clusterIP: "10.0.0.10",
            ports: [ServicePort(name: "dns-tcp", port: 53)], selector: ["k8s-app": "kube-dns"])
        let cluster = Cluster(
            resources: resources(
                nodes: [node("node-a", "10.0.0.5")], pods: pods, services: [dns],
                endpoints: [endpoints("kube-dns", ns: "kube-system", ["172.17.0.3:53", "172.17.0.4:53"])]))
        let flows = try Self.flows(
            cluster, try Self.dump(file), node: "node-a", target: "kube-system/kube-dns", client: "default/client",
            mode: .ipvs, requests: 3)
        for flow in flows {
            let dnat = try #require(flow.hops.first { $0.rewrite == .dnat })
            #expect(dnat.packet.destination.description == "172.17.0.2:53")
            let virtual = try #require(dnat.rules.first { $0.rule.chain == "virtual servers" })
            #expect(virtual.rule.text == "TCP  10.0.0.10:53 rr")
            #expect(virtual.provenance == .observed("\(file):6"))
            let real = try #require(dnat.rules.first { $0.rule.text.hasPrefix("  -> ") })
            #expect(real.matched && real.rule.text.hasPrefix("  -> 172.17.0.2:53"))
            #expect(real.provenance == .observed("\(file):7"))
            let iptables = dnat.rules.filter { $0.rule.dataplane == .iptables }
            #expect(!iptables.isEmpty)
            #expect(iptables.allSatisfy { $0.provenance.said.contains("holds only the virtual servers") })
            let said = dnat.details.joined(separator: "\n")
            #expect(said.contains("The virtual and real servers walked are node-a's own, read from \(file)"))
            #expect(said.contains("Endpoint 172.17.0.2:53 is in node-a's rules but not in"))
            #expect(said.contains("Endpoint 172.17.0.3:53 of kube-system/kube-dns port 53 is not in node-a's rules"))
            #expect(!said.contains("the walk is predicted"))
        }
    }
}
