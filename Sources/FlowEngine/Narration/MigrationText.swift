import ClusterModel

/// `explain --flow ingress… --as-gateway`: the Ingress and its Gateway API equivalent side by side for one
/// request, what differs, then both flows hop by hop.
public enum MigrationText {
    public static func render(_ replay: IngressReplay) -> String {
        let migration = replay.migration
        let clean = FlowText.clean
        let routes = migration.routes.map { "HTTPRoute \($0.key)" }.joined(separator: ", ")
        var lines = [
            clean("Ingress \(migration.ingress.key) → Gateway API: Gateway \(migration.gateway.key) (class " +
                  "\(migration.gateway.className ?? "?")) + \(routes)"),
            clean("Request: GET \(replay.host)\(replay.path)"),
            "",
        ]
        let ingressRule = IngressFlow.matchRule(migration.ingress, host: replay.host, path: replay.path)
        let left = [
            "Ingress \(migration.ingress.key)",
            ingressRule.map {
                "host \($0.host ?? "*") path \($0.path)\($0.pathType.map { " (\($0))" } ?? "") → \($0.serviceName)"
            } ?? "no rule matches",
            FlowEngine.outcome(of: replay.ingressFlow),
            "\(replay.ingressFlow.requestHops.count) hops",
        ]
        let routing = replay.gatewayFlow.routing
        let right = [
            "Gateway \(migration.gateway.key)",
            routing?.rule.map { rule in
                "\(routing?.route?.description ?? "") rule \(rule) [\(routing?.match ?? "")] → "
                    + (routing?.backends.first(where: \.chosen)?.name ?? "?")
            } ?? "no rule matches",
            FlowEngine.outcome(of: replay.gatewayFlow),
            "\(replay.gatewayFlow.requestHops.count) hops",
        ]
        let titles = ["", "rule", "ends", "length"]
        let width = min(60, max(24, left.map(\.count).max() ?? 0))
        for (index, title) in titles.enumerated() {
            let leftCell = clip(clean(left[index]), width)
            lines.append(
                "  " + title.padding(8) + leftCell.padding(width + 3) + clip(clean(right[index]), 90))
        }
        lines.append("")
        if replay.outcomeDifferences.isEmpty {
            lines.append("Same outcome for this request: both reach a pod of the same Service.")
        } else {
            lines.append("For this request:")
            lines += replay.outcomeDifferences.map { "  - " + clean($0) }
        }
        lines.append("Differences between the two APIs for this Ingress:")
        lines += migration.differences.map { "  - " + clean($0) }
        lines.append("")
        lines.append("Ingress, hop by hop:")
        lines += FlowBrief.render(replay.ingressFlow).split(separator: "\n").map { "  " + $0 }
        lines.append("Gateway API, hop by hop:")
        lines += FlowBrief.render(replay.gatewayFlow).split(separator: "\n").map { "  " + $0 }
        lines.append("")
        lines.append(
            "`--gateway-yaml` prints the Gateway and HTTPRoutes; `explain --flow gateway` on them shows every detail.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

extension String {
    /// Padded with spaces to `width` characters (never cut).
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
