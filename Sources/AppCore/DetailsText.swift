import ClusterModel
import DiagramLayout
import DiagramScene
import PolicyVerdicts

/// Every parsed field of the selected object, and how it is linked to others
/// (with the evidence, so an inferred link is never shown as certain).
public enum DetailsText {
    public static func lines(for object: Selection, in cluster: Cluster, policies: PolicyEngine? = nil) -> [String] {
        switch object {
        case .actor(let kind):
            return actorLines(kind, cluster: cluster)
        case .node(let name):
            guard let node = cluster.node(named: name) else { return ["Node \(name) is not in the input."] }
            return nodeLines(node, cluster: cluster)
        case .pod(let key):
            guard let pod = cluster.pod(key) else { return ["Pod \(key) is not in the input."] }
            let engine = policies ?? PolicyEngine(resources: cluster.resources)
            return podLines(pod, cluster: cluster) + PodPolicyText.lines(engine, pod: .pod(pod))
        case .service(let key):
            guard let service = cluster.resources.service(key) else { return ["Service \(key) is not in the input."] }
            return serviceLines(service, cluster: cluster)
        }
    }

    static func actorLines(_ kind: ActorKind, cluster: Cluster) -> [String] {
        switch kind {
        case .user:
            return [
                "User: a client outside the cluster (a browser, curl).", "It knows a DNS name, not pod or node IPs.",
            ]
        case .dns:
            return [
                "DNS: turns the name the user typed into an address:",
                "the external load balancer's, an ingress's, or a node's.",
            ]
        case .externalLoadBalancer:
            let lbs = cluster.services.filter { $0.type == .loadBalancer }
            var lines = ["External load balancer: spreads requests over the nodes' NodePorts."]
            if lbs.isEmpty { lines.append("No LoadBalancer service in the input.") }
            for service in lbs {
                let address =
                    service.externalPending
                    ? "<pending>"
                    : (service.externalIPs.map(\.text) + service.externalHostnames).joined(separator: ", ")
                lines.append("  \(service.key)  \(address)  \(service.ports.map(\.description).joined(separator: ","))")
            }
            return lines
        case .ingress:
            var lines = ["Ingress: HTTP/HTTPS only; routes by host and path to services."]
            if cluster.ingresses.isEmpty { lines.append("No ingress in the input (kubectl get ingress -A -o wide).") }
            for ingress in cluster.ingresses {
                lines.append(
                    "  \(ingress.key)  hosts \(ingress.hosts.joined(separator: ","))  address " +
                    "\(ingress.addresses.joined(separator: ","))"
                )
                for rule in ingress.rules {
                    lines.append(
                        "    \(rule.host ?? "*")\(rule.path) → " +
                        "\(rule.serviceName)\(rule.servicePort.map { ":\($0)" } ?? "")"
                    )
                }
            }
            return lines
        case .gateway:
            return gatewayLines(cluster)
        }
    }

    /// Each Gateway with its listeners, then each route with its rules (matches → weighted backends).
    static func gatewayLines(_ cluster: Cluster) -> [String] {
        var lines = [
            "Gateway API: a Gateway's listeners accept HTTP(S); HTTPRoutes pick backends by host, path, headers; " +
                "TLSRoutes by the SNI name of a TLS connection."
        ]
        for gateway in cluster.gateways {
            lines.append(
                "  Gateway \(gateway.key)  class \(gateway.className ?? "?")  address " +
                (gateway.addresses.isEmpty ? "none" : gateway.addresses.joined(separator: ",")))
            for listener in gateway.listeners {
                let mode = listener.protocol == "TLS" ? " (\(listener.tlsMode ?? "Terminate"))" : ""
                lines.append(
                    "    listener \(listener.name) \(listener.protocol)/\(listener.port)\(mode) " +
                        (listener.hostname ?? "*"))
            }
            if !gateway.detailsKnown { lines.append("    listeners not shown (kubectl get gateway -o yaml)") }
        }
        for route in cluster.routes {
            let hosts = route.hostnames.isEmpty ? "*" : route.hostnames.joined(separator: ",")
            lines.append("  \(route.kind.rawValue) \(route.key)  hosts \(hosts)")
            for (index, rule) in route.rules.enumerated() {
                let matches = rule.matches.isEmpty
                    ? (route.kind == .grpc ? "any gRPC call" : route.kind == .tls ? "SNI in hosts" : "PathPrefix /")
                    : rule.matches.map { $0.text(kind: route.kind) }.joined(separator: " | ")
                let backends = rule.backendRefs.map { "\($0.name)\($0.port.map { ":\($0)" } ?? "") w\($0.weight)" }
                lines.append("    rule \(index + 1): \(matches) → \(backends.joined(separator: ", "))")
            }
        }
        return lines
    }

