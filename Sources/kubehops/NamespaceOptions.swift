import ArgumentParser

/// kubectl's `-n/--namespace` and `-A/--all-namespaces`, with one meaning in every command that takes them
/// (`view`, `tour`, `print`, `export`, `rules`, `policy`): only that namespace's pods and services are shown
/// or counted.
///
/// With `--kubectl` they are also passed to kubectl. `OptionsHelpTests` holds every command's help to the same words.
struct NamespaceOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: "Only this namespace's pods and services, as kubectl's -n (with --kubectl: asked of kubectl).")
    var namespace: String?

    @Flag(
        name: [.customShort("A"), .customLong("all-namespaces")],
        help: "Every namespace (the default for files; with --kubectl: kubectl get -A).")
    var allNamespaces = false

    func validate() throws {
        if allNamespaces, namespace != nil {
            throw ValidationError("Give either -n/--namespace or -A/--all-namespaces, not both.")
        }
    }
}
