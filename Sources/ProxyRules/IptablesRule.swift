/// One iptables rule as data: what netfilter stores, so it can be printed exactly as
/// `iptables-save` prints it and walked by a packet.
///
/// Built by the generator from a service or parsed from kube-proxy's restore input or a node's dump (both orders read
/// the same).
public struct IptablesRule: Sendable, Hashable, Codable {
    public var chain: String
    public var source: AddressMatch?
    public var destination: AddressMatch?
    /// `-i`: kube-proxy's interface-based local detection (`! -i cni0`, `-i veth+`).
    public var inInterface: InterfaceMatch?
    /// `-p tcp` (lower case).
    public var `protocol`: String?
    /// The `-m` matches in the order they were given; iptables keeps and prints that order.
    public var matches: [IptablesMatch]
    /// nil: a rule without `-j` (KUBE-FW's last rule only counts packets).
    public var target: IptablesTarget?
    /// A source condition the input cannot tell (`! -s <cluster CIDR>`): kube-proxy writes the rule, but
    /// with a value kubehops does not know, so it is printed as a `#` comment with this text in place of
    /// `-s`, and walks pass it by (``IptablesTable/rules(_:)`` leaves it out).
    public var unknownSource: String?

    public init(
        chain: String, source: AddressMatch? = nil, destination: AddressMatch? = nil,
        inInterface: InterfaceMatch? = nil, protocol: String? = nil, matches: [IptablesMatch] = [],
        target: IptablesTarget?, unknownSource: String? = nil
    ) {
        self.chain = chain; self.source = source; self.destination = destination
        self.inInterface = inInterface; self.protocol = `protocol`; self.matches = matches; self.target = target
        self.unknownSource = unknownSource
    }

    /// The `--comment` text, if any.
    public var comment: String? {
        for match in matches { if case .comment(let text) = match { return text } }
        return nil
    }
}

/// `-s`/`-d`, possibly negated (`! -s 10.244.0.0/16`).
public struct AddressMatch: Sendable, Hashable, Codable {
    public var prefix: IPPrefix
    public var negated: Bool
    public init(_ prefix: IPPrefix, negated: Bool = false) { self.prefix = prefix; self.negated = negated }
}

/// `-i name` (a trailing `+` matches every interface with that prefix), possibly negated.
public struct InterfaceMatch: Sendable, Hashable, Codable {
    public var name: String
    public var negated: Bool
    public init(_ name: String, negated: Bool = false) { self.name = name; self.negated = negated }

    public func matches(_ interface: String) -> Bool {
        let hit = name.hasSuffix("+") ? interface.hasPrefix(name.dropLast()) : interface == name
        return hit != negated
    }
}

/// The match extensions kube-proxy writes; anything else is kept as text.
public enum IptablesMatch: Sendable, Hashable, Codable {
    case comment(String)
    /// `-m tcp [--dport N]` (also udp, sctp).
    case port(protocol: String, destinationPort: Int?)
    /// `-m addrtype [[!] --src-type T] [[!] --dst-type T]`.
    case addrType(source: TypeMatch?, destination: TypeMatch?)
    case statistic(StatisticProbability)
    case recent(RecentMatch)
    /// `-m mark [!] --mark value/mask`.
    case mark(value: UInt32, mask: UInt32, negated: Bool)
    /// `-m conntrack [!] --ctstate A,B`.
    case conntrack(states: [String], negated: Bool)
    case nfacct(name: String)
    /// `-m physdev [!] --physdev-is-in` (kube-proxy before 1.24, external IPs).
    case physdevIsIn(negated: Bool)
    /// A match this model does not know, printed as read (`-m set --match-set KUBE-CLUSTER-IP dst,dst`).
    case other(String)

    /// `--src-type LOCAL` / `! --dst-type LOCAL`.
    public struct TypeMatch: Sendable, Hashable, Codable {
        public var type: String
        public var negated: Bool
        public init(_ type: String, negated: Bool = false) { self.type = type; self.negated = negated }
    }
}

/// `-m recent`: ClientIP session affinity, one list per endpoint chain.
public struct RecentMatch: Sendable, Hashable, Codable {
    public enum Command: String, Sendable, Hashable, Codable { case set, rcheck, update, remove }
    public var command: Command
    public var name: String
    public var seconds: Int?
    public var reap: Bool
    public init(command: Command, name: String, seconds: Int? = nil, reap: Bool = false) {
        self.command = command; self.name = name; self.seconds = seconds; self.reap = reap
    }
}

public enum IptablesTarget: Sendable, Hashable, Codable {
    /// A user chain (`-j KUBE-SVC-…`) or a verdict without options (ACCEPT, DROP, RETURN).
    case jump(String)
    case dnat(toDestination: String)
    /// `-j MARK --set-xmark value/mask`; kube-proxy's `--or-mark 0x4000` is 0x4000/0x4000,
    /// `--xor-mark 0x4000` is 0x4000/0x0.
    case mark(xorValue: UInt32, clearMask: UInt32)
    case masquerade(randomFully: Bool)
    /// `-j REJECT [--reject-with type]`; iptables-save always prints the type.
    case reject(with: String)
    /// A target this model does not know, printed as read.
    case other(String)

    /// True for the verdicts that end the walk of a table.
    public var isTerminal: Bool {
        switch self {
        case .jump(let name): return ["ACCEPT", "DROP"].contains(name)
        case .dnat, .masquerade, .reject: return true
        case .mark, .other: return false
        }
    }
}
