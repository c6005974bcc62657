import ClusterModel

/// kube-proxy's iptables chain names, computed exactly as kube-proxy does so
/// that a student can find them in `iptables-save -t nat` on a real node:
/// prefix + the first 16 characters of base32(sha256(servicePortName + protocol [+ endpoint])).
public enum KubeProxyChains {
    /// `namespace/name`, plus `:portName` when the port is named.
    public static func servicePortName(_ service: ObjectKey, portName: String?) -> String {
        let base = "\(service.effectiveNamespace)/\(service.name)"
        guard let portName, !portName.isEmpty else { return base }
        return base + ":" + portName
    }

    static func hash(_ text: String) -> String {
        var hasher = ChainNameHasher(base: text)
        return hasher.name(prefix: "", hashLength: 16)
    }

    /// `KUBE-SVC-…`: the chain that spreads a service port over its endpoints.
    public static func serviceChain(_ service: ObjectKey, portName: String?, protocol: String) -> String {
        "KUBE-SVC-" + hash(servicePortName(service, portName: portName) + `protocol`.lowercased())
    }

    /// `KUBE-EXT-…`: entered from NodePorts and load-balancer IPs; marks for masquerade (policy Cluster).
    public static func externalChain(_ service: ObjectKey, portName: String?, protocol: String) -> String {
        "KUBE-EXT-" + hash(servicePortName(service, portName: portName) + `protocol`.lowercased())
    }

    /// `KUBE-SVL-…`: the node-local endpoints only (externalTrafficPolicy Local).
    public static func localChain(_ service: ObjectKey, portName: String?, protocol: String) -> String {
        "KUBE-SVL-" + hash(servicePortName(service, portName: portName) + `protocol`.lowercased())
    }

    /// `KUBE-SEP-…`: one endpoint; it DNATs to `ip:port`.
    public static func endpointChain(
        _ service: ObjectKey, portName: String?, protocol: String, endpoint: String
    ) -> String {
        "KUBE-SEP-" + hash(servicePortName(service, portName: portName) + `protocol`.lowercased() + endpoint)
    }

    /// The probability of the i-th (0-based) of n endpoint rules: 1/n, 1/(n−1), …, 1/2;
    /// the last rule has none (nil).
    public static func probability(rule index: Int, of count: Int) -> Double? {
        guard index < count - 1 else { return nil }
        return 1.0 / Double(count - index)
    }

    /// The probability as `iptables-save` prints it on a node (`0.33333333349`): what
    /// students see in a dump.
    ///
    /// See ``StatisticProbability`` for the written form.
    public static func formatProbability(_ p: Double, kubeVersion: KubeVersion? = nil) -> String {
        StatisticProbability(p, kubeVersion: kubeVersion).saved
    }
}

extension KubeProxyChains {
    /// A chain name that is visibly not kube-proxy's (`?` is never in base32) for a port whose
    /// name the input hides: prefix + `?` + 14 characters telling the ports apart + `?`.
    public static func placeholderChain(
        _ prefix: String, service: ObjectKey, protocol: String, port: Int, endpoint: String = ""
    ) -> String {
        let seed = "?\(service.effectiveNamespace)/\(service.name)?\(`protocol`.lowercased())\(port)\(endpoint)"
        return prefix + "?" + String(hash(seed).prefix(14)) + "?"
    }
}
