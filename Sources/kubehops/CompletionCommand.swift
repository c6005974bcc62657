import ArgumentParser

/// `kubehops completion bash|zsh|fish`: the shell completion script, as kubectl offers it.
///
/// The script comes from swift-argument-parser's generator, so it always matches the real flags.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            bash: source <(kubehops completion bash)
            zsh:  kubehops completion zsh > "${fpath[1]}/_kubehops"
            fish: kubehops completion fish > ~/.config/fish/completions/kubehops.fish
            """
    )

    @Argument(help: "The shell: bash, zsh or fish.")
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("Unknown shell '\(shell)': use bash, zsh or fish.")
        }
    }

    func run() throws {
        guard let completionShell = CompletionShell(rawValue: shell) else { return }
        print(Kubehops.completionScript(for: completionShell))
    }
}
