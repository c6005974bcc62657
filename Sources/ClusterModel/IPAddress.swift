/// An IPv4 or IPv6 address as kubectl prints it, validated so that garbage
/// such as `123.45.678.901` or `<IPv6 REDACTED` never poses as an address.
///
/// An IPv4 address also keeps its 32-bit value, found while validating: the
/// model hashes, sorts and masks 150,000 pod addresses, and re-reading the
/// text each time was a tenth of building the model. The value fits in the
/// padding after `isIPv6`, so the record is no larger.
public struct IPAddress: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let text: String
    public let isIPv6: Bool
    /// The IPv4 value (0 for IPv6).
    private let value: UInt32

    /// Returns nil unless `text` is a well-formed IPv4 dotted quad or IPv6 address.
    public init?<S: StringProtocol>(_ text: S) {
        let s = String(text)
        // Contiguous UTF-8 when the string is native (always, from the parser):
        // checking a buffer is several times faster than walking a UTF8View.
        let v4 = s.utf8.withContiguousStorageIfAvailable { IPAddress.ipv4($0) } ?? IPAddress.ipv4(s.utf8)
        if let v4 {
            self.text = s
            self.isIPv6 = false
            self.value = v4
        } else if IPAddress.isIPv6(s) {
            self.text = s.lowercased()
            self.isIPv6 = true
            self.value = 0
        } else {
            return nil
        }
    }

    private enum CodingKeys: String, CodingKey { case text, isIPv6 }

    /// Decodes the same shape as before the value was kept (`text`, `isIPv6`), validating the text again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .text)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .text, in: container, debugDescription: "not an IP address: \(text)")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(isIPv6, forKey: .isIPv6)
    }

    /// Equal texts are equal addresses; the value only rejects unequal ones quickly.
    public static func == (a: IPAddress, b: IPAddress) -> Bool {
        a.value == b.value && a.isIPv6 == b.isIPv6 && a.text == b.text
    }

    /// An IPv4 address hashes its value (cheap, and equal texts have equal values).
    public func hash(into hasher: inout Hasher) {
        if isIPv6 { hasher.combine(text) } else { hasher.combine(value) }
    }

    public var description: String { text }

    /// `a.b.c.d` → its 32-bit value; nil for IPv6.
    public var ipv4Value: UInt32? { isIPv6 ? nil : value }

    /// Formats an address for `ip:port`: IPv6 gets brackets, as in URLs.
    public func withPort(_ port: Int?) -> String {
        guard let port else { return text }
        return isIPv6 ? "[\(text)]:\(port)" : "\(text):\(port)"
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        if a.isIPv6 != b.isIPv6 { return !a.isIPv6 }
        if !a.isIPv6 { return a.value < b.value }
        return a.text < b.text
    }

    static func isIPv4<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 { ipv4(bytes) != nil }

    /// The value of a dotted quad, or nil when `bytes` is not one.
    static func ipv4<C: Collection>(_ bytes: C) -> UInt32? where C.Element == UInt8 {
        var parts = 0
        var digits = 0
        var octet: UInt32 = 0
        var value: UInt32 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                parts += 1
                value = value << 8 | octet
                digits = 0
                octet = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard parts == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    static func isIPv6(_ s: String) -> Bool {
        guard s.contains(":"), s.utf8.count <= 45 else { return false }
        var address = Substring(s)
        // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
        var tailGroups = 0
        if let lastColon = address.lastIndex(of: ":"), address[lastColon...].contains(".") {
            let tail = address[address.index(after: lastColon)...]
            guard isIPv4(tail.utf8) else { return false }
            address = address[...lastColon]
            if address.hasSuffix("::") == false { address = address.dropLast() }
            tailGroups = 2
        }
        let doubleColons = address.ranges(of: "::").count
        guard doubleColons <= 1 else { return false }
        let groups = address.split(separator: ":", omittingEmptySubsequences: true)
        for group in groups {
            guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit) else { return false }
        }
        let total = groups.count + tailGroups
        return doubleColons == 1 ? total < 8 : total == 8
    }
}
