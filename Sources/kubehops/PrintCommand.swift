import AppCore
import ArgumentParser
import CellCanvas
import ClusterModel
import CursesBackend
import DiagramLayout
import DiagramScene
import FlowEngine
import Foundation
import KubeText

/// `kubehops print`: one frame to standard output, for docs, CI and anyone
/// without a terminal.
///
/// It never touches terminal modes: it only asks the size of standard output, and writes text.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Write one frame of the diagram, or of a flow at one hop, to standard output.",
        discussion: """
            Reads FILEs (- is standard input), or standard input when no FILE is given and it is not a terminal; \
            with no input it draws the built-in demo cluster. Flow kinds: \
            \(FlowKind.allCases.map(\.rawValue).joined(separator: ", ")). \
            Examples: kubehops print samples/notes-nginx-nodeport.txt --flow nodeport --hop 4; \
            kubectl get nodes,pods,svc -A -o wide | kubehops print --width 100 --color never
            """
    )

    @OptionGroup var proxyMode: ProxyModeOption
    @OptionGroup var nodeRules: NodeRulesOption

    @OptionGroup var input: InputFileArguments
    var files: [String] { input.all }

    @Option(help: "Columns (default: the terminal's, else 120).")
    var width: Int?

    @Option(help: "Rows (default: the terminal's; into a pipe or a file, the whole picture).")
    var height: Int?

    @Option(help: "Draw a flow: KIND[:TARGET], e.g. nodeport, nodeport:nginx-demo/nginx-nodeport, pod:a,b.")
    var flow: String?

    @Option(help: "With --flow: the hop to show, from 1.")
    var hop: Int = 1

    @OptionGroup var display: DisplayOptions
    var color: ColorChoice { display.color }
    var ascii: Bool { display.ascii }

    @OptionGroup(title: "Picture") var filters: PictureFilters

    @Flag(help: "Leave out the IP scheme legend.")
    var noLegend = false

    @Flag(help: "With --flow: below the picture, the hop's rules walked, as the view's w panel shows them.")
    var rules = false

    @Option(
        help: ArgumentHelp(
            "With --flow: write the whole animation to FILE as an asciicast v2 recording (asciinema play FILE).",
            valueName: "FILE.cast"))
    var record: String?

    func validate() throws {
        if let width, width < 1 { throw ValidationError("--width must be at least 1.") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1.") }
        if hop < 1 { throw ValidationError("--hop counts from 1.") }
        if let flow { _ = try FlowSpec(flow) }
        if rules, flow == nil { throw ValidationError("--rules needs --flow KIND: they are a hop's rules.") }
        if record != nil, flow == nil {
            throw ValidationError("--record needs --flow KIND: it records a flow's animation.")
        }
    }

    func run() throws {
        let parsed = try InputSource(files: files).loadForKubehops()
        StandardError.warn(about: parsed.diagnostics)
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let terminal = TerminalSize.ofStandardOutput()
        var size = Size(width: width ?? terminal?.width ?? 120, height: height ?? terminal?.height ?? 0)
        let useColor = ColorDecision.useColor(
            choice: color, environment: ProcessInfo.processInfo.environment,
            stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
        let options = sceneOptions(width: size.width, useColor: useColor)
        let scene = Scene(cluster: cluster, options: options)
        // Into a pipe or a file, the whole picture; on a terminal or with --height, say what is cut.
        if height == nil, terminal == nil { size.height = max(1, scene.layout.size.height) }
        try checkFits(scene, in: size)
        let frame = try flowFrame(cluster)
        if let record, let flow = frame?.flow {
            try writeRecording(of: flow, to: record, cluster: cluster, options: options, size: size)
            return
        }
        let viewport = frame.map { scene.viewport(following: $0, size: size) } ?? .zero
        let buffer = scene.render(viewport: viewport, flowFrame: frame, size: size)
        let lines = useColor ? buffer.ansiLines() : buffer.lines()
        // Trailing empty rows carry nothing; keep the frame as tall as the content.
        var output = lines
        while output.last?.isEmpty == true { output.removeLast() }
        if rules, let frame {
            output += ["", HopRulesText.title(frame)] + HopRulesText.lines(frame, width: max(20, size.width - 2))
        }
        FileHandle.standardOutput.write(Data((output.joined(separator: "\n") + "\n").utf8))
    }

    /// The picture the options ask for, `width` columns wide.
    private func sceneOptions(width: Int, useColor: Bool) -> SceneOptions {
        var options = SceneOptions()
        options.layout.width = width
        // On a terminal, its locale decides as in the view; into a file or a pipe, the picture is UTF-8.
        let localeIsUTF8 = isatty(STDOUT_FILENO) != 1 || TerminalEnvironment.adoptLocaleIsUTF8()
        options.layout.glyphs = ascii || !localeIsUTF8 ? .ascii : .unicode
        options.layout.zoom = filters.compact ? .compact : .detailed
        options.layout.nameFilter = filters.filter
        options.layout.onlyNamespace = filters.namespace
        options.layout.hiddenNamespaces = filters.hiddenNamespaces
        options.palette = useColor ? .okabeIto : .monochrome
        options.showLegend = !noLegend
        return options
    }

    /// Refuses a frame too small for any picture, and says on stderr when the picture is taller than the frame.
    private func checkFits(_ scene: Scene, in size: Size) throws {
        let minimum = Scene.minimumSize
        if size.width < minimum.width || size.height < minimum.height {
            throw PrintError(
                "\(size.width)x\(size.height) is too small to draw: use --width and --height of at least "
                    + "\(minimum.width)x\(minimum.height).")
        }
        if scene.layout.size.height > size.height {
            FileHandle.standardError.write(
                Data(
                    ("kubehops: the picture is \(scene.layout.size.height) rows; \(size.height) shown "
                        + "(--height \(scene.layout.size.height) shows it all)\n").utf8))
        }
    }

    /// `--flow` at `--hop`: the frame drawn over the picture, or nil without `--flow`.
    private func flowFrame(_ cluster: Cluster) throws -> FlowFrame? {
        guard let flow else { return nil }
        let spec = try FlowSpec(flow)
        let built: Flow
        let options = FlowOptions(proxyMode: try proxyMode.mode)
        var engine = FlowEngine(cluster: cluster)
        engine.nodeRules = try nodeRules.load()
        do {
            built = try engine.flow(spec.kind, target: spec.target, request: 0, options: options)
        } catch {
            throw PrintError("cannot draw the \(spec.kind.rawValue) flow: \(error.message)")
        }
        guard !built.hops.isEmpty else {
            throw PrintError("the \(spec.kind.rawValue) flow has no hops on this cluster.")
        }
        guard hop <= built.hops.count else {
            throw PrintError("--hop \(hop): this flow has \(built.hops.count) hops.")
        }
        return FlowFrame(flow: built, position: FlowPosition(hopIndex: hop - 1, progress: 0.5, isFinished: false))
    }

    /// `--record FILE.cast`: the whole animation of `flow` as an asciicast, said on stderr.
    private func writeRecording(
        of flow: Flow, to record: String, cluster: Cluster, options: SceneOptions, size: Size
    ) throws {
        // A file, not this terminal: colour unless asked not to (or NO_COLOR).
        let noColorEnv = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let castColor = color == .always || (color == .auto && !noColorEnv)
        var castOptions = options
        castOptions.palette = castColor ? .okabeIto : .monochrome
        let castScene = Scene(cluster: cluster, options: castOptions)
        let text = FlowRecording(color: castColor).cast(of: flow, scene: castScene, size: size)
        guard FileManager.default.createFile(atPath: record, contents: Data(text.utf8)) else {
            throw PrintError("cannot write \(record): check the directory exists and is writable.")
        }
        let events = text.split(separator: "\n").count - 1
        FileHandle.standardError.write(
            Data(
                ("kubehops: wrote \(record) (\(size.width)x\(size.height), \(flow.hops.count) hops, \(events) "
                    + "events); play it with: asciinema play \(record)\n").utf8))
    }
}

/// A problem with what was asked of this input (not with the command line):
/// printed without the usage text.
struct PrintError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum ColorDecision {
    /// `always`/`never` win; `auto` colours a terminal unless NO_COLOR is set
    /// (to anything non-empty, per no-color.org) or TERM is dumb.
    static func useColor(
        choice: ColorChoice, environment: [String: String], stdoutIsTerminal: Bool
    ) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return stdoutIsTerminal
        }
    }
}

enum TerminalSize {
    /// The window size of standard output, when it is a terminal that knows it.
    static func ofStandardOutput() -> Size? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return Size(width: Int(size.ws_col), height: Int(size.ws_row))
    }
}
