import ClusterModel
import FlowEngine
import Testing

@testable import ProxyRules

/// The generators' fast paths (names hashed once per endpoint into reused bytes, chains sorted on packed bytes,
/// addresses written at once, the text appended into one string) against simple independent expectations.
@Suite struct RulesGeneratorFastPathTests {
    /// The name as the straightforward formula makes it: base32 of the whole digest, cut.
    static func expectedName(_ prefix: String, _ message: String, hashLength: Int) -> String {
        prefix + String(Base32.encode(SHA256.digest(Array(message.utf8))).prefix(hashLength))
    }

    @Test func hashedNamesEqualTheFormulaForEveryMessageLength() {
        var random = GeneratedCluster.Random(state: 7)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789/:._-é✓")
        for length in 0...140 {
            let base = String((0..<(length / 2)).map { _ in letters[random.next(letters.count)] })
            let suffix = String((0..<(length - length / 2)).map { _ in letters[random.next(letters.count)] })
            var hasher = ChainNameHasher(base: base)
            // The same hasher twice: the scratch bytes are reused from name to name.
            for _ in 0..<2 {
                #expect(
                    hasher.name(prefix: "KUBE-SEP-", hashLength: 16, suffix: suffix)
                        == Self.expectedName("KUBE-SEP-", base + suffix, hashLength: 16), "length \(length)")
                #expect(
                    hasher.name(prefix: "", hashLength: 8, suffix: suffix, message: "-")
                        == Self.expectedName("", base + suffix, hashLength: 8) + "-" + base + suffix)
            }
        }
        #expect(KubeProxyChains.hash("") == "4OYMIQUY7QOBJGX3")
    }

    @Test func chainOrderIsStringOrder() {
        var random = GeneratedCluster.Random(state: 11)
        let stems = [
            "KUBE-SEP-", "KUBE-SVC-", "KUBE-SEP-ABCDEFGHIJKLMNOP", "KUBE-SEP-ABCDEFGHIJKLMNOPQRSTUVWX", "A", "",
        ]
        var names: [String] = []
        for _ in 0..<2_000 {
            let tail = String((0..<random.next(12)).map { _ in Array("AB7Z-?")[random.next(6)] })
            names.append(stems[random.next(stems.count)] + tail)
        }
        #expect(ChainOrder.sorted(names) == names.sorted())
        let withNonASCII = names + ["KUBE-SEP-É", "KUBE-SEP-E\u{301}", "KUBE-SEP-Z"]
        #expect(ChainOrder.sorted(withNonASCII) == withNonASCII.sorted())
    }

    @Test(arguments: [
        ("0.0.0.0", 0, "0.0.0.0:0"), ("255.255.255.255", 65535, "255.255.255.255:65535"),
        ("10.244.1.5", 8080, "10.244.1.5:8080"), ("010.1.2.3", 80, "10.1.2.3:80"),
        ("10.1.2.3", 70000, "10.1.2.3:70000"), ("10.1.2.3", -1, "10.1.2.3:-1"), ("fd00::1", 443, "[fd00::1]:443"),
    ])
    func addressesWithPortsAreWrittenAsBefore(ip: String, port: Int, expected: String) throws {
        let prefix = try #require(IPPrefix(ip))
        #expect(prefix.withPort(port) == expected)
        #expect(EndpointSpec(ip: ip, port: port).hostPort == expected)
    }

    /// `ip:port` as kube-proxy writes it, made here without IPPrefix.
    static func hostPort(_ endpoint: EndpointSpec) -> String {
        endpoint.ip.contains(":") ? "[\(endpoint.ip)]:\(endpoint.port)" : "\(endpoint.ip):\(endpoint.port)"
    }

    /// On generated clusters: each plain service port (policies Cluster, no affinity, names known) jumps from its
    /// KUBE-SVC chain to its ready endpoints' KUBE-SEP chains in `ip:port` order, each SEP chain is declared once
    /// and DNATs to its endpoint, and the user chains are declared in String order.
    @Test(arguments: 1...12)
    func everyServicePortsChainsAppearOnceInKubeProxysOrder(seed: Int) throws {
        let cluster = GeneratedCluster(seed: UInt64(seed)).cluster
        let node = cluster.nodes.first?.name ?? "some-node"
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: node)
        let text = NodeRulesText.iptablesSave(state, family: .ipv4)
        let lines = text.split(separator: "\n").map(String.init)
        let natStart = try #require(lines.firstIndex(of: "*nat"))
        let declared = lines[natStart...].filter { $0.hasPrefix(":KUBE-") }.map {
            String($0.dropFirst().prefix { $0 != " " })
        }
        #expect(declared == declared.sorted())
        var checked = 0
        for port in state.ports where Self.isPlain(port) {
            guard let portName = port.portName.hashedName else { continue }
            let name = KubeProxyChains.servicePortName(port.service, portName: portName) + port.protocol.lowercased()
            let ready = port.endpoints.filter { $0.ready && !$0.ip.contains(":") }.map(Self.hostPort).sorted()
            guard !ready.isEmpty else { continue }
            let svc = Self.expectedName("KUBE-SVC-", name, hashLength: 16)
            let seps = ready.map { Self.expectedName("KUBE-SEP-", name + $0, hashLength: 16) }
            let jumps = lines.filter { $0.hasPrefix("-A \(svc) ") }.compactMap { $0.split(separator: " -j ").last }
                .map(String.init).filter { $0.hasPrefix("KUBE-SEP-") }
            #expect(jumps == seps, "\(port.service) port \(port.port)")
            for (sep, hostPort) in zip(seps, ready) {
                #expect(declared.filter { $0 == sep }.count == 1)
                let dnat = "-j DNAT --to-destination \(hostPort)"
                #expect(lines.contains { $0.hasPrefix("-A \(sep) ") && $0.hasSuffix(dnat) })
            }
            checked += 1
        }
        #expect(checked > 0 || state.ports.allSatisfy { !Self.isPlain($0) })
    }

    /// On generated clusters in the 1.33–1.35 nftables layout: each plain port's service chain picks among its
    /// ready endpoints' endpoint- chains (`HASH-ns/svc/proto/port__ip/port`, named by the formula) in `ip:port`
    /// order, and each such chain is listed once and DNATs to its endpoint.
    @Test(arguments: 1...12)
    func everyServicePortsNftChainsAppearOnceInKubeProxysOrder(seed: Int) throws {
        let cluster = GeneratedCluster(seed: UInt64(seed)).cluster
        let node = cluster.nodes.first?.name ?? "some-node"
        let options = NodeProxyOptions(kubeVersion: KubeVersion("1.34"))
        let state = try FlowEngine(cluster: cluster).proxyState(onNode: node, options: options)
        let lines = NodeRulesText.nftList(state, family: .ipv4).split(separator: "\n").map(String.init)
        var checked = 0
        for port in state.ports where Self.isPlain(port) {
            guard let portName = port.portName.hashedName else { continue }
            let proto = port.protocol.lowercased()
            let service = "\(port.service.effectiveNamespace)/\(port.service.name)/\(proto)/\(portName ?? "")"
            let ready = port.endpoints.filter { $0.ready && !$0.ip.contains(":") }
                .map { (hostPort: Self.hostPort($0), name: service + "__\($0.ip)/\($0.port)") }
                .sorted { $0.hostPort < $1.hostPort }
            guard !ready.isEmpty else { continue }
            let chains = ready.map { "endpoint-" + Self.expectedName("", $0.name, hashLength: 8) + "-" + $0.name }
            let slots = chains.enumerated().map { "\($0.offset) : goto \($0.element)" }.joined(separator: ", ")
            #expect(lines.contains("\t\tnumgen random mod \(chains.count) vmap { \(slots) }"), "\(port.service)")
            for (chain, endpoint) in zip(chains, ready) {
                let start = try #require(lines.firstIndex(of: "\tchain \(chain) {"))
                #expect(lines.filter { $0 == "\tchain \(chain) {" }.count == 1)
                let body = lines[start...].prefix { $0 != "\t}" }
                #expect(body.contains("\t\tmeta l4proto \(proto) dnat to \(endpoint.hostPort)"))
            }
            checked += 1
        }
        #expect(checked > 0 || state.ports.allSatisfy { !Self.isPlain($0) })
    }

    static func isPlain(_ port: ServicePortSpec) -> Bool {
        !port.internalTrafficPolicyLocal && !port.externalTrafficPolicyLocal && port.affinityTimeoutSeconds == nil
            && port.clusterIPs.contains { !$0.contains(":") }
    }
}
