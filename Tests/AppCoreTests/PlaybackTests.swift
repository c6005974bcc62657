@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import FlowEngine
import Testing

@Suite struct FlowPlaybackClock {
    static let flow: Flow = {
        let packet = Packet(source: SocketAddress(host: "203.0.113.7", port: 51000), destination: SocketAddress(host: "192.168.1.182", port: 30007))
        let hops = [
            Hop(from: .user, to: .dns, packet: packet, sentence: "The user asks DNS."),
            Hop(from: .dns, to: .externalLoadBalancer, packet: packet, sentence: "DNS answers."),
            Hop(from: .nodePort(node: "worker-node1", port: 30007), to: .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-5hrgb")),
                packet: packet, rewrite: .dnat, by: .kubeProxyRules(node: "worker-node1", dataplane: .iptables), sentence: "kube-proxy rewrites the destination."),
        ]
        return Flow(kind: .nodePort, title: "NodePort nginx-nodeport", hops: hops)
    }()

    static func playback() -> FlowPlayback {
        var playback = FlowPlayback(choice: FlowChoice(kind: .nodePort, target: nil, label: ""), flow: flow, request: 0)
        playback.advance(to: 100)
        return playback
    }

    static let hop = FlowPlayback.timing.secondsPerHop

    @Test func timeMovesThePacketHopByHop() {
        var playback = Self.playback()
        playback.advance(to: 100 + Self.hop / 2)
        #expect(playback.hopIndex == 0)
        #expect(abs(playback.position.progress - 0.5) < 1e-9)
        playback.advance(to: 100 + Self.hop * 1.25)
        #expect(playback.hopIndex == 1)
        playback.advance(to: 200)
        #expect(playback.isFinished)
        #expect(!playback.isRunning)
    }

    @Test func pauseStopsTheClockAndStepsMoveOneHop() {
        var playback = Self.playback()
        playback.togglePause()
        playback.advance(to: 150)
        #expect(playback.hopIndex == 0)
        playback.stepForward()
        #expect(playback.hopIndex == 1)
        playback.stepForward()
        #expect(playback.hopIndex == 2)
        playback.stepBack()
        #expect(playback.hopIndex == 1)
        #expect(playback.paused)
        // Resuming plays on from the hop stepped to.
        playback.togglePause()
        playback.advance(to: 150 + Self.hop / 2)
        #expect(playback.hopIndex == 1)
    }

    @Test func speedDoublesAndHalves() {
        var playback = Self.playback()
        playback.changeSpeed(faster: true)
        #expect(playback.speed == 2)
        playback.advance(to: 100 + Self.hop * 0.75)
        #expect(playback.hopIndex == 1)
        playback.changeSpeed(faster: false)
        playback.changeSpeed(faster: false)
        #expect(playback.speed == 0.5)
    }

    @Test func keysDrivePlaybackAndTheCaptionFollows() {
        var state = NginxDemo.state()
        state.playback = Self.playback()
        state = press(state, .character("."), .character("."))
        #expect(state.playback?.hopIndex == 2)
        let screen = view(state).text
        #expect(screen.contains("hop 3/3"))
        #expect(screen.contains("kube-proxy rewrites the destination."))
        state = press(state, .character(","))
        #expect(state.playback?.hopIndex == 1)
        #expect(view(state).text.contains("DNS answers."))
        state = press(state, .character("+"))
        #expect(state.playback?.speed == 2)
        #expect(view(state).lines.last?.contains("speed 2×") == true)
        state = press(state, .escape)
        #expect(state.playback == nil)
    }

