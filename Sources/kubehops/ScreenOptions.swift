import AppCore
import ArgumentParser
import Foundation

/// The input and display options `view` and `tour` share.
struct ScreenOptions: ParsableArguments {
    @OptionGroup var input: InputFileArguments
    var files: [String] { input.all }

    /// `-w`/`--watch` as with kubectl: keep the picture live.
    ///
    /// A pipe and `--kubectl` are live by themselves; for files it means re-reading them when they change.
    @Flag(
        name: [.customLong("follow"), .customShort("w"), .customLong("watch")],
        help: "Keep the picture live: re-read the FILEs when they change (a pipe and --kubectl are live anyway).")
    var follow = false

    @Flag(help: "Run kubectl get nodes,pods,svc,endpoints,ingress -o wide yourself, every --interval seconds.")
    var kubectl = false

    @OptionGroup(title: "Picture") var filters: PictureFilters

    @OptionGroup var proxyMode: ProxyModeOption
    @OptionGroup var nodeRules: NodeRulesOption

    @Option(help: "With --kubectl: the kubeconfig context.")
    var context: String?

    @Option(help: "With --kubectl: seconds between runs.")
    var interval: Double = 2

    @OptionGroup var display: DisplayOptions
    var color: ColorChoice { display.color }
    var ascii: Bool { display.ascii }

    @Option(help: "Also write what the screen shows to an asciicast v2 file (plays with asciinema).")
    var record: String?

    func validate() throws {
        if kubectl, !files.isEmpty { throw ValidationError("Give either FILEs or --kubectl, not both.") }
        if !kubectl, context != nil {
            throw ValidationError("--context is passed to kubectl: use it with --kubectl.")
        }
        if interval <= 0 || !interval.isFinite {
            throw ValidationError("--interval must be a positive number of seconds.")
        }
        if follow, !kubectl, files.isEmpty || files.contains("-") {
            throw ValidationError(
                "--watch/--follow needs FILEs: standard input cannot be re-read (a pipe is followed anyway).")
        }
        // Before the parser reports the options meant for that command as unknown.
        if let first = files.first, first != "-", !FileManager.default.fileExists(atPath: first) {
            try MistypedCommand.check(firstFile: first)
        }
    }

    /// Where the picture comes from, decided before the screen opens.
    func inputKind() -> InputKind {
        if kubectl { return .kubectl(arguments: kubectlPassThrough, interval: interval) }
        if !files.isEmpty { return files == ["-"] ? .stdin : .files(files) }
        // A terminal, or no standard input at all (closed by the caller): nothing is piped in.
        return isatty(STDIN_FILENO) == 1 || !StandardInput.isOpen ? .demo : .stdin
    }

    var kubectlPassThrough: [String] {
        var arguments: [String] = []
        if filters.allNamespaces { arguments.append("-A") }
        if let namespace = filters.namespace { arguments += ["-n", namespace] }
        if let context { arguments += ["--context", context] }
        return arguments
    }
}
