/// An IPv4 or IPv6 address as kubectl prints it, validated so that garbage
/// such as `123.45.678.901` or `<IPv6 REDACTED` never poses as an address.
public struct IPAddress: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let text: String
    public let isIPv6: Bool

    /// Returns nil unless `text` is a well-formed IPv4 dotted quad or IPv6 address.
    public init?<S: StringProtocol>(_ text: S) {
        let s = String(text)
        // Contiguous UTF-8 when the string is native (always, from the parser):
        // checking a buffer is several times faster than walking a UTF8View.
        let isV4 = s.utf8.withContiguousStorageIfAvailable { IPAddress.isIPv4($0) } ?? IPAddress.isIPv4(s.utf8)
        if isV4 {
            self.text = s
            self.isIPv6 = false
        } else if IPAddress.isIPv6(s) {
            self.text = s.lowercased()
            self.isIPv6 = true
        } else {
            return nil
        }
    }

    public var description: String { text }

    /// `a.b.c.d` → its 32-bit value; nil for IPv6.
    public var ipv4Value: UInt32? {
        guard !isIPv6 else { return nil }
        var value: UInt32 = 0
        for part in text.split(separator: ".") {
            guard let octet = UInt32(part) else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    /// Formats an address for `ip:port`: IPv6 gets brackets, as in URLs.
    public func withPort(_ port: Int?) -> String {
        guard let port else { return text }
        return isIPv6 ? "[\(text)]:\(port)" : "\(text):\(port)"
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        if a.isIPv6 != b.isIPv6 { return !a.isIPv6 }
        if let x = a.ipv4Value, let y = b.ipv4Value { return x < y }
        return a.text < b.text
    }

    static func isIPv4<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var parts = 0
        var digits = 0
        var value = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                parts += 1
                digits = 0
                value = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                guard digits <= 3, value <= 255 else { return false }
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
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