    @Test func flowMenuOffersTheFlowsOfTheSelectedService() {
        var state = NginxDemo.state()
        state.selection = .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))
        state = press(state, .character("f"))
        guard case .flowMenu(let items, _) = state.overlay else {
            Issue.record("no flow menu")
            return
        }
        #expect(items.map(\.choice.kind) == [.nodePort, .clusterIP])
        #expect(items.allSatisfy { $0.canPlay })
        #expect(items.first?.choice.target == "nginx-demo/nginx-nodeport")
        #expect(view(state).text.contains("NodePort: nginx-demo/nginx-nodeport"))
        #expect(press(state, .escape).overlay == nil)
    }

    @Test func choosingAFlowPlaysItFromTheFlowEngine() {
        var state = NginxDemo.state()
        state.selection = .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))
        state = update(state, .tick(time: 10)).0
        state = press(state, .character("f"), .enter)
        #expect(state.overlay == nil)
        #expect(state.message == nil, "\(state.message ?? "")")
        let playback = state.playback
        #expect(playback?.flow.kind == .nodePort)
        #expect(state.isAnimating)
        state = update(state, .tick(time: 10 + FlowPlayback.timing.secondsPerHop / 2)).0
        #expect(state.playback?.position.progress ?? 0 > 0)
        #expect(view(state).text.contains("hop 1/"))
        // `r` asks the engine for the next request of the load spread.
        let replayed = press(state, .character("r"))
        #expect(replayed.playback?.request == 1)
        #expect(replayed.playback?.hopIndex == 0)
    }

    /// `r` replays the next connection and tallies where connections 0…n landed (issue 15's spread view):
    /// the counts are those of the flows `r` played, one per connection.
    @Test func replayTalliesWhereTheConnectionsSoFarLanded() throws {
        var state = NginxDemo.state(width: 200)
        state.selection = .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))
        state = update(state, .tick(time: 10)).0
        state = press(state, .character("f"), .enter)
        func landed(_ state: AppState) throws -> String {
            try #require(state.playback?.flow.requestHops.last?.packet.destination.description)
        }
        var played = [try landed(state)]
        for request in 1...5 {
            state = press(state, .character("r"))
            #expect(state.playback?.request == request)
            played.append(try landed(state))
        }
        let message = try #require(state.message)
        #expect(message.hasPrefix("Connection 5 replayed; so far 6 new connections: "))
        var counts: [String: Int] = [:]
        for destination in played { counts[destination, default: 0] += 1 }
        for (destination, count) in counts {
            #expect(message.contains("\(destination) ×\(count)"), "\(message)")
        }
        // Each share says where its pod runs (the nodes are in the input).
        #expect(message.contains("(worker-node"))
        #expect(view(state).text.contains("so far 6 new connections"))
        // Without a flow, r says how to start one.
        #expect(press(NginxDemo.state(), .character("r")).message == "No flow is playing: press f to choose one.")
    }

    /// `w` opens the playing hop's rules as explain prints them; `.` moves to the next hop inside it.
    @Test func wShowsThePlayingHopsRulesWalked() throws {
        var state = NginxDemo.state()
        state.size = Size(width: 160, height: 60)
        state.selection = .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))
        state = update(state, .tick(time: 10)).0
        state = press(state, .character("f"), .enter, .character(" "))
        let dnat = try #require(state.playback?.flow.hops.firstIndex { $0.rewrite == .dnat && !$0.rules.isEmpty })
        state = press(state, .character("w"))
        #expect(state.overlay == .hopRules(scroll: 0))
        #expect(view(state).text.contains("Hop 1/"))
        for _ in 0..<dnat { state = press(state, .character(".")) }
        #expect(state.overlay == .hopRules(scroll: 0))
        let screen = view(state).text
        #expect(screen.contains("Hop \(dnat + 1)/"))
        #expect(screen.contains("iptables rules walked (✓ matched):"))
        #expect(screen.contains("✓ [nat] -A PREROUTING"))
        #expect(screen.contains("-j DNAT --to-destination"))
        #expect(press(state, .escape).overlay == nil)
        // Without a flow, w is not a key of the view.
        #expect(press(NginxDemo.state(), .character("w")).overlay == nil)
    }

    @Test func flowMenuGreysOutFlowsThisClusterCannotPlay() throws {
        // Nothing selected: every kind, but this cluster has no LoadBalancer, ingress or ExternalName.
        let state = press(NginxDemo.state(), .character("f"))
        guard case .flowMenu(let items, let index) = state.overlay else {
            Issue.record("no flow menu")
            return
        }
        let playable = items.filter(\.canPlay).map(\.choice.kind)
        #expect(playable.contains(.nodePort))
        #expect(!playable.contains(.externalName))
        let cannot = try #require(items.first { $0.choice.kind == .externalName })
        #expect(cannot.unavailable?.isEmpty == false)
        // Playable first, and the cursor starts on one of them.
        #expect(items[index].canPlay)
        #expect(items.firstIndex { !$0.canPlay }! > items.lastIndex { $0.canPlay }!)
        #expect(view(state).text.contains("(cannot play: "))
        // Choosing it explains and plays nothing.
        let position = try #require(items.firstIndex(of: cannot))
        let chosen = press(state, .character(Character(String(position + 1))))
        #expect(chosen.playback == nil)
        #expect(chosen.message?.hasPrefix("Cannot play ExternalName") == true)
    }

    @Test func flowMenuForAPodOffersPodToPodAcrossNodes() {
        let state = NginxDemo.state()
        let pod = ObjectKey(namespace: "nginx-demo", name: "nginx-5hrgb")
        let items = FlowChoice.available(for: .pod(pod), in: state.cluster)
        let podToPod = items.first { $0.kind == .podToPod }
        #expect(podToPod != nil)
        // The peer is on another node, so the flow crosses the overlay.
        #expect(podToPod?.target?.hasPrefix("nginx-demo/nginx-5hrgb,") == true)
        #expect(podToPod?.target?.contains("nginx-7nm9s") == false)
    }
}
