/// Compares a predicted nftables table (``KubeProxyNftables``) with a node's `nft list table ip kube-proxy`
/// (or `nft list ruleset`).
///
/// Pure.
///
/// kube-proxy's nftables proxier names every chain of a service after it (`service-HASH-ns/name/proto/port`,
/// `endpoint-HASH-ns/name/proto/port__ip/port`, …), so chains are attributed by name, and map elements by
/// the chain they go to, their comment, or the ClusterIP they start with. Rules are compared as the
/// multiset nft lists per chain; set and map elements as sets (nft prints them in its own order).
/// An endpoint chain on one side only is one endpoint difference; the `numgen random mod N` rule that
/// picks among endpoints is one `~` difference when only its endpoints differ. Elements of the affinity
/// sets are runtime state (clients seen), not rules, and are never compared.
public enum NftablesComparison {
    /// `podRangeKnown` false: the prediction left out the rules that tell pod traffic by the cluster CIDR;
    /// the dump's are learnt from (said in a note), not differences.
    public static func compare(expected: NftablesTable, dump: NftDump, node: String, podRangeKnown: Bool = true)
        -> RulesComparison
    {
        var work = ComparisonWork(node: node)
        work.podRangeUnknown = !podRangeKnown
        work.endpointPlace = (expected.tableName, "endpoint-…")
        let family = expected.family == .ipv6 ? "ip6" : "ip"
        work.collectForeign(dump, keeping: family)
        guard let real = dump.kubeProxyTable(family: family) else {
            return work.result(otherMode: nil, noTable: expected.tableName)
        }
        var pair = NftTablePair(expected: expected, real: real)
        pair.learnAddresses()
        if expected.chain("cluster-ips-check")?.commentedOut.isEmpty == false, let cidrs = pair.takeUnallocatedDrop() {
            work.notes.append(
                "The dump tells what the input could not: the cluster's ServiceCIDRs are \(cidrs) (kube-proxy drops "
                    + "traffic to their unallocated addresses in cluster-ips-check); pass --service-cidr to predict "
                    + "that rule.")
        }
        work.compare(pair)
        return work.result(otherMode: nil)
    }
}

extension NftablesComparison {
    /// The layout a listing is in: the 1.36+ `hairpin-connections` set, or the older
    /// `mark-for-masquerade` chain; nil when it has neither (not kube-proxy's table, or cut short).
    public static func generation(of dump: NftDump, family: IPPrefix.Family) -> NftablesGeneration? {
        guard let table = dump.kubeProxyTable(family: family == .ipv6 ? "ip6" : "ip") else { return nil }
        if table.set("hairpin-connections") != nil { return .inlined }
        if table.chain("mark-for-masquerade") != nil { return .endpointChains }
        return nil
    }
}

/// Both sides of kube-proxy's table, reduced to chain → rule texts and set → element texts.
struct NftTablePair {
    let table: String
    var expectedRules: [String: [String]] = [:], realRules: [String: [(text: String, line: Int)]] = [:]
    var expectedElements: [String: [String]] = [:], realElements: [String: [(text: String, line: Int)]] = [:]
    var realChainLines: [String: Int] = [:]
    /// ClusterIP / external address → service, learnt from both sides' service-ips map.
    var addressService: [String: String] = [:]

    init(expected: NftablesTable, real: NftListedTable) {
        table = expected.tableName
        for chain in expected.chains { expectedRules[chain.name] = chain.rules.map { Self.normal($0.text) } }
        for chain in real.chains {
            realRules[chain.name] = chain.rules.map { (Self.normal($0.text), $0.line) }
            realChainLines[chain.name] = chain.line
        }
        for set in expected.sets where !Self.isRuntimeState(set.name) {
            expectedElements[set.name] = set.elements.map(Self.normal)
        }
        for set in real.sets where !Self.isRuntimeState(set.name) {
            realElements[set.name] = set.elements.map { (Self.normal($0), set.line) }
        }
    }

    /// Affinity sets hold the clients kube-proxy's rules saw (`update @affinity-…`): state, not rules.
    static func isRuntimeState(_ set: String) -> Bool { set.hasPrefix("affinity-") }

    /// Blanks folded, `a , b` as `a, b`: the same rule however it was wrapped or pasted.
    static func normal(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            .replacing(" , ", with: ", ")
    }

    mutating func learnAddresses() {
        let elements = (expectedElements["service-ips"] ?? []) + (realElements["service-ips"] ?? []).map(\.text)
        for element in elements {
            guard let service = NftAttribution.service(ofText: element),
                let address = element.split(separator: " ").first
            else { continue }
            addressService[String(address)] = service
        }
    }

