import ClusterModel

/// A node's own `ipvsadm -Ln` (`--node-rules NODE=FILE`): its virtual servers and real servers are walked
/// instead of the predicted ones.
///
/// It holds IPVS only: the ipsets and the few iptables rules of IPVS mode stay predicted (and say so).
public struct ObservedIPVS: Sendable, Hashable {
    public var dump: IpvsDump
    /// The file it was read from, for `.observed("file:line")`.
    public var source: String
    public init(dump: IpvsDump, source: String) { self.dump = dump; self.source = source }

    /// The listed virtual server for `protocol address:port`, as kubehops prints one, with its listing.
    func virtualServer(protocol: String, address: IPPrefix, port: Int) -> (IPVSVirtualServer, IpvsVirtualServer)? {
        let hostPort = address.withPort(port)
        guard
            let listed = dump.services.first(where: {
                $0.protocol == `protocol`.uppercased() && (IPPrefix.hostPortText($0.address) == hostPort)
            })
        else { return nil }
        let server = IPVSVirtualServer(
            protocol: listed.protocol, address: address, port: port, scheduler: listed.scheduler ?? "rr",
            persistence: listed.persistentSeconds, realServers: listed.realServers.map(\.address))
        return (server, listed)
    }

    func provenance(_ line: Int) -> Provenance { .observed("\(source):\(line)") }
}

extension IPPrefix {
    /// `10.0.0.1:443` / `[fd00::1]:443` in kubehops' own form (`withPort`), or the text unchanged.
    public static func hostPortText(_ text: String) -> String {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            return text
        }
        var host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return IPPrefix(host)?.withPort(port) ?? text
    }
}
