@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramLayout
import FlowEngine
import Testing

@Suite struct ScreenContents {
    @Test func diagramShowsNodesPodIPsAndBoxes() {
        let screen = view(NginxDemo.state()).text
        for text in ["worker-node1", "worker-node2", "master-node", "192.168.1.182", "172.16.180.193", "172.16.203.129", "30007", "─", "│"] {
            #expect(screen.contains(text), "missing \(text)")
        }
    }

    @Test func statusBarCountsAndLiveState() {
        let state = NginxDemo.state()
        let last = view(state).lines.last ?? ""
        #expect(last.contains("stdin"))
        #expect(last.contains("3 nodes · 4 pods · 1 svc"))
        #expect(last.contains("1 problem in the input (d)"))
        #expect(last.contains("live: reading"))
        let ended = update(state, .inputEnded).0
        #expect(view(ended).lines.last?.contains("input ended") == true)
    }

    @Test func notesAreCountedApartFromProblems() {
        let note = Diagnostic(severity: .note, source: "-", line: 1, message: "a prompt line")
        let warning = Diagnostic(severity: .warning, source: "-", line: 2, message: "bad row")
        #expect(StatusBar.diagnosticsText([]) == nil)
        #expect(StatusBar.diagnosticsText([note, note]) == "2 notes (d)")
        #expect(StatusBar.diagnosticsText([note, warning]) == "1 problem in the input (d)")
    }

    @Test func diagnosticsPanelShowsSourceAndLineNumber() {
        let screen = view(press(NginxDemo.state(), .character("d"))).text
        #expect(screen.contains("pods.txt:7: warning: expected 9 columns"))
        #expect(screen.contains("| garbage here"))
    }

    @Test func legendShowsTheIPScheme() {
        let screen = view(press(NginxDemo.state(), .character("i"))).text
        #expect(screen.contains("Node IP"))
        #expect(screen.contains("192.168.1."))
        #expect(screen.contains("30007"))
    }

    /// The panel renders DiagramLayout's table, the same rows the grid's legend box shows.
    @Test func legendPanelRendersTheOneIPSchemeTable() {
        let cluster = NginxDemo.cluster
        let lines = LegendPanelText.lines(for: cluster)
        let rows = IPScheme.rows(cluster: cluster, nodePorts: cluster.addressScheme.nodePorts)
        #expect(rows.map(\.kind) == ["Node IP", "Pod IP", "Cluster IP", "NodePort"])
        for (row, line) in zip(rows, lines.dropFirst()) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            #expect(words == row.cells.joined(separator: " "), "\(line)")
        }
        #expect(lines.contains("NodePort: the default --service-node-port-range; the input cannot show the configured one"))
    }

    @Test func zoomCompactsNodeBoxes() {
        let full = NginxDemo.state()
        let compact = press(full, .character("z"))
        #expect(compact.zoom == .compact)
        #expect(compact.scene.layout.size.height < full.scene.layout.size.height)
        #expect(view(compact).text != view(full).text)
        #expect(press(compact, .character("z")).zoom == .detailed)
    }

    @Test func panningIsClampedToTheDiagram() {
        let small = NginxDemo.state(width: 50, height: 14)
        let panned = press(small, .down, .down, .character("j"))
        #expect(panned.scroll.y == 6)
        let far = (0..<200).reduce(panned) { state, _ in press(state, .down, .right) }
        let plane = far.scene.layout.size
        #expect(far.scroll.y == max(0, plane.height - far.diagramArea.height))
        #expect(far.scroll.x == max(0, plane.width - far.diagramArea.width))
        let home = press(far, .home)
        #expect(home.scroll.x == 0 && home.scroll.y == 0)
    }

    @Test func tinyWindowsDoNotCrashAndKeepTheStatusBar() {
        for (width, height) in [(20, 5), (1, 1), (0, 0), (5, 2)] {
            var state = update(NginxDemo.state(), .resize(width: width, height: height)).0
            for key: Key in [.character("?"), .escape, .tab, .enter, .character("d"), .character("i"), .character("f"), .down, .right] {
                state = update(state, .key(key)).0
                #expect(view(state).width == width)
            }
        }
        let tiny = update(NginxDemo.state(), .resize(width: 20, height: 5)).0
        // The least needed parts go first: `? help` stays at any width.
        #expect(view(tiny).lines.last?.trimmingCharacters(in: .whitespaces).hasSuffix("? help") == true)
        #expect(view(update(NginxDemo.state(), .resize(width: 8, height: 3)).0).lines.last == " ? help ")
    }

    @Test func aPanelTooTallForTheWindowSaysWhatIsCut() {
        let small = press(update(NginxDemo.state(), .resize(width: 90, height: 8)).0, .character("?"))
        let screen = view(small).text
        #expect(screen.contains("more lines: enlarge the window"))
        let large = view(press(NginxDemo.state(), .character("?"))).text
        #expect(!large.contains("more lines"))
    }

    @Test func asciiModeDrawsOnlyASCII() {
        let screen = view(press(NginxDemo.state(ascii: true), .character("?"))).text
        let onlyASCII = screen.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(onlyASCII)
        #expect(screen.contains("+--"))
    }

    @Test func controlCharactersInInputNeverReachTheScreen() {
        var resources = Resources()
        resources.upsert(NginxDemo.node("evil\u{1B}[2Jnode", "10.0.0.1"))
        let state = update(NginxDemo.state(), .inputArrived(InputSnapshot(cluster: Cluster(resources: resources), time: 0))).0
        let screen = view(state).text
        #expect(!screen.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(screen.contains("evil?[2Jnode") || screen.contains("evil?[2J"))
    }

    @Test func emptyInputExplainsItself() {
        let empty = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .ended, size: Size(width: 100, height: 20))
        #expect(view(empty).text.contains("No nodes, pods or services were found"))
        let waiting = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .waiting, size: Size(width: 100, height: 20))
        #expect(view(waiting).text.contains("Waiting for input"))
    }
}

