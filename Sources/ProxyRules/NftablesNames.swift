import ClusterModel

/// kube-proxy's nftables names (pkg/proxy/nftables/proxier.go, `hashAndTruncate`): the first 8
/// characters of base32(sha256(name)), a dash, then the readable name itself,
/// `ns/svc/proto/portName` (an unnamed port leaves the last part empty: a trailing `/`) or
/// `ns/svc/proto/portName__ip/port` for an endpoint (IPv6 colons become dots).
public enum NftablesNames {
    /// Longest chain name knftables accepts (256), less the longest prefix kube-proxy puts before it (16).
    static let baseLengthMax = 256 - 16

    static func hashAndTruncate(_ name: String) -> String {
        var hasher = ChainNameHasher(base: name)
        return truncated(hasher.name(prefix: "", hashLength: 8, message: "-"))
    }

    /// `HASH-name` cut to the longest base knftables accepts.
    static func truncated(_ full: String) -> String {
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

    /// ``endpointBase(_:_:)`` of each endpoint (placeholders when the port's name is hidden), the port's part of
    /// the message hashed into reused bytes.
    static func endpointBases(_ port: ServicePortSpec, _ endpoints: [EndpointSpec]) -> [String] {
        guard let portName = port.portName.hashedName else {
            return endpoints.map { placeholderBase(port, endpoint: $0) }
        }
        let service = "\(port.service.effectiveNamespace)/\(port.service.name)/\(port.protocol.lowercased())"
        var hasher = ChainNameHasher(base: service + "/" + (portName ?? ""))
        return endpoints.map { endpoint in
            let suffix = "__\(endpoint.ip.replacingColons)/\(endpoint.port)"
            return truncated(hasher.name(prefix: "", hashLength: 8, suffix: suffix, message: "-"))
        }
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
    var replacingColons: String { utf8.contains(UInt8(ascii: ":")) ? String(map { $0 == ":" ? "." : $0 }) : self }
}
