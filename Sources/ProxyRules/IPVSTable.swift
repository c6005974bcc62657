import ClusterModel

/// One IPVS virtual server kube-proxy's IPVS proxier creates, with its real servers, printable as
/// `ipvsadm -Ln` prints it (ipvsadm.c `print_service_entry`).
public struct IPVSVirtualServer: Sendable, Hashable {
    /// `TCP`, `UDP`, `SCTP`.
    public var `protocol`: String
    public var address: IPPrefix
    public var port: Int
    public var scheduler: String
    /// `sessionAffinity: ClientIP`: `persistent <timeout>`.
    public var persistence: Int?
    /// `ip:port` of each real server, in the order listed.
    public var realServers: [String]

    var hostPort: String { address.withPort(port) }
    /// `10.96.0.20:80` (`[fd00::20]:80`).
    public var hostPortText: String { hostPort }

    /// `TCP  10.96.0.10:53 rr` (`persistent 10800` with affinity).
    public var line: String {
        "\(`protocol`)  \(hostPort) \(scheduler)" + (persistence.map { " persistent \($0)" } ?? "")
    }

    /// `  -> 10.244.1.5:8080              Masq    1      0          0         `: ipvsadm's
    /// `"  -> %-28s %-7s %-6d %-10u %-10u"` with kube-proxy's masquerading forwarder and weight 1.
    public static func realServerLine(_ hostPort: String, weight: Int = 1) -> String {
        "  -> " + hostPort.padded(28) + " " + "Masq".padded(7) + " " + "\(weight)".padded(6) + " " + "0".padded(10)
            + " " + "0".padded(10)
    }

    /// The whole entry: the virtual server line, then its real servers.
    public var listing: [String] { [line] + realServers.map { Self.realServerLine($0) } }

    /// ipvsadm's two header lines.
    public static let header = [
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
    ]
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
