import ClusterModel
import FlowEngine

/// `kubehops export --format mermaid`: Mermaid text, which GitHub, GitLab and
/// most documentation sites render natively.
///
/// A flow becomes a `sequenceDiagram` (participants = places, one message per hop with the packet's addresses, a note
/// per rewrite with its actor and provenance and one per table of the chains whose rules matched); the cluster without
/// a flow becomes a `flowchart` of nodes, pods and services.
public enum MermaidExport {
    public static func sequence(of flow: Flow) -> String {
        let participants = FlowParticipants(flow: flow)
        var lines = ["sequenceDiagram", "    title \(MarkupText.mermaid(flow.title))", "    autonumber"]
        for place in participants.places {
            lines.append(
                "    participant \(participants.identifier(of: place)) as \(MarkupText.mermaid(place.description))")
        }
        for hop in flow.hops {
            let from = participants.identifier(of: hop.from)
            let to = participants.identifier(of: hop.to)
            let arrow = hop.failure != nil ? "-x" : (hop.isReply ? "-->>" : "->>")
            lines.append("    \(from)\(arrow)\(to): \(MarkupText.mermaid(hop.packet.description))")
            let over = from == to ? from : "\(from),\(to)"
            for note in HopAnnotations.rewrites(hop) + HopAnnotations.chains(hop) {
                lines.append("    Note over \(over): \(MarkupText.mermaid(note))")
            }
            if let failure = hop.failure {
                lines.append("    Note over \(to): \(MarkupText.mermaid("✗ " + failure.reason))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func flowchart(of cluster: Cluster) -> String {
        let graph = ClusterGraph(cluster: cluster)
        var lines = ["flowchart LR"]
        for (index, node) in graph.nodes.enumerated() {
            lines.append("    subgraph n\(index)[\"\(MarkupText.mermaid(node.label))\"]")
            for pod in node.pods {
                lines.append(
                    "        \(ClusterGraph.podID(pod.key))[\"\(MarkupText.mermaid(ClusterGraph.podLabel(pod)))\"]")
            }
            lines.append("    end")
        }
        if !graph.podsWithoutNode.isEmpty {
            lines.append("    subgraph unplaced[\"no node in input\"]")
            for pod in graph.podsWithoutNode {
                lines.append(
                    "        \(ClusterGraph.podID(pod.key))[\"\(MarkupText.mermaid(ClusterGraph.podLabel(pod)))\"]")
            }
            lines.append("    end")
        }
        for service in graph.services {
            let label = MarkupText.mermaid(ClusterGraph.serviceLabel(service))
            lines.append("    \(ClusterGraph.serviceID(service.key))([\"\(label)\"])")
        }
        for link in graph.links {
            lines.append(
                "    \(ClusterGraph.serviceID(link.service)) \(link.inferred ? "-.->|inferred|" : "-->") " +
                "\(ClusterGraph.podID(link.pod))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

}
