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
            // A multiplicative hash over 8-byte words (bytes read within
            // `range`, checked against the buffer above): cheap, and the cache
            // only needs a spread, not secrecy.
            guard let base = buffer.baseAddress else { return 0 }
            var hash = UInt64(range.count) &* 0x9E37_79B9_7F4A_7C15
            var index = range.lowerBound
            while index + 8 <= range.upperBound {
                hash = (hash ^ RowSplitter.word(base, index)) &* 0xFF51_AFD7_ED55_8CCD
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < range.upperBound {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0xFF51_AFD7_ED55_8CCD
            return Int(truncatingIfNeeded: hash >> 52)
        }
        if slot < slots.count, let cached = slots[slot], Self.matches(cached, line, range) { return cached }
        let text = CellValues.text(line, range)
        if slot < slots.count { slots[slot] = text }
        return text
    }

    private static func matches(_ text: String, _ line: [UInt8], _ range: Range<Int>) -> Bool {
        let same = text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == range.count && line.withUnsafeBufferPointer { buffer in
                guard let left = buffer.baseAddress, let right = stored.baseAddress else { return range.isEmpty }
                return memcmp(left + range.lowerBound, right, range.count) == 0
            }
        }
        return same ?? text.utf8.elementsEqual(line[range])
    }
}