@Suite struct LiveInput {
    @Test func newInputKeepsTheSelection() {
        let selected = press(NginxDemo.state(), .tab)
        let refreshed = update(selected, .inputArrived(InputSnapshot(cluster: NginxDemo.cluster, time: 1))).0
        #expect(refreshed.selection == selected.selection)
    }

    @Test func failedPollKeepsTheLastGoodPictureAndShowsTheError() {
        var state = NginxDemo.state()
        state.input = .kubectl(arguments: ["-A"], interval: 2)
        state = update(state, .pollResult(.success(InputSnapshot(cluster: NginxDemo.cluster, time: 0)))).0
        state = update(state, .pollResult(.failure(message: "The connection to the server localhost:8080 was refused", time: 5))).0
        #expect(state.cluster.nodes.count == 3)
        let last = view(state).lines.last ?? ""
        #expect(last.contains("kubectl: The connection to the server localhost:8080 was refused │ last good "))
        // Narrower than the whole line: the source goes first, the error stays.
        #expect(!last.contains("kubectl -A every 2s"))
        state.size = Size(width: 220, height: 40)
        #expect(view(state).lines.last?.contains("kubectl -A every 2s") == true)
        state = update(state, .pollResult(.success(InputSnapshot(cluster: NginxDemo.cluster, time: 9)))).0
        #expect(view(state).lines.last?.contains("updated") == true)
    }

    @Test func failedPollBeforeAnySuccessShowsKubectlsMessageOnScreen() {
        var state = AppState(cluster: Cluster(resources: Resources()), input: .kubectl(arguments: [], interval: 2),
                             live: .polled(lastSuccess: nil, error: nil), size: Size(width: 100, height: 20))
        state = update(state, .pollResult(.failure(message: "error: no context\nsecond line", time: 1))).0
        let screen = view(state).text
        #expect(screen.contains("kubectl failed:"))
        #expect(screen.contains("second line"))
    }
}

@Suite struct StatusBarSourceTests {
    @Test func aFileIsNamedWithoutItsPathSoTheRestOfTheLineStaysVisible() {
        let deep = "/very/long/checkout/path/of/some/ci/runner/workspace/kubehops/samples/notes-nginx-nodeport.txt"
        #expect(StatusBar.source(.files([deep])) == "notes-nginx-nodeport.txt")
        #expect(StatusBar.source(.files(["a.txt", "b.txt"])) == "2 files")
        let huge = String(repeating: "x", count: 300) + ".txt"
        #expect(StatusBar.source(.files([huge])).count == 40)
    }
}
