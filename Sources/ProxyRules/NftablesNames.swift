import ClusterModel

/// kube-proxy's nftables names (pkg/proxy/nftables/proxier.go, `hashAndTruncate`): the first 8
/// characters of base32(sha256(name)), a dash, then the readable name itself,
/// `ns/svc/proto/portName` (an unnamed port leaves the last part empty: a trailing `/`) or
/// `ns/svc/proto/portName__ip/port` for an endpoint (IPv6 colons become dots).
public enum NftablesNames {
    /// Longest chain name knftables accepts (256), less the longest prefix kube-proxy puts before it (16).
    static let baseLengthMax = 256 - 16

    static func hashAndTruncate(_ name: String) -> String {
        let hash = String(Base32.encode(SHA256.digest(Array(name.utf8))).prefix(8))
        let full = hash + "-" + name
        guard full.utf8.count > baseLengthMax else { return full }
        return String(full.prefix(baseLengthMax - 3)) + "..."
    }

    /// `HASH-ns/svc/proto/portName`: the base of the service-, local-, external- and firewall- chains;
    /// nil when the input hides the port's name (a multi-port service from a table).
    public static func serviceBase(_ port: ServicePortSpec) -> String? {
        guard let portName = port.portName.hashedName else { return nil }
        return hashAndTruncate(
            "\(port.service.effectiveNamespace)/\(port.service.name)/\(port.protocol.lowercased())/\(portName ?? "")")
    }

    /// `HASH-ns/svc/proto/portName__ip/port`: the endpoint- chain and affinity- set of one endpoint.
    public static func endpointBase(_ port: ServicePortSpec, _ endpoint: EndpointSpec) -> String? {
        guard let portName = port.portName.hashedName else { return nil }
        let ip = endpoint.ip.replacingColons
        return hashAndTruncate(
            "\(port.service.effectiveNamespace)/\(port.service.name)/\(port.protocol.lowercased())/\(portName ?? "")"
                + "__\(ip)/\(endpoint.port)")
    }

    /// A visibly-not-kube-proxy base for a port whose name the input hides: lowercase and `_` never occur
    /// in kube-proxy's base32 hash, and it stays an nft identifier (letters, digits, `/ - _ .`), so the
    /// table still passes `nft -c -f`.
    static func placeholderBase(_ port: ServicePortSpec, endpoint: EndpointSpec? = nil) -> String {
        let service = "\(port.service.effectiveNamespace)/\(port.service.name)/\(port.protocol.lowercased())"
        let tail = endpoint.map { "__\($0.ip.replacingColons)/\($0.port)" } ?? ""
        let seed = "?\(service)?\(port.port)\(tail)"
        return "_" + String(KubeProxyChains.hash(seed).prefix(6)).lowercased() + "_-\(service)/port\(port.port)"
            + "-name-unknown" + tail
    }
}

extension String {
    var replacingColons: String { String(map { $0 == ":" ? "." : $0 }) }
}
