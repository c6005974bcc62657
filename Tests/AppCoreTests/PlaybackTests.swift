@testable import AppCore
import ClusterModel
import FlowEngine
import Testing

@Suite struct FlowPlaybackClock {
    static let flow: Flow = {
        let packet = Packet(source: SocketAddress(host: "203.0.113.7", port: 51000), destination: SocketAddress(host: "192.168.1.182", port: 30007))
        let hops = [
            Hop(from: .user, to: .dns, packet: packet, sentence: "The user asks DNS."),
            Hop(from: .dns, to: .externalLoadBalancer, packet: packet, rewrite: .dnsAnswer, rewrittenBy: "DNS", sentence: "DNS answers."),
            Hop(from: .nodePort(node: "worker-node1", port: 30007), to: .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-5hrgb")),
                packet: packet, rewrite: .dnat, rewrittenBy: "kube-proxy on worker-node1", sentence: "kube-proxy rewrites the destination."),
        ]
        return Flow(kind: .nodePort, title: "NodePort nginx-nodeport", hops: hops)
    }()

    static func playback() -> FlowPlayback {
        var playback = FlowPlayback(choice: FlowChoice(kind: .nodePort, target: nil, label: ""), flow: flow, request: 0)
        playback.advance(to: 100)
        return playback
    }

    @Test func timeMovesThePacketHopByHop() {
        var playback = Self.playback()
        playback.advance(to: 100 + FlowPlayback.secondsPerHop / 2)
        #expect(playback.hopIndex == 0)
        #expect(abs(playback.progress - 0.5) < 1e-9)
        playback.advance(to: 100 + FlowPlayback.secondsPerHop * 1.25)
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
    }

    @Test func speedDoublesAndHalves() {
        var playback = Self.playback()
        playback.changeSpeed(faster: true)
        #expect(playback.speed == 2)
        playback.advance(to: 100 + FlowPlayback.secondsPerHop / 2)
        #expect(playback.hopIndex == 1)
        playback.changeSpeed(faster: false)
        playback.changeSpeed(faster: false)
        #expect(playback.speed == 0.5)
    }

    @Test func captionNamesTheHopAddressesAndRewriter() {
        var playback = Self.playback()
        playback.stepForward()
        playback.stepForward()
        let lines = FlowCaption.lines(playback)
        #expect(lines[0].contains("hop 3/3"))
        #expect(lines[1].contains("NodePort 30007 on worker-node1 → pod nginx-5hrgb"))
        #expect(lines[1].contains("DNAT by kube-proxy on worker-node1"))
        #expect(lines[2] == "kube-proxy rewrites the destination.")
    }

    @Test func keysDrivePlaybackThroughUpdate() {
        var state = Fixtures.state()
        state.playback = Self.playback()
        state = press(state, .character("."), .character("."))
        #expect(state.playback?.hopIndex == 2)
        #expect(view(state).text.contains("kube-proxy rewrites the destination."))
        state = press(state, .character(","))
        #expect(state.playback?.hopIndex == 1)
        state = press(state, .character("+"))
        #expect(state.playback?.speed == 2)
        state = press(state, .escape)
        #expect(state.playback == nil)
    }

    @Test func flowMenuOffersTheFlowsOfTheSelectedService() {
        var state = Fixtures.state()
        state.selection = .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))
        state = press(state, .character("f"))
        guard case .flowMenu(let items, _) = state.overlay else {
            Issue.record("no flow menu")
            return
        }
        #expect(items.map(\.kind) == [.nodePort, .clusterIP])
        #expect(items.first?.target == "nginx-demo/nginx-nodeport")
        #expect(view(state).text.contains("NodePort: nginx-demo/nginx-nodeport"))
        #expect(press(state, .escape).overlay == nil)
    }

    @Test func flowMenuForAPodOffersPodToPodAcrossNodes() {
        var state = Fixtures.state()
        let pod = ObjectKey(namespace: "nginx-demo", name: "nginx-5hrgb")
        state.selection = .pod(pod)
        let items = FlowChoice.available(for: state.selection, in: state.cluster)
        let podToPod = items.first { $0.kind == .podToPod }
        #expect(podToPod != nil)
        // The peer is on another node, so the flow crosses the overlay.
        #expect(podToPod?.target?.hasPrefix("nginx-demo/nginx-5hrgb,") == true)
        #expect(podToPod?.target?.contains("nginx-5hrgb,nginx-demo/nginx-7nm9s") == false)
    }
}
