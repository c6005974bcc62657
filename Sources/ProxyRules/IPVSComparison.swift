import ClusterModel

/// Compares the IPVS table kube-proxy's IPVS proxier would make on a node (``KubeProxyIPVS``) with the
/// node's `ipvsadm -Ln` (or `-Ln --stats` / `--rate`).
///
/// Pure.
///
/// Virtual servers are keyed by protocol and address:port (ClusterIP:port, each node address:nodePort,
/// load-balancer and external IPs). Each predicted one belongs to the service port it was made for; one
/// only in the dump belongs to the service with its address, else to none (node-wide). Real servers are
/// compared as sets per virtual server (the kernel lists both in its hash order). Without
/// --nodeport-addresses kube-proxy makes NodePort virtual servers on every local address of the node but
/// kube-ipvs0's (docker0's, a CNI bridge's, and, before kube-proxy left loopback out, 127.0.0.1), which no
/// kubectl output lists: those are held against the node address's virtual server and named in one note.
/// The differences go through the same ``ComparisonWork`` as the iptables and nftables comparisons, so a
/// service wholly on one side is one difference there as here.
public enum IPVSComparison {
    /// `families`: those predicted; the dump's virtual servers of another family are counted, not compared.
    public static func compare(
        ports: [ServicePortSpec], node: ProxyNode, families: [IPPrefix.Family], dump: IpvsDump
    ) -> RulesComparison {
        var work = ComparisonWork(node: node.name)
        work.unit = "virtual server"
        var table = IPVSTablePair(ports: ports, node: node, families: families)
        table.read(dump)
        work.compare(table, stats: dump.hasStats)
        work.notes += table.notes(dump)
        for (owner, servers) in table.foreign.sorted(by: { $0.key < $1.key }) {
            work.foreign[owner] = (Set(servers.map(\.name)), servers.reduce(0) { $0 + $1.realServers })
        }
        return work.result(otherMode: nil)
    }

    /// `TCP 10.96.0.1:443` (`TCP [fd00::1]:443`) from ipvsadm's protocol and address, the address written
    /// as `inet_ntop` writes it; nil for a name (`ipvsadm -L` without -n) or anything else.
    static func key(_ protocol: String, _ hostPort: String) -> String? {
        address(hostPort).map { "\(`protocol`.uppercased()) \($0.ip.withPort($0.port))" }
    }

    static func address(_ hostPort: String) -> (ip: IPPrefix, port: Int)? {
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...])
        else { return nil }
        var host = hostPort[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard let ip = IPPrefix(host) else { return nil }
        return (ip, port)
    }

    /// A real server's `ip:port` as kube-proxy names endpoints (the text itself when it is no address).
    static func endpoint(_ hostPort: String) -> String {
        address(hostPort).map { $0.ip.withPort($0.port) } ?? hostPort
    }
}

/// One predicted virtual server with the service port it was made for.
struct PredictedVirtualServer {
    let server: IPVSVirtualServer
    let service: String
    /// A NodePort virtual server (on a node address), not a ClusterIP, LB or external IP one.
    let isNodePort: Bool
    var key: String { "\(server.protocol) \(server.hostPort)" }
}

/// A virtual server of the dump not in the prediction, with where it belongs.
enum RealOnly {
    /// Matches a predicted NodePort (protocol and port) on another local address: compared with `twin`.
    case otherLocalAddress(twin: String)
    /// Has the address of this service (another port or protocol than predicted).
    case ofService(String)
    /// No service in the input has its address.
    case unknown
}

/// The prediction and the dump side by side, keyed by `PROTO address:port`.
struct IPVSTablePair {
    var predicted: [String: PredictedVirtualServer] = [:]
    /// Predicted keys in the order the prediction lists them (sorted by service).
    var predictedOrder: [String] = []
    var real: [String: IpvsVirtualServer] = [:]
    var realOrder: [String] = []
    /// ClusterIP / LB / external address → service.
    var addressService: [String: String] = [:]
    /// `TCP 30449` → the key of the first predicted NodePort virtual server of that nodePort.
    var nodePortTwin: [String: String] = [:]
    var families: [IPPrefix.Family]
    /// Virtual servers kube-proxy never makes (FWM), by owner.
    var foreign: [String: [(name: String, realServers: Int)]] = [:]
    var otherFamily = 0, unnamed = 0, repeated = 0

