import AppCore
import ArgumentParser
import ClusterModel
import CursesBackend
import Foundation
import KubeText

/// `kubehops [view] [FILE…]`: the live full-screen diagram.
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show the cluster live, full screen (the default command).",
        discussion: """
        Reads FILEs, or standard input when no FILE is given and stdin is not a terminal (or FILE is -). \
        With no input at all it shows the built-in demo cluster. Press ? inside for the keys.
        """
    )

    @Argument(help: "kubectl output files (tables, JSON or YAML); - is standard input.")
    var files: [String] = []

    @Flag(help: "Re-read the files when they change.")
    var follow = false

    @Flag(help: "Run kubectl get nodes,pods,svc,endpoints,ingress -o wide yourself, every --interval seconds.")
    var kubectl = false

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "With --kubectl: all namespaces.")
    var allNamespaces = false

    @Option(name: [.short, .long], help: "With --kubectl: the namespace.")
    var namespace: String?

    @Option(help: "With --kubectl: the kubeconfig context.")
    var context: String?

    @Option(help: "With --kubectl: seconds between runs.")
    var interval: Double = 2

    @Option(help: "Colours: auto (the terminal's, none with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Draw with ASCII only (for terminals or fonts without box drawing).")
    var ascii = false

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    func validate() throws {
        if kubectl, !files.isEmpty { throw ValidationError("Give either FILEs or --kubectl, not both.") }
        if !kubectl, allNamespaces || namespace != nil || context != nil {
            throw ValidationError("-A, --namespace and --context are passed to kubectl: use them with --kubectl.")
        }
        if interval <= 0 || !interval.isFinite { throw ValidationError("--interval must be a positive number of seconds.") }
        if follow, files.isEmpty || files.contains("-") { throw ValidationError("--follow needs FILEs (standard input cannot be re-read).") }
        for file in files where file != "-" && !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("Cannot read \(file): no such file, or no permission.")
        }
    }

    /// Where the picture comes from, decided before the screen opens.
    func inputKind() -> InputKind {
        if kubectl { return .kubectl(arguments: kubectlPassThrough, interval: interval) }
        if !files.isEmpty { return files == ["-"] ? .stdin : .files(files) }
        return isatty(STDIN_FILENO) == 1 ? .demo : .stdin
    }

    var kubectlPassThrough: [String] {
        var arguments: [String] = []
        if allNamespaces { arguments.append("-A") }
        if let namespace { arguments += ["-n", namespace] }
        if let context { arguments += ["--context", context] }
        return arguments
    }

    func run() throws {
        let input = inputKind()
        let unicode = TerminalEnvironment.adoptLocaleIsUTF8()
        let wakePipe: WakePipe
        do { wakePipe = try WakePipe() } catch { throw ValidationError(error.description) }
        // Before newterm, or ncurses installs handlers that exit without our clean-up.
        SignalTrap.install(wakingUp: wakePipe)
        let options = TerminalOptions(color: ColorMode(rawValue: color.rawValue) ?? .auto, environment: ProcessInfo.processInfo.environment)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(options: options)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        defer { terminal.restore() }
        let mailbox = Mailbox(wakePipe: wakePipe)
        let size = terminal.size
        var state = AppState(cluster: Cluster(resources: Resources()), input: input, live: .waiting,
                             size: ScreenSize(width: size.width, height: size.height), ascii: ascii || !unicode)
        switch input {
        case .demo:
            let parsed = DemoCluster.parse()
            state = update(state, .inputArrived(InputSnapshot(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics),
                                                              time: Date().timeIntervalSince1970))).0
            state.live = .ended
        case .stdin:
            StreamInput.start([InputFile(name: "-")], follow: false, mailbox: mailbox)
        case .files(let names):
            StreamInput.start(names.map { InputFile(name: $0) }, follow: follow, mailbox: mailbox)
            if follow { state.live = .following }
        case .kubectl(let arguments, let interval):
            KubectlPoller(passThrough: arguments, interval: interval).start(mailbox: mailbox)
            state.live = .polled(lastSuccess: nil, error: nil)
        }
        let status = ViewLoop.run(state, terminal: terminal, mailbox: mailbox)
        terminal.restore()
        if status > 128, let signal = SignalTrap.received {
            // Die by the signal itself, so a calling shell or script sees it as such.
            SignalTrap.restoreDefaults()
            raise(signal)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
