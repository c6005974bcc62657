/// Where each record of an array is, by its key: an open-addressing table of positions, 8 bytes a slot.
///
/// `Resources` kept a `Dictionary` from key to position per kind. For 150,000 pods that was a 12.6 MB table of keys
/// (two Strings each, retained), rehashed at every doubling while the dump was read: a sixth of `kubehops parse`. Here
/// a slot holds 32 bits of the key's hash and the position; the key itself is read from the record when the hash bits
/// match, so the table stores no key and the records array stays the one place a key lives.
///
/// Linear probing, at most half full, removal by shifting back the entries after the hole (no tombstones). The hash is
/// Swift's seeded `hashValue`, so crafted names cannot force collisions any more than in a `Dictionary`.
struct RecordPositions: Sendable {
    /// 0: empty; else the hash's low 32 bits above position + 1.
    private var slots: [UInt64] = []
    private(set) var count = 0

    /// Slots for `records` at no more than half full, a power of two.
    private static func capacity(for records: Int) -> Int {
        var capacity = 16
        while capacity < records * 2 { capacity <<= 1 }
        return capacity
    }

    /// The bits a slot keeps of a key's hash (mixed, so that the low bits that pick the slot are spread).
    @inline(__always)
    static func hashBits<Key: Hashable>(_ key: Key) -> UInt32 {
        var mixed = UInt64(bitPattern: Int64(key.hashValue))
        mixed = (mixed ^ (mixed >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        return UInt32(truncatingIfNeeded: mixed ^ (mixed >> 33))
    }

    /// Makes room for `records` records in all without growing.
    mutating func reserveCapacity(_ records: Int) {
        let capacity = Self.capacity(for: records)
        if capacity > slots.count { rebuild(capacity: capacity) }
    }

    /// The position whose record `matches`, among those stored under `hash`.
    @inline(__always)
    func position(hash: UInt32, matches: (Int) -> Bool) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let position = Int(entry & 0xFFFF_FFFF) - 1
                if matches(position) { return position }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `position` under `hash`; the caller knows no record with that key is stored.
    @inline(__always)
    mutating func insert(hash: UInt32, position: Int) {
        if (count + 1) * 2 > slots.count { rebuild(capacity: Self.capacity(for: count + 1)) }
        place(UInt64(hash) << 32 | UInt64(position + 1))
        count += 1
    }

    private mutating func place(_ entry: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entry >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    /// The slot holding exactly `position` under `hash`.
    private func slot(hash: UInt32, position: Int) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        let entry = UInt64(hash) << 32 | UInt64(position + 1)
        var slot = Int(hash) & mask
        while slots[slot] != 0 {
            if slots[slot] == entry { return slot }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Says that the record stored under `hash` at `old` is now at `new`.
    mutating func move(hash: UInt32, from old: Int, to new: Int) {
        guard let slot = slot(hash: hash, position: old) else { return }
        slots[slot] = UInt64(hash) << 32 | UInt64(new + 1)
    }

    /// Forgets `position` stored under `hash`; entries after it in its run shift back into the hole.
    mutating func remove(hash: UInt32, position: Int) {
        guard var hole = slot(hash: hash, position: position) else { return }
        let mask = slots.count - 1
        var next = (hole + 1) & mask
        while slots[next] != 0 {
            let home = Int(truncatingIfNeeded: slots[next] >> 32) & mask
            // The entry may fill the hole when its home is not in (hole, next], cyclically.
            let fits = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next)
            if fits {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = 0
        count -= 1
    }

    private mutating func rebuild(capacity: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        for entry in old where entry != 0 { place(entry) }
    }
}

/// Two tables are equal when they hold the same positions under the same hash bits, wherever their slots are.
extension RecordPositions: Equatable {
    static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.slots.filter { $0 != 0 }.sorted() == b.slots.filter { $0 != 0 }.sorted()
    }
}
