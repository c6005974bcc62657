/// Prints rules as `iptables-save` (iptables 1.8, legacy or nf_tables) does: addresses masked
/// with their length (`/32`, `/128`), `-s -d -i -p` first, the matches in their order, then the
/// target with the options the kernel kept (`--or-mark 0x4000` comes back as
/// `--set-xmark 0x4000/0x4000`, `REJECT` with its `--reject-with`, probabilities with 11 decimals).
public enum IptablesSaveFormat {
    /// `-A CHAIN …` exactly as iptables-save prints the rule.
    public static func line(_ rule: IptablesRule, family: IPPrefix.Family = .ipv4) -> String {
        var out = ""
        write(rule, family: family, into: &out)
        return out
    }

    /// The rule's line (no newline) appended to `out`: a node's whole dump is written into one string.
    static func write(_ rule: IptablesRule, family: IPPrefix.Family, into out: inout String) {
        out += "-A "
        out += rule.chain
        if let unknown = rule.unknownSource {
            out += " "
            out += unknown
        }
        if let source = rule.source { write(source, flag: " -s ", into: &out) }
        if let destination = rule.destination { write(destination, flag: " -d ", into: &out) }
        if let interface = rule.inInterface {
            out += interface.negated ? " ! -i " : " -i "
            out += interface.name
        }
        if let proto = rule.protocol {
            out += " -p "
            out += proto
        }
        for match in rule.matches { write(match, family: family, into: &out) }
        if let target = rule.target { write(target, into: &out) }
    }

    static func write(_ match: AddressMatch, flag: String, into out: inout String) {
        if match.negated { out += " !" }
        out += flag
        out += match.prefix.address
        out += "/"
        out += String(match.prefix.length)
    }

    static func write(_ match: IptablesMatch, family: IPPrefix.Family, into out: inout String) {
        switch match {
        case .comment(let comment):
            out += " -m comment --comment "
            out += quoted(comment)
        case .port(let proto, let port):
            out += " -m "
            out += proto
            if let port {
                out += " --dport "
                out += String(port)
            }
        case .statistic(let probability):
            out += " -m statistic --mode random --probability "
            out += probability.saved
        default:
            out += text(match, family: family)
        }
    }

    static func text(_ match: IptablesMatch, family: IPPrefix.Family) -> String {
        switch match {
        case .comment(let comment):
            return " -m comment --comment " + quoted(comment)
        case .port(let proto, let port):
            return " -m \(proto)" + (port.map { " --dport \($0)" } ?? "")
        case .addrType(let source, let destination):
            var out = " -m addrtype"
            if let source { out += (source.negated ? " ! " : " ") + "--src-type " + source.type }
            if let destination { out += (destination.negated ? " ! " : " ") + "--dst-type " + destination.type }
            return out
        case .statistic(let probability):
            return " -m statistic --mode random --probability " + probability.saved
        case .recent(let recent):
            return " -m recent" + text(recent, ipv6: family == .ipv6)
        case .mark(let value, let mask, let negated):
            return " -m mark" + (negated ? " !" : "") + " --mark " + hex(value) + (mask == .max ? "" : "/" + hex(mask))
        case .conntrack(let states, let negated):
            return " -m conntrack" + (negated ? " !" : "") + " --ctstate " + canonicalStates(states)
        case .nfacct(let name):
            // libxt_nfacct prints the option, then xtables_save_string adds its own space.
            return " -m nfacct --nfacct-name  " + name
        case .physdevIsIn(let negated):
            return " -m physdev" + (negated ? " !" : "") + " --physdev-is-in"
        case .other(let raw):
            return " " + raw
        }
    }

    /// libxt_recent's save order: command, `--seconds`, `--reap`, `--name`, `--mask`, `--rsource`.
    static func text(_ recent: RecentMatch, ipv6: Bool) -> String {
        var out = " --" + recent.command.rawValue
        if let seconds = recent.seconds { out += " --seconds \(seconds)" }
        if recent.reap { out += " --reap" }
        out += " --name " + recent.name
        out += " --mask " + (ipv6 ? "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" : "255.255.255.255")
        return out + " --rsource"
    }

    static func write(_ target: IptablesTarget, into out: inout String) {
        switch target {
        case .jump(let name):
            out += " -j "
            out += name
        case .dnat(let destination):
            out += " -j DNAT --to-destination "
            out += destination
        default:
            out += text(target)
        }
    }

    static func text(_ target: IptablesTarget) -> String {
        switch target {
        case .jump(let name): return " -j " + name
        case .dnat(let destination): return " -j DNAT --to-destination " + destination
        case .mark(let value, let mask): return " -j MARK --set-xmark " + hex(value) + "/" + hex(mask)
        case .masquerade(let randomFully): return " -j MASQUERADE" + (randomFully ? " --random-fully" : "")
        case .reject(let with): return " -j REJECT --reject-with " + with
        case .other(let raw): return " -j " + raw
        }
    }

    /// xtables_save_string: bare when only `[A-Za-z0-9_-]`, else in double quotes with `"`, `\` and `'`
    /// escaped by a backslash.
    public static func quoted(_ value: String) -> String {
        // Byte by byte: the ASCII letters are the only ASCII scalars that are alphabetic.
        let bare =
            !value.isEmpty
            && value.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "-")
            }
        if bare { return value }
        var out = "\""
        for character in value {
            if character == "\"" || character == "\\" || character == "'" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

    /// libxt_conntrack prints states in a fixed order whatever order they were given in.
    static func canonicalStates(_ states: [String]) -> String {
        let order = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"]
        let upper = states.map { $0.uppercased() }
        let known = order.filter(upper.contains)
        return (known + upper.filter { !order.contains($0) }).joined(separator: ",")
    }
}
