import ArgumentParser

/// Entry point: the subcommands each live in their own file.
@main
struct Kubehops: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubehops",
        abstract: "See Kubernetes networking: nodes, pods, services and requests hop by hop.",
        discussion: """
            Pipe kubectl output in (kubectl get nodes,pods,svc -A -o wide | kubehops), \
            name dump files, or let kubehops call kubectl itself (--kubectl).
            """,
        subcommands: [
            ViewCommand.self, TourCommand.self, ParseCommand.self, ExplainCommand.self, PrintCommand.self,
            DiffCommand.self, PolicyCommand.self, ExportCommand.self,
        ],
        defaultSubcommand: ViewCommand.self
    )
}
