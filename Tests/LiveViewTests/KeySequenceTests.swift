import AppCore
import CellCanvas
import ClusterModel
import KubeText
import LiveView
import Testing

/// The real loop on an in-memory terminal: scripted keys, whole screens
/// compared with `Screens/` (tig-style). Each test is what a person would
/// type; the screens show what they would see.
@Suite struct KeySequences {
    /// The built-in demo (the notes' nginx cluster with an ingress), as `kubehops` shows it.
    static func demo() -> AppState {
        let parsed = DemoCluster.parse()
        return loaded(Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics), input: .demo)
    }

    static func loaded(_ cluster: Cluster, input: InputKind) -> AppState {
        let empty = AppState(cluster: Cluster(resources: Resources()), input: input, live: .waiting,
                             size: Size(width: 80, height: 24))
        let arrived = update(empty, .inputArrived(InputSnapshot(cluster: cluster, time: 0))).0
        return update(arrived, .inputEnded).0
    }

    static func play(_ script: [ScriptStep], on state: AppState = demo(), width: Int = 80, height: Int = 24) throws -> ScriptedRun {
        try ViewLoop.play(state, width: width, height: height, script: script)
    }

    static func assertScreen(_ run: ScriptedRun, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        ScreenSnapshots.assertScreen(run.captures[name], named: name, sourceLocation: sourceLocation)
    }

    @Test func startsOnTheDiagramAndQQuits() throws {
        let run = try Self.play([.capture("start"), .text("q")])
        #expect(run.status == 0)
        Self.assertScreen(run, "start")
    }

    @Test func helpOpensAndEscClosesIt() throws {
        let run = try Self.play([.text("?"), .capture("help"), .key(.escape), .capture("after-help"), .text("q")])
        #expect(run.status == 0)
        Self.assertScreen(run, "help")
        #expect(!ScreenSnapshots.text(try #require(run.captures["after-help"])).contains("Keys (Esc closes)"))
    }

    @Test func tabSelectsAndEnterShowsDetails() throws {
        let run = try Self.play(Array(repeating: .key(.tab), count: 8) + [.capture("selection"),
                                 .key(.enter), .capture("details"), .text("q")])
        Self.assertScreen(run, "selection")
        Self.assertScreen(run, "details")
    }

    @Test func flowMenuThenAFlowMidPlay() throws {
        let run = try Self.play([.text("f"), .capture("flow-menu"), .key(.enter), .advance(seconds: 2.5),
                                 .capture("flow-playing"), .text(".."), .capture("flow-stepped"), .text("q")])
        #expect(run.status == 0)
        Self.assertScreen(run, "flow-menu")
        Self.assertScreen(run, "flow-playing")
        Self.assertScreen(run, "flow-stepped")
    }

    /// `m` while a flow plays: the same flow at the same hop through the next kube-proxy mode's rules, the
    /// status line naming the mode and how it was chosen.
    @Test func mCyclesTheProxyModeOfThePlayingFlow() throws {
        let run = try Self.play([.text("f"), .key(.enter), .advance(seconds: 2.5), .text("...."),
                                 .capture("mode-iptables"), .text("m"), .capture("mode-nftables"), .text("w"),
                                 .capture("mode-nftables-rules"), .key(.escape), .text("m"), .capture("mode-ipvs"),
                                 .text("m"), .capture("mode-back"), .text("q")])
        #expect(run.status == 0)
        let text = { (name: String) in ScreenSnapshots.text(run.captures[name]!) }
        let status = { (name: String) in text(name).split(separator: "\n").last.map(String.init) ?? "" }
        #expect(status("mode-iptables").contains("iptables (assumed)"), "\(status("mode-iptables"))")
        #expect(status("mode-nftables").contains("nftables (chosen)"), "\(status("mode-nftables"))")
        #expect(status("mode-ipvs").contains("ipvs (chosen)"), "\(status("mode-ipvs"))")
        #expect(status("mode-back").contains("iptables (chosen)"), "\(status("mode-back"))")
        Self.assertScreen(run, "mode-nftables-rules")
    }

    /// `g` while an ingress flow plays: the same request through the Gateway API objects that would replace
    /// the Ingress, side by side; on another flow it says what it needs.
    @Test func gComparesThePlayingIngressFlowWithGatewayAPI() throws {
        let run = try Self.play([
            .text(":ingress"), .key(.enter), .text("f"), .capture("ingress-menu"), .key(.enter), .advance(seconds: 1),
            .text("g"), .capture("gateway-comparison"), .text("jjj"), .capture("gateway-scrolled"), .key(.escape),
            .capture("after-comparison"), .text("q"),
        ], width: 100, height: 30)
        let other = try Self.play([.text("f"), .key(.enter), .advance(seconds: 1), .text("g"), .capture("not-ingress"),
                                   .text("q")])
        #expect(run.status == 0)
        let text = { (name: String) in ScreenSnapshots.text(run.captures[name]!) }
        #expect(text("gateway-comparison").contains("Ingress → Gateway API"), "\(text("gateway-comparison"))")
        #expect(text("gateway-comparison").contains("HTTPRoute"))
        #expect(text("gateway-scrolled") != text("gateway-comparison"))
        #expect(!text("after-comparison").contains("Ingress → Gateway API"))
        let notIngress = ScreenSnapshots.text(try #require(other.captures["not-ingress"]))
        #expect(notIngress.contains(GatewayComparisonText.needsIngressFlow), "\(notIngress)")
        Self.assertScreen(run, "gateway-comparison")
    }

    @Test func tourStepsForward() throws {
        let run = try Self.play([.text("t"), .capture("tour-1"), .text(" "), .capture("tour-2"), .text("q"),
                                 .capture("tour-left"), .text("q")])
        #expect(run.status == 0)
        Self.assertScreen(run, "tour-1")
        Self.assertScreen(run, "tour-2")
    }

    @Test func filterPromptThenFilteredDiagram() throws {
        let run = try Self.play([.text("/jtq"), .capture("filter-prompt"), .key(.enter), .capture("filtered"), .text("q")])
        Self.assertScreen(run, "filter-prompt")
        Self.assertScreen(run, "filtered")
    }

    @Test func diagnosticsListTheLinesNotUsed() throws {
        let text = DemoCluster.text + "this line is not kubectl output\nnginx-x 1/1 Running\n"
        let parsed = KubeText.parse(bytes: Array(text.utf8), source: "dump.txt")
        let state = Self.loaded(Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics), input: .files(["dump.txt"]))
        let run = try Self.play([.capture("problems"), .text("d"), .capture("diagnostics"), .text("q")], on: state)
        Self.assertScreen(run, "diagnostics")
    }

    @Test func resizeTo20x5KeepsAUsableScreen() throws {
        let run = try Self.play([.resize(width: 20, height: 5), .capture("tiny"), .text("?"), .capture("tiny-help"), .key(.escape), .text("q")])
        #expect(run.status == 0)
        let tiny = try #require(run.captures["tiny"])
        #expect(tiny.width == 20 && tiny.height == 5)
        Self.assertScreen(run, "tiny")
        Self.assertScreen(run, "tiny-help")
    }

    @Test func theScriptEndingWithoutQuitIsAHangUp() throws {
        #expect(try Self.play([.text("?")]).status == 129)
        #expect(try Self.play([.key(.interrupt)]).status == 130)
    }
}
