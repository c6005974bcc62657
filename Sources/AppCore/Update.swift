import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import ProxyRules
import TerminalText

/// The Elm-style heart of the TUI: a pure function from a state and a
/// message to the next state and what the loop must do.
public func update(_ state: AppState, _ msg: Msg) -> (AppState, [Effect]) {
    var state = state
    let generation = state.sceneGeneration
    var effects = state.apply(msg)
    if state.sceneGeneration != generation, let request = state.pendingScene { effects.append(.buildScene(request)) }
    return (state, effects)
}

extension AppState {
    mutating func apply(_ msg: Msg) -> [Effect] {
        switch msg {
        case .key(let key):
            return handle(key)
        case .mouse(let event):
            handle(event)
        case .resize(let width, let height):
            setSize(Size(width: width, height: height))
        case .tick(let now):
            time = now
            playback?.advance(to: now)
            advanceComparison(to: now)
        case .inputArrived(let snapshot):
            comparison?.update(after: snapshot.cluster)
            setCluster(snapshot.cluster)
            if case .waiting = live { live = .reading }
        case .inputEnded:
            if case .following = live {} else { live = .ended }
        case .inputFailed(let message):
            live = .failed(message)
        case .pollResult(.success(let snapshot)):
            comparison?.update(after: snapshot.cluster)
            setCluster(snapshot.cluster)
            live = .polled(lastSuccess: snapshot.time, error: nil)
        case .sceneBuilt(let built):
            receive(built)
        case .saved(let path):
            message = "Saved to \(path)"
        case .saveFailed(let reason):
            message = "Cannot save: \(reason)"
        case .pollResult(.failure(let message, _)):
            // The last good picture stays; only the status changes.
            if case .polled(let last, _) = live {
                live = .polled(lastSuccess: last, error: message)
            } else {
                live = .polled(lastSuccess: nil, error: message)
            }
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .interrupt { return [.quit(status: 130)] }
        if let overlay { return handle(key, in: overlay) }
        if tour != nil { return handleTour(key) }
        message = nil
        if handlePanning(key) || handlePlayback(key) { return [] }
        switch key {
        case .character("q"): return [.quit(status: 0)]
        case .escape: escape()
        case .character("t"): startTour()
        case .character("?"): overlay = .help
        case .tab: moveSelection(by: 1)
        case .backTab: moveSelection(by: -1)
        case .enter:
            if selection != nil { overlay = .details } else { message = "Select an object first (Tab, or click it)." }
        case .character("/"): overlay = .filterPrompt(text: filter)
        case .character(":"): overlay = .jumpPrompt(text: "")
        case .character("n"): selectMatch(step: 1)
        case .character("N"): selectMatch(step: -1)
        case .character("]"): cycleNamespace(step: 1)
        case .character("["): cycleNamespace(step: -1)
        case .character("0"): if namespace != nil { setNamespace(nil) }
        case .character("z"): setZoom(zoom == .detailed ? .compact : .detailed)
        case .character("i"): overlay = .legend
        case .character("d"): overlay = .diagnostics(scroll: 0)
        case .character("f"): openFlowMenu()
        case .character("s"): return saveFlow()
        case .character("g"): openGatewayComparison()
        case .character("p"): showsIsolation.toggle()
        case .character("D"): openChanges()
        case .character("b"): flipComparison()
        case .character("a"): playComparison()
        default: break
        }
        return []
    }

    /// `D` with `--diff`: what changed between the two dumps, as `kubehops diff` says it.
    private mutating func openChanges() {
        guard let comparison else { message = DiffComparison.needsDiff; return }
        overlay = .textPanel(
            title: "Changes, before → after (↑↓ scroll, Esc closes)", lines: comparison.lines, closer: "D", scroll: 0)
    }

    /// `b` with `--diff`: the picture flips between AFTER and BEFORE, changes outlined on each.
    private mutating func flipComparison() {
        guard var comparison else { message = DiffComparison.needsDiff; return }
        comparison.flip()
        show(comparison)
        message = comparison.showingBefore ? "BEFORE: removed and changed outlined (b: after)" : nil
    }

    /// `a` with `--diff`: the change plays from BEFORE, through BEFORE without the removed objects,
    /// to AFTER with the new ones, a picture every `DiffComparison.stepSeconds`.
    private mutating func playComparison() {
        guard var comparison else { message = DiffComparison.needsDiff; return }
        comparison.startTransition(at: time)
        show(comparison)
    }

    /// The tick while the change plays: the next picture when its time has come.
    private mutating func advanceComparison(to now: Double) {
        guard var comparison, comparison.isPlaying else { return }
        let changed = comparison.advance(to: now)
        self.comparison = comparison
        if changed { setCluster(comparison.shown) }
    }

    /// The comparison's picture on screen; a playing flow stops (its path may not exist there).
    private mutating func show(_ comparison: DiffComparison) {
        self.comparison = comparison
        playback = nil
        setCluster(comparison.shown)
    }

    /// `g`: the playing ingress flow's request through the Gateway API objects that would replace
    /// the Ingress, compared side by side (the panel `explain --as-gateway` prints).
    private mutating func openGatewayComparison() {
        guard let playback, playback.choice.kind == .ingress else {
            message = GatewayComparisonText.needsIngressFlow
            return
        }
        switch GatewayComparisonText.replay(playback, engine: flowEngine, options: FlowOptions(proxyMode: proxyMode)) {
        case .success(let lines):
            overlay = .textPanel(
                title: "Ingress → Gateway API (↑↓ scroll, Esc closes)", lines: lines, closer: "g", scroll: 0)
        case .failure(let error): message = "Cannot compare with Gateway API: \(error.message)"
        }
    }

    /// Esc undoes the innermost thing (a flow, then a filter); it never quits,
    /// as in k9s, htop and less (only `q` and Ctrl-C do).
    private mutating func escape() {
        if playback != nil {
            playback = nil
            clampScroll()
        } else if !filter.isEmpty || namespace != nil {
            filter = ""
            setNamespace(nil)
        } else {
            message = "Nothing to close: q quits."
        }
    }

    /// Arrows, vim's h j k l, pages.
    ///
    /// True when `key` was one of them.
    private mutating func handlePanning(_ key: Key) -> Bool {
        switch key {
        case .up, .character("k"): pan(dx: 0, dy: -2)
        case .down, .character("j"): pan(dx: 0, dy: 2)
        case .left, .character("h"): pan(dx: -4, dy: 0)
        case .right, .character("l"), .character("L"): pan(dx: 4, dy: 0)
        case .pageUp: pan(dx: 0, dy: -max(1, diagramArea.height - 2))
        case .pageDown: pan(dx: 0, dy: max(1, diagramArea.height - 2))
        case .home: scroll = .zero
        case .end: pan(dx: 0, dy: scene.layout.size.height)
        case .character(" ") where playback == nil: pan(dx: 0, dy: max(1, diagramArea.height - 2))
        default: return false
        }
        return true
    }

    /// The keys of a playing flow.
    ///
    /// True when `key` was one of them.
    private mutating func handlePlayback(_ key: Key) -> Bool {
        switch key {
        case .character(" "): playback?.togglePause()
        case .character("."): playback?.stepForward(); followPacket()
        case .character(","): playback?.stepBack(); followPacket()
        case .character("+"), .character("="): playback?.changeSpeed(faster: true)
        case .character("-"), .character("_"): playback?.changeSpeed(faster: false)
        case .character("r"): replayWithAnotherEndpoint()
        case .character("m"): cycleProxyMode()
        case .character("w"):
            if playback != nil { overlay = .hopRules(scroll: 0) } else { return false }
        default: return false
        }
        return true
    }

    private mutating func handle(_ key: Key, in overlay: Overlay) -> [Effect] {
        switch overlay {
        case .filterPrompt(let text):
            if let edited = Self.edit(text, with: key) { self.overlay = .filterPrompt(text: edited); break }
            self.overlay = nil
            if key == .enter { setFilter(text) }
        case .jumpPrompt(let text):
            if let edited = Self.edit(text, with: key) { self.overlay = .jumpPrompt(text: edited); break }
            self.overlay = nil
            if key == .enter { jump(to: text) }
        case .flowMenu(let items, let index):
            handle(key, inFlowMenu: items, index: index)
        case .diagnostics(let scroll):
            let last = max(0, DiagnosticsText.lines(cluster.diagnostics).count - 1)
            switch key {
            case .up, .character("k"): self.overlay = .diagnostics(scroll: max(0, scroll - 1))
            case .down, .character("j"): self.overlay = .diagnostics(scroll: min(last, scroll + 1))
            case .pageDown, .character(" "): self.overlay = .diagnostics(scroll: min(last, scroll + 10))
            case .pageUp: self.overlay = .diagnostics(scroll: max(0, scroll - 10))
            case .escape, .character("q"), .character("d"): self.overlay = nil
            default: break
            }
        case .hopRules(let scroll):
            handle(key, inHopRules: scroll)
        case .textPanel(let title, let lines, let closer, let scroll):
            let last = max(0, TextPanelLines.wrapped(lines, width: HopRulesText.width(size.width)).count - 1)
            func scrolled(_ to: Int) -> Overlay {
                .textPanel(title: title, lines: lines, closer: closer, scroll: min(last, max(0, to)))
            }
            switch key {
            case .up, .character("k"): self.overlay = scrolled(scroll - 1)
            case .down, .character("j"): self.overlay = scrolled(scroll + 1)
            case .pageDown, .character(" "): self.overlay = scrolled(scroll + 10)
            case .pageUp: self.overlay = scrolled(scroll - 10)
            case .escape, .character("q"): self.overlay = nil
            case .character(let c) where c == closer: self.overlay = nil
            default: break
            }
        case .help, .details, .legend:
            switch key {
            case .escape, .character("q"), .enter: self.overlay = nil
            case .character("?") where overlay == .help: self.overlay = nil
            case .character("i") where overlay == .legend: self.overlay = nil
            default: break
            }
        }
        return []
    }

    /// A key in the `f` menu: move, choose (Enter, space or the entry's number), close.
    private mutating func handle(_ key: Key, inFlowMenu items: [FlowMenuItem], index: Int) {
        switch key {
        case .escape, .character("q"), .character("f"): self.overlay = nil
        case .up, .character("k"), .backTab: self.overlay = .flowMenu(items: items, index: max(0, index - 1))
        case .down, .character("j"), .tab:
            self.overlay = .flowMenu(items: items, index: min(items.count - 1, index + 1))
        case .enter, .character(" "): choose(items, index)
        case .character(let c) where c.isNumber: if let n = c.wholeNumberValue { choose(items, n - 1) }
        default: break
        }
    }

    /// A key in the `w` panel: scroll, step the playing flow a hop (back to the top), close.
    private mutating func handle(_ key: Key, inHopRules scroll: Int) {
        let last = max(0, HopRulesText.lines(flowFrame, width: HopRulesText.width(size.width)).count - 1)
        switch key {
        case .up, .character("k"): self.overlay = .hopRules(scroll: max(0, scroll - 1))
        case .down, .character("j"): self.overlay = .hopRules(scroll: min(last, scroll + 1))
        case .pageDown, .character(" "): self.overlay = .hopRules(scroll: min(last, scroll + 10))
        case .pageUp: self.overlay = .hopRules(scroll: max(0, scroll - 10))
        case .character("."): playback?.stepForward(); self.overlay = .hopRules(scroll: 0)
        case .character(","): playback?.stepBack(); self.overlay = .hopRules(scroll: 0)
        case .escape, .character("q"), .character("w"): self.overlay = nil
        default: break
        }
    }

    /// The prompt's text after `key`; nil when the key ends the prompt (Enter applies, Esc cancels).
    static func edit(_ text: String, with key: Key) -> String? {
        switch key {
        case .enter, .escape: return nil
        case .backspace, .delete: return String(text.dropLast())
        case .character(let c) where !ControlScalars.isForbidden(c): return text + String(c)
        default: return text
        }
    }

    private mutating func handle(_ event: MouseEvent) {
        switch event.action {
        case .wheelUp: pan(dx: 0, dy: -3)
        case .wheelDown: pan(dx: 0, dy: 3)
        case .release: break
        case .press:
            let area = diagramArea
            guard overlay == nil, area.contains(Point(x: event.x, y: event.y)) else { return }
            let point = Point(x: event.x - area.x + scroll.x, y: event.y - area.y + scroll.y)
            if let object = scene.selection(at: point) { selection = object; message = nil }
        }
    }

    mutating func pan(dx: Int, dy: Int) {
        scroll.x += dx
        scroll.y += dy
        clampScroll()
    }

    mutating func moveSelection(by step: Int) {
        guard let chosen = scene.selection(after: selection, step: step) else { return }
        selection = chosen
        if let rect = scene.rect(of: chosen) { scrollToShow(rect) }
    }

    mutating func scrollToShow(_ rect: Rect) {
        let area = diagramArea
        scroll = scene.viewport(showing: rect, in: Size(width: area.width, height: area.height), from: scroll)
    }

    /// Keeps the hop being explained on screen.
    mutating func followPacket() {
        if let frame = flowFrame, let rect = scene.rect(ofHopIn: frame) { scrollToShow(rect) }
    }

    /// `]` and `[`: the next or previous namespace, then all of them again.
    mutating func cycleNamespace(step: Int) {
        let all = namespaces
        guard !all.isEmpty else { message = "No namespaces in this input."; return }
        // Position 0 is "all namespaces"; 1… the namespaces in order.
        let current = namespace.flatMap { all.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
        let next = (current + step + all.count + 1) % (all.count + 1)
        setNamespace(next == 0 ? nil : all[next - 1])
    }
}
