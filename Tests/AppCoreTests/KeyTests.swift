@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene
import Testing

@Suite struct QuitAndOverlayKeys {
    @Test func qQuitsWithStatusZero() {
        let (_, effects) = update(NginxDemo.state(), .key(.character("q")))
        #expect(effects == [.quit(status: 0)])
    }

    @Test func ctrlCAsAByteQuitsLikeSIGINT() {
        let (_, effects) = update(NginxDemo.state(), .key(.interrupt))
        #expect(effects == [.quit(status: 130)])
    }

    @Test func escapeClosesPanelsStopsFlowsClearsFiltersAndNeverQuits() {
        let helped = press(NginxDemo.state(), .character("?"))
        #expect(helped.overlay == .help)
        let (closed, effects) = update(helped, .key(.escape))
        #expect(closed.overlay == nil)
        #expect(effects.isEmpty)
        // Nothing left to close: Esc says how to quit instead of quitting.
        let (idle, idleEffects) = update(closed, .key(.escape))
        #expect(idleEffects.isEmpty)
        #expect(idle.message?.contains("q quits") == true)
        #expect(update(idle, .key(.escape)).1.isEmpty)
        // Enter Esc Esc (details, then nothing): still running.
        var state = NginxDemo.state()
        state.selection = state.scene.selectionOrder.first
        state = press(state, .enter, .escape)
        #expect(update(state, .key(.escape)).1.isEmpty)
        // A filter is cleared by Esc, then Esc does nothing more.
        let filtered = press(typing(press(NginxDemo.state(), .character("/")), "jtq"), .enter)
        let cleared = press(filtered, .escape)
        #expect(cleared.filter.isEmpty)
        #expect(update(cleared, .key(.escape)).1.isEmpty)
    }

    @Test func qInsideAPanelClosesThePanelOnly() {
        let legend = press(NginxDemo.state(), .character("i"))
        #expect(legend.overlay == .legend)
        let (closed, effects) = update(legend, .key(.character("q")))
        #expect(closed.overlay == nil)
        #expect(effects.isEmpty)
    }

    @Test func helpListsEveryKeyItHandles() {
        let help = HelpText.lines.joined(separator: "\n")
        for key in ["?", "q ", "Esc", "hjkl", "Tab", "Shift-Tab", "Enter", "/", "n N", ":", "] [ 0", "z ", "i ", "d ", "f ", "s ", "Space", ". ,", "+ -", "r ", "Ctrl-C", "mouse"] {
            #expect(help.contains(key), "help does not mention \(key)")
        }
        let screen = view(press(NginxDemo.state(), .character("?"))).text
        #expect(screen.contains("replay with another endpoint"))
        #expect(help.contains("D b a"), "help does not mention the diff keys")
    }

    /// The help panel fits an 80-column terminal: 76 columns inside its border and margins, so no
    /// line is cut (a cut line hides the end of what a key does).
    @Test func everyHelpLineFitsTheEightyColumnPanel() {
        for line in HelpText.lines {
            #expect(DisplayWidth.of(line) <= 76, "cut in an 80-column help: \(line)")
        }
    }
}

@Suite struct SelectionKeys {
    @Test func tabWalksNodesThenPodsThenServicesInLayoutOrder() {
        var state = NginxDemo.state()
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
        let state = press(NginxDemo.state(), .tab, .tab)
        let back = press(state, .backTab)
        #expect(back.selection == press(NginxDemo.state(), .tab).selection)
    }

    @Test func enterShowsEveryParsedFieldOfTheSelectedPod() {
        var state = NginxDemo.state()
        state.selection = .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-jtq5r"))
        state = press(state, .enter)
        #expect(state.overlay == .details)
        let screen = view(state).text
        #expect(screen.contains("172.16.203.129"))
        #expect(screen.contains("worker-node2"))
        #expect(screen.contains("app=nginx"))
    }

    @Test func enterWithoutSelectionExplainsWhatToDo() {
        let state = press(NginxDemo.state(), .enter)
        #expect(state.overlay == nil)
        #expect(state.message?.contains("Tab") == true)
    }

