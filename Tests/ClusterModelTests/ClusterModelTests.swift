import ModelBuilders
import Testing
import ClusterModel

@Suite struct ClusterModelTests {
    @Test func placeholderNodeForPodOnUnlistedNodeWithDiagnostic() {
        let cluster = Cluster(resources: resources(
            nodes: [node("a", "10.0.0.1")],
            pods: [pod("p", ip: "10.244.1.5", node: "ghost"), pod("q", ip: "10.244.0.5", node: "a")]))
        #expect(cluster.nodes.map(\.name) == ["a", "ghost"])
        #expect(cluster.node(named: "ghost")?.isPlaceholder == true)
        #expect(cluster.node(named: "a")?.isPlaceholder == false)
        #expect(cluster.diagnostics.count == 1)
        #expect(cluster.diagnostics.first?.severity == .warning)
        #expect(cluster.diagnostics.first?.message.contains("ghost") == true)
    }

    @Test func podsOnlyDumpIsAValidClusterWithNotes() {
        let cluster = Cluster(resources: resources(pods: [pod("p", ip: "10.244.1.5", node: "n1"), pod("q", ip: "10.244.1.6", node: "n1")]))
        #expect(cluster.nodes.map(\.name) == ["n1"])
        #expect(cluster.diagnostics.map(\.severity) == [.note])
        #expect(cluster.pods(onNode: "n1").map(\.name) == ["p", "q"])
    }

    @Test func podCIDRInferredPerNodeFromNonHostNetworkPods() {
        let cluster = Cluster(resources: resources(
            nodes: [node("w1", "192.168.1.182")],
            pods: [pod("a", ip: "172.16.180.193", node: "w1"), pod("b", ip: "172.16.180.194", node: "w1"),
                   pod("kube-proxy-5fsfj", ns: "kube-system", ip: "192.168.1.182", node: "w1")]))
        #expect(cluster.podRange(ofNode: "w1") == NodePodRange(cidr: CIDR(base: 0xAC10_B400, prefixLength: 24), inferred: true))
        #expect(cluster.podRange(ofNode: "w1")?.cidr.description == "172.16.180.0/24")
        #expect(cluster.usesHostNetwork(ObjectKey(namespace: "kube-system", name: "kube-proxy-5fsfj")))
        #expect(cluster.isHostNetworkInferred(ObjectKey(namespace: "kube-system", name: "kube-proxy-5fsfj")))
        #expect(!cluster.usesHostNetwork(ObjectKey(namespace: "default", name: "a")))
    }

    @Test func givenPodCIDRWins() {
        var n = node("w1", "10.0.0.1")
        n.podCIDRs = ["10.244.3.0/24"]
        let cluster = Cluster(resources: resources(nodes: [n], pods: [pod("a", ip: "10.244.3.7", node: "w1")]))
        #expect(cluster.podRange(ofNode: "w1") == NodePodRange(cidr: CIDR("10.244.3.0/24") ?? CIDR(base: 0, prefixLength: 0), inferred: false))
    }

    @Test func ownersInferredFromGeneratedNames() {
        let cluster = Cluster(resources: resources(pods: [
            pod("nginx-deployment-7b44dc87c5-5hrgb", ip: "10.244.0.2", node: "n"),
            pod("kube-proxy-5fsfj", ip: "10.0.0.1", node: "n"),
            pod("web-0", ip: "10.244.0.3", node: "n"),
            pod("etcd-master-node", ip: "10.0.0.1", node: "master-node"),
            pod("backup-28391234-x7k2p", ip: "10.244.0.9", node: "n", status: "Completed"),
            pod("standalone", ip: "10.244.0.4", node: "n"),
        ]))
        func owners(_ name: String) -> [String] {
            cluster.pods.first { $0.name == name }?.owners.map { "\($0.kind)/\($0.name)\($0.inferred ? "?" : "")" } ?? ["missing"]
        }
        #expect(owners("nginx-deployment-7b44dc87c5-5hrgb") == ["ReplicaSet/nginx-deployment-7b44dc87c5?", "Deployment/nginx-deployment?"])
        #expect(owners("kube-proxy-5fsfj") == ["DaemonSet/kube-proxy?"])
        #expect(owners("web-0") == ["StatefulSet/web?"])
        #expect(owners("etcd-master-node") == ["Node/master-node?"])
        #expect(owners("backup-28391234-x7k2p") == ["Job/backup-28391234?", "CronJob/backup?"])
        #expect(owners("standalone") == [])
    }