    static func field(_ name: String, _ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return name.padding(16) + value
    }

    static func list<T: CustomStringConvertible>(_ values: [T]) -> String? {
        values.isEmpty ? nil : values.map(\.description).joined(separator: ", ")
    }

    static func labels(_ labels: [String: String]?) -> String? {
        labels.map {
            $0.isEmpty ? "<none>" : $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
    }

    static func extra(_ extra: [String: String]) -> [String] {
        extra.sorted { $0.key < $1.key }.compactMap { field($0.key, $0.value) }
    }

    static func nodeLines(_ node: Node, cluster: Cluster) -> [String] {
        var lines: [String?] = [
            field("Node", node.name + (node.isPlaceholder ? "  (not listed; named by a pod's NODE column)" : "")),
            field("Status", node.status),
            field("Roles", node.roles.isEmpty ? "<none>" : node.roles.joined(separator: ",")),
            field("Age", node.age?.text), field("Version", node.version),
            field("Internal IP", list(node.internalIPs)), field("External IP", list(node.externalIPs)),
            field("OS image", node.osImage), field("Kernel", node.kernelVersion),
            field("Runtime", node.containerRuntime),
            field("Pod CIDRs", list(node.podCIDRs)), field("Labels", labels(node.labels)),
            field("Pods", String(cluster.pods(onNode: node.name).count)), field("From", node.origin?.description),
        ]
        lines += extra(node.extra)
        return lines.compactMap { $0 }
    }

    static func podLines(_ pod: Pod, cluster: Cluster) -> [String] {
        var lines: [String?] = [
            field("Pod", pod.key.description),
            field(
                "Namespace",
                pod.key.effectiveNamespace + (pod.key.namespace == nil ? " (not printed; kubectl's current)" : "")),
            field("Ready", pod.ready?.description), field("Status", pod.status),
            field("Restarts", pod.restarts?.description),
            field("Age", pod.age?.text), field("IP", list(pod.ips)), field("Node", pod.nodeName),
            field("Nominated node", pod.nominatedNode), field("Readiness gates", pod.readinessGates),
            field("Host network", pod.hostNetwork.map { $0 ? "yes (pod IP = node IP)" : "no" }),
            field(
                "Owners",
                pod.owners.isEmpty
                    ? nil
                    : pod.owners.map { "\($0.kind)/\($0.name)\($0.inferred ? " (inferred from the name)" : "")" }
                        .joined(separator: ", ")),
            field("Ports", list(pod.containerPorts.map { "\($0.port)/\($0.protocol)" })),
            field("Labels", labels(pod.labels)),
            field("From", pod.origin?.description),
        ]
        lines += extra(pod.extra)
        let backed = cluster.services(backedBy: pod.key).compactMap { service -> String? in
            guard let backing = cluster.backing(of: service).first(where: { $0.pod == pod.key }) else { return nil }
            return "  \(service) (\(evidence(backing.evidence)))"
        }
        lines.append(backed.isEmpty ? "Backs no service in the input." : "Backs these services:")
        lines += backed
        return lines.compactMap { $0 }
    }

    static func serviceLines(_ service: Service, cluster: Cluster) -> [String] {
        var lines: [String?] = [
            field("Service", service.key.description), field("Type", service.type.description),
            field("Cluster IP", service.isHeadless ? "None (headless)" : list(service.clusterIPs)),
            field(
                "External IP",
                service.externalPending ? "<pending> (no load balancer yet)" : list(service.externalIPs)),
            field("External host", list(service.externalHostnames)), field("External name", service.externalName),
            field("Ports", list(service.ports)), field("Target ports", list(service.ports.compactMap(\.targetPort))),
            field("Selector", labels(service.selector)),
            field("Ext. traffic", service.externalTrafficPolicy?.rawValue),
            field("Int. traffic", service.internalTrafficPolicy?.rawValue),
            field("Affinity", service.sessionAffinity), field("Age", service.age?.text),
            field("From", service.origin?.description),
        ]
        lines += extra(service.extra)
        let backing = cluster.backing(of: service.key)
        lines.append(backing.isEmpty ? "No pod in the input is known to back it." : "Backed by:")
        for entry in backing {
            let ip = cluster.pod(entry.pod)?.ips.first?.text ?? "?"
            lines.append("  \(entry.pod)  \(ip)  (\(evidence(entry.evidence)))")
        }
        return lines.compactMap { $0 }
    }

    public static func evidence(_ evidence: BackingEvidence) -> String {
        switch evidence {
        case .endpoints: "listed in its endpoints"
        case .selectorLabels: "selector matches its labels"
        case .nameInferred: "GUESS: selector value matches the pod name; labels not in the input"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
