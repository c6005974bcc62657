import ClusterModel
import Foundation
import Testing

@testable import ProxyRules

/// The generated table is what nft itself prints: loaded into a private network namespace and listed back,
/// it comes out the same (elements compared as sets: nft orders and wraps them itself); where no private
/// namespace can be made, `nft -c -f` at least accepts it.
@Suite struct NftablesRealToolTests {
    static var tables: [(String, NftablesTable)] {
        let services = ProxyRulesFixtures.overallServices
        let v6Port = ServicePortSpec(
            service: ProxyRulesFixtures.key("v6", "web"), portName: .named("http"), port: 80,
            clusterIPs: ["fd00:10:96::20"], nodePort: 30080, loadBalancerIPs: ["2001:db8::7"],
            loadBalancerSourceRanges: ["2001:db8:1::/48", "2001:db8:9::/48"], affinityTimeoutSeconds: 90,
            endpoints: [EndpointSpec(ip: "fd00:10:244::5", port: 8080, nodeName: "n")])
        let v6Node = ProxyNode(
            name: "n", kubeVersion: KubeVersion("v1.36.0"), localDetector: .clusterCIDR(["fd00:10:244::/56"]),
            addresses: ["fd00::2"], serviceCIDRs: ["fd00:10:96::/112"])
        var local = NftablesGeneratorTests.overallNode
        local.localDetector = .interfaceNamePrefix("veth")
        var twoRanges = NftablesGeneratorTests.overallNode
        twoRanges.serviceCIDRs = ["172.30.0.0/16", "10.96.0.0/12"]
        return [
            ("1.33 layout", KubeProxyNftables(node: NftablesGeneratorTests.overallNode).table(for: services)),
            ("1.36 layout", KubeProxyNftables(node: NftablesGeneratorTests.overallNode, generation: .inlined)
                .table(for: services)),
            ("interface detector", KubeProxyNftables(node: local).table(for: services)),
            ("IPv6 1.36", KubeProxyNftables(node: v6Node, family: .ipv6).table(for: [v6Port])),
            ("IPv6 1.33", KubeProxyNftables(node: v6Node, family: .ipv6, generation: .endpointChains)
                .table(for: [v6Port])),
            ("two ServiceCIDRs", KubeProxyNftables(node: twoRanges, generation: .inlined).table(for: services)),
        ]
    }

    /// Each `elements = { … }` block as one sorted line: nft keeps its own order and wraps at its width.
    static func normalized(_ listing: String) -> [String] {
        var lines: [String] = []
        var pending: String?
        for line in listing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if var open = pending {
                open += " " + line.trimmingCharacters(in: .whitespaces)
                pending = open
            } else if line.contains("elements = { ") {
                pending = line
            } else {
                lines.append(line)
                continue
            }
            guard let block = pending, block.hasSuffix("}") else { continue }
            let start = block.range(of: "elements = { ")!
            let body = block[start.upperBound...].dropLast(2)
            let elements = body.components(separatedBy: ", ").sorted()
            lines.append(String(block[..<start.upperBound]) + elements.joined(separator: ", ") + " }")
            pending = nil
        }
        return lines
    }

    @Test(arguments: 0..<6) func nftPrintsTheGeneratedTableBackUnchanged(_ index: Int) throws {
        guard let nft = RealTool.path("nft") else { return }
        let (name, table) = Self.tables[index]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kubehops-\(getpid())-\(index).nft")
        try table.listing.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        if let unshare = RealTool.path("unshare") {
            let script = "\(nft) -f \(file.path) && \(nft) list table \(table.tableName)"
            let (status, output, _) = try RealTool.capture(unshare, ["-rn", "sh", "-c", script])
            if status == 0 {
                let expected = Self.normalized(table.listing), listed = Self.normalized(output)
                for (line, (mine, theirs)) in zip(expected, listed).enumerated() where mine != theirs {
                    Issue.record("\(name), line \(line + 1):\n  generated: \(mine)\n  nft lists: \(theirs)")
                    break
                }
                #expect(expected.count == listed.count, "\(name): \(output)")
                return
            }
        }
        let (status, errors) = try RealTool.run(nft, ["-c", "-f", file.path], input: "")
        #expect(status == 0, "nft -c -f (\(name)): \(errors)")
    }
}

extension RealTool {
    /// Runs `tool arguments`; returns (exit status, stdout, stderr).
    static func capture(_ tool: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
