/// The virtual- and real-server part of ``IPVSComparison``, on the ``ComparisonWork`` the iptables and
/// nftables comparisons fill: a virtual server is counted where those count a chain, a real server where
/// they count an endpoint.
extension ComparisonWork {
    mutating func compare(_ table: IPVSTablePair, stats: Bool) {
        var schedulers: [(service: String, key: String, real: String, predicted: String, line: Int)] = []
        var compared = 0
        for key in table.predictedOrder {
            guard let mine = table.predicted[key] else { continue }
            expectedCount[mine.service, default: 0] += 1
            expectedChains[mine.service, default: []].append(key)
            guard let theirs = table.real[key] else {
                let cause =
                    mine.isNodePort
                    ? DifferenceCause.nodePortVirtualServer(node) : DifferenceCause.serviceSettings(node)
                add(
                    virtualServerOnly(key, mine.server.realServers.count, line: nil, cause: cause),
                    service: mine.service)
                continue
            }
            realCount[mine.service, default: 0] += 1
            realChains[mine.service, default: []].append(key)
            compareServers(key, mine, theirs, stats: stats)
            if let scheduler = theirs.scheduler {
                compared += 1
                if scheduler != mine.server.scheduler {
                    schedulers.append((mine.service, key, scheduler, mine.server.scheduler, theirs.line))
                }
            }
        }
        for key in table.realOrder where table.predicted[key] == nil {
            guard let theirs = table.real[key] else { continue }
            switch table.place(ofRealOnly: key) {
            case .otherLocalAddress(let twin):
                guard let mine = table.predicted[twin] else { continue }
                realCount[mine.service, default: 0] += 1
                compareServers(key, mine, theirs, stats: stats)
            case .ofService(let service):
                realCount[service, default: 0] += 1
                realChains[service, default: []].append(key)
                add(
                    virtualServerOnly(
                        key, theirs.realServers.count, line: theirs.line, cause: DifferenceCause.serviceSettings(node)),
                    service: service)
            case .unknown:
                add(
                    virtualServerOnly(
                        key, theirs.realServers.count, line: theirs.line,
                        cause: DifferenceCause.unknownVirtualServer(node)),
                    service: nil)
            }
        }
        addSchedulers(schedulers, compared: compared)
    }

    /// One scheduler on every virtual server compared is kube-proxy's flag: one node-wide difference.
    mutating func addSchedulers(
        _ schedulers: [(service: String, key: String, real: String, predicted: String, line: Int)], compared: Int
    ) {
        guard let first = schedulers.first else { return }
        if compared > 1, schedulers.count == compared, schedulers.allSatisfy({ $0.real == first.real }) {
            add(
                RulesDifference(
                    kind: .setting, table: "ipvs", chain: "",
                    detail: "scheduler \(first.real) on every virtual server, \(first.predicted) predicted",
                    line: first.line, cause: DifferenceCause.scheduler(node, everywhere: true)),
                service: nil)
            return
        }
        for one in schedulers {
            add(
                RulesDifference(
                    kind: .setting, table: "ipvs", chain: one.key,
                    detail: "scheduler \(one.real) on the node, \(one.predicted) predicted", line: one.line,
                    cause: DifferenceCause.scheduler(node, everywhere: false)),
                service: one.service)
        }
    }

    /// A whole virtual server on one side: in the dump when it has the dump's `line`.
    func virtualServerOnly(_ key: String, _ realServers: Int, line: Int?, cause: String) -> RulesDifference {
        RulesDifference(
            kind: line == nil ? .chainOnlyExpected : .chainOnlyInDump, table: "ipvs", chain: "",
            detail: "virtual server \(key) (\(realServers) real server\(realServers == 1 ? "" : "s"))", line: line,
            cause: cause)
    }

    /// Persistence and the real servers of one virtual server on both sides (`key` is the dump's).
    mutating func compareServers(
        _ key: String, _ mine: PredictedVirtualServer, _ theirs: IpvsVirtualServer, stats: Bool
    ) {
        let service = mine.service
        if !stats, theirs.persistentSeconds != mine.server.persistence {
            let shown = { (seconds: Int?) in seconds.map { "persistent \($0)" } ?? "no persistence" }
            add(
                RulesDifference(
                    kind: .setting, table: "ipvs", chain: key,
                    detail: "\(shown(theirs.persistentSeconds)) on the node, \(shown(mine.server.persistence)) "
                        + "predicted", line: theirs.line, cause: DifferenceCause.serviceSettings(node)),
                service: service)
        }
        let predicted = Set(mine.server.realServers)
        var seen: Set<String> = []
        for server in theirs.realServers {
            let endpoint = IPVSComparison.endpoint(server.address)
            guard seen.insert(endpoint).inserted else { continue }
            if !predicted.contains(endpoint) {
                let draining = server.weight == 0
                add(
                    RulesDifference(
                        kind: .endpointOnlyInDump, table: "ipvs", chain: key,
                        detail: "real server \(endpoint)" + (draining ? " (weight 0)" : ""), line: server.line,
                        cause: draining
                            ? DifferenceCause.gracefulTermination(node) : DifferenceCause.staleEndpoint(node)),
                    service: service)
            } else if let difference = realServerSetting(key, endpoint, server) {
                add(difference, service: service)
            }
        }
        for endpoint in mine.server.realServers where !seen.contains(endpoint) {
            add(
                RulesDifference(
                    kind: .endpointOnlyExpected, table: "ipvs", chain: key, detail: "real server \(endpoint)",
                    cause: DifferenceCause.missingEndpoint(node)),
                service: service)
        }
    }

    /// A real server both sides have, with another weight or forwarding than kube-proxy's `Masq 1`.
    func realServerSetting(_ key: String, _ endpoint: String, _ server: IpvsRealServer) -> RulesDifference? {
        var found: [String] = []
        if let weight = server.weight, weight != 1 { found.append("weight \(weight)") }
        if let forward = server.forward, forward != "Masq" { found.append("forwarding \(forward)") }
        guard !found.isEmpty else { return nil }
        let draining = server.weight == 0
        return RulesDifference(
            kind: .setting, table: "ipvs", chain: key,
            detail: "real server \(endpoint): \(found.joined(separator: ", ")) on the node, Masq weight 1 predicted",
            line: server.line,
            cause: draining ? DifferenceCause.gracefulTermination(node) : DifferenceCause.realServerSetting(node))
    }
}
