/// An IPv4 or IPv6 address with a prefix length, as netfilter stores it: the address masked to
/// the prefix.
///
/// `iptables-save` prints `10.180.0.1/32`, `10.0.0.0/8`, `fd00::1/128`.
public struct IPPrefix: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Family: String, Sendable, Hashable, Codable {
        case ipv4, ipv6
        /// The full-length prefix of one address: 32 or 128.
        public var hostBits: Int { self == .ipv4 ? 32 : 128 }
    }

    public let family: Family
    /// 4 or 16 bytes, already masked.
    public let bytes: [UInt8]
    public let length: Int

    /// Reads `10.0.0.1`, `10.0.0.0/8`, `fd00::1`, `fd00::/64`; an address alone is a host prefix.
    ///
    /// nil for anything else (a bad prefix length, garbage, `[::1]`).
    public init?(_ text: some StringProtocol) {
        let whole = Substring(text)
        let slash = whole.utf8.firstIndex(of: UInt8(ascii: "/"))
        let first = slash.map { whole[..<$0] } ?? whole
        guard !first.isEmpty else { return nil }
        let addressBytes: [UInt8]
        let family: Family
        if let v4 = Self.parseIPv4(first) {
            addressBytes = v4; family = .ipv4
        } else if let v6 = Self.parseIPv6(first) {
            addressBytes = v6; family = .ipv6
        } else {
            return nil
        }
        var length = family.hostBits
        if let slash {
            let bits = whole[whole.utf8.index(after: slash)...]
            guard bits.count <= 3, let n = Int(bits), (0...family.hostBits).contains(n) else { return nil }
            length = n
        }
        self.family = family
        self.length = length
        self.bytes = Self.mask(addressBytes, to: length)
    }

    /// A family's loopback range, 127.0.0.0/8 or ::1/128: what kube-proxy's and kubelet's rules exempt or
    /// block, and what a walk treats as the node itself.
    ///
    /// Built from bytes, so no parse can fail.
    public static func loopback(_ family: Family) -> IPPrefix {
        family == .ipv4
            ? IPPrefix(family: .ipv4, bytes: [127, 0, 0, 0], length: 8)
            : IPPrefix(family: .ipv6, bytes: [UInt8](repeating: 0, count: 15) + [1], length: 128)
    }

    private init(family: Family, bytes: [UInt8], length: Int) {
        self.family = family
        self.length = length
        self.bytes = Self.mask(bytes, to: length)
    }

    /// The address part, printed as `inet_ntop` does.
    public var address: String {
        family == .ipv4 ? Self.formatIPv4(bytes) : Self.formatIPv6(bytes)
    }

    public var description: String { "\(address)/\(length)" }

    /// True when `other` (an address or a prefix) lies inside this prefix.
    public func contains(_ other: IPPrefix) -> Bool {
        other.family == family && other.length >= length && Self.mask(other.bytes, to: length) == bytes
    }

    /// `ip:port`, with IPv6 in brackets, as kube-proxy names endpoints.
    public func withPort(_ port: Int) -> String {
        guard family == .ipv4 else { return "[\(address)]:\(port)" }
        guard (0...65535).contains(port) else { return "\(address):\(port)" }
        // Written at once: every endpoint of a node's rules is named by it.
        return String(unsafeUninitializedCapacity: 21) { out in
            var at = Self.writeIPv4(bytes, into: out)
            out[at] = UInt8(ascii: ":")
            at += 1
            return Self.writeDecimal(port, into: out, at: at)
        }
    }

    /// `a.b.c.d` of 4 bytes.
    static func formatIPv4(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: 15) { writeIPv4(bytes, into: $0) }
    }

    /// The dotted quad from `out[0]` on; returns the count written (at most 15).
    private static func writeIPv4(_ bytes: [UInt8], into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var at = 0
        for (index, byte) in bytes.prefix(4).enumerated() {
            if index > 0 {
                out[at] = UInt8(ascii: ".")
                at += 1
            }
            at = writeDecimal(Int(byte), into: out, at: at)
        }
        return at
    }

    /// The decimal digits of `value` (0...65535) at `out[at]`; returns the index after them.
    private static func writeDecimal(_ value: Int, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var divisor = 1
        while divisor * 10 <= value { divisor *= 10 }
        var at = start
        var rest = value
        while divisor > 0 {
            out[at] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor)
            rest %= divisor
            divisor /= 10
            at += 1
        }
        return at
    }

    static func mask(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        if length >= bytes.count * 8 { return bytes }
        return bytes.enumerated().map { index, byte in
            let bitsBefore = index * 8
            if length >= bitsBefore + 8 { return byte }
            if length <= bitsBefore { return 0 }
            return byte & UInt8(truncatingIfNeeded: 0xFF << (8 - (length - bitsBefore)))
        }
    }

    /// Four dot-separated decimal octets of 1–3 digits, each at most 255 (read byte by byte: the parse of
    /// every address of a 100,000-rule iptables-save).
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(4)
        var value = 0, digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, result.count < 3 else { return nil }
                result.append(UInt8(value))
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits += 1
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                guard digits <= 3, value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, result.count == 3 else { return nil }
        result.append(UInt8(value))
        return result
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.count <= 45, text.contains(":") else { return nil }
        let halves =
            text.ranges(of: "::").count == 0
            ? [String(text)]
            : text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2, halves.allSatisfy({ !$0.contains("::") }) else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// RFC 5952 (what glibc's inet_ntop prints): lower case, the longest run of two or more
    /// zero groups (the first when tied) written `::`.
    static func formatIPv6(_ bytes: [UInt8]) -> String {
        let groups = (0..<8).map { UInt16(bytes[$0 * 2]) << 8 | UInt16(bytes[$0 * 2 + 1]) }
        var best: (start: Int, count: Int) = (-1, 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.count { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.count >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.count)...].joined(separator: ":")
        return head + "::" + tail
    }
}
