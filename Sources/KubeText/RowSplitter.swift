import TerminalText

/// A run of text between column gaps: bytes `start..<end` of the line, and the
/// display column where it starts (relative to the line's content start).
struct Chunk: Sendable, Equatable {
    var start: Int
    var end: Int
    var position: Int
}

/// Splits table lines into cells.
///
/// kubectl pads columns with at least two spaces (three since 1.10), and cells may hold single spaces (`Ubuntu 22.04.3
/// LTS`, `2 (5m ago)`, `80, 443`), so a gap is two or more blanks, or any tab (terminal copies turn padding into tabs).
/// Cells are then matched to header columns by count first, because real rows drift right of their header (a wide
/// RESTARTS value, tabs); by position only when the counts differ.
enum RowSplitter {
    /// Appends the chunks of `line[from..<to]` to `chunks` (cleared first) and
    /// returns false if the line holds bytes that need `InputCleaner` (control
    /// characters, non-ASCII): this loop sees every byte of a table anyway, so
    /// it answers that question for free.
    ///
    /// Positions are left 0; `locate` fills them in when a header or a misaligned row needs them. What `split` saw
    /// besides the chunks.
    struct LineTraits {
        /// Only printable ASCII, blanks and tabs: nothing for the sanitiser.
        var plain = true
        /// Tabs, which a joined cell could carry into record text.
        var hasTabs = false
    }

    @discardableResult
    static func split(_ line: [UInt8], from: Int, to: Int, into chunks: inout [Chunk]) -> LineTraits {
        chunks.removeAll(keepingCapacity: true)
        // The parser's hottest loop. It reads through a buffer pointer so that it
        // can test 8 bytes at once; every read is guarded by `index < to` or
        // `index + 8 <= to`, and `to` is clamped to the buffer's count first.
        return line.withUnsafeBufferPointer { buffer -> LineTraits in
            guard let base = buffer.baseAddress else { return LineTraits() }
            let to = min(to, buffer.count)
            var index = max(0, from)
            var traits = LineTraits()
            while index < to {
                index = skipBlanks(base, from: index, to: to, traits: &traits)
                guard index < to else { break }
                let start = index
                let end = scanCell(base, index: &index, to: to, traits: &traits)
                chunks.append(Chunk(start: start, end: end, position: 0))
            }
            return traits
        }
    }

    /// The first byte at or after `index` that is not a blank (or `to`): whole words of spaces are jumped over,
    /// then to the first non-space byte of the next word.
    @inline(__always)
    private static func skipBlanks(
        _ base: UnsafePointer<UInt8>, from start: Int, to: Int, traits: inout LineTraits
    ) -> Int {
        var index = start
        while index + 8 <= to {
            let notSpace = word(base, index) ^ allSpaces
            if notSpace == 0 { index += 8; continue }
            index += notSpace.trailingZeroBitCount >> 3
            break
        }
        while index < to, base[index] == 0x20 || base[index] == 0x09 {
            if base[index] == 0x09 { traits.hasTabs = true }
            index += 1
        }
        return index
    }

    /// Reads the cell starting at `index` (not a blank) up to two blanks, a tab or `to`; returns its end and
    /// leaves `index` where reading stopped.
    @inline(__always)
    private static func scanCell(
        _ base: UnsafePointer<UInt8>, index: inout Int, to: Int, traits: inout LineTraits
    ) -> Int {
        var end = index
        while index < to {
            // Jump to the first byte in the next words that is not printable
            // ASCII (a blank, a tab, a control or non-ASCII byte).
            while index + 8 <= to {
                let stops = unprintableBytes(word(base, index))
                if stops == 0 { index += 8; end = index; continue }
                let printable = stops.trailingZeroBitCount >> 3
                if printable > 0 { index += printable; end = index }
                break
            }
            guard index < to else { break }
            let byte = base[index]
            if byte &- 0x21 < 0x5E {
                // Printable ASCII other than space: the common case.
                index += 1
                end = index
            } else if byte == 0x20 {
                // One space inside a cell; two blanks or a tab end it.
                guard index + 1 < to else { break }
                let next = base[index + 1]
                guard next != 0x20 && next != 0x09 else { break }
                index += 1
            } else if byte == 0x09 {
                traits.hasTabs = true
                break
            } else {
                traits.plain = false
                index += 1
                end = index
            }
        }
        return end
    }

    static let allSpaces: UInt64 = 0x2020_2020_2020_2020

