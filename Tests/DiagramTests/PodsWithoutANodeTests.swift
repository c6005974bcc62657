import CellCanvas
import ClusterModel
import DiagramLayout
import DiagramScene
import Foundation
import KubeText
import Testing

/// Pods without a node: waiting for the scheduler, or on a node the input
/// does not name (no NODE column). Neither box is a node, so neither has
/// NodePort or ClusterIP panels, nor a lane from the External LB.
@Suite struct PodsWithoutANodeTests {
    /// Like `kubectl get all` without `-o wide` (corpus 013): Running pods, no NODE column.
    static let getAllWithoutWide = """
        NAME                                        READY   STATUS    RESTARTS   AGE
        pod/pythonapp-deployment-777778d7f4-4tgds   1/1     Running   0          27m
        pod/pythonapp-deployment-777778d7f4-k4sxp   1/1     Running   0          27m
        pod/pythonapp-deployment-777778d7f4-wqjph   1/1     Running   0          27m

        NAME                        TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE
        service/kubernetes          ClusterIP      10.96.0.1      <none>        443/TCP          3h28m
        service/pythonapp-service   LoadBalancer   10.96.15.170   <pending>     8000:32756/TCP   60s
        """

    /// Pending pods in a wide table: NODE `<none>` (as corpus 007, 030).
    static let pendingWide = """
        NAMESPACE     NAME                       READY   STATUS    RESTARTS   AGE   IP             NODE       NOMINATED NODE   READINESS GATES
        kube-system   coredns-5dd5756b68-2zrhr   0/1     Pending   0          20h   <none>         <none>     <none>           <none>
        kube-system   kube-proxy-p4jmn           1/1     Running   0          20h   192.168.1.105  cp-1       <none>           <none>
        NAME   STATUS   ROLES           AGE   VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME
        cp-1   Ready    control-plane   20h   v1.28.1   192.168.1.105   <none>        Ubuntu 22.04.3 LTS   6.8.0-47-generic   containerd://1.7.12
        """

    /// Pending pods without a NODE column (corpus 030): still waiting for the scheduler.
    static let pendingNarrow = """
        $ kubectl get pods --namespace=kube-system
        NAME                                    READY     STATUS    RESTARTS   AGE
        kube-dns-6c857864fb-4znn2               0/3       Pending   0          4h
        """

    static func cluster(_ texts: String...) -> Cluster {
        var resources = Resources()
        for (index, text) in texts.enumerated() { resources.merge(KubeText.parse(text, source: "text\(index)").resources) }
        return Cluster(resources: resources)
    }

    static func boxes(_ layout: DiagramLayout) -> [NodeBox] { Array(layout.nodes) }

    @Test(arguments: [LayoutOptions.Zoom.detailed, .compact])
    func runningPodsWithoutANodeColumnAreNotCalledUnscheduled(zoom: LayoutOptions.Zoom) throws {
        let layout = DiagramLayout(cluster: Self.cluster(Self.getAllWithoutWide), options: LayoutOptions(width: 140, zoom: zoom))
        let boxes = Self.boxes(layout)
        #expect(boxes.count == 1)
        let box = try #require(boxes.first)
        #expect(box.kind == .nodeNotShown)
        #expect(box.title.hasPrefix("node unknown"), "\(box.title)")
        #expect(!box.title.contains("unscheduled"))
        #expect(box.podCount == 3)
        #expect(layout.nodeCount == 0)
        if zoom == .detailed {
            #expect(layout.node(ofPod: ObjectKey(namespace: nil, name: "pythonapp-deployment-777778d7f4-4tgds"))?.kind == .nodeNotShown)
            #expect(box.title == "node unknown (input has no NODE column: add -o wide)")
            // The pods' IPs are not shown by the input, which is not the same as having none.
            #expect(box.groups.flatMap(\.pods).allSatisfy { $0.ip == "IP not in input" })
        }
    }

    @Test func aBoxThatIsNotANodeHasNoNodePortPanelAndNoLane() throws {
        let layout = DiagramLayout(cluster: Self.cluster(Self.getAllWithoutWide), options: LayoutOptions(width: 140))
        let box = try #require(layout.nodes.first)
        #expect(box.nodePortPanel == nil)
        #expect(box.clusterIPPanel == nil)
        // No lane from the External LB at all: there is no node to receive it.
        #expect(!layout.connectors.contains { $0.role == .nodePortLane })
        // The NodePort is still on screen, with the services that have no node box.
        let panel = try #require(layout.unplacedServices)
        #expect(panel.title.contains("every node"), "\(panel.title)")
        let line = try #require(panel.lines.first { $0.service == ObjectKey(namespace: nil, name: "pythonapp-service") })
        #expect(line.text.contains("NodePort :32756"), "\(line.text)")
        #expect(panel.lines.contains { $0.service == ObjectKey(namespace: nil, name: "kubernetes") && !$0.text.contains("NodePort") })
        // And the External LB says its address is still pending.
        #expect(layout.actor(.externalLoadBalancer)?.lines.first == "<pending>")
    }

    @Test func pendingPodsWithNodeNoneAreUnscheduled() throws {
        for text in [Self.pendingWide, Self.pendingNarrow] {
            let layout = DiagramLayout(cluster: Self.cluster(text), options: LayoutOptions(width: 140))
            let box = try #require(Self.boxes(layout).first { $0.kind != .node })
            #expect(box.kind == .unscheduled)
            #expect(box.title == "unscheduled (Pending, no node yet)")
            #expect(box.groups.flatMap(\.pods).allSatisfy { $0.ip == "no IP yet" })
        }
    }

