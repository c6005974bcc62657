import ArgumentParser
import DiagramLayout

/// What the picture shows, with one meaning in every command that draws it (`view`, `tour`, `print`):
/// kubectl's `-n/--namespace` and `-A`, and the start-up filters. With `--kubectl`, `-n` and `-A` are
/// also passed to kubectl.
struct PictureFilters: ParsableArguments {
    @Option(name: [.short, .long], help: "Only this namespace's pods and services (with --kubectl: asked of kubectl).")
    var namespace: String?

    @Flag(
        name: [.customShort("A"), .customLong("all-namespaces")],
        help: "Every namespace (the default for files; with --kubectl: kubectl get -A).")
    var allNamespaces = false

    @Option(help: "Only pods and services whose name or namespace contains this text (and nodes holding them).")
    var filter: String?

    @Flag(help: "Nodes as small boxes with counts (for big clusters).")
    var compact = false

    @Flag(help: "Leave out kube-system, kube-public and kube-node-lease (unless -n names one).")
    var hideSystem = false

    /// The namespaces `--hide-system` leaves out.
    var hiddenNamespaces: Set<String> { hideSystem ? LayoutOptions.systemNamespaces : [] }

    func validate() throws {
        if allNamespaces, namespace != nil {
            throw ValidationError("Give either -n/--namespace or -A/--all-namespaces, not both.")
        }
    }
}
