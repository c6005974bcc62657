import ClusterModel
import Foundation
import Testing

@testable import ProxyRules

/// kube-proxy's nftables table, checked against kube-proxy's own expected dump (1.33–1.35 layout) and a
/// v1.36 node's `nft list table ip kube-proxy` (Tests/Data/ProxyRules/SOURCES).
@Suite struct NftablesGeneratorTests {
    /// kube-proxy's test node: pod range 10.0.0.0/8, ServiceCIDR 172.30.0.0/16 (its proxier_test.go).
    static let overallNode = ProxyNode(
        name: "test-node", kubeVersion: KubeVersion("v1.33.0"), localDetector: .clusterCIDR(["10.0.0.0/8"]),
        addresses: ["192.168.0.2"], serviceCIDRs: ["172.30.0.0/16"])

    static var overallTable: NftablesTable {
        KubeProxyNftables(node: overallNode).table(for: ProxyRulesFixtures.overallServices)
    }

    /// `{ a }` as nft lists a one-element anonymous set, `a , b` as `a, b`.
    static func listed(_ text: Substring) -> String {
        var text = String(text).replacingOccurrences(of: " , ", with: ", ")
        if let range = text.range(of: #"\{ ([^ ,]+) \} drop"#, options: .regularExpression) {
            let inner = text[range].dropFirst(2).dropLast(7)
            text.replaceSubrange(range, with: inner + " drop")
        }
        return text
    }

    @Test func everyRuleAndElementOfKubeProxysOwnDumpIsWritten() throws {
        let table = Self.overallTable
        let lines = try ProxyRulesFixtures.text("nftables/overall-services.nft").split(separator: "\n")
        var checked = 0
        for line in lines {
            let words = line.split(separator: " ", maxSplits: 5)
            guard words.count == 6, words[0] == "add", words[2] == "ip" else { continue }
            if words[1] == "rule" {
                let chain = String(words[4])
                let rules = table.chain(chain)?.rules.map(\.text) ?? []
                #expect(rules.contains(Self.listed(words[5])), "\(chain): \(words[5]) not in \(rules)")
                checked += 1
            } else if words[1] == "element" {
                let element = String(words[5].dropFirst(2).dropLast(2))
                let map = String(words[4])
                #expect(table.set(map)?.elements.contains(element) == true, "\(map): \(element)")
                checked += 1
            } else if words[1] == "set" {
                #expect(table.set(String(words[4]))?.timeout == 10800)
            }
        }
        #expect(checked == 51)
    }

    @Test func chainNamesHashTheReadableNameAsKubeProxyDoes() throws {
        let listing = try ProxyRulesFixtures.text("nftables/v1.36-kproxy-lab.nft")
        let backend = ServicePortSpec(
            service: ProxyRulesFixtures.key("kproxy-lab", "backend-api"), portName: .named("http"), port: 80,
            clusterIPs: ["10.100.192.23"],
            endpoints: [
                EndpointSpec(ip: "10.244.0.8", port: 9898, nodeName: "pi"),
                EndpointSpec(ip: "10.244.0.10", port: 9898, nodeName: "pi"),
            ])
        let kubernetes = ServicePortSpec(
            service: ProxyRulesFixtures.key("default", "kubernetes"), portName: .named("https"), port: 443,
            clusterIPs: ["10.96.0.1"], endpoints: [EndpointSpec(ip: "192.168.0.231", port: 6443)])
        #expect(NftablesNames.serviceBase(backend) == "YVSKLJHA-kproxy-lab/backend-api/tcp/http")
        #expect(NftablesNames.serviceBase(kubernetes) == "2QRHZV4L-default/kubernetes/tcp/https")
        let node = ProxyNode(
            name: "pi", kubeVersion: KubeVersion("v1.36.2"), localDetector: .clusterCIDR(["10.244.0.0/16"]),
            addresses: ["192.168.0.231"])
        let generated = KubeProxyNftables(node: node).table(for: [backend, kubernetes])
        #expect(generated.chain("masquerading") != nil)
        // Every rule line of the real 1.36 listing is in the generated one, in the same chain.
        var chain = ""
        for line in listing.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("chain ") { chain = String(line.dropFirst(6).dropLast(2)); continue }
            guard !chain.isEmpty, line != "}" else { continue }
            #expect(generated.chain(chain)?.rules.map(\.text).contains(line) == true, "\(chain): \(line)")
        }
        #expect(generated.set("hairpin-connections")?.elements.sorted() == [
            "10.244.0.10 . 10.244.0.10 . tcp . 9898", "10.244.0.8 . 10.244.0.8 . tcp . 9898",
        ])
    }

    @Test func endpointChainNamesOfKubeProxysOwnTests() {
        let port = ProxyRulesFixtures.overallServices[0]
        #expect(NftablesNames.endpointBase(port, port.endpoints[0]) == "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80")
        let v6 = ServicePortSpec(
            service: ProxyRulesFixtures.key("ns1", "svc1"), portName: .named("p80"), port: 80,
            clusterIPs: ["fd00:172:30::41"], endpoints: [EndpointSpec(ip: "fd00:10:180::1", port: 80)])
        #expect(NftablesNames.endpointBase(v6, v6.endpoints[0]) == "ZVRFLKHO-ns1/svc1/tcp/p80__fd00.10.180..1/80")
    }

    @Test func theGenerationFollowsTheNodeVersion() {
        #expect(NftablesGeneration.pick(KubeVersion("v1.34.1")).generation == .endpointChains)
        #expect(NftablesGeneration.pick(KubeVersion("v1.36.0")).generation == .inlined)
        #expect(NftablesGeneration.pick(nil).why.contains("not in the input"))
        #expect(NftablesGeneration.pick(KubeVersion("v1.31.0")).why.contains("alpha/beta"))
    }
}
