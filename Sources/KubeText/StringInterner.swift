/// Reuses the `String` made for a cell when the same bytes come again.
///
/// A big dump repeats a few values in every row (namespaces, node names, statuses, ages): sharing one copy saves an
/// allocation and a UTF-8 validation per cell, and memory per record.
///
/// Two levels. First the value last seen in the same column: rows mostly
/// repeat the row above (a sorted namespace, one status, one age, a node's
/// pods together). Then, for values too long to be stored inline in a
/// `String` (over 15 bytes, such as node names), an open-addressing table
/// that doubles while it is at most half full, up to `maximumSlots` (5,000
/// node names fit; endless distinct values only stop being cached). Keys are
/// the cell's bytes as 8-byte words, so a lookup reads a few words of the
/// line and compares them, and touches a string only to return it.
struct StringInterner: Sendable {
    /// Longer values are rarely repeated (pod names); they are not cached.
    static let maximumLength = Key.capacity
    static let maximumSlots = 1 << 15
    /// Up to this many bytes a `String` is stored inline, without an
    /// allocation: making one costs about as much as a table lookup.
    private static let inlineLength = 15

    /// A cell's length and bytes (zero-padded), at most `capacity` bytes.
    struct Key: Equatable, Sendable {
        static let capacity = 48
        static let none = Key(length: -1)
        var length: Int
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0, w4: UInt64 = 0, w5: UInt64 = 0

        init(length: Int) { self.length = length }

        /// The bytes of `range` (at most `capacity`, inside `buffer`).
        @inline(__always)
        init(_ base: UnsafePointer<UInt8>, count: Int, _ range: Range<Int>) {
            length = range.count
            var index = range.lowerBound
            var word = 0
            while index < range.upperBound {
                let remaining = range.upperBound &- index
                var value: UInt64
                if index &+ 8 <= count {
                    // A whole word, with the bytes past the cell masked off.
                    value = RowSplitter.word(base, index)
                    if remaining < 8 { value &= (1 &<< UInt64(remaining &* 8)) &- 1 }
                } else {
                    value = 0
                    var shift: UInt64 = 0
                    for byte in index..<range.upperBound {
                        value |= UInt64(base[byte]) &<< shift
                        shift &+= 8
                    }
                }
                switch word {
                case 0: w0 = value
                case 1: w1 = value
                case 2: w2 = value
                case 3: w3 = value
                case 4: w4 = value
                default: w5 = value
                }
                index &+= 8
                word &+= 1
            }
        }

        var hash: UInt64 {
            // Words past the length are zero, so all six can be mixed in.
            let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
            var hash = UInt64(bitPattern: Int64(length)) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash ^ w0) &* multiplier
            hash = (hash ^ w1) &* multiplier
            hash = (hash ^ w2) &* multiplier
            hash = (hash ^ w3) &* multiplier
            hash = (hash ^ w4) &* multiplier
            hash = (hash ^ w5) &* multiplier
            // Spread the high bits (where a multiply puts them) into the low bits, which pick the slot.
            let mixed = (hash ^ (hash >> 32)) &* 0xD6E8_FEB8_6659_FD93
            return mixed ^ (mixed >> 32)
        }
    }

    private var strings: [String?] = Array(repeating: nil, count: 1_024)
    private var keys: [Key] = Array(repeating: .none, count: 1_024)
    private var used = 0
    /// The last value of each field.
    private var recentStrings: [String?] = Array(repeating: nil, count: Field.allCases.count)
    private var recentKeys: [Key] = Array(repeating: .none, count: Field.allCases.count)

    /// The text of `line[range]`, a cell of `field`'s column.
    mutating func string(_ line: [UInt8], _ range: Range<Int>, field: Field) -> String {
        let recent = field.rawValue
        guard range.count <= Self.maximumLength, range.lowerBound >= 0, range.upperBound <= line.count,
            recent < recentKeys.count, recent < recentStrings.count
        else {
            return CellValues.text(line, range)
        }
        // Reads stay inside the line: `range` is checked against it above.
        let key = line.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { Key($0, count: buffer.count, range) } ?? .none
        }
        if key == recentKeys[recent], let cached = recentStrings[recent] { return cached }
        let text = key.length <= Self.inlineLength ? CellValues.text(line, range) : shared(line, range, key)
        recentKeys[recent] = key
        recentStrings[recent] = text
        return text
    }

    /// The table's string for `key`, added when it is new.
    private mutating func shared(_ line: [UInt8], _ range: Range<Int>, _ key: Key) -> String {
        let hash = key.hash
        var slot = Int(truncatingIfNeeded: hash) & (keys.count - 1)
        // Linear probing; the table is at most half full, so a free slot ends it.
        while slot < keys.count, slot < strings.count, keys[slot].length >= 0 {
            if keys[slot] == key, let cached = strings[slot] { return cached }
            slot = (slot + 1) & (keys.count - 1)
        }
        let text = CellValues.text(line, range)
        if used * 2 >= keys.count {
            guard keys.count < Self.maximumSlots else { return text }
            grow()
            slot = freeSlot(for: hash)
        }
        store(text, key, at: slot)
        return text
    }

    private func freeSlot(for hash: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: hash) & (keys.count - 1)
        while slot < keys.count, keys[slot].length >= 0 { slot = (slot + 1) & (keys.count - 1) }
        return slot
    }

    private mutating func store(_ text: String, _ key: Key, at slot: Int) {
        guard slot < keys.count, slot < strings.count else { return }
        strings[slot] = text
        keys[slot] = key
        used += 1
    }

    /// Doubles the table and puts every entry back.
    private mutating func grow() {
        let oldStrings = strings
        let oldKeys = keys
        strings = Array(repeating: nil, count: oldKeys.count * 2)
        keys = Array(repeating: .none, count: oldKeys.count * 2)
        used = 0
        for (key, text) in zip(oldKeys, oldStrings) {
            guard let text, key.length >= 0 else { continue }
            store(text, key, at: freeSlot(for: key.hash))
        }
    }
}
