/// One `-A CHAIN …` line as `iptables-save` (or kube-proxy's restore input) writes it, read into an
/// ``IptablesRule``.
///
/// Matches and targets kubehops models become their cases; anything else is kept as text (`.other`), so it is printed
/// back as read and a walk says it cannot evaluate it.
enum IptablesRuleReader {
    struct Problem: Error { var message: String }

    static func read(_ line: Substring) -> Result<IptablesRule, Problem> {
        let words: [String]
        switch tokens(line) {
        case .failure(let problem): return .failure(problem)
        case .success(let list): words = list
        }
        guard words.count >= 2, words[0] == "-A" || words[0] == "-I", !words[1].hasPrefix("-") else {
            return .failure(Problem(message: "expected -A CHAIN at the start of the rule"))
        }
        var rule = IptablesRule(chain: words[1], target: nil)
        var index = 2
        var negate = false
        func value() -> String? {
            guard index + 1 < words.count else { return nil }
            index += 1
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            switch word {
            case "!":
                negate = true
                index += 1
                continue
            case "-s", "--source", "-d", "--destination":
                guard let text = value(), let prefix = IPPrefix(text) else {
                    return .failure(Problem(message: "\(word) needs an address or CIDR"))
                }
                let match = AddressMatch(prefix, negated: negate)
                if word.hasPrefix("-s") || word == "--source" { rule.source = match } else { rule.destination = match }
            case "-i", "--in-interface":
                guard let name = value() else { return .failure(Problem(message: "-i needs an interface name")) }
                rule.inInterface = InterfaceMatch(name, negated: negate)
            case "-p", "--protocol":
                guard let name = value() else { return .failure(Problem(message: "-p needs a protocol")) }
                if negate { rule.matches.append(.other("! -p " + name)) } else { rule.protocol = name.lowercased() }
            case "-m", "--match":
                guard let name = value() else { return .failure(Problem(message: "-m needs a match name")) }
                var options: [String] = []
                while index + 1 < words.count, !isRuleOption(words[index + 1]) || isMatchOption(words, index + 1) {
                    index += 1
                    options.append(words[index])
                }
                rule.matches.append(IptablesMatchReader.match(name, options))
            case "-j", "--jump":
                guard let name = value() else { return .failure(Problem(message: "-j needs a target")) }
                var options: [String] = []
                while index + 1 < words.count, !isRuleOption(words[index + 1]) {
                    index += 1
                    options.append(words[index])
                }
                rule.target = IptablesMatchReader.target(name, options)
            default:
                // `-o eth0`, `-g CHAIN`, `-f`: kept as read.
                var raw = (negate ? "! " : "") + quotedIfNeeded(word)
                while index + 1 < words.count, !isRuleOption(words[index + 1]) {
                    index += 1
                    raw += " " + quotedIfNeeded(words[index])
                }
                rule.matches.append(.other(raw))
            }
            negate = false
            index += 1
        }
        return .success(rule)
    }

    /// The options that start a new part of the rule (not an option of the match before them).
    static func isRuleOption(_ word: String) -> Bool {
        // Most words are values: only `!` and words starting with `-` can be options.
        guard let first = word.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "!") else {
            return false
        }
        switch word {
        case "-m", "--match", "-j", "--jump", "-s", "-d", "-i", "-o", "-p", "-g", "--goto", "--source",
            "--destination", "--in-interface", "--out-interface", "--protocol", "-f", "!":
            return true
        default:
            return false
        }
    }

    /// A `!` inside a match (`-m mark ! --mark …`) belongs to the match when a `--option` follows it.
    static func isMatchOption(_ words: [String], _ index: Int) -> Bool {
        words[index] == "!" && index + 1 < words.count && words[index + 1].hasPrefix("--")
            && !isRuleOption(words[index + 1])
    }

    static func quotedIfNeeded(_ word: String) -> String {
        word.isEmpty || word.contains(" ") || word.contains("\"") ? IptablesSaveFormat.quoted(word) : word
    }

    /// Splits like iptables-restore: spaces separate words, `"…"` quotes (with `\"` and `\\`), and a
    /// quote may start inside a word (`--comment "a b"`).
    ///
    /// Byte by byte, as iptables-restore reads.
    static func tokens(_ line: Substring) -> Result<[String], Problem> {
        var words: [String] = []
        var word: [UInt8] = []
        var inWord = false, quoted = false, escaped = false
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), quote = UInt8(ascii: "\""),
            backslash = UInt8(ascii: "\\")
        for byte in line.utf8 {
            if escaped {
                word.append(byte)
                escaped = false
                continue
            }
            if quoted {
                if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    quoted = false
                } else {
                    word.append(byte)
                }
                continue
            }
            switch byte {
            case space, tab:
                if inWord {
                    words.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                    inWord = false
                }
            case quote:
                quoted = true
                inWord = true
            case backslash:
                escaped = true
                inWord = true
            default:
                word.append(byte)
                inWord = true
            }
        }
        if quoted || escaped { return .failure(Problem(message: "a quoted value is not closed (the line looks cut)")) }
        if inWord { words.append(String(decoding: word, as: UTF8.self)) }
        return .success(words)
    }
}
