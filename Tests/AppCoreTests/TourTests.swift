@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import FlowEngine
import Testing

@Suite struct GuidedTour {
    @Test func tStartsTheTourAndSpaceAndArrowsWalkIt() {
        var state = press(NginxDemo.state(), .character("t"))
        #expect(state.tour?.index == 0)
        #expect(view(state).text.contains("Tour 1/9: Nodes and their LAN IPs"))
        state = press(state, .character(" "))
        #expect(state.tour?.index == 1)
        state = press(state, .right)
        #expect(state.tour?.index == 2)
        state = press(state, .left, .left, .left)
        #expect(state.tour?.index == 0)
        #expect(view(state).lines.last?.contains("tour 1/9") == true)
    }

    @Test func qLeavesTheTourButNotTheViewerWhenStartedWithT() {
        let touring = press(NginxDemo.state(), .character("t"))
        let (left, effects) = update(touring, .key(.character("q")))
        #expect(effects.isEmpty)
        #expect(left.tour == nil)
        #expect(!view(left).text.contains("Tour 1/9"))
    }

    @Test func kubehopsTourQLeavesIntoTheDiagramAndASecondQQuits() {
        let touring = NginxDemo.state().startingTour()
        #expect(touring.tour != nil)
        let (left, effects) = update(touring, .key(.character("q")))
        #expect(effects.isEmpty)
        #expect(left.tour == nil)
        #expect(left.message?.contains("q quits") == true)
        #expect(update(left, .key(.character("q"))).1 == [.quit(status: 0)])
    }

    @Test func theStepsCaptionUsesTheClustersValues() {
        let state = press(NginxDemo.state(), .character("t"))
        let screen = view(state).text
        #expect(screen.contains("192.168.1.182"))
    }

    @Test func aFlowStepPlaysItsFlowHopByHop() throws {
        var state = press(NginxDemo.state(), .character("t"))
        let flowStep = try #require(state.tour?.steps.firstIndex { $0.flow != nil })
        for _ in 0..<flowStep { state = press(state, .character(" ")) }
        let flow = try #require(state.tour?.step?.flow)
        #expect(state.playback?.flow == flow)
        #expect(state.isAnimating)
        state = press(state, .character("."))
        #expect(state.playback?.hopIndex == 1)
        #expect(view(state).text.contains("hop 2/"))
        // The next step stops that flow.
        state = press(state, .character(" "))
        #expect(state.playback?.flow != flow)
    }

    @Test func theStepsObjectsAreOutlinedOnTheDiagram() throws {
        let state = press(NginxDemo.state(), .character("t"))
        let step = try #require(state.tour?.step)
        #expect(step.highlight.nodes.contains("worker-node1"))
        let rect = try #require(state.scene.rect(of: Selection.node("worker-node1")))
        let x = rect.x - state.scroll.x, y = rect.y - state.scroll.y
        let corner = view(state)[x, y]
        #expect(corner.style.attributes.contains(.bold))
        #expect(corner.style.foreground == .indexed(221))
        let untouring = view(NginxDemo.state())[x, y]
        #expect(untouring.style.foreground != .indexed(221))
    }

    @Test func theTourFollowsInputThatArrivesLater() {
        let empty = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .waiting, size: Size(width: 120, height: 40))
        var state = empty.startingTour()
        #expect(state.tour?.step?.isAvailable == false)
        state = update(state, .inputArrived(InputSnapshot(cluster: NginxDemo.cluster, time: 1))).0
        #expect(state.tour?.step?.isAvailable == true)
        #expect(view(state).text.contains("192.168.1.181"))
    }

    @Test func helpMentionsTheTour() {
        #expect(HelpText.lines.contains { $0.hasPrefix("t ") })
    }
}
