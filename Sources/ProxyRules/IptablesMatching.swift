/// Whether one rule's conditions hold for the packet, and if not, the first that fails, said
/// the way a teacher would ("probability 0.33333333349 not drawn (draw 0.71)").
extension IptablesWalker {
    struct Mismatch {
        var reason: String
        /// The rule is for another destination (address, port, protocol, node address type).
        var onDestination: Bool
    }

    func mismatch(_ rule: IptablesRule, _ state: inout WalkState) -> Mismatch? {
        let packet = state.packet
        if let source = rule.source, source.prefix.contains(packet.source) == source.negated {
            let relation = source.negated ? "is in" : "is not in"
            return Mismatch(
                reason: "source \(packet.source.address) \(relation) \(source.prefix)", onDestination: false)
        }
        if let destination = rule.destination, destination.prefix.contains(packet.destination) == destination.negated {
            let relation = destination.negated ? "is in" : "is not"
            return Mismatch(
                reason: "destination \(packet.destination.address) \(relation) \(destination.prefix)",
                onDestination: true)
        }
        if let interface = rule.inInterface {
            guard let name = packet.inInterface else {
                return Mismatch(reason: "the incoming interface is not known (assumed no match)", onDestination: false)
            }
            if !interface.matches(name) {
                return Mismatch(reason: "arrived on \(name)", onDestination: false)
            }
        }
        if let proto = rule.protocol, proto != packet.protocol {
            return Mismatch(reason: "protocol \(packet.protocol), not \(proto)", onDestination: true)
        }
        for match in rule.matches {
            if let miss = mismatch(match, &state) { return miss }
        }
        return nil
    }

    private func mismatch(_ match: IptablesMatch, _ state: inout WalkState) -> Mismatch? {
        let packet = state.packet
        switch match {
        case .comment, .nfacct:
            return nil
        case .port(_, let port):
            guard let port, port != packet.destinationPort else { return nil }
            return Mismatch(reason: "destination port \(packet.destinationPort), not \(port)", onDestination: true)
        case .addrType(let source, let destination):
            return addressTypeMismatch(source: source, destination: destination, packet)
        case .statistic(let probability):
            return drawMismatch(probability, &state)
        case .recent(let recent):
            return affinityMismatch(recent, &state)
        case .mark(let value, let mask, let negated):
            if (state.mark & mask == value) != negated { return nil }
            return Mismatch(reason: "mark is 0x\(String(state.mark, radix: 16))", onDestination: false)
        case .conntrack(let states, let negated):
            let current: Set<String> = state.dnatted ? ["NEW", "DNAT"] : ["NEW"]
            let hit = states.contains { current.contains($0.uppercased()) }
            if hit != negated { return nil }
            return Mismatch(
                reason: "connection state is \(current.sorted().joined(separator: ","))", onDestination: false)
        case .physdevIsIn(let negated):
            if negated { return nil }
            return Mismatch(reason: "not bridged (no physdev)", onDestination: false)
        case .other(let text):
            return Mismatch(reason: "kubehops cannot evaluate `\(text)` (assumed no match)", onDestination: false)
        }
    }

    /// `-m addrtype --src-type LOCAL` / `--dst-type LOCAL`: whether the address is one of the node's own (a packet
    /// a node process sent counts as from a local address whatever its source).
    private func addressTypeMismatch(
        source: IptablesMatch.TypeMatch?, destination: IptablesMatch.TypeMatch?, _ packet: IptablesPacket
    ) -> Mismatch? {
        if let source, (packet.fromLocalProcess || isLocal(packet.source)) == source.negated, source.type == "LOCAL" {
            let what = source.negated ? "is" : "is not"
            return Mismatch(reason: "source \(what) a local address of the node", onDestination: false)
        }
        if let destination, destination.type == "LOCAL", isLocal(packet.destination) == destination.negated {
            let what = destination.negated ? "is" : "is not"
            return Mismatch(
                reason: "destination \(packet.destination.address) \(what) a local address of the node",
                onDestination: true)
        }
        return nil
    }

    /// `-m statistic --probability P`: takes the walk's next random draw, so each such rule in the walk consumes one
    /// (the choices fix the draws, which makes a walk repeatable).
    private func drawMismatch(_ probability: StatisticProbability, _ state: inout WalkState) -> Mismatch? {
        guard state.nextDraw < state.choices.draws.count else {
            return Mismatch(reason: "probability \(probability.saved) not drawn (no draw left)", onDestination: false)
        }
        let draw = state.choices.draws[state.nextDraw]
        state.nextDraw += 1
        if draw < probability.value { return nil }
        return Mismatch(
            reason: "probability \(probability.saved) not drawn (draw \(Self.twoDecimals(draw)))",
            onDestination: false)
    }

    /// `-m recent` (ClientIP session affinity): `--set` records the client, `--rcheck`/`--update` hold only when the
    /// choices say the client already has an entry.
    private func affinityMismatch(_ recent: RecentMatch, _ state: inout WalkState) -> Mismatch? {
        switch recent.command {
        case .set:
            state.recentSet.append(recent.name)
            return nil
        case .rcheck, .update:
            if state.choices.recentHits.contains(recent.name) { return nil }
            return Mismatch(
                reason: "no affinity entry for \(state.packet.source.address) in \(recent.name)",
                onDestination: false)
        case .remove:
            return nil
        }
    }

    /// A draw as the walk says it (`0.42`): two decimals, cut not rounded, so it never reads as 1.00.
    public static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((min(max(value, 0), 0.999) * 100).rounded(.down))
        return "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
    }
}
