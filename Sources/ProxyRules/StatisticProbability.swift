/// One `-m statistic --mode random --probability p` value in its three forms.
///
/// kube-proxy writes `fmt.Sprintf("%0.10f", 1.0/float64(n))` (`%0.5f` before 1.17);
/// iptables' libxt_statistic stores it as the u32 `lround(0x80000000 * p)` and
/// `iptables-save` prints `%.11f` of `stored / 0x80000000`. So a dump of a 3-endpoint service
/// shows `0.33333333349`, not what kube-proxy wrote, and a pre-1.17 one `0.33332999982`.
public struct StatisticProbability: Sendable, Hashable, Codable {
    /// The text kube-proxy passes to iptables-restore (`0.3333333333`).
    public var written: String
    /// The kernel's value, `p * 2^31` rounded: the packet matches when `random < stored`.
    public var stored: UInt32
    /// The text `iptables-save` prints (`0.33333333349`).
    public var saved: String

    /// The probability kube-proxy of `kubeVersion` writes for `p` (nil version: current form).
    public init(_ p: Double, kubeVersion: KubeVersion? = nil) {
        let legacy = kubeVersion.map { $0 < .tenDecimalProbabilities } ?? false
        self.init(written: Self.fixed(p, decimals: legacy ? 5 : 10))
    }

    /// The probability as written in an `iptables-restore` input or a kube-proxy rule.
    public init(written: String) {
        self.written = written
        let value = min(max(Double(written) ?? 0, 0), 1)
        stored = UInt32((value * 2_147_483_648).rounded(.toNearestOrAwayFromZero))
        saved = Self.saved(stored)
    }

    /// The chance that a packet matches: the kernel compares a random u32 below 2^31.
    public var value: Double { Double(stored) / 2_147_483_648 }

    /// `%.11f` of `stored / 2^31`, exactly as glibc prints it (round half to even): the value is
    /// a binary fraction, so `stored * 10^11 / 2^31 = stored * 5^11 / 2^20` in integers.
    static func saved(_ stored: UInt32) -> String {
        let product = UInt64(stored) * 48_828_125  // < 2^57
        var digits = product >> 20
        let remainder = product & 0xFFFFF
        if remainder > 0x80000 || (remainder == 0x80000 && digits & 1 == 1) { digits += 1 }
        return decimal(digits, decimals: 11)
    }

    /// `%0.Nf` of a probability in [0, 1].
    static func fixed(_ p: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let clamped = min(max(p, 0), 1)
        return decimal(UInt64((clamped * scale).rounded(.toNearestOrEven)), decimals: decimals)
    }

    private static func decimal(_ scaled: UInt64, decimals: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let fraction = String(scaled % scale)
        return "\(scaled / scale)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
