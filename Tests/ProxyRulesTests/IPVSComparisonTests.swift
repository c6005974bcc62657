import ClusterModel
import FlowEngine
import Foundation
import Testing

@testable import ProxyRules

/// `rules --compare` on an IPVS node: `ipvsadm -Ln` held against the IPVS table predicted for the kind
/// sample's kind-worker2 (Tests/Data/ProxyRules/dumps/kind-worker2.ipvsadm, laid out as ipvsadm prints it,
/// in another order) and against a real dump from a kubeadm issue; each kind of drift is found once, in
/// its service, with its cause.
@Suite struct IPVSComparisonTests {
    static func kindDump() throws -> String { try ProxyRulesFixtures.text("dumps/kind-worker2.ipvsadm") }

    /// The kind sample's prediction for kind-worker2 against `text`, as `rules --compare` computes it.
    static func compareWithKind(_ text: String) throws -> RulesComparison {
        let cluster = try NodeRulesToolTests.cluster(sample: "kind-with-kube-system.txt")
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: "kind-worker2")
        let dump = IpvsadmParser.parse(text, source: "kind-worker2.ipvsadm")
        #expect(dump.diagnostics.isEmpty, "\(dump.diagnostics)")
        return NodeRulesComparison.compare(
            state, given: NodeRulesInput(dump: .ipvs(dump), source: "kind-worker2.ipvsadm"), mode: .ipvs)
    }

    /// Every difference as `service mark detail (chain)`, in the order printed.
    static func findings(_ comparison: RulesComparison) -> [String] {
        comparison.groups.flatMap { group in
            group.differences.map {
                "\(group.service ?? "node-wide") \($0.mark) \($0.detail)" + ($0.chain.isEmpty ? "" : " (\($0.chain))")
            }
        }
    }

    static func replacing(_ text: String, _ old: String, _ new: String) -> String {
        #expect(text.contains(old), "\(old) not in the dump")
        return text.replacingOccurrences(of: old, with: new)
    }

    /// Before, an ipvsadm dump was refused (`comparing a ipvs dump is not available yet`).
    @Test func theNodesDumpComparesEqualToThePrediction() throws {
        let comparison = try Self.compareWithKind(try Self.kindDump())
        #expect(comparison.isSame, "\(Self.findings(comparison))")
        #expect(comparison.notes.count == 1)
        #expect(comparison.notes.first?.contains("`ipset list`") == true)
        #expect(comparison.notes.first?.contains("`iptables-save`") == true)
    }

    /// A missing real server, an extra one, a missing virtual server and another scheduler, made in the
    /// dump at once: exactly those four, each in its service with its cause.
    @Test func eachInjectedDriftIsFoundOnceInItsService() throws {
        var text = try Self.kindDump()
        let line = { (endpoint: String) in IPVSVirtualServer.realServerLine(endpoint) + "\n" }
        let helloServers = ["10.244.1.5:8080", "10.244.2.7:8080"].map(line).joined()
        text = Self.replacing(
            text, "TCP  10.96.140.21:8080 rr\n" + helloServers + line("10.244.2.8:8080"),
            "TCP  10.96.140.21:8080 rr\n" + helloServers)
        text = Self.replacing(
            text, "TCP  172.18.0.4:31080 rr\n",
            "TCP  172.18.0.4:31080 rr\n" + IPVSVirtualServer.realServerLine("10.244.2.9:8080") + "\n")
        text = Self.replacing(
            text, "TCP  10.96.0.10:9153 rr\n" + IPVSVirtualServer.realServerLine("10.244.0.2:9153") + "\n"
                + IPVSVirtualServer.realServerLine("10.244.0.3:9153") + "\n", "")
        text = Self.replacing(text, "TCP  10.96.0.1:443 rr", "TCP  10.96.0.1:443 lc")
        let comparison = try Self.compareWithKind(text)
        #expect(
            Self.findings(comparison) == [
                "default/hello - real server 10.244.2.8:8080 (TCP 10.96.140.21:8080)",
                "default/hello + real server 10.244.2.9:8080 (TCP 172.18.0.4:31080)",
                "default/kubernetes ~ scheduler lc on the node, rr predicted (TCP 10.96.0.1:443)",
                "kube-system/kube-dns - virtual server TCP 10.96.0.10:9153 (2 real servers)",
            ])
        let hello = comparison.groups.first { $0.service == "default/hello" }?.differences ?? []
        #expect(hello.first?.cause.contains("has not written it") == true)
        #expect(hello.last?.cause.hasPrefix("Stale") == true)
        #expect(hello.last?.line == 8)
        let scheduler = comparison.groups.first { $0.service == "default/kubernetes" }?.differences.first
        #expect(scheduler?.cause.contains("--ipvs-scheduler") == true)
        #expect(scheduler?.line != nil)
    }

    /// kube-proxy sets a removed endpoint's weight to 0 and keeps it while its connections last.
    @Test func aWeightZeroRealServerIsAnEndpointInGracefulTermination() throws {
        let text = Self.replacing(
            try Self.kindDump(), "TCP  10.96.140.21:8080 rr\n",
            "TCP  10.96.140.21:8080 rr\n  -> 10.244.2.6:8080              Masq    0      3          1         \n")
        let comparison = try Self.compareWithKind(text)
        #expect(Self.findings(comparison) == ["default/hello + real server 10.244.2.6:8080 (weight 0) (TCP 10.96.140.21:8080)"])
        #expect(comparison.groups.first?.differences.first?.cause.hasPrefix("Weight 0") == true)
    }

    @Test func oneOtherSchedulerEverywhereIsOneNodeWideDifference() throws {
        let text = try Self.kindDump().replacingOccurrences(of: " rr\n", with: " sh\n")
        let comparison = try Self.compareWithKind(text)
        #expect(Self.findings(comparison) == ["node-wide ~ scheduler sh on every virtual server, rr predicted"])
    }

    @Test func aServiceOnOneSideIsOneDifferenceAndAnUnknownAddressIsNodeWide() throws {
        var text = Self.replacing(
            try Self.kindDump(), "TCP  10.96.0.1:443 rr\n" + IPVSVirtualServer.realServerLine("172.18.0.3:6443") + "\n",
            "")
        text += "TCP  10.96.7.7:80 rr\n" + IPVSVirtualServer.realServerLine("10.244.1.9:80") + "\n"
        let comparison = try Self.compareWithKind(text)
        #expect(
            Self.findings(comparison) == [
                "node-wide + virtual server TCP 10.96.7.7:80 (1 real server)",
                "default/kubernetes - 1 virtual server in TCP 10.96.0.1:443",
            ])
        #expect(comparison.groups.first?.differences.first?.cause.contains("No service in the kubectl input") == true)
        #expect(comparison.groups.last?.differences.first?.cause.contains("has not synced") == true)
    }

    /// `--stats` has counters instead of schedulers and weights: only which servers exist is compared.
    @Test func aStatsDumpIsComparedByItsServersAndItsCountersIgnored() throws {
        let stats = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
              -> RemoteAddress:Port
            TCP  10.96.0.1:443                      12      340      310    40212   190233
              -> 172.18.0.3:6443                    12      340      310    40212   190233
            TCP  10.96.0.10:53                       0        0        0        0        0
              -> 10.244.0.2:53                       0        0        0        0        0

            """
        let comparison = try Self.compareWithKind(stats)
        #expect(comparison.notes.contains { $0.contains("counters are ignored") })
        #expect(
            Self.findings(comparison).filter { !$0.hasPrefix("default/hello") && !$0.contains("9153") }
                == [
                    "kube-system/kube-dns - real server 10.244.0.3:53 (TCP 10.96.0.10:53)",
                    "kube-system/kube-dns - virtual server UDP 10.96.0.10:53 (2 real servers)",
                ])
    }

    /// A real `ipvsadm -ln` from kubernetes/kubeadm#2205 (Tests/Data/ProxyRules SOURCES) against the
    /// services it shows: the NodePort's virtual servers on the node's other local addresses (loopback,
    /// docker0) are compared with the node address's and named in a note, not counted.
    @Test func aRealDumpsNodePortsOnOtherLocalAddressesAreNoted() throws {
        let dump = IpvsadmParser.parse(try ProxyRulesFixtures.text("dumps/kubeadm-2205.ipvsadm"), source: "x")
        #expect(dump.diagnostics.isEmpty, "\(dump.diagnostics)")
        let node = ProxyNode(name: "k8s-master-01", addresses: ["192.168.9.101"])
        let ports = [
            ServicePortSpec(
                service: ProxyRulesFixtures.key("default", "kubernetes"), portName: .named("https"), port: 443,
                clusterIPs: ["10.96.0.1"], endpoints: [EndpointSpec(ip: "192.168.9.101", port: 6443)]),
            ServicePortSpec(
                service: ProxyRulesFixtures.key("kube-system", "kube-dns"), portName: .named("dns-tcp"), port: 53,
                clusterIPs: ["10.96.0.10"],
                endpoints: [EndpointSpec(ip: "10.244.151.128", port: 53), EndpointSpec(ip: "10.244.151.129", port: 53)]),
            ServicePortSpec(
                service: ProxyRulesFixtures.key("default", "web"), portName: .unnamed, port: 18080,
                clusterIPs: ["10.103.89.136"], nodePort: 30449,
                endpoints: [EndpointSpec(ip: "10.244.36.197", port: 80), EndpointSpec(ip: "10.244.36.198", port: 80)]),
        ]
        let comparison = IPVSComparison.compare(ports: ports, node: node, families: [.ipv4], dump: dump)
        #expect(comparison.isSame, "\(Self.findings(comparison))")
        #expect(comparison.notes.contains { $0.contains("other local addresses (127.0.0.1, 172.17.0.1)") })
        // A stale real server on another address's NodePort is still found, in its service.
        let drifted = IpvsadmParser.parse(
            try ProxyRulesFixtures.text("dumps/kubeadm-2205.ipvsadm").replacingOccurrences(
                of: "TCP  172.17.0.1:30449 rr\n",
                with: "TCP  172.17.0.1:30449 rr\n" + IPVSVirtualServer.realServerLine("10.244.36.199:80") + "\n"),
            source: "x")
        let found = Self.findings(IPVSComparison.compare(ports: ports, node: node, families: [.ipv4], dump: drifted))
        #expect(found == ["default/web + real server 10.244.36.199:80 (TCP 172.17.0.1:30449)"])
    }
}
