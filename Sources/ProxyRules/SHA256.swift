/// SHA-256 (FIPS 180-4), because kube-proxy names its chains from a SHA-256
/// digest and Foundation on Linux has no CryptoKit; a few dozen lines are
/// cheaper than building swift-crypto.
///
/// Checked against the standard vectors.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public static func digest(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBufferPointer { input in out.withUnsafeMutableBufferPointer { digest(input, into: $0) } }
        return out
    }

    /// The digest of `message` written into the first 32 bytes of `out`, with no allocation on the heap: a node's
    /// chain names are one digest per endpoint (150,000 at Kubernetes' limits).
    static func digest(_ message: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8 + 64) { words in
            let initial: [UInt32] = [
                0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
            ]
            for i in 0..<8 { words[i] = initial[i] }
            let state = UnsafeMutableBufferPointer(rebasing: words[0..<8])
            let schedule = UnsafeMutableBufferPointer(rebasing: words[8...])
            let whole = message.count / 64
            for block in 0..<whole {
                compress(UnsafeBufferPointer(rebasing: message[(block * 64)..<(block * 64 + 64)]), state, schedule)
            }
            // The tail, 0x80, zeros and the bit length: one more block, or two when the tail leaves no room.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { last in
                let tail = message.count - whole * 64
                for i in 0..<tail { last[i] = message[whole * 64 + i] }
                last[tail] = 0x80
                let blocks = tail < 56 ? 1 : 2
                for i in (tail + 1)..<(blocks * 64) { last[i] = 0 }
                let bitLength = UInt64(message.count) &* 8
                for i in 0..<8 { last[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i)) }
                for block in 0..<blocks {
                    compress(UnsafeBufferPointer(rebasing: last[(block * 64)..<(block * 64 + 64)]), state, schedule)
                }
            }
            for i in 0..<32 { out[i] = UInt8(truncatingIfNeeded: state[i / 4] >> UInt32(24 - 8 * (i % 4))) }
        }
    }

    /// One 64-byte block into the state (`w`: 64 words of scratch).
    private static func compress(
        _ block: UnsafeBufferPointer<UInt8>, _ h: UnsafeMutableBufferPointer<UInt32>,
        _ w: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            let j = i * 4
            w[i] =
                UInt32(block[j]) << 24 | UInt32(block[j + 1]) << 16 | UInt32(block[j + 2]) << 8
                | UInt32(block[j + 3])
        }
        for i in 16..<64 {
            let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        k.withUnsafeBufferPointer { k in
            for i in 0..<64 {
                let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
                let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
        }
        h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
        h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
    }

    private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
}

/// RFC 4648 base32 with the standard alphabet, as Go's `base32.StdEncoding`.
public enum Base32 {
    /// 32 letters: every `& 31` index below is in range.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Built as bytes (one chain name per endpoint of a large cluster is hashed and encoded).
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 39) / 40 * 8)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int(buffer >> UInt32(bits) & 31)])
            }
        }
        if bits > 0 { output.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        while output.count % 8 != 0 { output.append(UInt8(ascii: "=")) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The first `count` (at most 51) characters of `encode(bytes)` for 32 bytes, written from `out[0]` on.
    static func encodePrefix(
        _ bytes: UnsafeBufferPointer<UInt8>, count: Int, into out: UnsafeMutableBufferPointer<UInt8>
    ) {
        alphabet.withUnsafeBufferPointer { letters in
            var buffer: UInt32 = 0
            var bits = 0
            var written = 0
            var index = 0
            while written < count {
                if bits < 5 {
                    buffer = buffer << 8 | UInt32(bytes[index])
                    index += 1
                    bits += 8
                }
                bits -= 5
                out[written] = letters[Int(buffer >> UInt32(bits) & 31)]
                written += 1
            }
        }
    }
}
