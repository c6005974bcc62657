import CellCanvas
import ClusterModel

/// The text of the Gateway box in the outside row: each Gateway with its address, its
/// listeners (name, protocol, port, hostname) and the routes that name it (kind/name →
/// backends), so the picture shows where a request can enter and where it can go, as
/// the node boxes show pods.
///
/// Lines are fitted to the box width; what does not fit in `maxLines` becomes a last `+N more` line, as pods beyond a
/// node's rows do.
enum GatewayBoxLines {
    /// Lines inside the box before the rest collapse (keeps the outside row short).
    static let maxLines = 10
    /// The box's text width bounds: wide enough for `http: HTTP :80, any host`, narrow
    /// enough to leave the row readable.
    static let minTextWidth = 26
    static let maxTextWidth = 56

    /// One listener, route or Gateway, unfitted; `kind` tells the `+N more` line what it hides.
    ///
    /// Its line is `lead name joint tail` (` HTTPRoute/` `web` ` → ` `web:80 w90, …`). When too wide it wraps, as a pod
    /// box puts its IP under its name: `lead name wrapJoint`, then `wrapLead tail`; a part still too wide is shortened,
    /// the fixed parts never.
    struct Entry: Equatable {
        enum Kind { case gateway, listener, route, note }
        var kind: Kind
        var lead = ""
        var name: String
        var joint = ""
        var tail = ""
        /// A tail that is a list (backends): wrapped item by item, one column under the arrow.
        var tailItems: [String] = []
        /// Where the tail gives way: an address or hostname keeps both ends, a backend list its start.
        var tailCut = TextFit.Truncation.end
        /// The end of the first line when the tail wraps to a second; nil: never wraps.
        var wrapJoint: String?
        var wrapLead = "   "
        var text: String { lead + name + joint + tail }

        func lines(_ width: Int, ellipsis: String) -> [String] {
            guard DisplayWidth.of(text) > width, let wrapJoint else { return [fitted(width, ellipsis: ellipsis)] }
            let first = Entry(kind: kind, lead: lead, name: name, joint: wrapJoint)
            guard tailItems.count > 1 else {
                let second = Entry(kind: kind, lead: wrapLead, name: "", tail: tail, tailCut: tailCut)
                return [first.fitted(width, ellipsis: ellipsis), second.fitted(width, ellipsis: ellipsis)]
            }
            let indent = String(repeating: " ", count: DisplayWidth.of(wrapLead))
            var rest: [String] = []
            var line = wrapLead + tailItems[0]
            for item in tailItems.dropFirst() {
                if DisplayWidth.of(line) + 2 + DisplayWidth.of(item) <= width {
                    line += ", " + item
                } else {
                    rest.append(line)
                    line = indent + item
                }
            }
            rest.append(line)
            return [first.fitted(width, ellipsis: ellipsis)]
                + rest.map { TextFit.truncate($0, toWidth: width, ellipsis: ellipsis) }
        }

        func fitted(_ width: Int, ellipsis: String) -> String {
            let available = width - DisplayWidth.of(lead) - DisplayWidth.of(joint)
            let nameWidth = DisplayWidth.of(name), tailWidth = DisplayWidth.of(tail)
            guard nameWidth + tailWidth > available else { return text }
            guard available >= 8 else { return TextFit.truncate(text, toWidth: width, ellipsis: ellipsis) }
            let nameShare = min(nameWidth, max(available / 2, available - tailWidth))
            // Middle: generated names such as `envoy-default-eg-e41e7b31` tell most at both ends.
            return lead + TextFit.truncate(name, toWidth: nameShare, at: .middle, ellipsis: ellipsis) + joint
                + TextFit.truncate(tail, toWidth: available - nameShare, at: tailCut, ellipsis: ellipsis)
        }
    }

    static func lines(
        gateways: [Gateway], routes: [HTTPRoute], width: Int, glyphs: GlyphSet, ellipsis: String
    ) -> [String] {
        let entries = Self.entries(gateways: gateways, routes: routes, glyphs: glyphs)
        var out: [String] = []
        for (index, entry) in entries.enumerated() {
            let lines = entry.lines(width, ellipsis: ellipsis)
            // The last line is kept for `+N more` unless this is the last entry and it fits whole.
            let room = maxLines - out.count - (index == entries.count - 1 ? 0 : 1)
            guard lines.count <= room else {
                let more = Entry(kind: .note, name: moreText(Array(entries[index...])))
                return out + [more.fitted(width, ellipsis: ellipsis)]
            }
            out += lines
        }
        return out
    }

