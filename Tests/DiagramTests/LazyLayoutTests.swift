import CellCanvas
import ClusterModel
@testable import DiagramLayout
import DiagramScene
import Testing

/// The layout measures every node box from counts and builds a box's content
/// only when asked: these tests hold the measure to the build, and check
/// that queries reach boxes nobody has drawn yet.
@Suite struct LazyLayoutTests {
    /// Nodes unlike each other: pod counts from 0 to 40 over several
    /// namespaces (runs of different lengths), services from none to dozens
    /// with long names, IPv4, IPv6 and missing node IPs, NotReady and
    /// unlisted nodes, and pods that no node runs yet.
    static var varied: Cluster {
        var r = Resources()
        for n in 0..<23 {
            let name = n % 5 == 4 ? "a-rather-long-node-name-that-will-not-fit-\(n)" : "node-\(n)"
            var node = Node(name: name, status: n % 6 == 5 ? "NotReady" : "Ready")
            node.roles = n == 0 ? ["control-plane"] : []
            if n % 4 == 1 {
                node.internalIPs = [NotesClusters.ip("fd00:10:96::\(n + 1)")]
            } else if n % 7 != 3 {
                node.internalIPs = [NotesClusters.ip("192.168.\(n / 200).\(n % 200 + 1)")]
            }
            r.upsert(node)
            for p in 0..<(n * 7 % 41) {
                let namespace = ["apps", "batch", "kube-system", "team-a", "team-b"][(p * (n % 3 + 1) / 3) % 5]
                r.upsert(NotesClusters.pod(namespace, "svc\(p % (n % 9 + 1))-dep-\(n)-\(p)x", ip: "10.244.\(n).\(p + 2)", node: name,
                                      status: p % 11 == 3 ? "Pending" : "Running", labels: ["app": "svc\(p % (n % 9 + 1))"]))
            }
        }
        r.upsert(NotesClusters.pod("apps", "orphan-on-unlisted-node", ip: "10.244.99.2", node: "node-not-listed"))
        var pending = NotesClusters.pod("apps", "waiting-for-a-node", ip: nil, node: "x", status: "Pending")
        pending.nodeName = nil
        r.upsert(pending)
        for s in 0..<9 {
            for namespace in ["apps", "batch", "kube-system", "team-a", "team-b"] {
                let long = s % 4 == 0 ? "-with-a-very-long-service-name-indeed" : ""
                r.upsert(NotesClusters.service(namespace, "svc\(s)\(long)", type: s % 3 == 0 ? .nodePort : .clusterIP,
                                          clusterIP: "10.96.\(s).\(namespace.count)", port: 80, nodePort: s % 3 == 0 ? 30000 + s * 7 : nil,
                                          selector: ["app": "svc\(s)"]))
            }
        }
        return Cluster(resources: r)
    }

    static let optionSets: [LayoutOptions] = [
        LayoutOptions(width: 120),
        LayoutOptions(width: 200),
        LayoutOptions(width: 60, glyphs: .ascii),
        LayoutOptions(width: 300, maxPodRows: 2, maxServiceLines: 1),
        LayoutOptions(width: 200, zoom: .compact),
        LayoutOptions(width: 200, hiddenNamespaces: LayoutOptions.systemNamespaces),
        LayoutOptions(width: 160, nameFilter: "svc1"),
    ]

