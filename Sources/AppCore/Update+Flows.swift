import ClusterModel
import FlowEngine
import ProxyRules

/// The flow keys' state changes: the `f` menu, playing a choice, `m` (proxy mode) and `r` (replay).
extension AppState {
    mutating func openFlowMenu() {
        let items = FlowMenuItem.menu(for: selection, in: cluster)
        if items.isEmpty {
            message = "No flow starts at this object. Select a service or a pod (Tab), or nothing (Esc) for every kind."
        } else {
            overlay = .flowMenu(items: items, index: 0)
        }
    }

    /// Enter or a digit in the menu: plays the flow, or says why it cannot (the menu stays open).
    mutating func choose(_ items: [FlowMenuItem], _ index: Int) {
        guard items.indices.contains(index) else { return }
        if let reason = items[index].unavailable {
            overlay = .flowMenu(items: items, index: index)
            message = "Cannot play \(FlowChoice.name(of: items[index].choice.kind)): \(reason)"
            return
        }
        overlay = nil
        play(items[index].choice, request: 0)
    }

    /// The engine every flow of the view comes from: this cluster, with the nodes' real rules given.
    var flowEngine: FlowEngine {
        var engine = FlowEngine(cluster: cluster)
        engine.nodeRules = nodeRules
        return engine
    }

    mutating func play(_ choice: FlowChoice, request: Int) {
        do {
            let flow = try flowEngine.flow(
                choice.kind, target: choice.target, request: request, options: choice.options(proxyMode: proxyMode))
            guard !flow.hops.isEmpty else { message = "This flow has no hops to show."; return }
            var playback = FlowPlayback(choice: choice, flow: flow, request: request)
            playback.lastTime = time
            self.playback = playback
            clampScroll()
            followPacket()
        } catch {
            message = "Cannot play \(FlowChoice.name(of: choice.kind)): \(error.message)"
        }
    }

    /// `m`: the playing flow again through the next kube-proxy mode's rules (iptables → nftables → ipvs), at the
    /// same hop, same request and speed; later flows keep the mode.
    mutating func cycleProxyMode() {
        guard let previous = playback else { message = "No flow is playing: press f to choose one."; return }
        guard let current = previous.flow.proxyMode else {
            message = "This flow passes no kube-proxy rules: there is no proxy mode to change."
            return
        }
        let modes = ProxyModeChoice.selectable
        let next = modes[((modes.firstIndex(of: current.mode) ?? -1) + 1) % modes.count]
        proxyMode = next
        play(previous.choice, request: previous.request)
        guard playback != nil else { return }
        playback?.seek(hop: previous.hopIndex, paused: previous.paused)
        while let playing = playback, playing.speed != previous.speed {
            playback?.changeSpeed(faster: playing.speed < previous.speed)
        }
        followPacket()
        message = "Showing kube-proxy's \(next.rawValue) rules (m: next mode)."
    }

    /// `r`: the next connection of the playing flow (kube-proxy picks afresh per connection), and where
    /// connections 0…n have landed so far, in `explain --spread`'s words (LoadSpread.summary).
    mutating func replayWithAnotherEndpoint() {
        guard let previous = playback else { message = "No flow is playing: press f to choose one."; return }
        let request = previous.request + 1
        play(previous.choice, request: request)
        // A flow that cannot play keeps the previous one and play's message says why.
        guard playback?.request == request else { return }
        while let current = playback, current.speed != previous.speed {
            playback?.changeSpeed(faster: current.speed < previous.speed)
        }
        if let spread = try? flowEngine.spread(
            previous.choice.kind, target: previous.choice.target, requests: request + 1,
            options: previous.choice.options(proxyMode: proxyMode))
        {
            message = "Connection \(request) replayed; so far \(spread.summary)."
        }
    }
}
