#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reuses the `String` made for a cell when the same bytes come again.
/// A big dump repeats a few values in every row (namespaces, node names,
/// statuses): sharing one copy saves an allocation and a UTF-8 validation
/// per cell, and memory per record. Direct-mapped: a miss just makes a new
/// string, so the cache never grows.
struct StringInterner: Sendable {
    private var slots: [String?] = Array(repeating: nil, count: 4_096)
    /// Longer values are rarely repeated (pod names); they are not cached.
    static let maximumLength = 64

    mutating func string(_ line: [UInt8], _ range: Range<Int>) -> String {
        guard range.count <= Self.maximumLength, range.lowerBound >= 0, range.upperBound <= line.count else {
            return CellValues.text(line, range)
        }
        let slot = line.withUnsafeBufferPointer { buffer -> Int in
            // FNV-1a: cheap, and the cache only needs a spread, not secrecy.
            var hash: UInt32 = 2_166_136_261
            for byte in UnsafeBufferPointer(rebasing: buffer[range]) { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return Int(hash & 4_095)
        }
        if slot < slots.count, let cached = slots[slot], Self.matches(cached, line, range) { return cached }
        let text = CellValues.text(line, range)
        if slot < slots.count { slots[slot] = text }
        return text
    }

    private static func matches(_ text: String, _ line: [UInt8], _ range: Range<Int>) -> Bool {
        var text = text
        return text.withUTF8 { stored in
            stored.count == range.count && line.withUnsafeBufferPointer { buffer in
                guard let left = buffer.baseAddress, let right = stored.baseAddress else { return range.isEmpty }
                return memcmp(left + range.lowerBound, right, range.count) == 0
            }
        }
    }
}
