import ClusterModel
import Foundation
import Testing

@testable import ProxyRules

/// The generated text must be real syntax: the real tools accept it (when installed, as .ci/run does).
enum RealTool {
    static func path(_ name: String) -> String? {
        ["/usr/sbin/", "/sbin/", "/usr/bin/"].map { $0 + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs `tool arguments` with `input` on stdin; returns (exit status, stderr).
    static func run(_ tool: String, _ arguments: [String], input: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
    }
}

@Suite struct RealToolTests {
    static var hiddenNamePorts: [ServicePortSpec] {
        let key = ProxyRulesFixtures.key("shop", "api")
        return [443, 80].map { number in
            ServicePortSpec(
                service: key, portName: .hidden(multiPort: true), port: number, clusterIPs: ["10.96.7.7"],
                nodePort: 30000 + number, externalTrafficPolicyLocal: true, affinityTimeoutSeconds: 600,
                endpoints: [EndpointSpec(ip: "10.244.1.4", port: 8000 + number, nodeName: "n")])
        }
    }

    @Test func iptablesRestoreAcceptsGeneratedRulesets() throws {
        guard let tool = RealTool.path("iptables-restore") else { return }
        let generated = ProxyRulesFixtures.overallGenerator.ruleset(
            for: ProxyRulesFixtures.overallServices + Self.hiddenNamePorts)
        var text = generated.saveText
        // The nfacct objects only exist where kube-proxy created them.
        text = text.split(separator: "\n").filter { !$0.contains("nfacct") }.joined(separator: "\n") + "\n"
        let (status, errors) = try RealTool.run(tool, ["--test"], input: text)
        #expect(status == 0, "iptables-restore --test: \(errors)")
    }

    @Test func ip6tablesRestoreAcceptsAnIPv6Ruleset() throws {
        guard let tool = RealTool.path("ip6tables-restore") else { return }
        let key = ProxyRulesFixtures.key("v6", "web")
        let port = ServicePortSpec(
            service: key, portName: .named("http"), port: 80, clusterIPs: ["fd00:10:96::20"],
            nodePort: 30080, loadBalancerIPs: ["2001:db8::7"],
            loadBalancerSourceRanges: ["2001:db8:1::/48"], affinityTimeoutSeconds: 60,
            endpoints: [EndpointSpec(ip: "fd00:10:244::5", port: 8080)])
        let node = ProxyNode(name: "n", localDetector: .clusterCIDR(["fd00:10:244::/56"]))
        let text = KubeProxyIptables(node: node, family: .ipv6).ruleset(for: [port]).saveText
        let (status, errors) = try RealTool.run(tool, ["--test"], input: text)
        #expect(status == 0, "ip6tables-restore --test: \(errors)")
    }
}
