import ArgumentParser
import ClusterModel
import DiagramExport
import DiagramLayout
import DiagramScene
import FlowEngine
import Foundation

/// `kubehops export`: the diagram, and optionally a flow, as SVG, Mermaid,
/// Graphviz DOT or a self-contained HTML page, for slides and docs.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the diagram (and a flow) as SVG, Mermaid, Graphviz DOT or HTML.",
        discussion: """
            svg: the node-box picture as a vector drawing; with --flow the packet moves hop by hop (SMIL animation, \
            plays in any browser). mermaid: with --flow a sequenceDiagram of the hops, else a flowchart of nodes, pods \
            and \
            services (GitHub renders Mermaid). dot: Graphviz of nodes, services, pods and backing links, the flow's \
            path \
            highlighted (dot -Tpng). html: one self-contained page with the SVG and the flow's steps, clickable. \
            Examples: kubehops export --format svg --flow nodeport dump.txt -o nodeport.svg; \
            kubehops export --format mermaid --flow clusterip dump.txt
            """)

    @Argument(help: "kubectl output files (tables, JSON or YAML); - is standard input; none: the demo cluster.")
    var files: [String] = []

    @Option(help: "svg, mermaid, dot or html.")
    var format: ExportFormat = .svg

    @Option(help: "A flow to show: KIND[:TARGET], e.g. nodeport, clusterip:shop/web, pod:a,b.")
    var flow: String?

    @Option(name: [.short, .long], help: "Write to FILE instead of standard output.")
    var output: String?

    @Option(help: "Width of the diagram in terminal columns (the layout's grid), default 120.")
    var width: Int = 120

    @OptionGroup(title: "Picture") var filters: PictureFilters

    @Flag(help: "Leave out the IP scheme legend.")
    var noLegend = false

    func validate() throws {
        if width < 20 { throw ValidationError("--width must be at least 20.") }
        if let flow { _ = try FlowSpec(flow) }
        let shaping = filters.namespace != nil || filters.filter != nil || filters.compact || filters.hideSystem
        if shaping, format == .mermaid || format == .dot {
            throw ValidationError(
                "-n, --filter, --compact and --hide-system shape the drawn picture (svg, html); "
                    + "\(format.rawValue) graphs the whole cluster.")
        }
    }

    func run() throws {
        let parsed = try InputSource(files: files).loadForKubehops()
        StandardError.warn(about: parsed.diagnostics)
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let built = try flow.map { try Self.buildFlow($0, cluster: cluster) }
        let text = render(cluster: cluster, flow: built)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
            throw PrintError("cannot write \(output): check the directory exists and is writable.")
        }
    }

    private func render(cluster: Cluster, flow: Flow?) -> String {
        var options = SceneOptions()
        options.layout.width = width
        options.layout.zoom = filters.compact ? .compact : .detailed
        options.layout.nameFilter = filters.filter
        options.layout.onlyNamespace = filters.namespace
        options.layout.hiddenNamespaces = filters.hiddenNamespaces
        options.showLegend = !noLegend
        return ExportRender.text(format, cluster: cluster, flow: flow, options: options)
    }

    private static func buildFlow(_ text: String, cluster: Cluster) throws -> Flow {
        let spec = try FlowSpec(text)
        do {
            return try FlowEngine(cluster: cluster).flow(spec.kind, target: spec.target)
        } catch {
            throw PrintError("cannot export the \(spec.kind.rawValue) flow: \(error.message)")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
