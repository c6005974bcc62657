/// Questions the dump parsers ask of every line, answered on its bytes where that gives the answer the
/// Characters give, and by the Characters otherwise.
///
/// An ASCII text is equal only to itself under canonical equivalence, except `K`, `;` and `` ` `` (U+212A,
/// U+037E and U+1FEF decompose to them), which the prefixes and suffixes asked about never hold. Between ASCII
/// characters there is always a Character boundary except in `\r\n`; at a non-ASCII scalar a combining mark
/// or a prepended one may join a Character with its neighbour, so there the Characters decide.
extension Substring {
    /// `hasPrefix(prefix)` for an ASCII `prefix` without `K`, `;` or `` ` ``.
    func hasASCIIPrefix(_ prefix: StaticString) -> Bool {
        var index = utf8.startIndex
        let bytes = prefix.utf8Start
        for offset in 0..<prefix.utf8CodeUnitCount {
            guard index != utf8.endIndex, utf8[index] == bytes[offset] else { return false }
            utf8.formIndex(after: &index)
        }
        guard index != utf8.endIndex, utf8[index] >= 0x80 else { return true }
        return hasPrefix(prefix.description)
    }

    /// `hasSuffix(suffix)` for one ASCII byte `suffix` other than `K`, `;` or `` ` ``.
    func hasASCIISuffix(_ suffix: UInt8) -> Bool {
        guard let last = utf8.last, last == suffix else { return false }
        let before = utf8.index(before: utf8.endIndex)
        guard before != utf8.startIndex, utf8[utf8.index(before: before)] >= 0x80 else { return true }
        return hasSuffix(String(decoding: [suffix], as: UTF8.self))
    }

    /// Without leading spaces and tabs: `drop { $0 == " " || $0 == "\t" }`.
    var droppingLeadingBlanks: Substring {
        var index = utf8.startIndex
        while index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") || utf8[index] == UInt8(ascii: "\t") {
            utf8.formIndex(after: &index)
        }
        guard index != utf8.startIndex, index != utf8.endIndex, utf8[index] >= 0x80 else { return self[index...] }
        return drop { $0 == " " || $0 == "\t" }
    }

    /// Without leading and trailing spaces and tabs: ``StringProtocol/trimmingBlanks``.
    var blanksTrimmed: Substring {
        let front = droppingLeadingBlanks
        var end = front.utf8.endIndex
        while end != front.utf8.startIndex {
            let before = front.utf8.index(before: end)
            guard front.utf8[before] == UInt8(ascii: " ") || front.utf8[before] == UInt8(ascii: "\t") else { break }
            end = before
        }
        guard end != front.utf8.endIndex, end != front.utf8.startIndex,
            front.utf8[front.utf8.index(before: end)] >= 0x80
        else { return front[..<end] }
        return trimmingBlanks
    }
}