    @Test(arguments: optionSets)
    func measuredGeometryIsWhatTheBuildGives(options: LayoutOptions) {
        for cluster in [Self.varied, NotesClusters.nginx, NotesClusters.sixPods, NotesClusters.large(nodes: 40, podsPerNode: 9)] {
            let layout = DiagramLayout(cluster: cluster, options: options)
            let store = layout.nodes.store
            #expect(store.plans.count == store.geometry.count)
            for index in store.plans.indices {
                let box = store.build(at: index)
                let measured = store.geometry[index]
                #expect(box.rect == measured.rect, "\(box.name) at \(options)")
                #expect(box.nodePortPanel?.rect == measured.nodePortPanel, "\(box.name) at \(options)")
                #expect(box.clusterIPPanel?.rect == measured.clusterIPPanel, "\(box.name) at \(options)")
                // What the layout says a node lists is what its panel shows.
                let listed = box.clusterIPPanel?.lines.compactMap(\.service) ?? []
                #expect(listed.count == measured.listedServices, "\(box.name) at \(options)")
                for key in listed { #expect(layout.node(named: box.name, listsService: key)) }
            }
        }
    }

    /// The links the layout reads for each pod are the services whose backing names that pod, guessed
    /// exactly where the backing's evidence is a guess.
    @Test func podServiceLinksAreTheServicesBackings() {
        for cluster in [NotesClusters.nginx, NotesClusters.sixPods, Self.varied] {
            var expected = [ObjectKey: [ServiceLink]]()
            for (position, service) in cluster.services.enumerated() {
                for backing in cluster.backing(of: service.key) {
                    let link = ServiceLink(position: position, inferred: !backing.evidence.isCertain)
                    expected[backing.pod, default: []].append(link)
                }
            }
            var total = 0
            for (position, pod) in cluster.pods.enumerated() {
                let links = Array(cluster.serviceLinks(ofPodAt: position))
                #expect(links.sorted() == (expected[pod.key] ?? []).sorted(), "\(pod.key)")
                total += links.count
            }
            #expect(total > 0)
            #expect(cluster.serviceLinks(ofPodAt: cluster.pods.count).isEmpty)
            #expect(cluster.serviceLinks(ofPodAt: -1).isEmpty)
        }
    }

    @Test func measuredServiceLineWidthsAreTheDrawnWidths() {
        var services: [Service] = []
        for (index, name) in ["web", "a-very-long-service-name-that-must-be-shortened-somewhere", "サービス", "naïve-svc", "tab\tname"].enumerated() {
            services.append(NotesClusters.service("apps", name, type: .clusterIP, clusterIP: "10.96.0.\(index + 1)", port: 80))
        }
        var headless = NotesClusters.service("apps", "headless", type: .clusterIP, clusterIP: "10.96.0.9", port: 80)
        headless.clusterIPs = []
        headless.isHeadless = true
        services.append(headless)
        var noAddress = NotesClusters.service("apps", "no-address", type: .clusterIP, clusterIP: "10.96.0.9", port: 80)
        noAddress.clusterIPs = []
        services.append(noAddress)
        services.append(NotesClusters.service("apps", "v6", type: .clusterIP, clusterIP: "fd00:10:96::a", port: 80))
        var external = NotesClusters.service("apps", "pingpong", type: .externalName, clusterIP: "10.96.0.9", port: 80)
        external.clusterIPs = []
        external.externalName = "kourier-internal.kourier-system.svc.cluster.local"
        services.append(external)
        for glyphs in [GlyphSet.unicode, .ascii] {
            let builder = NodeBoxBuilder(options: LayoutOptions(glyphs: glyphs), nodePorts: [])
            for service in services {
                for width in [6, 12, 20, 40, 100] {
                    for inferred in [false, true] {
                        let drawn = DisplayWidth.of(builder.serviceLine(service, inferred: inferred, width: width).text)
                        #expect(builder.serviceLineWidth(service, inferred: inferred, width: width) == drawn, "\(service.name) w\(width)")
                    }
                }
            }
        }
    }

    @Test func boxesBuiltOnDemandEqualAFreshBuildAndDrawTheSame() {
        let cluster = Self.varied
        var options = SceneOptions()
        options.layout.width = 140
        let scene = Scene(cluster: cluster, options: options)
        let fresh = Scene(cluster: cluster, options: options)
        // One scene has built every box (walking `nodes`), the other draws from nothing built.
        let all = Array(scene.layout.nodes)
        #expect(all.count == scene.layout.nodes.count)
        for (index, box) in all.enumerated() { #expect(box == fresh.layout.nodes.store.build(at: index)) }
        let size = Size(width: 140, height: 50)
        for y in stride(from: 0, to: scene.layout.size.height, by: 37) {
            #expect(scene.render(viewport: Point(x: 0, y: y), size: size) == fresh.render(viewport: Point(x: 0, y: y), size: size))
        }
    }

    @Test func queriesReachAPodFarDownThePlane() throws {
        let cluster = NotesClusters.large(nodes: 2_000, podsPerNode: 12)
        var options = SceneOptions()
        options.layout.width = 200
        let scene = Scene(cluster: cluster, options: options)
        let layout = scene.layout
        // A pod shown in the last node's box, found with another layout so that this one has built nothing.
        let probe = DiagramLayout(cluster: cluster, options: options.layout)
        let key = try #require(probe.nodes.last?.groups.last?.pods.last?.key)
        let box = try #require(layout.podBox(key))
        let node = try #require(layout.node(ofPod: key))
        #expect(node.name == probe.nodes.last?.name)
        #expect(node.rect.contains(box.rect.origin))
        #expect(box.rect.y > layout.size.height / 2)
        #expect(scene.selection(at: Point(x: box.rect.x + 2, y: box.rect.y + 1)) == .pod(key))
        #expect(scene.rect(of: Selection.pod(key)) == box.rect)
        #expect(layout.nodes(in: box.rect).map(\.name) == [node.name])
        #expect(layout.shownPodCount == 24_000)
        // A pod collapsed into `+N more` has no box, and no node by that query.
        let collapsed = try #require(cluster.pods(onNode: node.name).first { candidate in !node.groups.contains { group in group.pods.contains { $0.key == candidate.key } } })
        #expect(layout.podBox(collapsed.key) == nil)
        #expect(layout.node(ofPod: collapsed.key) == nil)
    }

    /// A scene is shared between the thread that builds it and the one that
    /// draws: boxes built and cached from several threads at once come out
    /// the same as drawn from one (run under `--sanitize=thread` too).
    @Test func framesDrawnFromManyThreadsAtOnceAreTheSame() async {
        var options = SceneOptions()
        options.layout.width = 160
        let cluster = NotesClusters.large(nodes: 1_500, podsPerNode: 7)
        let reference = Scene(cluster: cluster, options: options)
        let shared = Scene(cluster: cluster, options: options)
        let size = Size(width: 160, height: 48)
        let step = max(1, reference.layout.size.height / 24)
        let viewports = (0..<24).map { Point(x: 0, y: $0 * step) }
        let expected = viewports.map { reference.render(viewport: $0, size: size) }
        let drawn = await withTaskGroup(of: (Int, Buffer).self) { group in
            for (index, viewport) in viewports.enumerated() {
                group.addTask { (index, shared.render(viewport: viewport, size: size)) }
                group.addTask { (index, shared.render(viewport: viewport, size: size)) }
            }
            var all: [(Int, Buffer)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(drawn.count == 2 * viewports.count)
        for (index, buffer) in drawn { #expect(buffer == expected[index]) }
    }

    @Test func tabWalksTheSameOrderAsTheFullList() {
        for cluster in [NotesClusters.nginx, NotesClusters.sixPods, Self.varied] {
            let scene = Scene(cluster: cluster)
            let order = scene.selectionOrder
            #expect(!order.isEmpty)
            #expect(scene.selection(after: nil, step: 1) == order.first)
            #expect(scene.selection(after: nil, step: -1) == order.last)
            for (index, current) in order.enumerated() {
                #expect(scene.selection(after: current, step: 1) == order[(index + 1) % order.count])
                #expect(scene.selection(after: current, step: -1) == order[(index - 1 + order.count) % order.count])
            }
        }
    }

    @Test func unscheduledPodsSitInAClearlyNamedBox() throws {
        let layout = DiagramLayout(cluster: Self.varied, options: LayoutOptions(width: 200))
        let box = try #require(layout.node(ofPod: ObjectKey(namespace: "apps", name: "waiting-for-a-node")))
        #expect(box.title == "unscheduled (Pending, no node yet)")
        let compact = DiagramLayout(cluster: Self.varied, options: LayoutOptions(width: 200, zoom: .compact))
        #expect(compact.node(named: box.name)?.title == "unscheduled (Pending)")
        let unlisted = try #require(layout.node(named: "node-not-listed"))
        #expect(unlisted.title.contains("not listed"))
    }

    @Test func aNarrowTitleKeepsTheNodeNameWhole() throws {
        var r = Resources()
        r.upsert(NotesClusters.node("k8s-control-plane-1", ip: "192.168.1.105", roles: ["control-plane"], status: "NotReady"))
        let cluster = Cluster(resources: r)
        for width in [60, 120] {
            let layout = DiagramLayout(cluster: cluster, options: LayoutOptions(width: width))
            let title = try #require(layout.nodes.first?.title)
            let room = try #require(layout.nodes.first?.rect.width) - 4
            #expect(title.hasPrefix("k8s-control-plane-1"), "\(title)")
            #expect(title.contains("NotReady"), "\(title)")
            #expect(DisplayWidth.of(title) <= room, "\(title)")
        }
        // Compact boxes are narrow: the whole name, then what fits of the status.
        let compact = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 120, zoom: .compact))
        #expect(compact.nodes.first?.title == "k8s-control-plane-1")
        // Wide enough: every part stays.
        let wide = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 200))
        #expect(wide.nodes.first?.title == "k8s-control-plane-1 · control-plane · 192.168.1.105 · NotReady")
    }
}

extension LayoutOptions: CustomTestStringConvertible {
    public var testDescription: String { "\(zoom) w\(width) \(glyphs)\(nameFilter.map { " filter " + $0 } ?? "")" }
}
