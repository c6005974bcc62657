/// The `-m NAME options` and `-j TARGET options` parts of a rule read into the model's cases.
///
/// An option kubehops does not model keeps the whole part as text (`.other`), printed back as read.
enum IptablesMatchReader {
    static func raw(_ prefix: String, _ name: String, _ options: [String]) -> String {
        ([prefix, name] + options.map(IptablesRuleReader.quotedIfNeeded)).joined(separator: " ")
    }

    /// Options as `--name value` pairs with their negation; nil when one is not of that shape.
    static func pairs(_ options: [String], flags: Set<String> = []) -> [(name: String, value: String?, negated: Bool)]?
    {
        var out: [(String, String?, Bool)] = []
        var index = 0
        var negate = false
        while index < options.count {
            let word = options[index]
            if word == "!" { negate = true; index += 1; continue }
            guard word.hasPrefix("--") else { return nil }
            if flags.contains(word) {
                out.append((word, nil, negate))
                index += 1
            } else {
                guard index + 1 < options.count else { return nil }
                out.append((word, options[index + 1], negate))
                index += 2
            }
            negate = false
        }
        return out
    }

    /// The `-m` part whose name is word `name` and options the words `options`: kube-proxy's most common
    /// matches straight from the words, the others as ``match(_:_:)`` reads them.
    static func match<Words: RuleWords>(_ words: Words, name: Int, options: Range<Int>) -> IptablesMatch {
        common(words, name: name, options: options) ?? match(words.string(name), options.map(words.string))
    }

    /// What ``modelled(_:_:)`` makes of `-m comment --comment TEXT`, `-m tcp [--dport N]` (udp, sctp) and
    /// `-m statistic --mode random --probability P`; nil for any other match or shape.
    static func common<Words: RuleWords>(_ words: Words, name: Int, options: Range<Int>) -> IptablesMatch? {
        let first = options.lowerBound
        if words.isWord(name, "comment") {
            guard options.count == 2, words.isWord(first, "--comment") else { return nil }
            return .comment(words.string(first + 1))
        }
        if words.isWord(name, "tcp") || words.isWord(name, "udp") || words.isWord(name, "sctp") {
            if options.isEmpty { return .port(protocol: words.string(name), destinationPort: nil) }
            guard options.count == 2, words.isWord(first, "--dport") || words.isWord(first, "--destination-port"),
                let port = Int(words.string(first + 1)), (0...65535).contains(port)
            else { return nil }
            return .port(protocol: words.string(name), destinationPort: port)
        }
        if words.isWord(name, "statistic") {
            guard options.count == 4, words.isWord(first, "--mode"), words.isWord(first + 1, "random"),
                words.isWord(first + 2, "--probability")
            else { return nil }
            let written = words.string(first + 3)
            guard let p = Double(written), (0...1).contains(p) else { return nil }
            return .statistic(StatisticProbability(written: written))
        }
        return nil
    }

    static func match(_ name: String, _ options: [String]) -> IptablesMatch {
        modelled(name, options) ?? .other(raw("-m", name, options))
    }

    /// The match as a modelled case, or nil when kubehops keeps it as text.
    static func modelled(_ name: String, _ options: [String]) -> IptablesMatch? {
        let other: IptablesMatch? = nil  // not modelled: the caller keeps it as text
        switch name {
        case "comment":
            guard options.count == 2, options[0] == "--comment" else { return other }
            return .comment(options[1])
        case "tcp", "udp", "sctp":
            if options.isEmpty { return .port(protocol: name, destinationPort: nil) }
            guard options.count == 2, options[0] == "--dport" || options[0] == "--destination-port",
                let port = Int(options[1]), (0...65535).contains(port)
            else { return other }
            return .port(protocol: name, destinationPort: port)
        case "addrtype":
            guard let pairs = pairs(options), !pairs.isEmpty else { return other }
            var source: IptablesMatch.TypeMatch?, destination: IptablesMatch.TypeMatch?
            for pair in pairs {
                guard let value = pair.value else { return other }
                switch pair.name {
                case "--src-type": source = .init(value, negated: pair.negated)
                case "--dst-type": destination = .init(value, negated: pair.negated)
                default: return other
                }
            }
            return .addrType(source: source, destination: destination)
        case "statistic":
            guard options.count == 4, options[0] == "--mode", options[1] == "random", options[2] == "--probability",
                let p = Double(options[3]), (0...1).contains(p)
            else { return other }
            return .statistic(StatisticProbability(written: options[3]))
        case "recent":
            return recent(options) ?? other
        case "mark":
            guard let pairs = pairs(options), pairs.count == 1, pairs[0].name == "--mark",
                let (value, mask) = markValue(pairs[0].value ?? "")
            else { return other }
            return .mark(value: value, mask: mask, negated: pairs[0].negated)
        case "conntrack":
            guard let pairs = pairs(options), pairs.count == 1,
                pairs[0].name == "--ctstate" || pairs[0].name == "--state",
                let states = pairs[0].value
            else { return other }
            return .conntrack(states: states.split(separator: ",").map(String.init), negated: pairs[0].negated)
        case "nfacct":
            guard options.count == 2, options[0] == "--nfacct-name" else { return other }
            return .nfacct(name: options[1])
        case "physdev":
            guard let pairs = pairs(options, flags: ["--physdev-is-in"]), pairs.count == 1,
                pairs[0].name == "--physdev-is-in"
            else { return other }
            return .physdevIsIn(negated: pairs[0].negated)
        default:
            return other
        }
    }

