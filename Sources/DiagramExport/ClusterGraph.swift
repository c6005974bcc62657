import ClusterModel
import FlowEngine

/// The objects a graph export draws and the links between them, taken once
/// from the cluster so that Mermaid and DOT say the same thing.
struct ClusterGraph {
    struct NodeGroup {
        var name: String
        var label: String
        var pods: [Pod]
    }

    struct ServiceLink {
        var service: ObjectKey
        var pod: ObjectKey
        /// The link was guessed from names, not read from selectors or endpoints.
        var inferred: Bool
    }

    var nodes: [NodeGroup] = []
    var podsWithoutNode: [Pod] = []
    var services: [Service] = []
    var links: [ServiceLink] = []

    init(cluster: Cluster) {
        var byNode: [String: [Pod]] = [:]
        for pod in cluster.pods {
            if let node = pod.nodeName { byNode[node, default: []].append(pod) } else { podsWithoutNode.append(pod) }
        }
        var names = cluster.nodes.map(\.name)
        for name in byNode.keys.sorted() where cluster.node(named: name) == nil { names.append(name) }
        nodes = names.map { name in
            let ip = cluster.nodeIP(name).map { " · \($0)" } ?? ""
            return NodeGroup(name: name, label: "node \(name)\(ip)", pods: byNode[name] ?? [])
        }
        services = cluster.services
        for service in services {
            for backing in cluster.backing(of: service.key) {
                links.append(ServiceLink(service: service.key, pod: backing.pod, inferred: !backing.evidence.isCertain))
            }
        }
    }

    static func serviceLabel(_ service: Service) -> String {
        let ports = service.ports.map { port in
            port.nodePort.map { "\(port.port):\($0)/\(port.protocol)" } ?? "\(port.port)/\(port.protocol)"
        }
        let address = service.clusterIPs.first.map { " \($0)" } ?? (service.isHeadless ? " headless" : "")
        return "svc \(service.key) · \(service.type.description)\(address) \(ports.joined(separator: ","))"
    }

    /// The graph identifiers of pods and services, shared by Mermaid and DOT.
    static func podID(_ key: ObjectKey) -> String { MarkupText.identifier(key.description, prefix: "pod_") }
    static func serviceID(_ key: ObjectKey) -> String { MarkupText.identifier(key.description, prefix: "svc_") }

    static func podLabel(_ pod: Pod) -> String {
        let ip = pod.ips.first.map { " · \($0)" } ?? ""
        return "\(pod.key) · \(pod.status)\(ip)"
    }
}

/// The places of a flow in first-seen order, each with a stable identifier.
struct FlowParticipants {
    private(set) var places: [Place] = []
    private var index: [Place: Int] = [:]

    init(flow: Flow) {
        for hop in flow.hops {
            for place in [hop.from, hop.to] where index[place] == nil {
                index[place] = places.count
                places.append(place)
            }
        }
    }

    func identifier(of place: Place) -> String { "p\((index[place] ?? 0) + 1)" }
}
