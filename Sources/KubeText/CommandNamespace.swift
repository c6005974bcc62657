/// The namespace a pasted `$ kubectl get … -n shop` command line asked for.
///
/// kubectl leaves the NAMESPACE column out unless several namespaces are
/// listed, so a dump of `kubectl get pods -n shop` never says `shop` in its
/// table; the command line above it does. Reading it there keeps pods and
/// services of one namespace together instead of leaving the namespace unknown.
enum CommandNamespace {
    /// The namespace named by `-n X`, `-nX`, `--namespace X` or `--namespace=X`
    /// on a kubectl command line; nil when there is none, when the command
    /// lists all namespaces, or when the line is not a kubectl command.
    static func of(_ commandLine: Substring) -> String? {
        let words = commandLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let kubectl = words.firstIndex(where: { isKubectl($0) }) else { return nil }
        var namespace: String?
        var index = words.index(after: kubectl)
        while index < words.endIndex {
            let word = words[index]
            index = words.index(after: index)
            if word == "-A" || word == "--all-namespaces" || word.hasPrefix("--all-namespaces=t") { return nil }
            if word == "-n" || word == "--namespace" {
                guard index < words.endIndex else { return nil }
                namespace = String(words[index])
                index = words.index(after: index)
            } else if word.hasPrefix("--namespace=") {
                namespace = String(word.dropFirst("--namespace=".count))
            } else if word.hasPrefix("-n"), word.count > 2, !word.hasPrefix("--") {
                namespace = String(word.dropFirst(2))
            }
        }
        guard let namespace, isNamespaceName(namespace) else { return nil }
        return namespace
    }

    private static func isKubectl(_ word: Substring) -> Bool {
        word == "kubectl" || word.hasSuffix("/kubectl") || word == "kubecolor" || word == "oc"
            || word == "k" || word == "kgp" || word == "kgs"
    }

    /// A DNS-1123 label, as Kubernetes requires of namespace names.
    private static func isNamespaceName(_ name: String) -> Bool {
        guard (1...63).contains(name.utf8.count), let first = name.utf8.first, let last = name.utf8.last else {
            return false
        }
        let isAlphanumeric = { (byte: UInt8) in (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        return isAlphanumeric(first) && isAlphanumeric(last)
            && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x2D }
    }
}