    static func recent(_ options: [String]) -> IptablesMatch? {
        let flags: Set<String> = ["--set", "--rcheck", "--update", "--remove", "--reap", "--rsource", "--rdest"]
        guard let pairs = pairs(options, flags: flags) else { return nil }
        var command: RecentMatch.Command?
        var name: String?, seconds: Int?, reap = false
        for pair in pairs {
            switch pair.name {
            case "--set", "--rcheck", "--update", "--remove":
                command = RecentMatch.Command(rawValue: String(pair.name.dropFirst(2)))
            case "--name": name = pair.value
            case "--seconds": seconds = pair.value.flatMap { Int($0) }
            case "--reap": reap = true
            case "--mask", "--rsource": continue
            default: return nil
            }
            if pair.negated { return nil }
        }
        guard let command, let name else { return nil }
        return .recent(RecentMatch(command: command, name: name, seconds: seconds, reap: reap))
    }

    /// `0x4000/0x4000`, `0x4000` (mask all ones), decimal too.
    static func markValue(_ text: String) -> (UInt32, UInt32)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let value = number(parts[0]) else { return nil }
        guard parts.count == 2 else { return (value, .max) }
        guard let mask = number(parts[1]) else { return nil }
        return (value, mask)
    }

    static func number(_ text: Substring) -> UInt32? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt32(text.dropFirst(2), radix: 16) }
        return UInt32(text)
    }

    /// The `-j` part whose name is word `name`: a jump and `DNAT --to-destination` straight from the words, the
    /// others as ``target(_:_:)`` reads them.
    static func target<Words: RuleWords>(_ words: Words, name: Int, options: Range<Int>) -> IptablesTarget {
        commonTarget(words, name: name, options: options) ?? target(words.string(name), options.map(words.string))
    }

    /// What ``modelledTarget(_:_:)`` makes of `-j CHAIN` and `-j DNAT --to-destination A`; nil for the others.
    static func commonTarget<Words: RuleWords>(_ words: Words, name: Int, options: Range<Int>) -> IptablesTarget? {
        if words.isWord(name, "DNAT") {
            guard options.count == 2, words.isWord(options.lowerBound, "--to-destination") else { return nil }
            return .dnat(toDestination: words.string(options.lowerBound + 1))
        }
        if words.isWord(name, "MARK") || words.isWord(name, "MASQUERADE") || words.isWord(name, "REJECT") {
            return nil
        }
        guard options.isEmpty else { return nil }
        let chain = words.string(name)
        return chain.isEmpty ? nil : .jump(chain)
    }

    static func target(_ name: String, _ options: [String]) -> IptablesTarget {
        modelledTarget(name, options)
            ?? .other(([name] + options.map(IptablesRuleReader.quotedIfNeeded)).joined(separator: " "))
    }

    /// The target as a modelled case, or nil when kubehops keeps it as text.
    static func modelledTarget(_ name: String, _ options: [String]) -> IptablesTarget? {
        let other: IptablesTarget? = nil  // not modelled: the caller keeps it as text
        switch name {
        case "DNAT":
            guard options.count == 2, options[0] == "--to-destination" else { return other }
            return .dnat(toDestination: options[1])
        case "MARK":
            guard options.count == 2 else { return other }
            switch options[0] {
            case "--set-xmark":
                guard let (value, mask) = markValue(options[1]) else { return other }
                return .mark(xorValue: value, clearMask: mask == .max ? .max : mask)
            case "--or-mark":
                guard let value = number(Substring(options[1])) else { return other }
                return .mark(xorValue: value, clearMask: value)
            case "--xor-mark":
                guard let value = number(Substring(options[1])) else { return other }
                return .mark(xorValue: value, clearMask: 0)
            default: return other
            }
        case "MASQUERADE":
            if options.isEmpty { return .masquerade(randomFully: false) }
            return options == ["--random-fully"] ? .masquerade(randomFully: true) : other
        case "REJECT":
            if options.isEmpty { return .reject(with: "icmp-port-unreachable") }
            guard options.count == 2, options[0] == "--reject-with" else { return other }
            return .reject(with: options[1])
        default:
            return options.isEmpty && !name.isEmpty ? .jump(name) : other
        }
    }
}
