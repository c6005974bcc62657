/// One `-A CHAIN …` line as `iptables-save` (or kube-proxy's restore input) writes it, read into an
/// ``IptablesRule``.
///
/// Matches and targets kubehops models become their cases; anything else is kept as text (`.other`), so it is printed
/// back as read and a walk says it cannot evaluate it.
enum IptablesRuleReader {
    struct Problem: Error { var message: String }

    /// Reads one rule; `words` is scratch space kept from line to line, and `chain` the chain of the rule
    /// before: kept for this rule when the name is the same, so a chain's rules share one String.
    static func read(_ line: Substring, words: inout RuleWordBytes, chain: String? = nil) -> Result<
        IptablesRule, Problem
    > {
        let closed =
            line.utf8.withContiguousStorageIfAvailable { words.split($0) }
            ?? Array(line.utf8).withUnsafeBufferPointer { words.split($0) }
        guard closed else { return .failure(Problem(message: "a quoted value is not closed (the line looks cut)")) }
        return words.isASCII ? read(words, chain: chain) : read(words.strings, chain: chain)
    }

    static func read(_ line: Substring) -> Result<IptablesRule, Problem> {
        var words = RuleWordBytes()
        return read(line, words: &words)
    }

    static func read<Words: RuleWords>(_ words: Words, chain: String?) -> Result<IptablesRule, Problem> {
        guard words.count >= 2, words.isWord(0, "-A") || words.isWord(0, "-I"), !words.startsWithDash(1, double: false)
        else {
            return .failure(Problem(message: "expected -A CHAIN at the start of the rule"))
        }
        let name = chain.flatMap { words.hasBytes(1, of: $0) ? $0 : nil } ?? words.string(1)
        var parts = RuleParts(words: words, rule: IptablesRule(chain: name, target: nil))
        while parts.index < words.count {
            if let problem = parts.readPart() { return .failure(problem) }
        }
        return .success((consume parts).rule)
    }

    /// The options that start a new part of the rule (not an option of the match before them).
    static let ruleOptions: [StaticString] = [
        "-m", "--match", "-j", "--jump", "-s", "-d", "-i", "-o", "-p", "-g", "--goto", "--source",
        "--destination", "--in-interface", "--out-interface", "--protocol", "-f", "!",
    ]
    /// The options of ``ruleOptions`` that start with `--`.
    static let longRuleOptions: [StaticString] = [
        "--match", "--jump", "--goto", "--source", "--destination", "--in-interface", "--out-interface",
        "--protocol",
    ]

    static func quotedIfNeeded(_ word: String) -> String {
        word.isEmpty || word.contains(" ") || word.contains("\"") ? IptablesSaveFormat.quoted(word) : word
    }
}

/// A rule being read part by part (`-s …`, `-m NAME options`, `-j TARGET options`, `!`).
struct RuleParts<Words: RuleWords> {
    typealias Problem = IptablesRuleReader.Problem
    let words: Words
    var rule: IptablesRule
    /// The word the next part starts at.
    var index = 2
    var negate = false

    /// The word after the current one (its value), moving onto it.
    mutating func value() -> String? {
        guard index + 1 < words.count else { return nil }
        index += 1
        return words.string(index)
    }

    /// Reads the part at `index` and moves past it; a problem ends the rule.
    mutating func readPart() -> Problem? {
        let at = index
        if words.isWord(at, "!") {
            negate = true
            index += 1
            return nil
        }
        if let problem = readOption(at) { return problem }
        negate = false
        index += 1
        return nil
    }

    mutating func readOption(_ at: Int) -> Problem? {
        guard words.mayBeOption(at) else { return readOther(at) }
        if words.isWord(at, "-s") || words.isWord(at, "--source") || words.isWord(at, "-d")
            || words.isWord(at, "--destination")
        {
            guard let text = value(), let prefix = IPPrefix(text) else {
                return Problem(message: "\(words.string(at)) needs an address or CIDR")
            }
            let match = AddressMatch(prefix, negated: negate)
            if words.isWord(at, "-s") || words.isWord(at, "--source") {
                rule.source = match
            } else {
                rule.destination = match
            }
        } else if words.isWord(at, "-i") || words.isWord(at, "--in-interface") {
            guard let name = value() else { return Problem(message: "-i needs an interface name") }
            rule.inInterface = InterfaceMatch(name, negated: negate)
        } else if words.isWord(at, "-p") || words.isWord(at, "--protocol") {
            guard index + 1 < words.count else { return Problem(message: "-p needs a protocol") }
            index += 1
            if negate { rule.matches.append(.other("! -p " + words.string(index))) } else {
                rule.protocol = words.lowercased(index)
            }
        } else if words.isWord(at, "-m") || words.isWord(at, "--match") {
            guard index + 1 < words.count else { return Problem(message: "-m needs a match name") }
            index += 1
            let name = index
            while index + 1 < words.count, !isRuleOption(index + 1) || isMatchOption(index + 1) { index += 1 }
            rule.matches.append(IptablesMatchReader.match(words, name: name, options: name + 1..<index + 1))
        } else if words.isWord(at, "-j") || words.isWord(at, "--jump") {
            guard index + 1 < words.count else { return Problem(message: "-j needs a target") }
            index += 1
            let name = index
            while index + 1 < words.count, !isRuleOption(index + 1) { index += 1 }
            rule.target = IptablesMatchReader.target(words, name: name, options: name + 1..<index + 1)
        } else {
            return readOther(at)
        }
        return nil
    }

    /// `-o eth0`, `-g CHAIN`, `-f`: kept as read.
    mutating func readOther(_ at: Int) -> Problem? {
        var raw = (negate ? "! " : "") + IptablesRuleReader.quotedIfNeeded(words.string(at))
        while index + 1 < words.count, !isRuleOption(index + 1) {
            index += 1
            raw += " " + IptablesRuleReader.quotedIfNeeded(words.string(index))
        }
        rule.matches.append(.other(raw))
        return nil
    }

    /// The options that start a new part of the rule (not an option of the match before them).
    func isRuleOption(_ at: Int) -> Bool {
        // Most words are values: only `!` and words starting with `-` can be options.
        guard words.mayBeOption(at) else { return false }
        return words.isRuleOption(at)
    }

    /// A `!` inside a match (`-m mark ! --mark …`) belongs to the match when a `--option` follows it.
    func isMatchOption(_ at: Int) -> Bool {
        words.isWord(at, "!") && at + 1 < words.count && words.startsWithDash(at + 1, double: true)
            && !isRuleOption(at + 1)
    }
}
