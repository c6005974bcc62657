import ModelBuilders
import Foundation
import Testing
import ClusterModel
@testable import FlowEngine

@Suite struct FlowTimingTests {
    let timing = FlowTiming(secondsPerHop: 1, rewritePause: 1)

    func flow() throws -> Flow {
        try FlowEngine(cluster: guideCluster()).flow(.podToPod, target: "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-jtq5r")
    }

    @Test func positionFollowsHopDurations() throws {
        let flow = try flow()
        // Hops: plain (1 s), encapsulated (2 s), reply plain (1 s), reply encapsulated (2 s).
        #expect(timing.totalDuration(of: flow) == 6)
        #expect(timing.position(in: flow, at: 0) == FlowPosition(hopIndex: 0, progress: 0, isFinished: false))
        #expect(timing.position(in: flow, at: 0.5) == FlowPosition(hopIndex: 0, progress: 0.5, isFinished: false))
        #expect(timing.position(in: flow, at: 2) == FlowPosition(hopIndex: 1, progress: 0.5, isFinished: false))
        #expect(timing.position(in: flow, at: 1, speed: 2) == FlowPosition(hopIndex: 1, progress: 0.5, isFinished: false))
        #expect(timing.position(in: flow, at: 99) == FlowPosition(hopIndex: 3, progress: 1, isFinished: true))
        #expect(timing.position(in: flow, at: -3) == FlowPosition(hopIndex: 0, progress: 0, isFinished: false))
        #expect(timing.startTime(ofHop: 2, in: flow) == 3)
    }

    @Test func stepsMoveHopByHop() throws {
        let flow = try flow()
        let start = FlowPosition(hopIndex: 0, progress: 0, isFinished: false)
        let second = timing.step(forwardFrom: start, in: flow)
        #expect(second == FlowPosition(hopIndex: 1, progress: 0, isFinished: false))
        #expect(timing.step(backFrom: second, in: flow) == start)
        #expect(timing.step(backFrom: FlowPosition(hopIndex: 1, progress: 0.4, isFinished: false), in: flow) == second)
        let end = timing.step(forwardFrom: FlowPosition(hopIndex: 3, progress: 0.2, isFinished: false), in: flow)
        #expect(end.isFinished)
        #expect(timing.step(backFrom: end, in: flow) == FlowPosition(hopIndex: 3, progress: 0, isFinished: false))
    }

    @Test func aFailedFlowStopsAtTheFailingHop() throws {
        let flow = try FlowEngine(cluster: guideCluster(endpointIPs: [])).flow(.nodePort, target: "nginx-nodeport",
                                                                                request: 0, options: FlowOptions(entryNode: "worker-node1"))
        let shown = timing.shownHops(flow)
        #expect(shown.last?.failure != nil)
        #expect(timing.position(in: flow, at: 1000).hopIndex == shown.count - 1)
    }
}

@Suite struct FlowCodingTests {
    @Test func flowsEncodeAsTheDocumentedSchemaWithFlatPlaces() throws {
        let flow = try FlowEngine(cluster: sixPodsCluster()).flow(.ingress, target: "web")
        let data = try JSONEncoder().encode(flow)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "kubehops.flow/v2")
        let hops = try #require(object["hops"] as? [[String: Any]])
        #expect(hops.count == flow.hops.count)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""type":"nodePort""#))
        #expect(text.contains(#""port":30080"#))
    }

    @Test func textRenderingNumbersHopsAndStripsControlCharacters() throws {
        var flow = try FlowEngine(cluster: guideCluster()).flow(.podToPod, target: "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-7nm9s")
        flow.hops[0].sentence += " \u{1B}[31mred"
        let text = FlowText.render(flow)
        #expect(text.contains(" 1. Pod nginx-demo/nginx-deployment-7b44dc87c5-5hrgb → Pod nginx-demo/nginx-deployment-7b44dc87c5-7nm9s: 172.16.180.193:"))
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("?[31mred"))
        #expect(text.contains("Reply:\n 2. "))
    }
}