    @Test func clickSelectsThePodUnderTheMouse() throws {
        let state = NginxDemo.state()
        let key = ObjectKey(namespace: "nginx-demo", name: "nginx-7nm9s")
        let rect = try #require(state.scene.rect(of: Selection.pod(key)))
        let clicked = update(state, .mouse(MouseEvent(x: rect.x + 1 - state.scroll.x, y: rect.y + 1 - state.scroll.y, action: .press))).0
        #expect(clicked.selection == Selection.pod(key))
    }
}

@Suite struct FilterAndNamespace {
    @Test func slashFiltersByNameAndEnterApplies() {
        var state = press(NginxDemo.state(), .character("/"))
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
        var state = typing(press(NginxDemo.state(), .character("/")), "kube-sx")
        state = press(state, .backspace, .enter)
        #expect(state.visible.cluster.pods.map(\.key) == [ObjectKey(namespace: "kube-system", name: "coredns-abc")])
    }

    @Test func controlCharactersTypedIntoThePromptAreIgnored() {
        var state = press(NginxDemo.state(), .character("/"))
        state = press(state, .character("j"), .character("\u{9B}"), .character("\u{202E}"), .character("\u{07}"))
        state = press(state, .character("t"))
        #expect(state.overlay == .filterPrompt(text: "jt"))
    }

    @Test func escapeCancelsThePrompt() {
        let state = press(typing(press(NginxDemo.state(), .character("/")), "zzz"), .escape)
        #expect(state.filter.isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func bracketsCycleNamespacesThenAllAndZeroShowsAll() {
        var state = press(NginxDemo.state(), .character("]"))
        #expect(state.namespace == "kube-system")
        #expect(state.visible.cluster.pods.count == 1)
        state = press(state, .character("]"))
        #expect(state.namespace == "nginx-demo")
        #expect(state.visible.cluster.pods.count == 3)
        state = press(state, .character("]"))
        #expect(state.namespace == nil)
        #expect(state.visible.cluster.pods.count == 4)
        state = press(state, .character("["))
        #expect(state.namespace == "nginx-demo")
        #expect(press(state, .character("0")).namespace == nil)
    }

    @Test func nAndShiftNWalkTheMatchesOfTheFilter() {
        let filtered = press(typing(press(NginxDemo.state(), .character("/")), "nginx-"), .enter)
        let matches = filtered.matches("nginx-")
        #expect(matches.count == 4)  // three pods and the service
        var state = press(filtered, .character("n"))
        #expect(state.selection == matches[0])
        #expect(state.message == "match 1 of 4 for \"nginx-\"")
        state = press(state, .character("n"), .character("n"))
        #expect(state.selection == matches[2])
        state = press(state, .character("N"))
        #expect(state.selection == matches[1])
        state = press(state, .character("N"), .character("N"))
        #expect(state.selection == matches[3])
        // Without a filter, n says what to do.
        #expect(press(NginxDemo.state(), .character("n")).message?.contains("Type /") == true)
    }

    @Test func colonJumpsToAKindANameOrANamespace() {
        func jump(_ text: String, from state: AppState = NginxDemo.state()) -> AppState {
            press(typing(press(state, .character(":")), text), .enter)
        }
        let pods = jump("po")
        guard case .pod = pods.selection else { Issue.record("`:po` selected \(String(describing: pods.selection))"); return }
        #expect(jump("po", from: pods).selection != pods.selection)
        #expect(jump("svc").selection == .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")))
        #expect(jump("nodes").selection == .node("master-node"))
        #expect(jump("pod/jtq").selection == .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-jtq5r")))
        #expect(jump("7nm9s").selection == .pod(ObjectKey(namespace: "nginx-demo", name: "nginx-7nm9s")))
        #expect(jump("kube-system").namespace == "kube-system")
        #expect(jump("ns nginx-demo").namespace == "nginx-demo")
        #expect(jump("all", from: jump("kube-system")).namespace == nil)
        #expect(jump("nothing-like-this").message?.contains("Nothing called") == true)
        #expect(press(typing(press(NginxDemo.state(), .character(":")), "po"), .escape).selection == nil)
    }

    @Test func lPansRightLikeVimAndILegendOpensTheIPScheme() {
        var state = NginxDemo.state(width: 60, height: 20)
        state = press(state, .character("l"))
        #expect(state.scroll.x == 4)
        #expect(state.overlay == nil)
        #expect(press(state, .character("h")).scroll.x == 0)
        #expect(press(state, .character("i")).overlay == .legend)
    }
}
