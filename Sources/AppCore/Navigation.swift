import ClusterModel
import DiagramLayout
import DiagramScene

/// Finding things: `n`/`N` after `/` (next and previous match, as in less
/// and k9s) and `:` (jump to a kind, a name or a namespace).
extension AppState {
    /// The selectable objects whose name or namespace contains `needle`, in Tab order.
    func matches(_ needle: String) -> [Selection] {
        let needle = needle.lowercased()
        return scene.selectionOrder.filter { selection in
            switch selection {
            case .node(let name): name.lowercased().contains(needle)
            case .pod(let key), .service(let key):
                key.name.lowercased().contains(needle) || key.effectiveNamespace.lowercased().contains(needle)
            case .actor: false
            }
        }
    }

    /// `n` / `N`: the next or previous object matching the filter.
    mutating func selectMatch(step: Int) {
        guard !filter.isEmpty else {
            message = "Type / and a name first: n and N then go to the next and previous match."; return
        }
        let found = matches(filter)
        guard !found.isEmpty else { message = "Nothing shown matches \"\(filter)\"."; return }
        let index = selection.flatMap { found.firstIndex(of: $0) }
        let next = index.map { ($0 + step + found.count) % found.count } ?? (step > 0 ? 0 : found.count - 1)
        select(found[next])
        message = "match \(next + 1) of \(found.count) for \"\(filter)\""
    }

    mutating func select(_ object: Selection) {
        selection = object
        if let rect = scene.rect(of: object) { scrollToShow(rect) }
    }

    /// Kinds `:` understands, by kubectl's names and short names.
    enum JumpKind: CaseIterable {
        case node, pod, service, ingress

        init?(_ word: String) {
            switch word.lowercased() {
            case "no", "node", "nodes": self = .node
            case "po", "pod", "pods": self = .pod
            case "svc", "service", "services": self = .service
            case "ing", "ingress", "ingresses": self = .ingress
            default: return nil
            }
        }

        func includes(_ selection: Selection) -> Bool {
            switch (self, selection) {
            case (.node, .node), (.pod, .pod), (.service, .service), (.ingress, .actor(.ingress)): true
            default: false
            }
        }
    }

    /// `:pods`, `:svc/web`, `:kube-system`, `:ns kube-system`, `:all`, `:jtq5r`.
    mutating func jump(to text: String) {
        let words = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == " " || $0 == "/" }).map(
            String.init)
        guard let first = words.first else { return }
        if ["ns", "namespace", "namespaces"].contains(first.lowercased()) {
            jumpToNamespace(words.dropFirst().first)
        } else if first == "all" || first == "*" {
            setNamespace(nil)
        } else if let kind = JumpKind(first) {
            jumpToKind(kind, named: words.dropFirst().first)
        } else if namespaces.contains(first) {
            setNamespace(first)
        } else if let found = matches(first).first {
            select(found)
        } else {
            message =
                "Nothing called \"\(text)\" is shown: try a kind (pods, svc, nodes, ingress), a name or a namespace."
        }
    }

    private mutating func jumpToNamespace(_ name: String?) {
        guard let name, name != "all" else { setNamespace(nil); return }
        if namespaces.contains(name) {
            setNamespace(name)
        } else {
            message = "No namespace \(name): this input has \(namespaces.joined(separator: ", "))."
        }
    }

    /// The next object of the kind (after the selection, wrapping), or the first whose name contains `name`.
    private mutating func jumpToKind(_ kind: JumpKind, named name: String?) {
        var found = scene.selectionOrder.filter(kind.includes)
        if let name {
            found = found.filter { matches(name).contains($0) || $0 == .actor(.ingress) && kind == .ingress }
        }
        guard !found.isEmpty else {
            message = "No \(name.map { "\"\($0)\" among the " } ?? "")\(kind) objects shown."; return
        }
        let next = selection.flatMap { found.firstIndex(of: $0) }.map { ($0 + 1) % found.count } ?? 0
        select(found[next])
    }
}
