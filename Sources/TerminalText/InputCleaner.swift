/// Cleans input text as it is read: kubectl output can carry anything a
/// cluster user put in a name or label, and a pipe can carry any bytes at all;
/// none of it may move a cursor, set a window title or flip the text direction
/// when kubehops later draws or prints it.
///
/// Escape sequences are removed whole, other forbidden scalars (`ControlScalars`) dropped, bytes that are not UTF-8
/// replaced by U+FFFD. What is shown is guarded once more by `ShownText`.
public enum InputCleaner {
    /// What cleaning a line changed, so the parser can say so in a diagnostic.
    public struct Changes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Bytes that are not UTF-8 were replaced by U+FFFD.
        public static let invalidUTF8 = Changes(rawValue: 1)
        /// ESC sequences (CSI, OSC, DCS, …) were removed.
        public static let escapeSequences = Changes(rawValue: 2)
        /// Other C0/C1 control characters, DEL or bidi controls were removed.
        public static let controlCharacters = Changes(rawValue: 4)
    }

    /// Cleans `text` for display: the same rules as for input lines, tabs included.
    public static func clean(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard needsCleaning(bytes, from: 0, to: bytes.count) || bytes.contains(0x09) else { return text }
        var output: [UInt8] = []
        _ = clean(bytes, from: 0, to: bytes.count, keepTabs: false, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// True when some byte in `start..<end` is not printable ASCII (tab allowed):
    /// the fast path for the usual all-ASCII kubectl line.
    @inlinable
    public static func needsCleaning(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte >= 0x7F || (byte < 0x20 && byte != 0x09) { return true }
            index += 1
        }
        return false
    }

    /// Writes the cleaned bytes of `bytes[start..<end]` to `output` (valid UTF-8,
    /// no control characters, tabs kept or made spaces) and reports what changed.
    public static func clean(
        _ bytes: [UInt8], from start: Int, to end: Int, keepTabs: Bool, into output: inout [UInt8]
    ) -> Changes {
        var changes: Changes = []
        output.reserveCapacity(output.count + (end - start))
        var index = max(0, start)
        let end = min(end, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x1B {
                index = skipEscapeSequence(bytes, escapeAt: index, end: end)
                changes.insert(.escapeSequences)
                continue
            }
            if byte < 0x80 {
                if byte == 0x09 {
                    output.append(keepTabs ? 0x09 : 0x20)
                } else if byte < 0x20 || byte == 0x7F {
                    changes.insert(.controlCharacters)
                } else {
                    output.append(byte)
                }
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index, end: end)
            guard let scalar else {
                output.append(contentsOf: replacementCharacter)
                changes.insert(.invalidUTF8)
                index += max(1, length)
                continue
            }
            if ControlScalars.isForbidden(scalar) {
                changes.insert(.controlCharacters)
            } else {
                var copy = index
                while copy < index + length { output.append(bytes[copy]); copy += 1 }
            }
            index += length
        }
        return changes
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Decodes one UTF-8 scalar at `index`; nil (with the number of bytes to
    /// skip) when the bytes there are not well-formed UTF-8.
    static func decodeScalar(_ bytes: [UInt8], at index: Int, end: Int) -> (UInt32?, Int) {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard index + length <= end else { return (nil, 1) }
        var offset = 1
        while offset < length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return (nil, offset) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
            offset += 1
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return (nil, length) }
        return (scalar, length)
    }

    /// Returns the index after the escape sequence that starts at `escapeAt`:
    /// CSI (`ESC [` … final byte), OSC/DCS/SOS/PM/APC (… BEL or `ESC \`), or a
    /// two-byte `ESC x`.
    ///
    /// An unterminated sequence runs to the end of the line.
    static func skipEscapeSequence(_ bytes: [UInt8], escapeAt: Int, end: Int) -> Int {
        var index = escapeAt + 1
        guard index < end else { return end }
        let introducer = bytes[index]
        index += 1
        switch introducer {
        case UInt8(ascii: "["):
            while index < end {
                let byte = bytes[index]
                index += 1
                if byte >= 0x40 && byte <= 0x7E { return index }
                if byte < 0x20 || byte > 0x7E { return index - 1 }
            }
            return end
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
            while index < end {
                let byte = bytes[index]
                if byte == 0x07 { return index + 1 }
                if byte == 0x1B {
                    return index + 1 < end && bytes[index + 1] == UInt8(ascii: "\\") ? index + 2 : index
                }
                index += 1
            }
            return end
        case 0x20...0x2F:
            // nF sequences (`ESC ( B`, `ESC # 8`): intermediates, then one final byte.
            while index < end, (0x20...0x2F).contains(bytes[index]) { index += 1 }
            return index < end && (0x30...0x7E).contains(bytes[index]) ? index + 1 : index
        default:
            // Two-byte sequences (`ESC 7`, `ESC c`): drop ESC and the next byte when
            // it is printable ASCII, so no stray letter remains.
            return introducer > 0x20 && introducer < 0x7F ? index : index - 1
        }
    }
}