    @Test func ownersGivenByTheInputAreKept() {
        var p = pod("web-0", ip: "10.244.0.3", node: "n")
        p.owners = [OwnerReference(kind: "StatefulSet", name: "web", inferred: false)]
        let cluster = Cluster(resources: resources(pods: [p]))
        #expect(cluster.pods.first?.owners == [OwnerReference(kind: "StatefulSet", name: "web", inferred: false)])
    }

    @Test func endpointsAreCertainBackingAndWinOverSelector() {
        let cluster = guideCluster()
        let key = ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")
        let backing = cluster.backing(of: key)
        #expect(backing.map(\.pod.name) == ["nginx-deployment-7b44dc87c5-5hrgb", "nginx-deployment-7b44dc87c5-7nm9s", "nginx-deployment-7b44dc87c5-jtq5r"])
        #expect(backing.allSatisfy { $0.evidence == .endpoints })
        let info = cluster.backingInfo(of: key)
        #expect(info.source == .endpoints)
        #expect(info.endpoints.map(\.address) == ["172.16.180.193:80", "172.16.180.194:80", "172.16.203.129:80"])
        #expect(info.endpoints.map(\.nodeName) == ["worker-node1", "worker-node1", "worker-node2"])
    }

    @Test func podsPrintedWithoutNamespaceStillMatchTheService() {
        let cluster = guideCluster(podsNamespace: nil)
        #expect(cluster.backing(of: ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")).count == 3)
    }

