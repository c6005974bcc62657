/// NetworkPolicy (networking.k8s.io/v1) and namespace labels as records, with the selectors, address
/// ranges and ports that ClusterNetworkPolicy (ClusterNetworkPolicy.swift) shares. They hold what the input
/// said; `PolicyVerdicts` decides what they allow.

/// One `matchExpressions` entry.
public struct LabelRequirement: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, Codable {
        case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist"
    }
    public var key: String
    public var `operator`: Operator
    public var values: [String]

    public init(key: String, operator: Operator, values: [String] = []) {
        self.key = key; self.operator = `operator`; self.values = values
    }

    public func matches(_ labels: [String: String]) -> Bool {
        switch `operator` {
        case .in: labels[key].map(values.contains) ?? false
        case .notIn: labels[key].map { !values.contains($0) } ?? true
        case .exists: labels[key] != nil
        case .doesNotExist: labels[key] == nil
        }
    }

    /// As kubectl prints selectors: `tier in (db,cache)`, `!canary`.
    public var description: String {
        switch `operator` {
        case .in: "\(key) in (\(values.joined(separator: ",")))"
        case .notIn: "\(key) notin (\(values.joined(separator: ",")))"
        case .exists: key
        case .doesNotExist: "!\(key)"
        }
    }
}

/// A `metav1.LabelSelector`.
///
/// Empty selects everything; one Kubernetes would reject (an unknown operator) selects nothing, as the API server's own
/// conversion fails closed.
public struct LabelSelector: Sendable, Hashable, Codable, CustomStringConvertible {
    public var matchLabels: [String: String]
    public var matchExpressions: [LabelRequirement]
    /// False when part of the selector could not be read: it then selects nothing.
    public var isValid: Bool

    public init(matchLabels: [String: String] = [:], matchExpressions: [LabelRequirement] = [], isValid: Bool = true) {
        self.matchLabels = matchLabels; self.matchExpressions = matchExpressions; self.isValid = isValid
    }

    /// Selects every object (`{}`).
    public static let everything = LabelSelector()

    public var isEmpty: Bool { isValid && matchLabels.isEmpty && matchExpressions.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        guard isValid else { return false }
        for (key, value) in matchLabels where labels[key] != value { return false }
        for requirement in matchExpressions where !requirement.matches(labels) { return false }
        return true
    }

    /// `app=web,tier in (db)`, `<all>` for the empty selector (as `kubectl describe` says).
    public var description: String {
        guard isValid else { return "<invalid selector: selects nothing>" }
        let parts =
            matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + matchExpressions.map(\.description)
        return parts.isEmpty ? "<all>" : parts.joined(separator: ",")
    }
}

