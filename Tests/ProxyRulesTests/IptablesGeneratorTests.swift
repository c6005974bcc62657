import ClusterModel
import Testing

@testable import ProxyRules

@Suite struct IptablesGeneratorTests {
    /// kube-proxy's own expected rules, as the real iptables-save prints them after restoring them.
    @Test func overallRulesMatchKubeProxysTestAsIptablesSavePrintsThem() throws {
        let generated = ProxyRulesFixtures.overallGenerator.ruleset(for: ProxyRulesFixtures.overallServices)
        let golden = try ProxyRulesFixtures.text("iptables/overall.save")
        let ours = ProxyRulesFixtures.withoutBuiltinJumps(generated.saveText)
        let theirs = golden.split(separator: "\n").map(String.init)
        for (index, line) in theirs.enumerated() where index < ours.count && ours[index] != line {
            Issue.record("line \(index + 1): expected\n\(line)\ngot\n\(ours[index])")
            break
        }
        #expect(ours.count == theirs.count)
    }

    @Test func serviceWithoutEndpointsHasNoNatRulesAndNoServiceChain() {
        let ruleset = ProxyRulesFixtures.overallGenerator.ruleset(for: ProxyRulesFixtures.overallServices)
        let nat = ruleset.table("nat")!
        #expect(!nat.allRules.contains { $0.comment?.contains("ns6/svc6") == true })
        let reject = ruleset.table("filter")!.rules("KUBE-SERVICES")
        #expect(
            reject.map { IptablesSaveFormat.line($0) } == [
                "-A KUBE-SERVICES -d 172.30.0.46/32 -p tcp -m comment --comment \"ns6/svc6:p80 has no endpoints\" "
                    + "-m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable"
            ])
    }

    @Test func kubeDNSOnAKubeadmNodeHasTheWellKnownChains() {
        let dns = ObjectKey(namespace: "kube-system", name: "kube-dns")
        let endpoints = [EndpointSpec(ip: "10.244.0.2", port: 53), EndpointSpec(ip: "10.244.0.3", port: 53)]
        let port = ServicePortSpec(
            service: dns, portName: .named("dns"), protocol: "UDP", port: 53,
            clusterIPs: ["10.96.0.10"], endpoints: endpoints)
        let node = ProxyNode(name: "cp", localDetector: .clusterCIDR(["10.244.0.0/16"]))
        let nat = KubeProxyIptables(node: node).ruleset(for: [port]).table("nat")!
        let lines = nat.allRules.map { IptablesSaveFormat.line($0) }
        #expect(
            lines.contains(
                "-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment \"kube-system/kube-dns:dns cluster IP\" "
                    + "-m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU"))
        #expect(
            lines.contains(
                "-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "
                    + "\"kube-system/kube-dns:dns cluster IP\" -m udp --dport 53 -j KUBE-MARK-MASQ"))
        #expect(lines.contains { $0.contains("--probability 0.50000000000 -j KUBE-SEP-") })
        #expect(
            lines.contains(
                "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" "
                    + "-j MASQUERADE --random-fully"))
    }

    @Test func probabilitiesLadderOverEndpointsSortedAsStrings() {
        let endpoints = ["10.0.0.9", "10.0.0.10", "10.0.0.2"].map { EndpointSpec(ip: $0, port: 8080) }
        let port = ServicePortSpec(
            service: ProxyRulesFixtures.key("a", "web"), portName: .unnamed, port: 80,
            clusterIPs: ["10.96.5.5"], endpoints: endpoints)
        let nat = KubeProxyIptables(node: ProxyNode(name: "n")).ruleset(for: [port]).table("nat")!
        let svc = KubeProxyChains.serviceChain(port.service, portName: nil, protocol: "TCP")
        let comments = nat.rules(svc).compactMap(\.comment)
        #expect(comments == ["a/web -> 10.0.0.10:8080", "a/web -> 10.0.0.2:8080", "a/web -> 10.0.0.9:8080"])
        let saved = nat.rules(svc).map { IptablesSaveFormat.line($0) }
        #expect(saved[0].contains("--probability 0.33333333349"))
        #expect(saved[1].contains("--probability 0.50000000000"))
        #expect(!saved[2].contains("statistic"))
    }

    @Test func hiddenPortNamesOfAMultiPortServiceNeverGiveTheUnnamedHash() {
        let key = ProxyRulesFixtures.key("shop", "api")
        let port = ServicePortSpec(
            service: key, portName: .hidden(multiPort: true), port: 443,
            clusterIPs: ["10.96.7.7"], endpoints: [EndpointSpec(ip: "10.244.1.4", port: 8443)])
        let nat = KubeProxyIptables(node: ProxyNode(name: "n")).ruleset(for: [port]).table("nat")!
        let unnamed = KubeProxyChains.serviceChain(key, portName: nil, protocol: "TCP")
        #expect(!nat.chains.contains(unnamed))
        #expect(nat.chains.contains { $0.hasPrefix("KUBE-SVC-?") && $0.hasSuffix("?") && $0.count == 25 })
        #expect(nat.allRules.contains { $0.comment == "shop/api:<port 443 name not in input> cluster IP" })
    }

    @Test func ipv6RulesUseHostPrefixesBracketsAndTheIcmp6Reject() {
        let key = ProxyRulesFixtures.key("v6", "web")
        let ports = [
            ServicePortSpec(
                service: key, portName: .unnamed, port: 80, clusterIPs: ["10.96.0.20", "fd00:10:96::20"],
                affinityTimeoutSeconds: 60, endpoints: [EndpointSpec(ip: "fd00:10:244::5", port: 8080)]),
            ServicePortSpec(
                service: ProxyRulesFixtures.key("v6", "none"), portName: .unnamed, port: 80,
                clusterIPs: ["fd00:10:96::21"]),
        ]
        let node = ProxyNode(name: "n", localDetector: .clusterCIDR(["10.244.0.0/16", "fd00:10:244::/56"]))
        let ruleset = KubeProxyIptables(node: node, family: .ipv6).ruleset(for: ports)
        let text = ruleset.saveText
        #expect(text.contains("-d fd00:10:96::20/128 -p tcp"))
        #expect(text.contains("! -s fd00:10:244::/56 -d fd00:10:96::20/128"))
        #expect(text.contains("-j DNAT --to-destination [fd00:10:244::5]:8080"))
        #expect(text.contains("--mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource"))
        #expect(text.contains("-j REJECT --reject-with icmp6-port-unreachable"))
        #expect(text.contains("-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"))
        #expect(text.contains("! -d ::1/128"))
        #expect(!text.contains("KUBE-FIREWALL"))
        #expect(!text.contains("10.96.0.20"))
    }

    @Test func servingTerminatingEndpointsAreUsedOnlyWhenNoneIsReady() {
        let key = ProxyRulesFixtures.key("a", "b")
        let terminating = EndpointSpec(ip: "10.244.0.7", port: 80, ready: false, serving: true, terminating: true)
        let ready = EndpointSpec(ip: "10.244.0.8", port: 80)
        func dnats(_ endpoints: [EndpointSpec]) -> [String] {
            let port = ServicePortSpec(
                service: key, portName: .unnamed, port: 80, clusterIPs: ["10.96.1.1"],
                endpoints: endpoints)
            return KubeProxyIptables(node: ProxyNode(name: "n")).ruleset(for: [port]).table("nat")!.allRules
                .compactMap { if case .dnat(let to) = $0.target { return to } else { return nil } }
        }
        #expect(dnats([terminating, ready]) == ["10.244.0.8:80"])
        #expect(dnats([terminating]) == ["10.244.0.7:80"])
        #expect(dnats([EndpointSpec(ip: "10.244.0.9", port: 80, ready: false)]).isEmpty)
    }
}
