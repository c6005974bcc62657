import ClusterModel
import ModelBuilders
import Testing

@testable import FlowEngine

/// Tour captions about a flow are rendered from its hops, so they agree with them.
@Suite struct TourCaptionTests {
    static let clusters: [(String, Cluster)] = [
        ("guide", guideCluster(endpointIPs: ["172.16.180.193", "172.16.180.194", "172.16.203.129"])), ("guide same node", guideCluster(endpointIPs: ["172.16.180.193"])),
        ("guide other node", guideCluster(endpointIPs: ["172.16.203.129"])), ("six pods", sixPodsCluster()),
    ]

    @Test(arguments: 0..<4) func captionsAgreeWithTheFlowTheyPlay(cluster index: Int) {
        let (name, cluster) = Self.clusters[index]
        for step in Tour.steps(for: cluster) {
            guard let flow = step.flow else { continue }
            let caption = step.caption.joined(separator: " ")
            let masqueraded = flow.requestHops.contains { $0.rewrites.contains { $0.kind == .masquerade } }
            #expect(caption.contains("masqueraded") == masqueraded, "\(name) step \(step.number): \(caption)")
            #expect(!caption.contains("SNATed to the node IP"), "\(name) step \(step.number)")
            #expect(!caption.contains("part of Kubernetes natively"), "\(name) step \(step.number)")
            if !masqueraded, flow.failure == nil, flow.requestHops.contains(where: { $0.rewrite == .dnat }) {
                #expect(caption.contains("No source NAT"), "\(name) step \(step.number): \(caption)")
            }
            if let failure = flow.failure {
                #expect(caption.contains(failure.reason), "\(name) step \(step.number)")
            }
        }
    }
}
