@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import Testing

@Suite struct QuitAndOverlayKeys {
    @Test func qQuitsWithStatusZero() {
        let (_, effects) = update(Fixtures.state(), .key(.character("q")))
        #expect(effects == [.quit(status: 0)])
    }

    @Test func ctrlCAsAByteQuitsLikeSIGINT() {
        let (_, effects) = update(Fixtures.state(), .key(.interrupt))
        #expect(effects == [.quit(status: 130)])
    }

    @Test func escapeClosesAnOverlayBeforeItQuits() {
        let helped = press(Fixtures.state(), .character("?"))
        #expect(helped.overlay == .help)
        let (closed, effects) = update(helped, .key(.escape))
        #expect(closed.overlay == nil)
        #expect(effects.isEmpty)
        #expect(update(closed, .key(.escape)).1 == [.quit(status: 0)])
    }

    @Test func qInsideAPanelClosesThePanelOnly() {
        let legend = press(Fixtures.state(), .character("l"))
        #expect(legend.overlay == .legend)
        let (closed, effects) = update(legend, .key(.character("q")))
        #expect(closed.overlay == nil)
        #expect(effects.isEmpty)
    }

    @Test func helpListsEveryKeyItHandles() {
        let help = HelpText.lines.joined(separator: "\n")
        for key in ["?", "q / Esc", "hjk", "Tab", "Shift-Tab", "Enter", "/", "n ", "z ", "l ", "d ", "f ", "Space", ". ,", "+ -", "r ", "Ctrl-C", "mouse"] {
            #expect(help.contains(key), "help does not mention \(key)")
        }
        let screen = view(press(Fixtures.state(), .character("?"))).text
        #expect(screen.contains("replay with another endpoint"))
    }
}

@Suite struct SelectionKeys {
    @Test func tabWalksNodesThenPodsThenServicesInLayoutOrder() {
        var state = Fixtures.state()
        var seen: [Selection] = []
        let count = state.scene.selectionOrder.count
        for _ in 0..<count {
            state = press(state, .tab)
            if let selection = state.selection { seen.append(selection) }
        }
        #expect(seen == state.scene.selectionOrder)
        #expect(seen.contains(.node("worker-node1")))
        #expect(seen.contains(.pod(ObjectKey(namespace: "nginx-demo", name: "nginx-jtq5r"))))
        #expect(seen.contains(.service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))))
        // One more Tab comes back to the first.
        #expect(press(state, .tab).selection == seen.first)
    }

    @Test func shiftTabGoesBack() {
        let state = press(Fixtures.state(), .tab, .tab)
        let back = press(state, .backTab)
        #expect(back.selection == press(Fixtures.state(), .tab).selection)
    }

    @Test func enterShowsEveryParsedFieldOfTheSelectedPod() {
        var state = Fixtures.state()
        state.selection = .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-jtq5r"))
        state = press(state, .enter)
        #expect(state.overlay == .details)
        let screen = view(state).text
        #expect(screen.contains("172.16.203.129"))
        #expect(screen.contains("worker-node2"))
        #expect(screen.contains("app=nginx"))
    }

    @Test func enterWithoutSelectionExplainsWhatToDo() {
        let state = press(Fixtures.state(), .enter)
        #expect(state.overlay == nil)
        #expect(state.message?.contains("Tab") == true)
    }

    @Test func clickSelectsThePodUnderTheMouse() throws {
        let state = Fixtures.state()
        let key = ObjectKey(namespace: "nginx-demo", name: "nginx-7nm9s")
        let rect = try #require(state.scene.rect(of: Selection.pod(key)))
        let clicked = update(state, .mouse(MouseEvent(x: rect.x + 1 - state.scroll.x, y: rect.y + 1 - state.scroll.y, action: .press))).0
        #expect(clicked.selection == Selection.pod(key))
    }
}

@Suite struct FilterAndNamespace {
    @Test func slashFiltersByNameAndEnterApplies() {
        var state = press(Fixtures.state(), .character("/"))
        state = typing(state, "jtq")
        #expect(state.overlay == .filterPrompt(text: "jtq"))
        state = press(state, .enter)
        #expect(state.filter == "jtq")
        #expect(state.visible.cluster.pods.map(\.key) == [ObjectKey(namespace: "nginx-demo", name: "nginx-jtq5r")])
        #expect(state.visible.cluster.nodes.map(\.name) == ["worker-node2"])
        let screen = view(state).text
        #expect(screen.contains("172.16.203.129"))
        #expect(!screen.contains("172.16.180.193"))
        #expect(screen.contains("filter: jtq"))
    }

    @Test func filterMatchesNamespacesAndBackspaceEdits() {
        var state = typing(press(Fixtures.state(), .character("/")), "kube-sx")
        state = press(state, .backspace, .enter)
        #expect(state.visible.cluster.pods.map(\.key) == [ObjectKey(namespace: "kube-system", name: "coredns-abc")])
    }

    @Test func escapeCancelsThePrompt() {
        let state = press(typing(press(Fixtures.state(), .character("/")), "zzz"), .escape)
        #expect(state.filter.isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func nCyclesNamespacesThenAll() {
        var state = press(Fixtures.state(), .character("n"))
        #expect(state.namespace == "kube-system")
        #expect(state.visible.cluster.pods.count == 1)
        state = press(state, .character("n"))
        #expect(state.namespace == "nginx-demo")
        #expect(state.visible.cluster.pods.count == 3)
        state = press(state, .character("n"))
        #expect(state.namespace == nil)
        #expect(state.visible.cluster.pods.count == 4)
    }
}
