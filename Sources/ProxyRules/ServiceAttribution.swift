/// Which service each kube-proxy rule of a table belongs to, read as a person reads a dump: kube-proxy
/// names the service port in the comment of its rules (`ns1/svc1:p80 cluster IP`,
/// `masquerade traffic for ns2/svc2:p80 external destinations`), and a chain without comments (the
/// large-cluster mode drops them) belongs to the service whose rule jumps to it.
struct ServiceAttribution {
    /// `ns/name` of each per-service chain.
    private(set) var chainService: [String: String] = [:]

    init(_ table: IptablesTable) {
        for chain in table.chains where ChainOwner.of(chain, table: table.name) == .service {
            if let service = table.rulesByChain[chain]?.lazy.compactMap(Self.service(of:)).first {
                chainService[chain] = service
            }
        }
        // Jumps carry a service to the chains it reaches (KUBE-SERVICES → KUBE-SVC → KUBE-SEP).
        var changed = true
        var rounds = 0
        while changed && rounds < 6 {
            changed = false
            rounds += 1
            for chain in table.chains {
                for rule in table.rulesByChain[chain] ?? [] {
                    guard case .jump(let target)? = rule.target, chainService[target] == nil,
                        ChainOwner.of(target, table: table.name) == .service,
                        let service = service(of: rule)
                    else { continue }
                    chainService[target] = service
                    changed = true
                }
            }
        }
    }

    /// The service of a rule: its comment's, else its chain's.
    func service(of rule: IptablesRule) -> String? {
        Self.service(of: rule) ?? chainService[rule.chain]
    }

    /// `ns/name` from the first word of a kube-proxy comment shaped `ns/name[:port]`.
    static func service(of rule: IptablesRule) -> String? {
        guard let comment = rule.comment else { return nil }
        for word in comment.split(separator: " ") {
            guard let slash = word.firstIndex(of: "/") else { continue }
            let namespace = word[..<slash]
            let rest = word[word.index(after: slash)...]
            let name = rest.prefix { $0 != ":" }
            if isName(namespace) && isName(name) { return "\(namespace)/\(name)" }
        }
        return nil
    }

    /// A DNS label or subdomain (what namespaces and service names are).
    static func isName(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 253
            && text.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
            }
    }
}
