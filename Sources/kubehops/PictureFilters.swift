import ArgumentParser
import DiagramLayout

/// What the picture shows, with one meaning in every command that draws it (`view`, `tour`, `print`,
/// `export`) and in `rules`: kubectl's `-n/--namespace` and `-A` (`NamespaceOptions`), and the start-up
/// filters.
struct PictureFilters: ParsableArguments {
    @OptionGroup var namespaces: NamespaceOptions
    var namespace: String? { namespaces.namespace }
    var allNamespaces: Bool { namespaces.allNamespaces }

    @Option(help: "Only pods and services whose name or namespace contains this text (and nodes holding them).")
    var filter: String?

    @Flag(help: "Nodes as small boxes with counts (for big clusters).")
    var compact = false

    @Flag(help: "Leave out kube-system, kube-public and kube-node-lease (unless -n names one).")
    var hideSystem = false

    /// The namespaces `--hide-system` leaves out.
    var hiddenNamespaces: Set<String> { hideSystem ? LayoutOptions.systemNamespaces : [] }
}