/// An address range (`ipBlock.cidr`, CNP `networks`), IPv4 or IPv6.
public struct IPRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public let isIPv6: Bool
    /// The network's 128 bits (IPv4 in the low 32 of `low`), host bits cleared.
    public let high: UInt64
    public let low: UInt64
    public let prefixLength: Int
    public let text: String

    /// Parses `10.0.0.0/8`, `fd00::/8`; a plain address is its /32 or /128.
    ///
    /// Nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let width = address.isIPv6 ? 128 : 32
        var length = width
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...width).contains(given), parts[1].allSatisfy(\.isNumber) else {
                return nil
            }
            length = given
        }
        guard let bits = IPRange.bits(of: address) else { return nil }
        let (maskHigh, maskLow) = IPRange.mask(length, width: width)
        self.isIPv6 = address.isIPv6
        self.high = bits.high & maskHigh
        self.low = bits.low & maskLow
        self.prefixLength = length
        self.text = text
    }

    public var description: String { text }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.isIPv6 == isIPv6, let bits = IPRange.bits(of: address) else { return false }
        let (maskHigh, maskLow) = IPRange.mask(prefixLength, width: isIPv6 ? 128 : 32)
        return bits.high & maskHigh == high && bits.low & maskLow == low
    }

    /// Whether every address of `other` is in this range.
    public func contains(range other: IPRange) -> Bool {
        guard other.isIPv6 == isIPv6, other.prefixLength >= prefixLength else { return false }
        let (maskHigh, maskLow) = IPRange.mask(prefixLength, width: isIPv6 ? 128 : 32)
        return other.high & maskHigh == high && other.low & maskLow == low
    }

    private static func mask(_ length: Int, width: Int) -> (UInt64, UInt64) {
        if width == 32 { return (0, length == 0 ? 0 : UInt64(UInt32.max << UInt32(32 - length))) }
        let high: UInt64 = length == 0 ? 0 : length >= 64 ? .max : UInt64.max << UInt64(64 - length)
        let low: UInt64 = length <= 64 ? 0 : length == 128 ? .max : UInt64.max << UInt64(128 - length)
        return (high, low)
    }

    /// The address as 128 bits (IPv4 in the low 32); nil for an IPv6 text that does not expand.
    static func bits(of address: IPAddress) -> (high: UInt64, low: UInt64)? {
        if let value = address.ipv4Value { return (0, UInt64(value)) }
        var text = Substring(address.text)
        var tail: [UInt16] = []
        if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains("."),
            let v4 = IPAddress(text[text.index(after: lastColon)...])?.ipv4Value
        {
            tail = [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
            text = text[...lastColon]
            if !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        func groups(_ part: Substring) -> [UInt16]? {
            var words: [UInt16] = []
            for group in part.split(separator: ":") {
                guard let word = UInt16(group, radix: 16) else { return nil }
                words.append(word)
            }
            return words
        }
        guard halves.count <= 2, let head = groups(halves[0]) else { return nil }
        var words: [UInt16]
        if halves.count == 2 {
            guard let rest = groups(halves[1]) else { return nil }
            let missing = 8 - head.count - rest.count - tail.count
            guard missing >= 0 else { return nil }
            words = head + [UInt16](repeating: 0, count: missing) + rest + tail
        } else {
            words = head + tail
        }
        guard words.count == 8 else { return nil }
        let high = words[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = words[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }
}

/// `ipBlock`: the range minus its holes.
public struct IPBlock: Sendable, Hashable, Codable, CustomStringConvertible {
    public var cidr: IPRange
    public var except: [IPRange]
    public init(cidr: IPRange, except: [IPRange] = []) { self.cidr = cidr; self.except = except }

    public func contains(_ address: IPAddress) -> Bool {
        cidr.contains(address) && !except.contains { $0.contains(address) }
    }

    public var description: String {
        except.isEmpty ? cidr.text : "\(cidr.text) except \(except.map(\.text).joined(separator: ", "))"
    }
}

/// One `from`/`to` element.
///
/// Exactly one shape is valid in the API: an `ipBlock`, or selectors (a pod selector, a namespace selector, or both
/// ANDed).
public struct NetworkPolicyPeer: Sendable, Hashable, Codable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?
    public init(podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil) {
        self.podSelector = podSelector; self.namespaceSelector = namespaceSelector; self.ipBlock = ipBlock
    }
}

/// One `ports` element: protocol (default TCP), a port number or a container
/// port name (or none: every port), and `endPort` for a numeric range.
public struct NetworkPolicyPort: Sendable, Hashable, Codable, CustomStringConvertible {
    public var `protocol`: String
    public var port: TargetPort?
    public var endPort: Int?
    public init(protocol: String = "TCP", port: TargetPort? = nil, endPort: Int? = nil) {
        self.protocol = `protocol`; self.port = port; self.endPort = endPort
    }

    public var description: String {
        switch port {
        case nil: "any \(`protocol`) port"
        case .name(let name)?: "\(name)/\(`protocol`)"
        case .number(let number)?: endPort.map { "\(number)-\($0)/\(`protocol`)" } ?? "\(number)/\(`protocol`)"
        }
    }
}

/// One ingress or egress rule: traffic matching any peer (none listed: every
/// peer) on any port (none listed: every port).
public struct NetworkPolicyRule: Sendable, Hashable, Codable {
    public var peers: [NetworkPolicyPeer]
    public var ports: [NetworkPolicyPort]
    public init(peers: [NetworkPolicyPeer] = [], ports: [NetworkPolicyPort] = []) {
        self.peers = peers; self.ports = ports
    }
}

public enum PolicyDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case ingress = "Ingress", egress = "Egress"
}

public struct NetworkPolicy: Sendable, Hashable, Codable {
    public var key: ObjectKey
    public var podSelector: LabelSelector
    /// `spec.policyTypes` as written; nil when absent (then Kubernetes
    /// defaults it: Ingress, plus Egress when egress rules are present).
    public var declaredPolicyTypes: [PolicyDirection]?
    public var ingress: [NetworkPolicyRule] = []
    public var egress: [NetworkPolicyRule] = []
    /// False when the input showed only the name and pod selector (the
    /// `kubectl get netpol` table): the rules are not known.
    public var rulesKnown = true
    public var age: Age?
    public var origin: SourceLocation?

    public init(key: ObjectKey, podSelector: LabelSelector = .everything) {
        self.key = key
        self.podSelector = podSelector
    }

    public var name: String { key.name }
    /// The namespace the policy lives in and selects pods of (`default` when the input did not say).
    public var namespace: String { key.effectiveNamespace }

    /// The directions this policy isolates the pods it selects for.
    public var policyTypes: [PolicyDirection] {
        if let declaredPolicyTypes { return declaredPolicyTypes }
        return egress.isEmpty ? [.ingress] : [.ingress, .egress]
    }

    public func rules(_ direction: PolicyDirection) -> [NetworkPolicyRule] {
        direction == .ingress ? ingress : egress
    }
}

/// A namespace and its labels (`kubectl get ns --show-labels`, YAML/JSON).
public struct NamespaceRecord: Sendable, Hashable, Codable {
    public var name: String
    /// nil when the input did not show labels.
    public var labels: [String: String]?
    public var status: String?
    public var origin: SourceLocation?
    public init(name: String, labels: [String: String]? = nil) { self.name = name; self.labels = labels }

    /// The labels a selector sees: Kubernetes (1.21+) always sets
    /// `kubernetes.io/metadata.name` to the namespace's name.
    public var effectiveLabels: [String: String] {
        var labels = labels ?? [:]
        labels["kubernetes.io/metadata.name"] = name
        return labels
    }
}

// MARK: JSON as scripts read it (`kubehops parse --format json`): the API's own words, no Swift enum shapes

extension IPRange {
    /// A range is its CIDR text (`"10.0.0.0/8"`), as in the API; the bits are derived again on decode.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let range = IPRange(text) else {
            let context = DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a CIDR: \(text)")
            throw DecodingError.dataCorrupted(context)
        }
        self = range
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
