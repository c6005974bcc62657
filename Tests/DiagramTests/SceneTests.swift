import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import FlowEngine
import Foundation
import KubeText
import Testing

@Suite struct SceneTests {
    @Test func nodesAppearAsTitledBoxesWithTheirPods() {
        let buffer = DiagramScene.render(cluster: NotesClusters.nginx, width: 120, height: 60)
        let text = buffer.text
        #expect(text.contains("master-node · control-plane · 192.168.1.181"))
        #expect(text.contains("worker-node1 · 192.168.1.182"))
        #expect(text.contains("● nginx-dep…5hrgb"))
        #expect(text.contains("172.16.203.129"))
        #expect(text.contains("192.168.1.183:30007"))
    }

    @Test func flowFrameShowsCaptionAndPacket() {
        let scene = Scene(cluster: NotesClusters.nginx)
        let frame = FlowFrame(flow: NotesClusters.nginxNodePortFlow, position: FlowPosition(hopIndex: 3, progress: 0.5, isFinished: false))
        let text = scene.render(flowFrame: frame, size: Size(width: 120, height: 40)).text
        #expect(text.contains("src 203.0.113.7:51234 → dst 192.168.1.182:30007 (TCP)"))
        #expect(text.contains("hop 4/6"))
        #expect(text.contains("●━") || text.contains("━●"))
    }
}

@Suite struct SceneQueryTests {
    @Test func hitTestingFindsTheInnermostThing() throws {
        let scene = Scene(cluster: NotesClusters.nginx)
        let pod = try #require(scene.layout.podBox(ObjectKey(namespace: "nginx-demo", name: "nginx-deployment-7b44dc87c5-jtq5r")))
        #expect(scene.selection(at: Point(x: pod.rect.x + 2, y: pod.rect.y + 1)) == .pod(pod.key))
        let node = try #require(scene.layout.node(named: "worker-node2"))
        #expect(scene.selection(at: Point(x: node.rect.maxX - 2, y: node.rect.maxY - 2)) == .node("worker-node2"))
        let line = try #require(node.clusterIPPanel?.lines.first)
        #expect(scene.selection(at: line.rect.origin) == .service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")))
        let user = try #require(scene.layout.actor(.user))
        #expect(scene.selection(at: user.rect.center) == .actor(.user))
        #expect(scene.selection(at: Point(x: -5, y: -5)) == nil)
    }

    @Test func tabOrderListsEachThingOnce() {
        let order = Scene(cluster: NotesClusters.nginx).selectionOrder
        #expect(order.count == Set(order).count)
        #expect(order.prefix(5) == [.actor(.user), .actor(.dns), .actor(.externalLoadBalancer), .actor(.ingress), .node("master-node")])
        #expect(order.filter { if case .pod = $0 { true } else { false } }.count == 3)
        #expect(order.contains(.service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))))
    }

    @Test func selectionIsOutlinedHeavyAndKeepsItsTitle() {
        let scene = Scene(cluster: NotesClusters.nginx)
        let text = scene.render(selection: .node("worker-node2"), size: Size(width: 120, height: 60)).text
        #expect(text.contains("┏ worker-node2 · 192.168.1.183 ━"))
        #expect(!text.contains("┏ worker-node1"))
    }

    @Test func drawIntoAnAreaLeavesTheRestAlone() {
        let scene = Scene(cluster: NotesClusters.nginx)
        var buffer = Buffer(width: 40, height: 10)
        buffer.fill(buffer.bounds, with: Cell(grapheme: "#"))
        scene.draw(into: &buffer, area: Rect(x: 5, y: 2, width: 30, height: 6), viewport: Point(x: 0, y: 2))
        let lines = buffer.lines()
        #expect(lines[0] == String(repeating: "#", count: 40))
        #expect(lines[3].hasPrefix("#####") && lines[3].hasSuffix("#####"))
        #expect(lines[3].contains("User"))
    }
}

/// Every flow the engine builds on every sample: each place has a box, and
/// every hop's frame shows the packet somewhere on screen.
@Suite struct FlowPlacementTests {
    static let samples: [[String]] = [
        ["notes-nginx-nodeport.txt"], ["notes-six-pods-nodeport.txt", "notes-six-pods-ingress.yaml"],
        ["kind-with-kube-system.txt"], ["multi-namespace-ingress.txt"], ["loadbalancer-pending-and-external.txt"],
        ["notready-node-crashing-pods.txt"], ["labels-selectors.json"],
    ]

