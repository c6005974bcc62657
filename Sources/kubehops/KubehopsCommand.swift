import ArgumentParser

/// Entry point: the subcommands each live in their own file.
@main
struct Kubehops: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubehops",
        abstract: "See Kubernetes networking: nodes, pods, services and requests hop by hop.",
        usage: """
            kubehops [FILE…]                 (the live view; - or no file reads stdin)
            kubehops <subcommand> [options]
            """,
        discussion: """
            Pipe kubectl output in (kubectl get nodes,pods,svc -A -o wide | kubehops), \
            name dump files, or let kubehops call kubectl itself (--kubectl).
            """,
        version: Kubehops.version,
        subcommands: [
            ViewCommand.self, TourCommand.self, ParseCommand.self, ExplainCommand.self, PrintCommand.self,
            DiffCommand.self, PolicyCommand.self, RulesCommand.self, ExportCommand.self, CompletionCommand.self,
        ],
        defaultSubcommand: ViewCommand.self
    )

    /// Printed by `kubehops --version`; raised with each release.
    static let version = "0.9.0"
}
