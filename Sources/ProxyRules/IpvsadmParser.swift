import ClusterModel

/// A node's `ipvsadm -Ln` (or `-Ln --stats` / `--rate`): kube-proxy's IPVS virtual servers (one per
/// ClusterIP:port, NodeIP:nodePort, LB IP:port) with their real servers (the endpoints).
public struct IpvsDump: Sendable, Hashable {
    public var services: [IpvsVirtualServer]
    public var diagnostics: [Diagnostic]
    /// The listing has counters (`--stats`, `--rate`) instead of the scheduler, weights and connections.
    public var hasStats: Bool
}

public struct IpvsVirtualServer: Sendable, Hashable {
    /// `TCP`, `UDP`, `SCTP`, or `FWM` (a firewall-mark service).
    public var `protocol`: String
    /// `10.96.0.1:443`, `[fd00::1]:443`, or the mark of an FWM service.
    public var address: String
    /// `rr` (kube-proxy's default), `lc`, `sh`…; nil in a `--stats` listing.
    public var scheduler: String?
    /// `persistent 10800` is ClientIP session affinity with its timeout.
    public var persistentSeconds: Int?
    public var realServers: [IpvsRealServer]
    /// `Conns` (or `CPS`) of a `--stats` (`--rate`) listing.
    public var connections: String?
    public var line: Int
}

public struct IpvsRealServer: Sendable, Hashable {
    /// `10.244.1.5:8080` (`[fd00::5]:8080`).
    public var address: String
    /// `Masq` for kube-proxy (NAT); nil in a `--stats` listing.
    public var forward: String?
    public var weight: Int?
    public var activeConnections: Int?
    public var inactiveConnections: Int?
    public var connections: String?
    public var line: Int
}

public enum IpvsadmParser {
    /// True when `text` looks like `ipvsadm -L` output (`#` lines, as kubehops' own notes, passed over).
    public static func recognises(_ text: Substring) -> Bool {
        text.split(separator: "\n").lazy.filter { !$0.hasPrefix("#") }.prefix(10).contains {
            $0.hasPrefix("IP Virtual Server version") || $0.hasPrefix("Prot LocalAddress:Port")
        }
    }

    public static func parse(_ text: String, source: String = "-") -> IpvsDump {
        var dump = IpvsDump(services: [], diagnostics: [], hasStats: false)
        var lineNumber = 0
        // Lines split on the newline byte (as the other dump parsers): Characters would join `\r\n` into one.
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Substring(raw.last == 0x0D ? raw.dropLast() : raw)
            if let problem = read(line, number: lineNumber, into: &dump) {
                dump.diagnostics.append(
                    Diagnostic(
                        severity: .warning, source: source, line: lineNumber, excerpt: DumpExcerpt.of(line),
                        message: DumpExcerpt.of(Substring(problem))))
            }
        }
        return dump
    }

    /// Reads one line into `dump`.
    ///
    /// Returns the warning the line earns, if any: the line is then passed over, so one bad line costs only itself.
    static func read(_ line: Substring, number: Int, into dump: inout IpvsDump) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first else { return nil }
        if line.hasPrefix("IP Virtual Server version") || line.hasPrefix("#") { return nil }
        if first == "Prot" {
            // The header says which listing this is: `--stats`/`--rate` columns replace the weights.
            dump.hasStats = words.contains("Conns") || words.contains("CPS")
            return nil
        }
        if first == "->" { return readRealServer(words, number: number, into: &dump) }
        return readVirtualServer(words, number: number, into: &dump)
    }

    /// A `-> ADDRESS:PORT …` line: a real server of the virtual server above it (the column header passed over).
    static func readRealServer(_ words: [Substring], number: Int, into dump: inout IpvsDump) -> String? {
        guard words.count >= 2 else { return "a real server line without its address" }
        if words[1] == "RemoteAddress:Port" { return nil }
        guard !dump.services.isEmpty else { return "a real server (->) before any virtual server line" }
        guard isHostPort(words[1]) else { return "expected -> ADDRESS:PORT of a real server" }
        var real = IpvsRealServer(address: String(words[1]), line: number)
        if dump.hasStats {
            real.connections = words.count > 2 ? String(words[2]) : nil
        } else {
            guard words.count == 6, let weight = Int(words[3]), let active = Int(words[4]),
                let inactive = Int(words[5])
            else { return "expected -> ADDRESS:PORT FORWARD WEIGHT ACTIVECONN INACTCONN" }
            real.forward = String(words[2])
            real.weight = weight
            real.activeConnections = active
            real.inactiveConnections = inactive
        }
        dump.services[dump.services.count - 1].realServers.append(real)
        return nil
    }

    /// A `TCP ADDRESS:PORT SCHEDULER [persistent N]` (or `FWM MARK …`) line: a virtual server, to which the real
    /// server lines below it belong.
    static func readVirtualServer(_ words: [Substring], number: Int, into dump: inout IpvsDump) -> String? {
        let first = words[0]
        guard ["TCP", "UDP", "SCTP", "FWM"].contains(first), words.count >= 2,
            first == "FWM" ? UInt32(words[1]) != nil : isHostPort(words[1])
        else { return "expected a virtual server (TCP ADDRESS:PORT SCHEDULER) or a real server (-> ADDRESS:PORT)" }
        var service = IpvsVirtualServer(
            protocol: String(first), address: String(words[1]), realServers: [], line: number)
        if dump.hasStats {
            service.connections = words.count > 2 ? String(words[2]) : nil
        } else if words.count >= 3 {
            service.scheduler = String(words[2])
            if let index = words.firstIndex(of: "persistent") {
                service.persistentSeconds = index + 1 < words.count ? Int(words[index + 1]) : nil
            }
        }
        dump.services.append(service)
        return nil
    }

    /// `10.0.0.1:443` or `[fd00::1]:443`.
    static func isHostPort(_ text: Substring) -> Bool {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return false }
        var host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return IPPrefix(host) != nil
            || (!host.isEmpty && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
    }
}