    init(ports: [ServicePortSpec], node: ProxyNode, families: [IPPrefix.Family]) {
        self.families = families
        let sorted = ports.sorted { ($0.service, $0.port, $0.protocol) < ($1.service, $1.port, $1.protocol) }
        for family in families {
            let generator = KubeProxyIPVS(node: node, family: family)
            for port in sorted {
                let service = "\(port.service.effectiveNamespace)/\(port.service.name)"
                for server in generator.virtualServers(port) {
                    let isNodePort = port.nodePort.map { $0 != 0 && server.port == $0 } == true
                        && node.addresses.contains { IPPrefix($0) == server.address }
                    let entry = PredictedVirtualServer(server: server, service: service, isNodePort: isNodePort)
                    guard predicted[entry.key] == nil else { continue }
                    predicted[entry.key] = entry
                    predictedOrder.append(entry.key)
                    if isNodePort {
                        let twin = "\(server.protocol) \(server.port)"
                        if nodePortTwin[twin] == nil { nodePortTwin[twin] = entry.key }
                    } else {
                        addressService[server.address.address] = service
                    }
                }
            }
        }
    }

    mutating func read(_ dump: IpvsDump) {
        for server in dump.services {
            if server.protocol == "FWM" {
                let owner = "firewall-mark (FWM) virtual services: kube-proxy makes none (keepalived, a hand-run "
                    + "`ipvsadm -A -f`)"
                foreign[owner, default: []].append(("FWM \(server.address)", server.realServers.count))
                continue
            }
            guard let key = IPVSComparison.key(server.protocol, server.address),
                let address = IPVSComparison.address(server.address)
            else {
                unnamed += 1
                continue
            }
            guard families.contains(address.ip.family) else {
                otherFamily += 1
                continue
            }
            guard real[key] == nil else {
                repeated += 1
                continue
            }
            real[key] = server
            realOrder.append(key)
        }
    }

    func place(ofRealOnly key: String) -> RealOnly {
        guard let server = real[key], let address = IPVSComparison.address(server.address) else { return .unknown }
        if let service = addressService[address.ip.address] { return .ofService(service) }
        if let twin = nodePortTwin["\(server.protocol.uppercased()) \(address.port)"] {
            return .otherLocalAddress(twin: twin)
        }
        return .unknown
    }

    /// The addresses of the NodePort virtual servers on the node's other local addresses.
    var otherLocalAddresses: [String] {
        var seen: Set<String> = []
        return realOrder.compactMap { key -> String? in
            guard predicted[key] == nil, case .otherLocalAddress = place(ofRealOnly: key),
                let server = real[key], let address = IPVSComparison.address(server.address),
                seen.insert(address.ip.address).inserted
            else { return nil }
            return address.ip.address
        }
    }

    func notes(_ dump: IpvsDump) -> [String] {
        var notes = [
            "An ipvsadm dump holds only the IPVS table: kube-proxy's ipsets (`ipset list`) and the iptables rules "
                + "it keeps beside IPVS for masquerading and filtering (`iptables-save`: KUBE-SERVICES matching "
                + "KUBE-CLUSTER-IP, KUBE-NODE-PORT, KUBE-IPVS-FILTER…) are not in it, so they are not compared "
                + "(`kubehops rules --proxy-mode ipvs` prints the prediction of both)."
        ]
        if dump.hasStats {
            notes.append(
                "The dump is `ipvsadm -Ln --stats` (or `--rate`) output: its counters are ignored, and it has no "
                    + "scheduler, persistence or weights, so only which virtual and real servers exist is compared "
                    + "(`ipvsadm -Ln` shows the rest).")
        }
        let others = otherLocalAddresses
        if !others.isEmpty {
            notes.append(
                "NodePort virtual servers on the node's other local addresses (" + others.joined(separator: ", ")
                    + "), which the kubectl output does not list: kube-proxy without --nodeport-addresses makes "
                    + "them on every local address but kube-ipvs0's (docker0, a CNI bridge…). Their real servers "
                    + "are compared with the node address's; they are not differences.")
        }
        if otherFamily > 0 {
            notes.append(
                "\(otherFamily) virtual server\(otherFamily == 1 ? " is" : "s are") of the other IP family and "
                    + "not compared (without --ip-family both families are).")
        }
        if unnamed > 0 {
            notes.append(
                "\(unnamed) virtual server\(unnamed == 1 ? " has" : "s have") a name instead of an address and "
                    + "\(unnamed == 1 ? "is" : "are") not compared: take the dump with `ipvsadm -Ln` (-n: numbers).")
        }
        if repeated > 0 {
            notes.append("\(repeated) virtual server line\(repeated == 1 ? " repeats" : "s repeat") an earlier one "
                + "(the dump was pasted twice?) and \(repeated == 1 ? "was" : "were") read once.")
        }
        return notes
    }
}
