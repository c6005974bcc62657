/// kube-proxy's hashed names of one service port's chains, `base32(sha256(base + suffix))` cut short, for one base
/// (`ns/svc:port` + protocol, or nftables' `ns/svc/proto/port`) and many suffixes (its endpoints): the message is
/// built in scratch bytes kept from name to name and the digest on the stack, so a name costs one allocation, the
/// name's own (at Kubernetes' limits a node has 150,000 endpoint chains).
struct ChainNameHasher {
    private var message: [UInt8]
    private let baseCount: Int

    init(base: String) {
        message = Array(base.utf8)
        message.reserveCapacity(message.count + 64)
        baseCount = message.count
    }

    /// `prefix` + the first `hashLength` characters of base32(sha256(base + suffix)), then, when `message` is
    /// given, that text, the base and the suffix (nftables' `HASH-ns/svc/proto/port__ip/port`).
    mutating func name(
        prefix: String, hashLength: Int, suffix: String = "", message separator: String? = nil
    ) -> String {
        self.message.removeSubrange(baseCount...)
        self.message.append(contentsOf: suffix.utf8)
        let prefixBytes = prefix.utf8.count
        let tail = separator.map { $0.utf8.count + self.message.count } ?? 0
        return self.message.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
                SHA256.digest(bytes, into: digest)
                return String(unsafeUninitializedCapacity: prefixBytes + hashLength + tail) { out in
                    var at = out.initialize(fromContentsOf: prefix.utf8)
                    Base32.encodePrefix(
                        UnsafeBufferPointer(digest), count: hashLength,
                        into: UnsafeMutableBufferPointer(rebasing: out[at...]))
                    at += hashLength
                    if let separator {
                        at = UnsafeMutableBufferPointer(rebasing: out[at...]).initialize(fromContentsOf: separator.utf8)
                            + at
                        at = UnsafeMutableBufferPointer(rebasing: out[at...]).initialize(fromContentsOf: bytes) + at
                    }
                    return at
                }
            }
        }
    }
}
