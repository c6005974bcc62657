import ClusterModel
import ModelBuilders
import Testing
@testable import FlowEngine

/// The one-pass default picks (issue 7) choose what the pairwise scans chose.
@Suite struct DefaultPickTests {
    @Test func podPairTakesTheFirstPodOnAnotherNode() throws {
        let cluster = Cluster(resources: resources(pods: [pod("a", ip: "10.244.1.2", node: "n1"), pod("b", ip: "10.244.1.3", node: "n1"),
                                                          pod("c", ip: "10.244.2.2", node: "n2"), pod("d", ip: "10.244.3.2", node: "n3")]))
        let flow = try FlowEngine(cluster: cluster).flow(.podToPod)
        #expect(flow.target == "default/a,default/c")
    }

    @Test func podPairWithoutNodesTakesTheFirstTwo() throws {
        let cluster = Cluster(resources: resources(pods: [pod("a", ip: "10.244.1.2", node: nil), pod("b", ip: "10.244.1.3", node: nil),
                                                          pod("c", ip: "10.244.2.2", node: nil)]))
        #expect(try FlowEngine(cluster: cluster).flow(.podToPod).target == "default/a,default/b")
    }

    @Test func errorListingCountsWhatItDoesNotName() {
        let pods = (0..<30).map { pod("p\($0)", ip: "10.244.1.\($0 + 2)", node: "n1") }
        let cluster = Cluster(resources: resources(pods: pods))
        let error = #expect(throws: FlowError.self) { try FlowEngine(cluster: cluster).flow(.podToPod, target: "p1,nope") }
        #expect(error?.message.contains("… (30 in all).") == true)
        #expect(error?.message.contains("default/p19") == true)
        #expect(error?.message.contains("default/p20,") == false)
    }
}