    static func entries(gateways: [Gateway], routes: [HTTPRoute], glyphs: GlyphSet) -> [Entry] {
        let arrow = glyphs == .ascii ? "->" : "→"
        let separator = glyphs == .ascii ? ", " : " · "
        var out: [Entry] = []
        for gateway in gateways {
            let more = gateway.addresses.count > 1 ? " +\(gateway.addresses.count - 1)" : ""
            out.append(
                Entry(
                    kind: .gateway, name: shortKey(gateway.key), joint: separator,
                    tail: (gateway.addresses.first ?? "no address") + more, tailCut: .middle))
            if !gateway.detailsKnown { out.append(Entry(kind: .note, name: " listeners not shown (get -o yaml)")) }
            out += gateway.listeners.map(listenerEntry)
            let attached = routes.filter { $0.detailsKnown && $0.refers(to: gateway) }
            out += attached.map { routeEntry($0, gateway: gateway, arrow: arrow) }
        }
        // A table row shows no parentRefs: which Gateway such a route names is not known.
        for route in routes where !route.detailsKnown {
            let lead = "\(route.kind.rawValue)/"
            out.append(Entry(kind: .route, lead: lead, name: route.key.name, joint: " (parent not shown)"))
        }
        return out
    }

    /// `http: HTTP :80, any host`; a listener without hostname accepts every host.
    ///
    /// A TLS listener says its mode (`TLS passthrough`: the gateway routes by SNI and does not end TLS).
    static func listenerEntry(_ listener: GatewayListener) -> Entry {
        let kind = listener.protocol == "TLS"
            ? "TLS " + (listener.tlsMode ?? "Terminate").lowercased() : listener.protocol
        return Entry(
            kind: .listener, lead: " ", name: listener.name, joint: ": \(kind) :\(listener.port), ",
            tail: listener.hostname ?? "any host", tailCut: .middle,
            wrapJoint: ": \(kind) :\(listener.port)")
    }

    /// `HTTPRoute/web → web:80 90%, web-canary:80 10%`: the backends of every rule, each once;
    /// a share (weight over the rule's total) only where a rule splits traffic.
    static func routeEntry(_ route: HTTPRoute, gateway: Gateway, arrow: String) -> Entry {
        let name = route.key.effectiveNamespace == gateway.key.effectiveNamespace
            ? route.key.name : "\(route.key.effectiveNamespace)/\(route.key.name)"
        var seen: Set<String> = []
        var backends: [String] = []
        for rule in route.rules {
            let split = rule.backendRefs.count > 1
            let total = rule.backendRefs.reduce(0) { $0 + max(0, $1.weight) }
            for backend in rule.backendRefs {
                let share = total > 0 ? (100 * max(0, backend.weight) + total / 2) / total : 0
                let namespace = backend.namespace.map { $0 + "/" } ?? ""
                let kind = backend.kind == "Service" ? "" : backend.kind + "/"
                let text = kind + namespace + backend.name + (backend.port.map { ":\($0)" } ?? "")
                    + (split ? " \(share)%" : "")
                if seen.insert(text).inserted { backends.append(text) }
            }
        }
        let targets = backends.isEmpty ? "no backends" : backends.joined(separator: ", ")
        return Entry(
            kind: .route, lead: " \(route.kind.rawValue)/", name: name, joint: " \(arrow) ", tail: targets,
            tailItems: backends, wrapJoint: "", wrapLead: "   \(arrow) ")
    }

    /// `+1 listener, 3 routes more`: what the last line stands for.
    static func moreText(_ hidden: [Entry]) -> String {
        func count(_ kind: Entry.Kind, _ word: String) -> String? {
            let n = hidden.filter { $0.kind == kind }.count
            return n == 0 ? nil : "\(n) \(word)\(n == 1 ? "" : "s")"
        }
        let parts = [count(.gateway, "gateway"), count(.listener, "listener"), count(.route, "route")]
            .compactMap { $0 }
        return "+" + (parts.isEmpty ? "\(hidden.count) lines" : parts.joined(separator: ", ")) + " more"
    }

    static func shortKey(_ key: ObjectKey) -> String {
        key.effectiveNamespace == "default" ? key.name : "\(key.effectiveNamespace)/\(key.name)"
    }
}