    /// The dump's `ip daddr <ServiceCIDRs> drop comment "Drop traffic to unallocated ClusterIPs"`, taken out of
    /// its rules (the prediction, not knowing the ServiceCIDRs, commented it out): its CIDRs.
    mutating func takeUnallocatedDrop() -> String? {
        let comment = KubeProxyNftables.unallocatedComment
        guard let rules = realRules["cluster-ips-check"],
            let index = rules.firstIndex(where: { $0.text.hasSuffix(" drop " + comment) })
        else { return nil }
        let text = rules[index].text
        guard let start = text.firstRange(of: " daddr "), let end = text.ranges(of: " drop ").last else { return nil }
        realRules["cluster-ips-check"]?.remove(at: index)
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The service an element belongs to: the chain it goes to, its comment, or its first address.
    func service(ofElement element: String) -> String? {
        if let service = NftAttribution.service(ofText: element) { return service }
        guard let first = element.split(separator: " ").first else { return nil }
        return addressService[String(first)]
    }
}

/// kube-proxy's nftables names read back: `service-HASH-ns/name/proto/port` → `ns/name`.
enum NftAttribution {
    static let serviceChainKinds = ["service-", "endpoint-", "external-", "firewall-", "local-", "cluster-"]

    /// The service a chain of kube-proxy's is named after, nil for the node-wide chains.
    static func service(ofChain chain: String) -> String? {
        guard let kind = serviceChainKinds.first(where: chain.hasPrefix) else { return nil }
        let rest = chain.dropFirst(kind.count)
        guard let dash = rest.firstIndex(of: "-") else { return nil }
        let parts = rest[rest.index(after: dash)...].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return "\(parts[0])/\(parts[1])"
    }

    /// The service named in a rule or element: the first chain it jumps or goes to that is a service's,
    /// else a `comment "ns/name:port"`.
    static func service(ofText text: String) -> String? {
        for word in text.split(separator: " ") {
            if let service = service(ofChain: String(word.filter { $0 != "," && $0 != "}" })) { return service }
        }
        guard let start = text.firstRange(of: "comment \"") else { return nil }
        let comment = text[start.upperBound...].prefix { $0 != "\"" }
        let name = comment.split(separator: ":").first.map(String.init) ?? ""
        return name.split(separator: "/").count == 2 ? name : nil
    }

    /// The endpoint an endpoint chain is named after: `endpoint-HASH-ns/svc/tcp/p80__10.180.0.1/80` →
    /// `10.180.0.1:80` (IPv6 dots back to colons, in brackets).
    static func endpoint(ofChain chain: String) -> String? {
        guard chain.hasPrefix("endpoint-"), let split = chain.ranges(of: "__").last else { return nil }
        let tail = chain[split.upperBound...].split(separator: "/")
        guard tail.count == 2 else { return nil }
        let ip = String(tail[0])
        if ip.contains("..") || ip.filter({ $0 == "." }).count != 3 {
            return "[\(ip.replacing(".", with: ":"))]:\(tail[1])"
        }
        return "\(ip):\(tail[1])"
    }

    /// The endpoint-picking rule: `numgen random mod N vmap { 0 : goto endpoint-…, … }` (1.33–1.35) or
    /// `dnat ip to numgen random mod N map { 0 : 10.244.0.8 . 9898, … }` (1.36+), with its endpoints.
    ///
    /// `inlined`: the addresses are in the rule (1.36+), not names of endpoint chains.
    static func numgen(_ rule: String) -> (count: Int, addresses: [String], inlined: Bool)? {
        guard let mod = rule.firstRange(of: "numgen random mod "),
            let count = Int(rule[mod.upperBound...].prefix { $0.isNumber }),
            let open = rule[mod.upperBound...].firstIndex(of: "{"),
            let close = rule[open...].firstIndex(of: "}")
        else { return nil }
        let entries = rule[rule.index(after: open)..<close].split(separator: ",")
        let addresses = entries.compactMap { entry -> String? in
            guard let colon = entry.firstRange(of: " : ") else { return nil }
            let target = entry[colon.upperBound...].trimmingBlanks
            if target.hasPrefix("goto ") { return endpoint(ofChain: String(target.dropFirst(5))) }
            let parts = target.split(separator: " . ")
            guard parts.count == 2 else { return nil }
            return parts[0].contains(":") ? "[\(parts[0])]:\(parts[1])" : "\(parts[0]):\(parts[1])"
        }
        return (count, addresses, !rule.contains("vmap"))
    }
}
