/// The NAME cell of a table row: `pod/web-1` split into its kind and where the name starts, and the byte
/// tests that tell an object name from shell text.
///
/// Every row's name and namespace pass here, so the tests read 8 bytes at a time (`isCommonNameWord`) and one shift per
/// byte after that.
enum ObjectNameCell {
    /// Splits `pod/web-1` into its kind and where the name starts; nil when the
    /// cell cannot be an object name (shell text, punctuation).
    static func parts(_ line: [UInt8], _ range: Range<Int>) -> (TableKind?, Int)? {
        let low = nameBytesLow, high = nameBytesHigh
        // Every row's name and namespace pass here: read through a buffer
        // pointer, within `index < end` where `end` is clamped to the buffer.
        let slashOrFailure = line.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return -1 }
            var slash = -1
            var index = max(0, range.lowerBound)
            let end = min(range.upperBound, buffer.count)
            // Most names are lower case, digits, `-` and `.`: 8 bytes at a time
            // while that holds, then one byte at a time for everything else.
            while index &+ 8 <= end, isCommonNameWord(RowSplitter.word(base, index)) { index &+= 8 }
            while index < end {
                let byte = base[index]
                index += 1
                // One shift and test per byte: bit `byte` of a 128-bit set (non-ASCII passes).
                let bits = byte < 64 ? low >> UInt64(byte) : byte < 128 ? high >> UInt64(byte &- 64) : 1
                if bits & 1 == 1 { continue }
                guard byte == UInt8(ascii: "/"), slash < 0 else { return nil }
                slash = index - 1
            }
            return slash
        }
        guard let slash = slashOrFailure else { return nil }
        guard slash >= 0 else { return (nil, range.lowerBound) }
        guard slash > range.lowerBound, slash + 1 < range.upperBound,
            let kind = TableKind(resourcePrefix: CellValues.text(line, range.lowerBound..<slash))
        else { return nil }
        return (kind, slash + 1)
    }

    /// Bytes allowed in object names (and node names, which may be IPs or
    /// upper case in old dumps): `0-9 : - .` below 64, `@ A-Z _ a-z` above.
    ///
    /// True when all 8 bytes are `a-z`, `0-9`, `-` or `.`. Each range test adds to every byte so that the high bit says
    /// "at least the low end" and not "past the high end"; bytes below 0x80 never carry into the next.
    @inline(__always)
    static func isCommonNameWord(_ word: UInt64) -> Bool {
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lower = (word &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(word &+ 0x0505_0505_0505_0505)
        let digit = (word &+ 0x5050_5050_5050_5050) & ~(word &+ 0x4646_4646_4646_4646)
        let dashOrDot = (word &+ 0x5353_5353_5353_5353) & ~(word &+ 0x5151_5151_5151_5151)
        return word & highs == 0 && (lower | digit | dashOrDot) & highs == highs
    }

    /// Literals rather than computed: a computed static is a lazy global,
    /// checked on every call.
    ///
    /// `NameBytesTests` checks them against the list.
    static let nameBytesLow: UInt64 = 0x07FF_6000_0000_0000
    static let nameBytesHigh: UInt64 = 0x07FF_FFFE_87FF_FFFF
}
