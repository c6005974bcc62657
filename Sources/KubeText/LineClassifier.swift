/// Lines around kubectl tables that carry no records: prompts, commands,
/// kubectl's own warnings and errors.
///
/// They are noted, not flagged as errors.
enum NoiseLine: Sendable, Equatable {
    case prompt
    case warning
    case error
    case noResources

    var message: String {
        switch self {
        case .prompt: "shell prompt or command line, not kubectl output; skipped"
        case .warning: "kubectl warning, not a table; skipped"
        case .error: "error message, not a table; skipped"
        case .noResources: "kubectl found no resources here; skipped"
        }
    }

    /// Classifies `text` (the line without indentation), or nil when it is none of these.
    static func classify(_ text: Substring) -> NoiseLine? {
        if text.hasPrefix("No resources found") { return .noResources }
        if text.hasPrefix("Warning:") || text.hasPrefix("warning:") || isKlogLine(text, levels: "IW") {
            return .warning
        }
        if text.hasPrefix("Error from server") || text.hasPrefix("error:") || text.hasPrefix("Error:")
            || text.hasPrefix("The connection to the server") || text.hasPrefix("Unable to connect")
            || isKlogLine(text, levels: "EF")
        {
            return .error
        }
        if isPrompt(text) { return .prompt }
        return nil
    }

    private static let commandWords: Set<Substring> = [
        "kubectl", "k", "kgp", "kgs", "kubecolor", "oc", "sudo", "watch", "ssh", "minikube", "kind", "k3d", "k3s",
        "microk8s", "helm",
    ]

    static func isPrompt(_ text: Substring) -> Bool {
        if let first = text.first, "$%>❯#".contains(first) {
            let rest = text.dropFirst()
            if rest.isEmpty || rest.first == " " { return true }
        }
        if text.hasPrefix("PS ") && text.contains(">") { return true }
        if text.contains("kubectl ") || text.contains("$ ") || text.hasSuffix("$") { return true }
        if let word = text.split(separator: " ", maxSplits: 1).first, commandWords.contains(word) { return true }
        return false
    }

    /// A prompt followed by a kubectl-like command (`$ kubectl get pods -o wide`,
    /// `[me@host ~]$ k get svc`), or such a command alone: what people paste
    /// above tables.
    ///
    /// Recognised silently (it still names the namespace); other prompt-like lines stay a note, so nothing is dropped
    /// unsaid.
    static func isCommandLine(_ text: Substring) -> Bool {
        var command = text
        if let sign = text.range(of: "$ ") ?? text.range(of: "% ") ?? text.range(of: "# ") ?? text.range(of: "❯ ")
            ?? text.range(of: "> ")
        {
            command = text[sign.upperBound...]
        }
        guard let word = command.split(separator: " ", maxSplits: 1).first else { return false }
        return commandWords.contains(word)
    }

    /// klog's `W1123 12:00:00.000000 …` lines that kubectl writes to stderr.
    private static func isKlogLine(_ text: Substring, levels: String) -> Bool {
        guard let first = text.first, levels.contains(first) else { return false }
        let digits = text.dropFirst().prefix(4)
        return digits.count == 4 && digits.allSatisfy(\.isNumber) && text.dropFirst(5).first == " "
    }
}