    @Test func selectorMatchedToLabelsIsCertain() {
        let cluster = guideCluster(withEndpoints: false)
        let backing = cluster.backing(of: ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"))
        #expect(backing.count == 3)
        #expect(backing.allSatisfy { $0.evidence == .selectorLabels && $0.evidence.isCertain })
        #expect(cluster.services(backedBy: ObjectKey(namespace: "nginx-demo", name: "nginx-deployment-7b44dc87c5-jtq5r"))
                == [ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")])
    }

    @Test func selectorMatchedToNamesIsInferredWhenLabelsAreUnknown() {
        let cluster = Cluster(resources: resources(
            pods: [pod("nginx-deployment-7b44dc87c5-5hrgb", ip: "10.244.0.2", node: "n"),
                   pod("redis-0", ip: "10.244.0.3", node: "n")],
            services: [service("nginx", clusterIP: "10.96.5.5", selector: ["app": "nginx"])]))
        let backing = cluster.backing(of: ObjectKey(namespace: "default", name: "nginx"))
        #expect(backing == [Backing(pod: ObjectKey(namespace: "default", name: "nginx-deployment-7b44dc87c5-5hrgb"), evidence: .nameInferred)])
        #expect(!backing[0].evidence.isCertain)
        #expect(cluster.backingInfo(of: ObjectKey(namespace: "default", name: "nginx")).source == .nameInferred)
    }

    @Test func notReadyPodsAreLeftOutAndReported() {
        let cluster = Cluster(resources: resources(
            pods: [pod("web-a", ip: "10.244.0.2", node: "n", labels: ["app": "web"]),
                   pod("web-b", ip: "10.244.0.3", node: "n", labels: ["app": "web"], ready: "0/1", status: "CrashLoopBackOff")],
            services: [service("web", clusterIP: "10.96.5.5", selector: ["app": "web"])]))
        let key = ObjectKey(namespace: "default", name: "web")
        #expect(cluster.backing(of: key).map(\.pod.name) == ["web-a"])
        #expect(cluster.backingInfo(of: key).notReadyPods.map(\.name) == ["web-b"])
    }

    @Test func selectorMatchingNothingIsReported() {
        let cluster = Cluster(resources: resources(
            pods: [pod("web-a", ip: "10.244.0.2", node: "n", labels: ["app": "web"])],
            services: [service("api", clusterIP: "10.96.5.6", selector: ["app": "api"])]))
        let info = cluster.backingInfo(of: ObjectKey(namespace: "default", name: "api"))
        #expect(info.endpoints.isEmpty)
        #expect(info.selectorMatchesNothing)
    }

    @Test func emptyEndpointsListingMeansNoEndpointsEvenIfSelectorMatches() {
        let cluster = Cluster(resources: resources(
            pods: [pod("web-a", ip: "10.244.0.2", node: "n", labels: ["app": "web"], ready: "0/1", status: "Running")],
            services: [service("web", clusterIP: "10.96.5.5", selector: ["app": "web"])],
            endpoints: [endpoints("web", [])]))
        let info = cluster.backingInfo(of: ObjectKey(namespace: "default", name: "web"))
        #expect(info.source == .endpoints)
        #expect(info.endpoints.isEmpty)
        #expect(info.notReadyPods.map(\.name) == ["web-a"])
    }

    @Test func addressSchemeGuessesTheGuideRanges() {
        let scheme = guideCluster().addressScheme
        #expect(scheme.nodes?.cidr.description == "192.168.1.0/24")
        #expect(scheme.pods?.cidr.description == "172.16.0.0/16")
        #expect(scheme.services?.cidr.description == "10.96.0.0/12")
        #expect(scheme.nodePorts == [30007])
    }

    @Test func mergedDumpsBuildOneModel() {
        var all = resources(nodes: [node("worker-node1", "192.168.1.182")])
        all.merge(resources(pods: [pod("a", ip: "172.16.180.193", node: "worker-node1")]))
        var updated = pod("a", ip: "172.16.180.200", node: "worker-node1")
        updated.status = "Running"
        all.merge(resources(pods: [updated]))
        let cluster = Cluster(resources: all)
        #expect(cluster.diagnostics.isEmpty)
        #expect(cluster.pods.map { $0.ips.map(\.text) } == [["172.16.180.200"]])
        #expect(cluster.nodeIP("worker-node1")?.text == "192.168.1.182")
    }

    @Test func cidrCoveringAndConventionalRounding() throws {
        let ips = ["10.96.0.1", "10.96.0.10", "10.101.63.221"].compactMap(IPAddress.init)
        #expect(CIDR.covering(ips, longestPrefix: 32, shortestPrefix: 0)?.description == "10.96.0.0/13")
        #expect(CIDR.conventionalCovering(ips)?.description == "10.96.0.0/12")
        #expect(CIDR.covering(["10.0.0.1", "200.0.0.1"].compactMap(IPAddress.init), shortestPrefix: 8) == nil)
        let cidr = try #require(CIDR("10.244.0.0/16"))
        #expect(cidr.contains(try #require(IPAddress("10.244.200.1"))))
        #expect(!cidr.contains(try #require(IPAddress("10.245.0.1"))))
    }
}

@Suite struct NameInferenceTests {
    @Test func bareUnlabelledPodsMatchTheirExactName() {
        let cluster = Cluster(resources: resources(
            pods: [pod("web-1", ns: "demo", ip: "10.244.0.1", node: "n"), pod("web-2", ns: "demo", ip: "10.244.0.2", node: "n"),
                   pod("web-10", ns: "demo", ip: "10.244.0.10", node: "n")],
            services: [service("web-1", ns: "demo", clusterIP: "10.99.11.12", selector: ["app": "web-1"])]))
        #expect(cluster.backing(of: ObjectKey(namespace: "demo", name: "web-1")).map(\.pod.name) == ["web-1"])
    }

    @Test func selectorValueMatchesOwnerNamePrefixOnlyAtADash() {
        let cluster = Cluster(resources: resources(
            pods: [pod("app-5-deployment-7b44dc87c5-x7k2p", ns: "t", ip: "10.1.0.1", node: "n"),
                   pod("app-50-deployment-7b44dc87c5-x7k2q", ns: "t", ip: "10.1.0.2", node: "n"),
                   pod("app-5-deployment-7b44dc87c5-x7k2r", ns: "other", ip: "10.1.0.3", node: "n")],
            services: [service("s", ns: "t", clusterIP: "10.96.0.5", selector: ["app": "app-5", "tier": "web"])]))
        #expect(cluster.backing(of: ObjectKey(namespace: "t", name: "s")).map(\.pod.name) == ["app-5-deployment-7b44dc87c5-x7k2p"])
    }
}

@Suite struct PlaceholderDiagnosticTests {
    @Test func manyMissingNodesAreCappedWithASummary() {
        let pods = (0..<30).map { pod("p\($0)", ip: "10.244.\($0).5", node: "ghost-\($0)") }
        let cluster = Cluster(resources: resources(nodes: [node("real", "10.0.0.1")], pods: pods))
        #expect(cluster.nodes.count == 31)
        #expect(cluster.diagnostics.count == 21)
        #expect(cluster.diagnostics.last?.message.hasPrefix("10 more nodes") == true)
    }

    @Test func podsOnlyDumpGetsOneNoteNamingTheNodes() {
        let pods = (0..<8).map { pod("p\($0)", ip: "10.244.\($0).5", node: "n\($0)") }
        let cluster = Cluster(resources: resources(pods: pods))
        #expect(cluster.diagnostics.count == 1)
        #expect(cluster.diagnostics.first?.message.contains("8 nodes (n0, n1, n2, n3, n4, …)") == true)
    }
}

@Suite struct PlaceholderIPTests {
    @Test func placeholderNodeGetsItsIPFromKubeProxy() {
        let cluster = Cluster(resources: resources(pods: [
            pod("kube-proxy-5fsfj", ns: "kube-system", ip: "192.168.1.182", node: "worker-node1"),
            pod("etcd-master-node", ns: "kube-system", ip: "192.168.1.181", node: "master-node"),
            pod("web-0", ip: "172.16.180.193", node: "worker-node1"),
            pod("web-1", ip: "172.16.203.129", node: "worker-node2"),
        ]))
        #expect(cluster.nodeIP("worker-node1")?.text == "192.168.1.182")
        #expect(cluster.nodeIP("master-node")?.text == "192.168.1.181")
        #expect(cluster.nodeIP("worker-node2") == nil)
        #expect(cluster.isNodeIPInferred("worker-node1"))
        #expect(cluster.usesHostNetwork(ObjectKey(namespace: "kube-system", name: "kube-proxy-5fsfj")))
        #expect(!cluster.usesHostNetwork(ObjectKey(namespace: "default", name: "web-0")))
        #expect(cluster.podRange(ofNode: "worker-node1")?.cidr.description == "172.16.180.0/24")
    }

    @Test func listedNodesKeepTheirOwnIPs() {
        let cluster = Cluster(resources: resources(nodes: [node("worker-node1", "10.0.0.5")],
                                                   pods: [pod("kube-proxy-5fsfj", ns: "kube-system", ip: "10.0.0.5", node: "worker-node1")]))
        #expect(!cluster.isNodeIPInferred("worker-node1"))
        #expect(cluster.nodeIP("worker-node1")?.text == "10.0.0.5")
    }
}

@Suite struct TruncatedEndpointsTests {
    @Test func morePrintedAsCountIsFilledFromTheSelector() {
        var set = endpoints("web", ["10.244.0.2:8080"])
        set.notShownCount = 1
        let cluster = Cluster(resources: resources(
            pods: [pod("web-a", ip: "10.244.0.2", node: "n", labels: ["app": "web"]),
                   pod("web-b", ip: "10.244.0.3", node: "n", labels: ["app": "web"]),
                   pod("web-c", ip: "10.244.0.4", node: "n", labels: ["app": "web"])],
            services: [service("web", clusterIP: "10.96.5.5", selector: ["app": "web"])],
            endpoints: [set]))
        let info = cluster.backingInfo(of: ObjectKey(namespace: "default", name: "web"))
        #expect(info.endpoints.map(\.address) == ["10.244.0.2:8080", "10.244.0.3:8080"])
        #expect(info.endpoints.map(\.evidence) == [.endpoints, .selectorLabels])
        #expect(info.notShownCount == 1)
    }
}

@Suite struct ResourceRemoval {
    static func pod(_ name: String) -> Pod {
        Pod(key: ObjectKey(namespace: "ns", name: name), status: "Running")
    }

    @Test func removingKeepsEveryOtherRecordFindable() {
        var resources = Resources()
        for name in ["a", "b", "c", "d"] { resources.upsert(Self.pod(name)) }
        let removed1 = resources.removePod(ObjectKey(namespace: "ns", name: "b"))
        #expect(removed1)
        let removed2 = resources.removePod(ObjectKey(namespace: "ns", name: "b"))
        #expect(!removed2)
        #expect(resources.pods.count == 3)
        for name in ["a", "c", "d"] { #expect(resources.pod(ObjectKey(namespace: "ns", name: name))?.name == name) }
        // An upsert after a removal replaces in place and appends new keys.
        var updated = Self.pod("d")
        updated.status = "Terminating"
        resources.upsert(updated)
        resources.upsert(Self.pod("e"))
        #expect(resources.pods.count == 4)
        #expect(resources.pod(ObjectKey(namespace: "ns", name: "d"))?.status == "Terminating")
        let removed3 = resources.removePod(ObjectKey(namespace: "ns", name: "e"))
        #expect(removed3)
        let removed4 = resources.removePod(ObjectKey(namespace: "ns", name: "a"))
        #expect(removed4)
        #expect(Set(resources.pods.map(\.name)) == ["c", "d"])
    }

    @Test func removingTheLastRecordEmpties() {
        var resources = Resources()
        resources.upsert(Node(name: "node-1"))
        let removedNode = resources.removeNode(named: "node-1")
        #expect(removedNode)
        #expect(resources.isEmpty)
        #expect(resources.node(named: "node-1") == nil)
    }
}
