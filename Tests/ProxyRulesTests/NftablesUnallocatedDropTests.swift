import ClusterModel
import Testing

@testable import ProxyRules

/// kube-proxy 1.33+ in nftables mode drops traffic to addresses of the ServiceCIDRs that no service holds
/// (pkg/proxy/nftables/proxier.go, setupNFTables: `ip daddr { <serviceCIDRs> } drop comment "Drop traffic to
/// unallocated ClusterIPs"` in cluster-ips-check, written when it knows the ServiceCIDRs, which it watches
/// by default from 1.33). kubehops writes it from --service-cidr, comments it out with a placeholder when the
/// input cannot tell, and leaves it out for older kube-proxies.
@Suite struct NftablesUnallocatedDropTests {
    static func node(_ version: String?, serviceCIDRs: [String]) -> ProxyNode {
        ProxyNode(
            name: "n1", kubeVersion: version.flatMap(KubeVersion.init), localDetector: .clusterCIDR(["10.244.0.0/16"]),
            addresses: ["192.168.1.10"], serviceCIDRs: serviceCIDRs)
    }

    static let port = ServicePortSpec(
        service: ProxyRulesFixtures.key("shop", "web"), portName: .named("http"), port: 80,
        clusterIPs: ["10.96.0.20"], endpoints: [EndpointSpec(ip: "10.244.1.5", port: 8080, nodeName: "n1")])

    static func check(_ node: ProxyNode, family: IPPrefix.Family = .ipv4) -> (rules: [String], out: [String]) {
        let chain = KubeProxyNftables(node: node, family: family).table(for: [port]).chain("cluster-ips-check")
        return (chain?.rules.map(\.text) ?? [], chain?.commentedOut ?? [])
    }

    @Test(arguments: ["v1.33.0", "v1.36.2", nil])
    func aKnownServiceCIDRIsDroppedAfterTheRejectOfUnknownPorts(_ version: String?) {
        let (rules, out) = Self.check(Self.node(version, serviceCIDRs: ["10.96.0.0/12", "fd00:10:96::/112"]))
        #expect(rules == [
            "ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"",
            "ip daddr 10.96.0.0/12 drop comment \"Drop traffic to unallocated ClusterIPs\"",
        ])
        #expect(out.isEmpty)
        let v6 = Self.check(Self.node(version, serviceCIDRs: ["10.96.0.0/12", "fd00:10:96::/112"]), family: .ipv6)
        #expect(v6.rules.last == "ip6 daddr fd00:10:96::/112 drop comment \"Drop traffic to unallocated ClusterIPs\"")
    }

    /// nft keeps an anonymous interval set sorted and merged: a CIDR inside another is not printed.
    @Test func severalServiceCIDRsAreOneSetAsNftListsIt() {
        let (rules, _) = Self.check(Self.node("v1.34.1", serviceCIDRs: ["172.16.0.0/16", "10.96.0.0/12", "10.100.0.0/16"]))
        #expect(rules.last == "ip daddr { 10.96.0.0/12, 172.16.0.0/16 } drop comment \"Drop traffic to unallocated ClusterIPs\"")
    }

    @Test func anUnknownServiceCIDRIsAPlaceholderNeverAGuess() {
        let (rules, out) = Self.check(Self.node("v1.35.0", serviceCIDRs: []))
        #expect(rules.count == 1)
        #expect(out == ["ip daddr { <service CIDRs> } drop comment \"Drop traffic to unallocated ClusterIPs\""])
        let listing = KubeProxyNftables(node: Self.node("v1.35.0", serviceCIDRs: [])).table(for: [Self.port]).listing
        #expect(listing.contains("\t\t# ip daddr { <service CIDRs> } drop"))
    }

    /// Before 1.33 kube-proxy did not watch ServiceCIDRs by default (MultiCIDRServiceAllocator beta, off).
    @Test func kubeProxyBefore133WritesNoDrop() {
        let (rules, out) = Self.check(Self.node("v1.32.4", serviceCIDRs: ["10.96.0.0/12"]))
        #expect(rules.count == 1)
        #expect(out.isEmpty)
    }

    /// The walk takes the rule: a pod's packet to an address of the service range no service holds is dropped
    /// once routing sends it on (filter-forward → cluster-ips-check); a live ClusterIP's unknown port is rejected.
    @Test func theWalkDropsAnUnallocatedAddressAndRejectsAnUnknownPort() {
        let table = KubeProxyNftables(node: Self.node("v1.34.0", serviceCIDRs: ["10.96.0.0/12"])).table(for: [Self.port])
        func walk(_ destination: String, _ port: Int) -> NftWalker {
            var walker = NftWalker(
                table: table, local: [IPPrefix("192.168.1.10")!], provenance: .illustrative, draws: [],
                affinityHits: [], source: IPPrefix("10.244.1.9")!, destination: IPPrefix(destination)!,
                protocol: "tcp", port: port, fromNode: false, interface: nil, fromPod: true)
            walker.run()
            return walker
        }
        #expect(walk("10.96.7.7", 80).outcome == .drop(reason: "Drop traffic to unallocated ClusterIPs"))
        #expect(walk("10.96.0.20", 81).outcome == .reject(reason: "Reject traffic to invalid ports of ClusterIPs"))
        #expect(walk("10.96.0.20", 80).outcome == .dnat(
            destination: "10.244.1.5:8080",
            endpointChain: "endpoint-" + NftablesNames.endpointBase(Self.port, Self.port.endpoints[0])!))
        #expect(walk("8.8.8.8", 80).outcome == .notTranslated)
    }
}
