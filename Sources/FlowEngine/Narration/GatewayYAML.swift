import ClusterModel

/// The converted Gateway and HTTPRoutes as `kubectl apply -f` takes them (gateway.networking.k8s.io/v1).
///
/// Strings are always double-quoted, so no value can change the document's structure.
public enum GatewayYAML {
    public static func render(_ migration: IngressMigration) -> String {
        var out = "# Gateway API equivalent of Ingress \(quoted(migration.ingress.key.description)), as a migration "
            + "tool would write it.\n"
        out += gateway(migration.gateway, tlsSecrets: migration.ingress.tlsSecrets)
        for route in migration.routes { out += "---\n" + self.route(route) }
        return out
    }

    static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escaped += "?"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }

    static func metadata(_ key: ObjectKey) -> String {
        "metadata:\n  name: \(quoted(key.name))\n" + (key.namespace.map { "  namespace: \(quoted($0))\n" } ?? "")
    }

    static func gateway(_ gateway: Gateway, tlsSecrets: [String: String]) -> String {
        var out = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n" + metadata(gateway.key)
        out += "spec:\n  gatewayClassName: \(quoted(gateway.className ?? ""))\n  listeners:\n"
        for listener in gateway.listeners {
            out += "  - name: \(quoted(listener.name))\n    protocol: \(listener.protocol)\n"
            out += "    port: \(listener.port)\n"
            if let hostname = listener.hostname { out += "    hostname: \(quoted(hostname))\n" }
            if listener.protocol == "HTTPS" {
                let secret = listener.hostname.flatMap { tlsSecrets[$0] } ?? "<the Ingress's TLS secret>"
                out += "    tls:\n      mode: Terminate\n      certificateRefs:\n      - kind: Secret\n"
                out += "        name: \(quoted(secret))\n"
            }
        }
        return out
    }

    static func route(_ route: HTTPRoute) -> String {
        var out = "apiVersion: gateway.networking.k8s.io/v1\nkind: \(route.kind.rawValue)\n" + metadata(route.key)
        out += "spec:\n  parentRefs:\n"
        for parent in route.parentRefs {
            out += "  - name: \(quoted(parent.name))\n"
            if let namespace = parent.namespace { out += "    namespace: \(quoted(namespace))\n" }
        }
        if !route.hostnames.isEmpty {
            out += "  hostnames:\n" + route.hostnames.map { "  - \(quoted($0))\n" }.joined()
        }
        out += "  rules:\n"
        for rule in route.rules {
            var first = true
            func item(_ line: String) {
                out += (first ? "  - " : "    ") + line + "\n"
                first = false
            }
            if !rule.matches.isEmpty {
                item("matches:")
                for match in rule.matches {
                    let path = match.path ?? RouteValueMatch(type: "PathPrefix", value: "/")
                    out += "    - path:\n        type: \(path.type)\n        value: \(quoted(path.value))\n"
                }
            }
            item("backendRefs:")
            for backend in rule.backendRefs {
                out += "    - name: \(quoted(backend.name))\n"
                if let namespace = backend.namespace { out += "      namespace: \(quoted(namespace))\n" }
                out += backend.port.map { "      port: \($0)\n" }
                    ?? "      # port: the Ingress named it; fill in the number\n"
            }
        }
        return out
    }
}
