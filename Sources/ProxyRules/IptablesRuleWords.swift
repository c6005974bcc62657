/// The words of one rule line, as ``IptablesRuleReader`` asks about them: compared with option names, and made
/// into Strings only where the rule keeps them.
///
/// Two forms with one meaning: ``RuleWordBytes`` (an all-ASCII line, compared byte by byte) and `[String]`
/// (a line with other scalars, compared as Strings, so canonically equal text stays equal).
protocol RuleWords {
    var count: Int { get }
    /// True when word `index` equals `literal` (an ASCII option name).
    func isWord(_ index: Int, _ literal: StaticString) -> Bool
    func string(_ index: Int) -> String
    /// True when word `index` begins with `-` (`--` when `double`), as `String.hasPrefix` says.
    func startsWithDash(_ index: Int, double: Bool) -> Bool
    /// True when word `index` starts with `-` or is `!`-led: the only words that can be rule options.
    func mayBeOption(_ index: Int) -> Bool
    /// True when word `index` has exactly the bytes of `text` (so `text` can be kept for it).
    func hasBytes(_ index: Int, of text: String) -> Bool
    /// The word, lower-cased as `String.lowercased()` does.
    func lowercased(_ index: Int) -> String
    /// True when word `index` is one of ``IptablesRuleReader/ruleOptions``.
    func isRuleOption(_ index: Int) -> Bool
}

extension RuleWords {
    func isRuleOption(_ index: Int) -> Bool {
        for option in IptablesRuleReader.ruleOptions where isWord(index, option) { return true }
        return false
    }
}

extension [String]: RuleWords {
    func isWord(_ index: Int, _ literal: StaticString) -> Bool { self[index] == literal.description }
    func string(_ index: Int) -> String { self[index] }
    func startsWithDash(_ index: Int, double: Bool) -> Bool { self[index].hasPrefix(double ? "--" : "-") }
    func mayBeOption(_ index: Int) -> Bool {
        guard let first = self[index].utf8.first else { return false }
        return first == UInt8(ascii: "-") || first == UInt8(ascii: "!")
    }
    func hasBytes(_ index: Int, of text: String) -> Bool { self[index].utf8.elementsEqual(text.utf8) }
    func lowercased(_ index: Int) -> String { self[index].lowercased() }
}

/// The words of an all-ASCII line: their bytes back to back (quotes and escapes already resolved), kept
/// from line to line so that splitting a line allocates nothing.
///
/// On ASCII text a String comparison, `hasPrefix` and `lowercased()` are byte operations, so answers
/// here are those the `[String]` form gives.
struct RuleWordBytes: RuleWords {
    var bytes: [UInt8] = []
    /// Word `i` is `bytes[starts[i]..<starts[i + 1]]` (both arrays are scratch space, longer than used).
    var starts: [Int] = [0]
    var wordCount = 0
    /// False when a byte of the line is not ASCII (then the reader takes the `[String]` form).
    var isASCII = true

    var count: Int { wordCount }

    func isWord(_ index: Int, _ literal: StaticString) -> Bool {
        let start = starts[index], length = starts[index + 1] - start
        guard length == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<length where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    func string(_ index: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[starts[index]..<starts[index + 1]]), as: UTF8.self)
        }
    }

    func startsWithDash(_ index: Int, double: Bool) -> Bool {
        let start = starts[index], length = starts[index + 1] - start, dash = UInt8(ascii: "-")
        guard length >= (double ? 2 : 1), bytes[start] == dash else { return false }
        return !double || bytes[start + 1] == dash
    }

    func mayBeOption(_ index: Int) -> Bool {
        let start = starts[index]
        guard start < starts[index + 1] else { return false }
        return bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "!")
    }

    func hasBytes(_ index: Int, of text: String) -> Bool {
        let start = starts[index], end = starts[index + 1]
        var text = text
        return text.withUTF8 { other in
            guard other.count == end - start else { return false }
            for offset in 0..<other.count where other[offset] != bytes[start + offset] { return false }
            return true
        }
    }

    func lowercased(_ index: Int) -> String {
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
        guard bytes[starts[index]..<starts[index + 1]].contains(where: upper.contains) else { return string(index) }
        return string(index).lowercased()
    }

    /// Told by length and bytes: a short option is `-` and one of its letters, the long ones are compared
    /// only with the long options (the values and match options of every rule ask this).
    func isRuleOption(_ index: Int) -> Bool {
        let start = starts[index], length = starts[index + 1] - start
        if length == 1 { return bytes[start] == UInt8(ascii: "!") }
        guard length >= 2, bytes[start] == UInt8(ascii: "-") else { return false }
        if length == 2 {
            switch bytes[start + 1] {
            case UInt8(ascii: "m"), UInt8(ascii: "j"), UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "i"),
                UInt8(ascii: "o"), UInt8(ascii: "p"), UInt8(ascii: "g"), UInt8(ascii: "f"):
                return true
            default: return false
            }
        }
        guard bytes[start + 1] == UInt8(ascii: "-") else { return false }
        for option in IptablesRuleReader.longRuleOptions where isWord(index, option) { return true }
        return false
    }

    /// The `[String]` form of the same words.
    var strings: [String] { (0..<count).map(string) }

    /// Splits like iptables-restore: spaces separate words, `"…"` quotes (with `\"` and `\\`), and a quote
    /// may start inside a word (`--comment "a b"`); byte by byte, as iptables-restore reads.
    ///
    /// False when a quote or an escape is left open (the line looks cut).
    mutating func split(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        // Room for the worst case (every byte a word), written through pointers: no append per byte.
        if bytes.count < line.count { bytes = [UInt8](repeating: 0, count: line.count * 2) }
        if starts.count < line.count + 2 { starts = [Int](repeating: 0, count: line.count * 2 + 2) }
        var used = 0, words = 0, high: UInt8 = 0
        var inWord = false, quoted = false, escaped = false
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), quote = UInt8(ascii: "\""),
            backslash = UInt8(ascii: "\\")
        bytes.withUnsafeMutableBufferPointer { out in
            starts.withUnsafeMutableBufferPointer { ends in
                ends[0] = 0
                for byte in line {
                    high |= byte
                    if escaped {
                        out[used] = byte
                        used += 1
                        escaped = false
                    } else if quoted {
                        if byte == backslash {
                            escaped = true
                        } else if byte == quote {
                            quoted = false
                        } else {
                            out[used] = byte
                            used += 1
                        }
                    } else if byte == space || byte == tab {
                        if inWord { words += 1; ends[words] = used }
                        inWord = false
                    } else {
                        if byte == quote {
                            quoted = true
                        } else if byte == backslash {
                            escaped = true
                        } else {
                            out[used] = byte
                            used += 1
                        }
                        inWord = true
                    }
                }
                if inWord && !quoted && !escaped { words += 1; ends[words] = used }
            }
        }
        wordCount = words
        isASCII = high < 0x80
        return !quoted && !escaped
    }
}
