/// Where the animation is at a moment: which hop, and how far along it.
public struct FlowPosition: Sendable, Hashable {
    public var hopIndex: Int
    /// 0 at the hop's start, 1 at its end.
    public var progress: Double
    public var isFinished: Bool
    public init(hopIndex: Int, progress: Double, isFinished: Bool) {
        self.hopIndex = hopIndex; self.progress = progress; self.isFinished = isFinished
    }
}

/// The animation clock as pure functions of time, so that the TUI and the
/// recorder never sleep and tests pass time in as a value.
public struct FlowTiming: Sendable, Hashable {
    /// Seconds one hop takes at speed 1.
    public var secondsPerHop: Double
    /// Extra seconds spent on a hop that rewrites the packet, so the change can be read.
    public var rewritePause: Double

    public init(secondsPerHop: Double = 1.2, rewritePause: Double = 0.8) {
        self.secondsPerHop = secondsPerHop
        self.rewritePause = rewritePause
    }

    /// How long `hop` lasts at speed 1.
    public func duration(of hop: Hop) -> Double {
        secondsPerHop + (hop.rewrite == .none ? 0 : rewritePause)
    }

    /// The whole flow's length in seconds at `speed` (speed 2 = twice as fast).
    public func totalDuration(of flow: Flow, speed: Double = 1) -> Double {
        flow.hops.reduce(0) { $0 + duration(of: $1) } / Self.sanitized(speed)
    }

    /// Which hop is active at `time` seconds after the start, and how far along.
    ///
    /// Before the start: the first hop at 0; after the end (or a failed hop): finished on the last hop shown.
    public func position(in flow: Flow, at time: Double, speed: Double = 1) -> FlowPosition {
        let hops = shownHops(flow)
        guard !hops.isEmpty else { return FlowPosition(hopIndex: 0, progress: 0, isFinished: true) }
        var remaining = max(0, time.isFinite ? time : 0) * Self.sanitized(speed)
        for (index, hop) in hops.enumerated() {
            let length = duration(of: hop)
            if remaining < length {
                return FlowPosition(hopIndex: index, progress: remaining / length, isFinished: false)
            }
            remaining -= length
        }
        return FlowPosition(hopIndex: hops.count - 1, progress: 1, isFinished: true)
    }

    /// When hop `index` starts, at `speed`.
    public func startTime(ofHop index: Int, in flow: Flow, speed: Double = 1) -> Double {
        shownHops(flow).prefix(max(0, index)).reduce(0) { $0 + duration(of: $1) } / Self.sanitized(speed)
    }

    /// Step forward: the start of the next hop (or the end).
    public func step(forwardFrom position: FlowPosition, in flow: Flow) -> FlowPosition {
        let count = shownHops(flow).count
        guard count > 0, !position.isFinished else {
            return FlowPosition(hopIndex: max(0, count - 1), progress: 1, isFinished: true)
        }
        if position.hopIndex + 1 >= count { return FlowPosition(hopIndex: count - 1, progress: 1, isFinished: true) }
        return FlowPosition(hopIndex: position.hopIndex + 1, progress: 0, isFinished: false)
    }

    /// Step back: the start of the current hop if past it, else of the previous one.
    public func step(backFrom position: FlowPosition, in flow: Flow) -> FlowPosition {
        let count = shownHops(flow).count
        guard count > 0 else { return FlowPosition(hopIndex: 0, progress: 0, isFinished: true) }
        let index = min(position.hopIndex, count - 1)
        if position.isFinished || position.progress > 0 {
            return FlowPosition(hopIndex: index, progress: 0, isFinished: false)
        }
        return FlowPosition(hopIndex: max(0, index - 1), progress: 0, isFinished: false)
    }

    /// The hops an animation plays: all of them, but none after a failing one.
    public func shownHops(_ flow: Flow) -> [Hop] {
        guard let failed = flow.hops.firstIndex(where: { $0.failure != nil }) else { return flow.hops }
        return Array(flow.hops.prefix(failed + 1))
    }

    private static func sanitized(_ speed: Double) -> Double {
        speed.isFinite && speed > 0 ? speed : 1
    }
}
