import ClusterModel
import Foundation
import ProxyRules

/// The golden data in Tests/Data/ProxyRules (origins in its SOURCES file) and the services of
/// kube-proxy's own TestOverallIPTablesRules, built through the public API.
enum ProxyRulesFixtures {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/ProxyRules")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: dataDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    static func key(_ namespace: String, _ name: String) -> ObjectKey { ObjectKey(namespace: namespace, name: name) }

    /// TestOverallIPTablesRules' six services (pkg/proxy/iptables/proxier_test.go).
    static let overallServices: [ServicePortSpec] = [
        ServicePortSpec(
            service: key("ns1", "svc1"), portName: .named("p80"), port: 80, clusterIPs: ["172.30.0.41"],
            endpoints: [EndpointSpec(ip: "10.180.0.1", port: 80)]),
        ServicePortSpec(
            service: key("ns2", "svc2"), portName: .named("p80"), port: 80, clusterIPs: ["172.30.0.42"],
            nodePort: 3001, loadBalancerIPs: ["1.2.3.4"], externalIPs: ["192.168.99.22"],
            externalTrafficPolicyLocal: true, healthCheckNodePort: 30000,
            endpoints: [EndpointSpec(ip: "10.180.0.2", port: 80)]),
        ServicePortSpec(
            service: key("ns3", "svc3"), portName: .named("p80"), port: 80, clusterIPs: ["172.30.0.43"],
            nodePort: 3003, endpoints: [EndpointSpec(ip: "10.180.0.3", port: 80)]),
        ServicePortSpec(
            service: key("ns4", "svc4"), portName: .named("p80"), port: 80, clusterIPs: ["172.30.0.44"],
            externalIPs: ["192.168.99.33"],
            endpoints: [
                EndpointSpec(ip: "10.180.0.4", port: 80),
                EndpointSpec(ip: "10.180.0.5", port: 80, nodeName: "test-node"),
            ]),
        ServicePortSpec(
            service: key("ns5", "svc5"), portName: .named("p80"), port: 80, clusterIPs: ["172.30.0.45"],
            nodePort: 3002, loadBalancerIPs: ["5.6.7.8"], loadBalancerSourceRanges: [" 203.0.113.0/25"],
            affinityTimeoutSeconds: 10800, endpoints: [EndpointSpec(ip: "10.180.0.3", port: 80)]),
        ServicePortSpec(service: key("ns6", "svc6"), portName: .named("p80"), port: 80, clusterIPs: ["172.30.0.46"]),
    ]

    /// The fake proxier of proxier_test.go: node test-node, cluster CIDR 10.0.0.0/8, nfacct
    /// counters present, an iptables without --random-fully.
    static var overallGenerator: KubeProxyIptables {
        var options = ProxyOptions()
        options.nfacctCounters = true
        options.randomFully = false
        let node = ProxyNode(
            name: "test-node", kubeVersion: KubeVersion("v1.31.0"),
            localDetector: .clusterCIDR(["10.0.0.0/8"]), addresses: ["192.168.0.2"])
        return KubeProxyIptables(node: node, options: options)
    }

    /// iptables-save text without the rules kube-proxy adds outside iptables-restore (the jumps
    /// from the built-in chains), as in kube-proxy's test expectations.
    static func withoutBuiltinJumps(_ text: String) -> [String] {
        let builtins = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]
        return text.split(separator: "\n").map(String.init).filter { line in
            !builtins.contains { line.hasPrefix("-A \($0) ") }
        }
    }
}