    /// 8 bytes from `base + index`, little-endian (one unaligned load).
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, _ index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte that is not printable ASCII other than space
    /// (below 0x21, or 0x7F and up).
    ///
    /// Borrows and carries can only mark bytes above the first real one, so the lowest set bit is exact: that is all
    /// the caller uses.
    @inline(__always)
    static func unprintableBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowBang = (word &- ones &* 0x21) & ~word & highs
        let delOrHigh = (word | (word &+ ones)) & highs
        return belowBang | delOrHigh
    }

    /// Fills in each chunk's display column relative to `from` (tabs to the
    /// next multiple of 8, UTF-8 continuation bytes taking no column).
    static func locate(_ line: [UInt8], from: Int, chunks: inout [Chunk]) {
        var column = 0
        var index = max(0, from)
        for chunkIndex in chunks.indices {
            let target = chunks[chunkIndex].start
            while index < target && index < line.count {
                let byte = line[index]
                if byte == 0x09 { column = (column / 8 + 1) * 8 } else if byte & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
            chunks[chunkIndex].position = column
        }
    }

    /// Cost of joining a chunk to the cell before it, and of leaving a column empty,
    /// in display columns of misalignment they are worth.
    private static let joinCost = 6
    private static let skipCost = 4

    /// Fills `cells` (one byte range per header column, empty when the row has
    /// nothing there).
    ///
    /// Returns false when the row cannot be matched at all.
    static func align(
        _ line: [UInt8], from: Int, _ chunks: [Chunk], to columns: [HeaderColumn], cells: inout [Range<Int>]
    ) -> Bool {
        cells.removeAll(keepingCapacity: true)
        let m = chunks.count, n = columns.count
        guard m > 0, n > 0 else { return false }
        if m == n {
            for chunk in chunks { cells.append(chunk.start..<chunk.end) }
            return true
        }
        // Far more chunks than columns is not a row of this table; it also keeps
        // the alignment below small on hostile input.
        guard m <= 4 * n + 16 else { return false }
        var chunks = chunks
        locate(line, from: from, chunks: &chunks)
        guard let assignment = assignment(of: chunks, to: columns) else { return false }
        cells = [Range<Int>](repeating: 0..<0, count: n)
        for (index, chunk) in chunks.enumerated() {
            let target = assignment[index]
            let existing = cells[target]
            cells[target] = existing.isEmpty ? chunk.start..<chunk.end : existing.lowerBound..<chunk.end
        }
        return true
    }

    /// Each chunk's column (chunks in order, several may join one column), the placement of least cost by
    /// display position; nil when no placement exists.
    private static func assignment(of chunks: [Chunk], to columns: [HeaderColumn]) -> [Int]? {
        let m = chunks.count, n = columns.count
        // cost[i*n + j]: best cost of placing chunks 0...i with chunk i in column j.
        let unreachable = Int.max / 4
        var cost = [Int](repeating: unreachable, count: m * n)
        var from = [Int](repeating: -1, count: m * n)
        for j in 0..<n { cost[j] = skipCost * j + abs(chunks[0].position - columns[j].position) }
        if m > 1 {
            for i in 1..<m {
                let position = chunks[i].position
                // Best predecessor column strictly left of j, found in one sweep.
                var bestLeft = unreachable
                var bestLeftColumn = -1
                for j in 0..<n {
                    var best = cost[(i - 1) * n + j] + joinCost
                    var origin = j
                    if bestLeftColumn >= 0 {
                        let viaLeft = bestLeft - skipCost * (n - j) + abs(position - columns[j].position)
                        if viaLeft < best { best = viaLeft; origin = bestLeftColumn }
                    }
                    cost[i * n + j] = best
                    from[i * n + j] = origin
                    // Skipping from column j to a later column k costs skipCost*(k-j-1);
                    // stored shifted so one running minimum serves every k.
                    let previous = cost[(i - 1) * n + j]
                    if previous < unreachable {
                        let shifted = previous + skipCost * (n - j - 1)
                        if shifted < bestLeft { bestLeft = shifted; bestLeftColumn = j }
                    }
                }
            }
        }
        var bestColumn = 0
        var bestCost = unreachable
        for j in 0..<n {
            let total = cost[(m - 1) * n + j] + skipCost * (n - 1 - j)
            if total < bestCost { bestCost = total; bestColumn = j }
        }
        guard bestCost < unreachable else { return nil }
        var assignment = [Int](repeating: 0, count: m)
        var column = bestColumn
        var i = m - 1
        while i >= 0 {
            assignment[i] = column
            let origin = from[i * n + column]
            if i > 0 { column = origin }
            i -= 1
        }
        return assignment
    }
}
