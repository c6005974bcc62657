import ClusterModel
import FlowEngine

/// `kubehops export --format dot`: a Graphviz digraph of nodes (clusters),
/// their pods, the services and the links from each service to the pods
/// that back it (dashed when guessed from names).
///
/// With a flow, the places it visits are joined by numbered orange edges in hop order.
public enum DOTExport {
    public static func graph(of cluster: Cluster, flow: Flow? = nil) -> String {
        let graph = ClusterGraph(cluster: cluster)
        var lines = [
            "digraph kubehops {", "  rankdir=LR;", "  node [shape=box, style=rounded, fontname=\"monospace\"];",
        ]
        for (index, node) in graph.nodes.enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\"\(MarkupText.dot(node.label))\";")
            for pod in node.pods {
                lines.append(
                    "    \(ClusterGraph.podID(pod.key)) [label=\"\(MarkupText.dot(ClusterGraph.podLabel(pod)))\"];")
            }
            lines.append("  }")
        }
        for pod in graph.podsWithoutNode {
            lines.append(
                "  \(ClusterGraph.podID(pod.key)) [label=\"\(MarkupText.dot(ClusterGraph.podLabel(pod)))\", " +
                "style=dashed];"
            )
        }
        for service in graph.services {
            lines.append(
                "  \(ClusterGraph.serviceID(service.key)) " +
                "[label=\"\(MarkupText.dot(ClusterGraph.serviceLabel(service)))\", "
                    + "shape=ellipse];")
        }
        for link in graph.links {
            lines.append(
                "  \(ClusterGraph.serviceID(link.service)) -> "
                    + "\(ClusterGraph.podID(link.pod))\(link.inferred ? " [style=dashed, label=\"inferred\"]" : "");"
            )
        }
        if let flow { lines += flowEdges(flow) }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The flow's places as their own nodes where they are not pods or
    /// services (User, DNS, NodePort, kube-proxy …), joined in hop order.
    private static func flowEdges(_ flow: Flow) -> [String] {
        var lines = ["  // flow: \(MarkupText.dot(flow.title))"]
        let participants = FlowParticipants(flow: flow)
        for place in participants.places where graphID(of: place) == nil {
            lines.append(
                "  flow_\(participants.identifier(of: place)) [label=\"\(MarkupText.dot(place.description))\", "
                    + "shape=note, color=\"#E69F00\"];")
        }
        for (index, hop) in flow.hops.enumerated() where !hop.isReply {
            let from = graphID(of: hop.from) ?? "flow_\(participants.identifier(of: hop.from))"
            let to = graphID(of: hop.to) ?? "flow_\(participants.identifier(of: hop.to))"
            let label = "\(index + 1). \(hop.packet)"
            lines.append(
                "  \(from) -> \(to) [color=\"#E69F00\", penwidth=2.5, fontcolor=\"#8A5A00\", "
                    + "label=\"\(MarkupText.dot(label))\"];")
        }
        return lines
    }

    private static func graphID(of place: Place) -> String? {
        switch place {
        case .pod(let key): ClusterGraph.podID(key)
        case .clusterIP(let service): ClusterGraph.serviceID(service)
        default: nil
        }
    }

}
