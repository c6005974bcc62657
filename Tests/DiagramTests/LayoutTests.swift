import CellCanvas
import ClusterModel
import DiagramLayout
import Foundation
import Testing

@Suite struct LayoutTests {
    @Test func sameInputSamePicture() {
        let a = DiagramLayout(cluster: NotesClusters.nginx)
        let b = DiagramLayout(cluster: NotesClusters.nginx)
        #expect(a.nodes == b.nodes)
        #expect(a.connectors == b.connectors)
        #expect(a.size == b.size)
    }

    @Test func inputOrderDoesNotMatter() {
        var reversed = Resources()
        let original = NotesClusters.nginxResources
        original.nodes.reversed().forEach { reversed.upsert($0) }
        original.pods.reversed().forEach { reversed.upsert($0) }
        original.services.reversed().forEach { reversed.upsert($0) }
        original.endpoints.forEach { reversed.upsert($0) }
        #expect(DiagramLayout(cluster: Cluster(resources: reversed)).nodes == DiagramLayout(cluster: Cluster(resources: original)).nodes)
    }

    @Test func nodesAreSortedByNameInAGridThatFitsTheWidth() {
        let layout = DiagramLayout(cluster: NotesClusters.large(nodes: 12, podsPerNode: 2), options: LayoutOptions(width: 160))
        #expect(layout.nodes.map(\.name) == layout.nodes.map(\.name).sorted())
        #expect(layout.columnCount == 3)
        #expect(layout.nodes.allSatisfy { $0.rect.maxX <= 160 })
        // Boxes never overlap.
        for (i, a) in layout.nodes.enumerated() {
            for b in layout.nodes.dropFirst(i + 1) { #expect(!a.rect.intersects(b.rect)) }
        }
    }

    /// A watch update adding one pod keeps every box in its grid cell: same
    /// order, same columns, same contents relative to their node. Rows below a
    /// node that grew move down together (nothing is reshuffled).
    @Test func addingAPodReshufflesNothing() {
        let before = DiagramLayout(cluster: NotesClusters.nginx)
        var resources = NotesClusters.nginxResources
        let added = ObjectKey(namespace: "nginx-demo", name: "nginx-deployment-7b44dc87c5-zzzzz")
        resources.upsert(NotesClusters.pod("nginx-demo", added.name, ip: "172.16.180.195", node: "worker-node1"))
        let after = DiagramLayout(cluster: Cluster(resources: resources))
        #expect(before.nodes.map(\.name) == after.nodes.map(\.name))
        #expect(before.nodes.map(\.rect.x) == after.nodes.map(\.rect.x))
        #expect(before.nodes.map(\.rect.width) == after.nodes.map(\.rect.width))
        // Same grid row before and after: a row's nodes share their top.
        let rowsBefore = Dictionary(grouping: before.nodes, by: \.rect.y).values.map { Set($0.map(\.name)) }
        let rowsAfter = Dictionary(grouping: after.nodes, by: \.rect.y).values.map { Set($0.map(\.name)) }
        #expect(Set(rowsBefore) == Set(rowsAfter))
        for old in before.nodes {
            guard let new = after.node(named: old.name) else { Issue.record("\(old.name) vanished"); continue }
            let shift = (dx: new.rect.x - old.rect.x, dy: new.rect.y - old.rect.y)
            for pod in old.groups.flatMap(\.pods) {
                #expect(after.podBox(pod.key)?.rect == pod.rect.offsetBy(dx: shift.dx, dy: shift.dy))
            }
            if old.name != "worker-node1" { #expect(new.rect.size == old.rect.size) }
        }
        #expect(after.podBox(added) != nil)
        // The node it joined is not moved at all.
        #expect(before.node(named: "worker-node1")?.rect.origin == after.node(named: "worker-node1")?.rect.origin)
    }

    @Test func podsInsideANodeAreGroupedByNamespaceAndSorted() {
        let layout = DiagramLayout(cluster: NotesClusters.sixPods)
        let node = try! #require(layout.node(named: "node-1"))
        #expect(node.groups.map(\.namespace) == ["demo", "ingress-nginx"])
        #expect(node.groups.first?.pods.map(\.key.name) == (1...6).map { "web-\($0)" })
        for group in node.groups {
            for pod in group.pods { #expect(node.rect.insetBy(dx: 1, dy: 1).intersection(pod.rect) == pod.rect) }
        }
    }

    @Test func nodePortsAreCompressedIntoRangesAsInTheNotes() {
        let layout = DiagramLayout(cluster: NotesClusters.sixPods)
        let panel = try! #require(layout.node(named: "node-1")?.nodePortPanel)
        #expect(panel.lines.map(\.text) == ["10.100.11.12:30080, 30443, 32001 - 32006"])
    }

    @Test func tooManyPodsCollapseIntoMore() {
        let layout = DiagramLayout(cluster: NotesClusters.large(nodes: 1, podsPerNode: 40), options: LayoutOptions(width: 60, maxPodRows: 3))
        let node = try! #require(layout.nodes.first)
        let shown = node.groups.reduce(0) { $0 + $1.pods.count }
        #expect(shown == 6)
        #expect(node.notes.map(\.text) == ["+34 more pods"])
    }

    @Test func hiddenNamespacesAndNameFilter() {
        var options = LayoutOptions()
        options.hiddenNamespaces = ["ingress-nginx"]
        let hidden = DiagramLayout(cluster: NotesClusters.sixPods, options: options)
        #expect(hidden.nodes.first?.groups.map(\.namespace) == ["demo"])
        #expect(hidden.hiddenPodCount == 1)
        options = LayoutOptions(nameFilter: "WEB-3")
        let filtered = DiagramLayout(cluster: NotesClusters.sixPods, options: options)
        #expect(filtered.nodes.first?.groups.flatMap(\.pods).map(\.key.name) == ["web-3"])
        // The filter also matches namespaces; nodes without a matching pod or name go.
        let byNamespace = DiagramLayout(cluster: NotesClusters.nginx, options: LayoutOptions(nameFilter: "nginx-demo"))
        #expect(byNamespace.nodes.map(\.name) == ["worker-node1", "worker-node2"])
        // Choosing a namespace keeps every node, with only that namespace's pods.
        let only = DiagramLayout(cluster: NotesClusters.sixPods, options: LayoutOptions(onlyNamespace: "ingress-nginx"))
        #expect(only.nodes.map(\.name) == ["node-1"])
        #expect(only.nodes.first?.groups.map(\.namespace) == ["ingress-nginx"])
    }

    @Test func legendFillsTheIPSchemeWithThisClustersValues() {
        let legend = DiagramLayout(cluster: NotesClusters.nginx).legend
        #expect(legend.header == ["", "example", "range (guessed)", "assigned by", "scope"])
        #expect(legend.rows.map { $0.first ?? "" } == ["Node IP", "Pod IP", "Cluster IP", "NodePort"])
        #expect(legend.rows.first?.element(1) == "192.168.1.181")
        #expect(legend.rows.first?.element(2) == "192.168.1.0/24 (3)")
        #expect(legend.rows.element(1)?.element(2) == "172.16.0.0/16 (3)")
        #expect(legend.rows.last?.element(1) == "192.168.1.181:30007")
        #expect(legend.rows.last?.element(2) == "30000-32767 (1)")
    }

    /// Nodes' spec.podCIDRs are shown as given (not guessed), and addresses from outside get a row.
    @Test func legendShowsGivenPodRangesAndExternalAddresses() {
        var resources = NotesClusters.nginxResources
        for name in ["master-node", "worker-node1"] {
            guard var node = resources.nodes.first(where: { $0.name == name }) else { continue }
            node.podCIDRs = [name == "master-node" ? "172.16.0.0/24" : "172.16.180.0/24"]
            resources.upsert(node)
        }
        var balancer = NotesClusters.service("web", "front", type: .loadBalancer, clusterIP: "10.96.0.9", port: 80)
        balancer.externalIPs = [NotesClusters.ip("203.0.113.10")]
        resources.upsert(balancer)
        let rows = IPScheme.rows(cluster: Cluster(resources: resources), nodePorts: [])
        #expect(rows.map(\.kind) == ["Node IP", "Pod IP", "Cluster IP", "NodePort", "External"])
        #expect(rows.element(1)?.range == "172.16.0.0/24, 172.16.180.0/24")
        #expect(rows.element(1)?.note == "from the nodes' spec.podCIDRs, not guessed")
        #expect(rows.last?.example == "203.0.113.10")
        #expect(rows.element(3)?.example == "none in input")
    }

    @Test func guessedServiceLinksAreMarked() {
        // No labels and no endpoints: the model can only guess from names.
        var resources = Resources()
        resources.upsert(NotesClusters.node("n1", ip: "10.0.0.1"))
        resources.upsert(NotesClusters.pod("shop", "cart-5d8f7c9b4-x2x2x", ip: "10.244.0.7", node: "n1"))
        resources.upsert(NotesClusters.service("shop", "cart", type: .clusterIP, clusterIP: "10.96.5.5", port: 80, selector: ["app": "cart"]))
        let cluster = Cluster(resources: resources)
        let evidence = cluster.backing(of: ObjectKey(namespace: "shop", name: "cart")).map(\.evidence)
        let panel = DiagramLayout(cluster: cluster).node(named: "n1")?.clusterIPPanel
        if evidence == [.nameInferred] {
            #expect(panel?.lines.map(\.text) == ["10.96.5.5 cart ?"])
            #expect(panel?.lines.first?.inferred == true)
        } else {
            Issue.record("the cluster model no longer guesses cart → cart-5d8f7c9b4-x2x2x (evidence: \(evidence)); update this test")
        }
    }

    @Test func viewportQueriesReturnOnlyIntersectingNodes() {
        let layout = DiagramLayout(cluster: NotesClusters.large(nodes: 300, podsPerNode: 3), options: LayoutOptions(width: 200))
        let viewport = Rect(x: 0, y: 400, width: 200, height: 50)
        let visible = layout.nodes(in: viewport)
        #expect(!visible.isEmpty)
        #expect(visible.allSatisfy { $0.rect.intersects(viewport) })
        #expect(Set(visible.map(\.name)) == Set(layout.nodes.filter { $0.rect.intersects(viewport) }.map(\.name)))
    }

    @Test func fiveThousandNodesLayOutOnce() {
        let cluster = NotesClusters.large(nodes: 5_000, podsPerNode: 30)
        #expect(cluster.pods.count == 150_000)
        let layout = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 200))
        #expect(layout.nodes.count == 5_000)
        #expect(layout.nodes.allSatisfy { $0.podCount == 30 })
        let compact = DiagramLayout(cluster: cluster, options: LayoutOptions(width: 200, zoom: .compact))
        #expect(compact.nodes.count == 5_000)
        #expect(compact.size.height < layout.size.height)
    }
}

extension Array {
    func element(_ index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
