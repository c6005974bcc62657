import TestSupport
import Testing
@testable import KubeText

/// Object-name validation reads 8 bytes at a time where it can; it must
/// accept and reject exactly what a byte-by-byte reading does.
@Suite("Object name bytes")
struct NameBytesTests {
    static let allowed = Set("0123456789:-.@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".utf8)

    @Test("the bit sets hold exactly the documented characters (non-ASCII passes)")
    func bitSets() {
        for byte in UInt8(0)...UInt8(127) {
            let bits = byte < 64 ? ObjectNameCell.nameBytesLow >> UInt64(byte) : ObjectNameCell.nameBytesHigh >> UInt64(byte - 64)
            #expect((bits & 1 == 1) == Self.allowed.contains(byte), "byte \(byte)")
        }
    }

    @Test("the 8-byte test accepts exactly words of a-z, 0-9, '-' and '.'")
    func commonWords() {
        let common = Set("abcdefghijklmnopqrstuvwxyz0123456789-.".utf8)
        for byte in UInt8(0)...UInt8(255) {
            for position in [0, 3, 7] {
                var bytes = Array("abc-1.z9".utf8)
                bytes[position] = byte
                let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
                #expect(ObjectNameCell.isCommonNameWord(word) == common.contains(byte), "byte \(byte) at \(position)")
            }
        }
    }

    @Test("names of every length and mix give the byte-by-byte answer (fixed seed)")
    func randomNames() {
        var random = SplitMix(seed: 11)
        let alphabet = Array("abcxyz0189-.".utf8) + Array("AZ:_@/ #é\t".utf8)
        for _ in 0..<5_000 {
            let length = random.int(0...40)
            let name = (0..<length).map { _ in alphabet[random.int(0...(random.int(0...4) == 0 ? alphabet.count - 1 : 11))] }
            let line = Array("  ".utf8) + name + Array("   x".utf8)
            let range = 2..<(2 + name.count)
            let slashes = name.indices.filter { name[$0] == UInt8(ascii: "/") }
            let valid = name.allSatisfy { Self.allowed.contains($0) || $0 >= 128 || $0 == UInt8(ascii: "/") } && slashes.count <= 1
            let parts = ObjectNameCell.parts(line, range)
            if !valid {
                #expect(parts == nil, "\(String(decoding: name, as: UTF8.self))")
            } else if slashes.isEmpty {
                #expect(parts?.0 == nil && parts?.1 == 2)
            } else if let parts {
                // `kind/name`: the name starts after the slash.
                #expect(parts.1 == 2 + (slashes.first ?? 0) + 1)
            }
        }
    }
}
