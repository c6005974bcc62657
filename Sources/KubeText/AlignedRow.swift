/// The fast path for rows that line up with their header.
///
/// kubectl pads every column to its widest cell, so in almost every row each cell starts exactly where its header title
/// starts. Such a row is sliced at those offsets instead of being split into chunks and matched to columns.
///
/// The fast path gives the same cells as `RowSplitter.split` + `align`, or it
/// gives up: it accepts a row only when it is printable ASCII (no tabs) and
/// its chunks, as the splitter defines them (text between gaps of two or more
/// spaces), start exactly at the header's column starts. The splitter would
/// then find these chunks, as many as there are columns, and `align` would
/// keep them in order. Anything else (a cell wider than its column such as
/// RESTARTS `2 (5m ago)`, an empty cell, tabs, text for the sanitiser) goes
/// the general way, so the fast path can change speed but never a record or a
/// diagnostic.
///
/// It works on bit sets, one bit per byte: which bytes are spaces, from that
/// where chunks start and end, compared with the header's starts in 64-byte
/// blocks. Eight bytes are classified at a time, so a row costs a few
/// instructions per 8 bytes plus a few per column.
enum AlignedRow {
    /// Longer rows take the general path (bit sets live on the stack).
    static let maximumLength = blockCount * 64
    private static let blockCount = 16

    /// The header's column starts (relative to its first column) as a bit
    /// set in 64-bit blocks; nil when a start lies past `maximumLength`.
    static func startBits(_ starts: [Int]) -> [UInt64]? {
        guard let last = starts.last, last < maximumLength, starts.allSatisfy({ $0 >= 0 }) else { return nil }
        var bits = [UInt64](repeating: 0, count: last / 64 + 1)
        for start in starts { bits[start / 64] |= 1 << UInt64(start % 64) }
        return bits
    }

    /// Fills `cells` with one byte range per column when `line[from..<to]`
    /// lines up with the columns (`starts`, and the same as `startBits`);
    /// returns false, leaving `cells` unspecified, when it does not.
    static func slice(
        _ line: [UInt8], from: Int, to: Int, starts: [Int], startBits: [UInt64], into cells: inout [Range<Int>]
    ) -> Bool {
        let length = to - from
        guard from >= 0, to <= line.count, length > 0, length <= maximumLength, !starts.isEmpty else { return false }
        let blocks = (length + 63) >> 6
        guard startBits.count <= blocks else { return false }
        // Bit k: byte `from + k` is a space; bits past the row count as spaces.
        var spaces = InlineArray<16, UInt64>(repeating: ~0)
        let printable = line.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return classify(base, from: from, length: length, spaces: &spaces)
        }
        guard printable else { return false }
        return cut(from: from, blocks: blocks, spaces: spaces, starts: starts, startBits: startBits, into: &cells)
    }

    /// Sets `spaces` (one bit per byte of `base[from..<from + length]`, past the row counting as spaces) and returns
    /// whether the row is printable ASCII.
    ///
    /// Whole words are read below `from + length`, which the caller keeps within the buffer; the last few bytes one
    /// by one.
    @inline(__always)
    private static func classify(
        _ base: UnsafePointer<UInt8>, from: Int, length: Int, spaces: inout InlineArray<16, UInt64>
    ) -> Bool {
        var unprintable: UInt64 = 0
        // Whole 64-byte blocks: eight words each, unrolled.
        let wholeBlocks = length >> 6
        var block = 0
        while block < wholeBlocks {
            let start = from &+ block &* 64
            var gathered: UInt64 = 0
            for word in 0..<8 {
                let value = RowSplitter.word(base, start &+ word &* 8)
                unprintable |= unprintableBytes(value)
                gathered |= spaceBits(value) &<< UInt64(word &* 8)
            }
            spaces[block] = gathered
            block &+= 1
        }
        let blockStart = wholeBlocks &* 64
        guard blockStart < length else { return unprintable & highs == 0 }
        spaces[wholeBlocks] = lastBlock(base, from: from, length: length, blockStart: blockStart, &unprintable)
        return unprintable & highs == 0
    }

    /// The space bits of the last, partial block: whole words, then the last few bytes; past the row (trimmed
    /// blanks, a CR) counts as spaces and is not judged.
    @inline(__always)
    private static func lastBlock(
        _ base: UnsafePointer<UInt8>, from: Int, length: Int, blockStart: Int, _ unprintable: inout UInt64
    ) -> UInt64 {
        var gathered: UInt64 = 0
        var offset = blockStart
        while offset &+ 8 <= length {
            let value = RowSplitter.word(base, from &+ offset)
            unprintable |= unprintableBytes(value)
            gathered |= spaceBits(value) &<< UInt64(offset & 63)
            offset &+= 8
        }
        if offset < length {
            var value = RowSplitter.allSpaces
            var byte = 0
            while offset &+ byte < length {
                let shift = UInt64(byte &* 8)
                value = value & ~(0xFF &<< shift) | UInt64(base[from &+ offset &+ byte]) &<< shift
                byte &+= 1
            }
            unprintable |= unprintableBytes(value)
            gathered |= spaceBits(value) &<< UInt64(offset & 63)
            offset &+= 8
        }
        let filled = offset &- blockStart
        if filled < 64 { gathered |= ~0 &<< UInt64(filled) }
        return gathered
    }

    /// Chunk starts (a non-space after two spaces, or the first byte)
    /// must be exactly the column starts; then the chunk ends (a non-space
    /// before two spaces, or the last byte), in order, end the cells.
    @inline(__always)
    private static func cut(
        from: Int, blocks: Int, spaces: InlineArray<16, UInt64>, starts: [Int], startBits: [UInt64],
        into cells: inout [Range<Int>]
    ) -> Bool {
        let columns = starts.count
        if cells.count != columns { cells = [Range<Int>](repeating: 0..<0, count: columns) }
        var column = 0
        var before: UInt64 = ~0
        for block in 0..<blocks {
            let here = spaces[block]
            let chunkStarts = ~here & (here &<< 1 | before &>> 63) & (here &<< 2 | before &>> 62)
            guard chunkStarts == (block < startBits.count ? startBits[block] : 0) else { return false }
            let after = block &+ 1 < blocks ? spaces[block &+ 1] : ~0
            var chunkEnds = ~here & (here &>> 1 | after &<< 63) & (here &>> 2 | after &<< 62)
            while chunkEnds != 0 {
                let end = block &* 64 &+ chunkEnds.trailingZeroBitCount &+ 1
                // Starts and ends alternate; checked anyway, as a Range must be.
                guard column < columns, end > starts[column] else { return false }
                cells[column] = (from &+ starts[column])..<(from &+ end)
                chunkEnds &= chunkEnds &- 1
                column &+= 1
            }
            before = here
        }
        return column == columns
    }

    /// In the high bit of each byte: set for a byte below 0x20 (tabs,
    /// controls) or from 0x7F (DEL, non-ASCII); the caller masks with
    /// `highs` once for all words.
    ///
    /// Borrows and carries only spread above a byte that really is one, so "any" is exact.
    @inline(__always)
    private static func unprintableBytes(_ word: UInt64) -> UInt64 {
        ((word &- ones &* 0x20) & ~word) | (word &+ ones) | word
    }

    /// One bit per byte (bit k for byte k) that is a space.
    @inline(__always)
    private static func spaceBits(_ word: UInt64) -> UInt64 {
        // Exact high bits of the space bytes (no borrows), gathered into 8 bits.
        let x = word ^ RowSplitter.allSpaces
        let low7 = ~highs
        let high = ~(((x & low7) &+ low7) | x) & highs
        return ((high >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
}