    @Test func mixedInputGetsTwoBoxesAfterTheNodesAndOnlyNodesGetPanelsAndLanes() throws {
        let cluster = Self.cluster(Self.pendingWide, Self.getAllWithoutWide)
        let layout = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 140))
        let boxes = Self.boxes(layout)
        #expect(boxes.map(\.kind) == [.node, .nodeNotShown, .unscheduled])
        #expect(layout.nodeCount == 1)
        let node = try #require(boxes.first)
        #expect(node.nodePortPanel?.lines.first?.text == "192.168.1.105:32756")
        for box in boxes.dropFirst() {
            #expect(box.nodePortPanel == nil && box.clusterIPPanel == nil, "\(box.title)")
            // No line ends inside a box that is not a node.
            for connector in layout.connectors {
                #expect(!connector.points.contains { box.rect.contains($0) }, "\(connector.role) enters \(box.title)")
            }
        }
        // The LB's lane reaches the node's NodePort panel.
        let panel = try #require(node.nodePortPanel)
        #expect(layout.connectors.contains { $0.role == .nodePortLane && $0.points.last == Point(x: node.rect.x + 1, y: panel.rect.y + 1) })
    }

    @Test func aServiceWhosePodsHaveNoNodeIsListedWithServicesWithoutANodeBox() throws {
        var resources = KubeText.parse(Self.getAllWithoutWide, source: "013").resources
        var service = try #require(resources.services.first { $0.name == "pythonapp-service" })
        service.selector = ["app": "pythonapp"]
        resources.upsert(service)
        // The model links a service only to pods whose IP it knows.
        for (index, var pod) in resources.pods.enumerated() {
            pod.labels = ["app": "pythonapp"]
            pod.ips = [NotesClusters.ip("10.244.0.\(index + 10)")]
            resources.upsert(pod)
        }
        let cluster = Cluster(resources: resources)
        #expect(!cluster.services(backedBy: ObjectKey(namespace: nil, name: "pythonapp-deployment-777778d7f4-4tgds")).isEmpty)
        let layout = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 140))
        #expect(layout.nodes.first?.clusterIPPanel == nil)
        #expect(layout.unplacedServices?.lines.contains { $0.service == service.key } == true)
    }

    @Test func theScreenSaysItAndAPseudoBoxIsNotSelectableAsANode() throws {
        let cluster = Self.cluster(Self.getAllWithoutWide)
        let scene = Scene(cluster: cluster, options: SceneOptions(layout: LayoutOptions(width: 140)))
        let text = scene.render(size: Size(width: 140, height: 45)).text
        #expect(text.contains("node unknown (input has no NODE column: add -o wide)"))
        #expect(!text.contains("unscheduled"))
        // Only the legend's example: no NodePort panel in a box that is not a node.
        #expect(text.components(separatedBy: "<node IP>:32756").count == 2)
        #expect(text.components(separatedBy: "\n").contains { $0.contains("NodePort") && $0.contains("<node IP>") && $0.contains("every node, from outside") })
        #expect(text.contains("10.96.15.170 pythonapp-service NodePort :32756"))
        let box = try #require(scene.layout.nodes.first)
        #expect(scene.selection(at: Point(x: box.rect.maxX - 2, y: box.rect.maxY - 2)) == nil)
        #expect(!scene.selectionOrder.contains(.node(box.name)))
        #expect(scene.selectionOrder.contains(.pod(ObjectKey(namespace: nil, name: "pythonapp-deployment-777778d7f4-k4sxp"))))
    }

    /// The real files of the vendored corpus (Tests/Data/Corpus).
    @Test func corpusFilesWithoutANodeColumn() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/Corpus")
        let expected: [(file: String, kind: NodeBoxKind)] = [
            ("013-mixed-ziucay-minikube-lbpending.txt", .nodeNotShown),
            ("030-mixed-easyway-issue27-notready-pending.txt", .unscheduled),
            ("007-mixed-inquisitivefrog-notready.txt", .unscheduled),
            ("008-pods-inquisitivefrog-crashloop.txt", .nodeNotShown),
        ]
        for (file, kind) in expected {
            let url = corpus.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let layout = DiagramLayout(cluster: Self.cluster(text), options: LayoutOptions(width: 140))
            let pseudo = Self.boxes(layout).filter { $0.kind != .node }
            #expect(pseudo.map(\.kind) == [kind], "\(file)")
            #expect(pseudo.allSatisfy { $0.nodePortPanel == nil && $0.clusterIPPanel == nil }, "\(file)")
        }
    }

    @Test func endpointsWhoseServiceIsNotInTheInputAreListed() throws {
        let text = """
            NAME                      ENDPOINTS                                                     AGE
            kiada                     10.244.1.7:8443,10.244.1.8:8443,10.244.1.9:8443 + 5 more...   25m
            troubleshooting-service   <none>                                                        3s
            """
        let layout = DiagramLayout(cluster: Self.cluster(text), options: LayoutOptions(width: 140))
        let panel = try #require(layout.unplacedServices)
        #expect(panel.lines.map(\.text) == ["endpoints kiada: 10.244.1.7:8443 +7",
                                            "endpoints troubleshooting-service: <none> (no ready pod: traffic rejected)"])
    }

    @Test func anInputWithNothingToDrawSaysSo() throws {
        let layout = DiagramLayout(cluster: Self.cluster("No resources found in default namespace."), options: LayoutOptions(width: 100))
        let panel = try #require(layout.unplacedServices)
        #expect(panel.title == "Nothing to draw")
        #expect(panel.lines.map(\.text) == ["no nodes, pods, services or endpoints found in the input"])
    }
}
