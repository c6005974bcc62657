/// A Kubernetes minor version (`v1.29.3+k3s1` → 1.29), which picks kube-proxy's rule layout:
/// five-decimal probabilities before 1.17, `KUBE-XLB` before 1.24, the nftables generation.
public struct KubeVersion: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major; self.minor = minor
    }

    /// Reads `v1.29.3`, `1.29`, `v1.30.2+k3s1`, `v1.28.5-eks-5e0fdde`; nil for anything else.
    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]) else { return nil }
        let minorDigits = parts[1].prefix { $0.isASCII && $0.isNumber }
        guard !minorDigits.isEmpty, minorDigits.count <= 4, let minor = Int(minorDigits) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: KubeVersion, rhs: KubeVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// kube-proxy started writing `%0.10f` probabilities (instead of `%0.5f`) in 1.17.
    public static let tenDecimalProbabilities = KubeVersion(major: 1, minor: 17)
    /// KUBE-EXT / KUBE-SVL replaced KUBE-XLB in 1.24.
    public static let externalChains = KubeVersion(major: 1, minor: 24)
    /// kube-proxy's nftables mode went GA in 1.33.
    public static let nftablesGA = KubeVersion(major: 1, minor: 33)
    /// MultiCIDRServiceAllocator GA and on by default (pkg/features/kube_features.go): kube-proxy watches the
    /// ServiceCIDR objects, and its nftables mode drops traffic to their unallocated addresses.
    public static let serviceCIDRsWatched = KubeVersion(major: 1, minor: 33)
    /// The second nftables generation (inlined masquerade, direct `dnat … numgen` maps), 1.36.
    public static let nftablesSecondGeneration = KubeVersion(major: 1, minor: 36)
}
