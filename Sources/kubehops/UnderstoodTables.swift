import CellCanvas
import ClusterModel
import Foundation

/// `kubehops parse`'s human output: what was understood of each kind, in columns as `kubectl get` prints
/// them (upper-case headers, values padded, `<none>` for nothing), so a dump can be checked at a glance.
enum UnderstoodTables {
    static func sections(_ resources: Resources) -> [String] {
        let none = "<none>"
        func ips(_ list: [IPAddress]) -> String { list.isEmpty ? none : list.map(\.text).joined(separator: ",") }
        func namespace(_ key: ObjectKey) -> String { key.namespace ?? none }
        var sections: [String] = []
        func add(_ title: String, _ header: [String], _ rows: [[String]]) {
            guard !rows.isEmpty else { return }
            sections.append("\(title) (\(rows.count))\n" + table([header] + rows))
        }
        add("NODES", ["NAME", "STATUS", "ROLES", "INTERNAL-IP", "POD-CIDRS"], resources.nodes.map {
            [$0.name, $0.status, $0.roles.isEmpty ? none : $0.roles.joined(separator: ","), ips($0.internalIPs),
             $0.podCIDRs.isEmpty ? none : $0.podCIDRs.joined(separator: ",")]
        })
        add("PODS", ["NAMESPACE", "NAME", "STATUS", "IP", "NODE"], resources.pods.map {
            [namespace($0.key), $0.key.name, $0.status, ips($0.ips), $0.nodeName ?? none]
        })
        add("SERVICES", ["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "PORT(S)"], resources.services.map {
            [namespace($0.key), $0.key.name, $0.type.description, ips($0.clusterIPs),
             $0.ports.isEmpty ? none : $0.ports.map(\.description).joined(separator: ",")]
        })
        add("ENDPOINTS", ["NAMESPACE", "NAME", "SERVICE", "ADDRESSES"], resources.endpoints.map {
            [namespace($0.key), $0.key.name, $0.serviceName,
             $0.addresses.isEmpty ? none : "\($0.addresses.count) address" + ($0.addresses.count == 1 ? "" : "es")]
        })
        add("INGRESSES", ["NAMESPACE", "NAME", "CLASS", "HOSTS", "ADDRESS"], resources.ingresses.map {
            [namespace($0.key), $0.key.name, $0.className ?? none,
             $0.hosts.isEmpty ? "*" : $0.hosts.joined(separator: ","),
             $0.addresses.isEmpty ? none : $0.addresses.joined(separator: ",")]
        })
        add("WORKLOADS", ["NAMESPACE", "NAME", "KIND"], resources.workloads.map {
            [namespace($0.key), $0.key.name, "\($0.kind)"]
        })
        gatewaySections(resources, add: add)
        policySections(resources, add: add)
        return sections
    }

    /// Gateway API objects, with what a table cannot show said as `<not shown>`.
    static func gatewaySections(_ resources: Resources, add: (String, [String], [[String]]) -> Void) {
        let none = "<none>", hidden = "<not shown>"
        func namespace(_ key: ObjectKey) -> String { key.namespace ?? none }
        func joined(_ list: [String], empty: String = none) -> String {
            list.isEmpty ? empty : list.joined(separator: ",")
        }
        add("GATEWAYCLASSES", ["NAME", "CONTROLLER", "ACCEPTED"], resources.gatewayClasses.map {
            [$0.name, $0.controllerName ?? none, $0.accepted ?? none]
        })
        add("GATEWAYS", ["NAMESPACE", "NAME", "CLASS", "ADDRESS", "LISTENERS"], resources.gateways.map { gateway in
            let listeners = gateway.listeners.map { "\($0.name) \($0.protocol)/\($0.port) \($0.hostname ?? "*")" }
            return [namespace(gateway.key), gateway.key.name, gateway.className ?? none, joined(gateway.addresses),
                    gateway.detailsKnown ? joined(listeners) : hidden]
        })
        add("ROUTES", ["NAMESPACE", "NAME", "KIND", "HOSTNAMES", "PARENTS", "RULES"], resources.routes.map { route in
            [namespace(route.key), route.key.name, route.kind.rawValue, joined(route.hostnames, empty: "*"),
             route.detailsKnown ? joined(route.parentRefs.map(\.name)) : hidden,
             route.detailsKnown ? String(route.rules.count) : hidden]
        })
        add("REFERENCEGRANTS", ["NAMESPACE", "NAME", "FROM", "TO"], resources.referenceGrants.map { grant in
            [namespace(grant.key), grant.key.name,
             grant.detailsKnown ? joined(grant.from.map { "\($0.kind)/\($0.namespace)" }) : hidden,
             grant.detailsKnown ? joined(grant.to.map { $0.kind + ($0.name.map { "/\($0)" } ?? "") }) : hidden]
        })
    }

    /// Network policies and the namespace labels their selectors read; rules a table did not show are
    /// `<not shown>` (`kubectl get netpol -A -o yaml` shows them).
    static func policySections(_ resources: Resources, add: (String, [String], [[String]]) -> Void) {
        let none = "<none>", hidden = "<not shown>"
        func rules(_ ingress: Int, _ egress: Int) -> String { "\(ingress) ingress, \(egress) egress" }
        add("NETWORKPOLICIES", ["NAMESPACE", "NAME", "POD-SELECTOR", "POLICY-TYPES", "RULES"],
            resources.networkPolicies.map { policy in
                [policy.key.namespace ?? none, policy.name, policy.podSelector.description,
                 policy.policyTypes.map(\.rawValue).joined(separator: ","),
                 policy.rulesKnown ? rules(policy.ingress.count, policy.egress.count) : hidden]
            })
        add("CLUSTERNETWORKPOLICIES", ["NAME", "TIER", "PRIORITY", "SUBJECT", "RULES"],
            resources.clusterNetworkPolicies.map { policy in
                [policy.name, policy.tier.rawValue, String(policy.priority), policy.subject.description,
                 rules(policy.ingress.count, policy.egress.count)]
            })
        add("NAMESPACES", ["NAME", "STATUS", "LABELS"], resources.namespaces.map { namespace in
            let labels = namespace.labels.map { labels in
                labels.isEmpty ? none : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    .joined(separator: ",")
            }
            return [namespace.name, namespace.status ?? none, labels ?? hidden]
        })
    }

    /// Columns padded to their widest cell, three spaces apart, as kubectl does. Built as bytes: a
    /// 150,000-pod dump is as many rows, and Foundation's `padding(toLength:)` took most of a second.
    static func table(_ rows: [[String]]) -> String {
        let cellWidths = rows.map { $0.map(width) }
        let widths = rows[0].indices.map { column in cellWidths.map { $0[column] }.max() ?? 0 }
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * (widths.reduce(0, +) + 3 * widths.count + 1))
        for (number, row) in rows.enumerated() {
            if number > 0 { out.append(0x0A) }
            for (index, cell) in row.enumerated() {
                out.append(contentsOf: cell.utf8)
                guard index < row.count - 1 else { continue }
                out.append(contentsOf: repeatElement(0x20, count: widths[index] + 3 - cellWidths[number][index]))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Terminal columns of a cell: its byte count when ASCII (nearly always), else its display width.
    static func width(_ cell: String) -> Int {
        cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : DisplayWidth.of(cell)
    }
}
