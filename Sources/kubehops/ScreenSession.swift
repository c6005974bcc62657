import AppCore
import ArgumentParser
import CellCanvas
import ClusterModel
import CursesBackend
import Foundation
import KubeText
import LiveView

/// Opens the terminal, starts the input source, runs the loop and always
/// gives the terminal back: the part `view` and `tour` share.
struct ScreenSession {
    var options: ScreenOptions
    var startsTour: Bool
    /// `view --diff BEFORE`: the earlier dump the picture is compared with.
    var diffBefore: Cluster?

    func run() throws {
        try InputFiles.requireReadable(options.files)
        // Read before the screen opens, so that a bad dump is said on a plain terminal.
        let nodeRules = try options.nodeRules.load()
        let input = options.inputKind()
        let recorder = try options.record.map { path in
            do { return try CastRecorder(path: path, color: options.color != .never) } catch {
                throw ValidationError("Cannot write the recording \(path): \(error.localizedDescription)")
            }
        }
        let unicode = TerminalEnvironment.adoptLocaleIsUTF8()
        let wakePipe: WakePipe
        do { wakePipe = try WakePipe() } catch { throw ValidationError(error.description) }
        // Before newterm, or ncurses installs handlers that exit without our clean-up.
        SignalTrap.install(wakingUp: wakePipe)
        let terminalOptions = TerminalOptions(
            color: ColorMode(rawValue: options.color.rawValue) ?? .auto,
            environment: ProcessInfo.processInfo.environment)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(options: terminalOptions)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        defer { terminal.restore() }
        let mailbox = Mailbox(wakePipe: wakePipe)
        var state = initialState(input: input, terminal: terminal, ascii: options.ascii || !unicode, mailbox: mailbox)
        state.nodeRules = nodeRules
        if let diffBefore { state.comparison = DiffComparison(before: diffBefore, after: state.cluster) }
        state = state.starting(
            filter: options.filters.filter, namespace: options.filters.namespace, compact: options.filters.compact,
            hiddenNamespaces: options.filters.hiddenNamespaces)
        if startsTour { state = state.startingTour() }
        let status = ViewLoop.run(
            state, terminal: terminal, mailbox: mailbox,
            environment: ViewLoop.Environment(recordFrame: recorder.map { recorder in { recorder.record($0) } }))
        terminal.restore()
        recorder?.finish()
        if status > 128, let signal = SignalTrap.received {
            // Die by the signal itself, so a calling shell or script sees it as such.
            SignalTrap.restoreDefaults()
            raise(signal)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Nodes, pods and services beyond which the layout runs on the worker:
    /// below it a layout takes a few milliseconds, and laying out inside
    /// `update` spares a frame that says "laying out…".
    static let backgroundLayoutAbove = 2_000

    private func initialState(input: InputKind, terminal: CursesTerminal, ascii: Bool, mailbox: Mailbox) -> AppState {
        let size = terminal.size
        var state = AppState(
            cluster: Cluster(resources: Resources()), input: input, live: .waiting,
            size: Size(width: size.width, height: size.height), ascii: ascii)
        state.backgroundLayoutAbove = Self.backgroundLayoutAbove
        state.proxyMode = try? options.proxyMode.mode
        switch input {
        case .demo:
            let parsed = DemoCluster.parse()
            let snapshot = InputSnapshot(
                cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics),
                time: Date().timeIntervalSince1970)
            state = update(state, .inputArrived(snapshot)).0
            state = update(state, .inputEnded).0
            if KubectlPresence.canShowOwnCluster(environment: ProcessInfo.processInfo.environment) {
                state.message = KubectlPresence.hint
            }
        case .stdin:
            StreamInput.start([InputFile(name: "-")], follow: false, mailbox: mailbox)
        case .files(let names):
            if options.follow { state.live = .following }
            if startsTour {
                // The tour needs the whole cluster at its first step: read the files first.
                let results = names.map { name in
                    do throws(FileBytes.Failure) {
                        return KubeText.parse(bytes: try FileBytes.read(path: name), source: name)
                    } catch {
                        return ParseResult(diagnostics: [
                            Diagnostic(severity: .error, source: name, line: 0, message: error.description)
                        ])
                    }
                }
                state = update(state, .inputArrived(StreamInput.snapshot(results))).0
                state = update(state, .inputEnded).0
                if options.follow {
                    state.live = .following;
                    StreamInput.start(names.map { InputFile(name: $0) }, follow: true, mailbox: mailbox)
                }
            } else {
                StreamInput.start(names.map { InputFile(name: $0) }, follow: options.follow, mailbox: mailbox)
            }
        case .kubectl(let arguments, let interval):
            let poller = KubectlPoller(passThrough: arguments, interval: interval)
            if startsTour { state = update(state, .pollResult(poller.runOnce())).0 }
            poller.start(mailbox: mailbox)
            state.live = .polled(lastSuccess: nil, error: nil)
        }
        return state
    }
}
