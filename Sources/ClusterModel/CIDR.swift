/// An IPv4 range such as `172.16.180.0/24`.
///
/// kubectl text never prints pod or service ranges, so kubehops guesses them from the addresses it sees; the type keeps
/// the arithmetic in one place.
public struct CIDR: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let base: UInt32
    public let prefixLength: Int

    public init(base: UInt32, prefixLength: Int) {
        let length = min(max(prefixLength, 0), 32)
        self.prefixLength = length
        self.base = base & CIDR.mask(length)
    }

    /// Parses `10.244.0.0/24`; nil for IPv6 or malformed text.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(parts[0]), let value = address.ipv4Value,
            let length = Int(parts[1]), (0...32).contains(length)
        else { return nil }
        self.init(base: value, prefixLength: length)
    }

    public var description: String { "\(CIDR.dotted(base))/\(prefixLength)" }

    public func contains(_ address: IPAddress) -> Bool {
        guard let value = address.ipv4Value else { return false }
        return value & CIDR.mask(prefixLength) == base
    }

    /// The smallest range holding every IPv4 address given, but never longer
    /// than `longestPrefix` (so one pod still yields a believable /24) and never
    /// shorter than `shortestPrefix` (a range wider than that is not a real
    /// allocation, so no guess is made).
    ///
    /// Nil when no IPv4 address is given.
    public static func covering(_ addresses: [IPAddress], longestPrefix: Int = 24, shortestPrefix: Int = 8) -> CIDR? {
        covering(
            values: addresses.compactMap(\.ipv4Value), longestPrefix: longestPrefix, shortestPrefix: shortestPrefix)
    }

    /// `covering` over IPv4 values already parsed.
    public static func covering(values: [UInt32], longestPrefix: Int = 24, shortestPrefix: Int = 8) -> CIDR? {
        guard let first = values.first else { return nil }
        var differing: UInt32 = 0
        for value in values { differing |= value ^ first }
        let common = differing == 0 ? 32 : differing.leadingZeroBitCount
        let length = min(common, longestPrefix)
        guard length >= shortestPrefix else { return nil }
        return CIDR(base: first, prefixLength: length)
    }

    /// Like `covering`, but rounded to the lengths people actually configure
    /// (/8, /12, /16, /24): the common prefix of 10.96.0.1 and 10.101.63.221 is
    /// /13, and the range a reader recognises is kubeadm's 10.96.0.0/12.
    public static func conventionalCovering(_ addresses: [IPAddress], longestPrefix: Int = 24) -> CIDR? {
        conventionalCovering(values: addresses.compactMap(\.ipv4Value), longestPrefix: longestPrefix)
    }

    public static func conventionalCovering(values: [UInt32], longestPrefix: Int = 24) -> CIDR? {
        guard let tight = covering(values: values, longestPrefix: longestPrefix, shortestPrefix: 0) else { return nil }
        let usual = [24, 16, 12, 8].filter { $0 <= longestPrefix }
        guard let length = usual.first(where: { $0 <= tight.prefixLength }) else { return nil }
        return CIDR(base: tight.base, prefixLength: length)
    }

    public static func < (a: CIDR, b: CIDR) -> Bool { (a.base, a.prefixLength) < (b.base, b.prefixLength) }

    static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    public static func dotted(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }
}