    @Test(arguments: samples)
    func everyPlaceHasABoxAndEveryHopShowsThePacket(files: [String]) throws {
        let present = files.filter { FileManager.default.fileExists(atPath: Samples.directory.appendingPathComponent($0).path) }
        guard present.count == files.count else {
            print("note: sample \(files) missing; skipped")
            return
        }
        var resources = Resources()
        for file in files {
            let text = try String(contentsOf: Samples.directory.appendingPathComponent(file), encoding: .utf8)
            resources.merge(KubeText.parse(text, source: file).resources)
        }
        let cluster = Cluster(resources: resources)
        let scene = Scene(cluster: cluster)
        let size = Size(width: 120, height: 40)
        var flows = 0
        for kind in FlowKind.allCases {
            guard let flow = try? FlowEngine(cluster: cluster).flow(kind) else { continue }
            flows += 1
            for hop in flow.hops {
                #expect(scene.rect(of: hop.from) != nil, "\(files) \(kind): no box for \(hop.from)")
                #expect(scene.rect(of: hop.to) != nil, "\(files) \(kind): no box for \(hop.to)")
            }
            for index in flow.hops.indices {
                let frame = FlowFrame(flow: flow, position: FlowPosition(hopIndex: index, progress: 0.5, isFinished: false))
                let viewport = scene.viewport(following: frame, size: size)
                let buffer = scene.render(viewport: viewport, flowFrame: frame, size: size)
                // A failing hop draws its packet in the failure colour, which pods failing also wear.
                if flow.hops[index].failure != nil, let point = scene.packetPosition(in: frame) {
                    let cell = buffer[point.x - viewport.x, point.y - viewport.y]
                    #expect(cell.grapheme == "●" && cell.style == scene.options.palette.failure)
                    continue
                }
                let packets = buffer.cells.filter { $0.grapheme == "●" && $0.style == scene.options.palette.accent }
                let sameBox = scene.rect(of: flow.hops[index].from) == scene.rect(of: flow.hops[index].to)
                #expect(packets.count == 1 || sameBox, "\(files) \(kind) hop \(index + 1): \(packets.count) packets drawn")
            }
        }
        #expect(flows > 0, "no flow could be built on \(files)")
    }
}

/// A hop that fails is drawn in the failure colour and its packet stops as ✗: at its own pod when the
/// pod's egress policy drops it (it never leaves), where the hop arrives otherwise. Pod m sits between
/// the two so that the route is long enough to tell its ends apart.
@Suite struct FailingHopDrawing {
    static let cluster = """
    apiVersion: v1
    kind: List
    items:
    - {apiVersion: v1, kind: Node, metadata: {name: n1}, status: {addresses: [{type: InternalIP, address: 192.168.1.10}]}}
    - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {app: a}}, spec: {nodeName: n1}, status: {podIP: 10.1.0.10, phase: Running}}
    - {apiVersion: v1, kind: Pod, metadata: {name: m, namespace: x}, spec: {nodeName: n1}, status: {podIP: 10.1.0.12, phase: Running}}
    - {apiVersion: v1, kind: Pod, metadata: {name: z, namespace: x, labels: {app: b}}, spec: {nodeName: n1}, status: {podIP: 10.1.0.11, phase: Running}}
    - {apiVersion: v1, kind: Pod, metadata: {name: calico-node-1, namespace: kube-system}, spec: {nodeName: n1, hostNetwork: true}, status: {podIP: 192.168.1.10, phase: Running}}
    """

    static func finalPacket(_ policy: String) throws -> (glyph: String, point: Point, from: Rect, to: Rect) {
        let cluster = Cluster(resources: KubeText.parse(Self.cluster + policy).resources)
        let flow = try FlowEngine(cluster: cluster).flow(.podToPod, target: "x/a,x/z")
        let hop = try #require(flow.hops.first)
        #expect(hop.failure != nil, "the policy drops the first hop")
        let scene = Scene(cluster: cluster)
        let frame = FlowFrame(flow: flow, position: FlowPosition(hopIndex: 0, progress: 1, isFinished: false))
        let point = try #require(scene.packetPosition(in: frame))
        let size = Size(width: 120, height: 40)
        let viewport = scene.viewport(following: frame, size: size)
        let buffer = scene.render(viewport: viewport, flowFrame: frame, size: size)
        let shown = buffer[point.x - viewport.x, point.y - viewport.y]
        #expect(shown.style == scene.options.palette.failure)
        return (shown.grapheme, point, try #require(scene.rect(of: hop.from)), try #require(scene.rect(of: hop.to)))
    }

    static func distance(_ point: Point, _ rect: Rect) -> Int {
        let dx = max(rect.x - point.x, 0, point.x - (rect.x + rect.width - 1))
        let dy = max(rect.y - point.y, 0, point.y - (rect.y + rect.height - 1))
        return dx + dy
    }

    @Test func egressDenialStopsThePacketAtItsOwnPod() throws {
        let packet = try Self.finalPacket("""

        - apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: a-no-egress, namespace: x}
          spec: {podSelector: {matchLabels: {app: a}}, policyTypes: [Egress]}
        """)
        #expect(packet.glyph == "✗")
        #expect(Self.distance(packet.point, packet.from) < Self.distance(packet.point, packet.to))
    }

    @Test func ingressDenialStopsThePacketAtTheDestination() throws {
        let packet = try Self.finalPacket("""

        - apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: b-no-ingress, namespace: x}
          spec: {podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress]}
        """)
        #expect(packet.glyph == "✗")
        #expect(Self.distance(packet.point, packet.to) < Self.distance(packet.point, packet.from))
    }
}
