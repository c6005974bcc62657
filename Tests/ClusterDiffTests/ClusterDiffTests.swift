import ClusterDiff
import ClusterModel
import KubeText
import ModelBuilders
import Testing

/// Two versions of a small cluster (three nginx pods behind a NodePort), changed the way
/// clusters change: a rollout, a drain, a scale-down, a type change.
@Suite struct ClusterDiffTests {
    static let nginx = ["app": "nginx"]

    static func web(
        pods: [Pod], type: ServiceType = .nodePort, ports: [ServicePort] = [ServicePort(port: 80, nodePort: 30007)],
        endpointAddresses: [String]? = nil, policy: TrafficPolicy? = nil
    ) -> Cluster {
        var web = service("web", type: type, clusterIP: "10.96.0.20", ports: ports, selector: nginx)
        web.externalTrafficPolicy = policy
        let sets = endpointAddresses.map { [endpoints("web", $0)] } ?? []
        return Cluster(
            resources: resources(
                nodes: [node("a", "192.168.1.1"), node("b", "192.168.1.2")], pods: pods,
                services: [web], endpoints: sets))
    }

    static let threePods = [
        pod("web-1", ip: "10.1.0.1", node: "a", labels: nginx),
        pod("web-2", ip: "10.1.0.2", node: "a", labels: nginx),
        pod("web-3", ip: "10.1.1.3", node: "b", labels: nginx),
    ]

    @Test func sameClusterHasNoDifferences() {
        let diff = ClusterDiff(before: Self.web(pods: Self.threePods), after: Self.web(pods: Self.threePods))
        #expect(diff.isEmpty)
        #expect(DiffText.render(diff, beforeName: "a", afterName: "b").hasSuffix("no differences\n"))
    }

    @Test func podMovedToAnotherNodeWithNewIP() throws {
        var after = Self.threePods
        after[0].nodeName = "b"
        after[0].ips = [try #require(IPAddress("10.1.1.9"))]
        let diff = ClusterDiff(before: Self.web(pods: Self.threePods), after: Self.web(pods: after))
        let change = try #require(diff.pods.first)
        #expect(diff.pods.count == 1)
        #expect(change.change == .changed && change.movedNode)
        #expect(
            change.fields == [
                FieldChange(field: "node", before: "a", after: "b"),
                FieldChange(field: "ip", before: "10.1.0.1", after: "10.1.1.9"),
            ])
        // Same number of pods behind the service, one of them a different address.
        let endpoints = try #require(diff.endpoints.first)
        #expect(endpoints.gained == ["10.1.1.9:80 (default/web-1)"])
        #expect(endpoints.lost == ["10.1.0.1:80 (default/web-1)"])
        #expect(diff.paths.map(\.summary) == ["nodeport:default/web still reaches 3 pods, but not the same ones"])
    }

    @Test func scaleDownIsAPathChangeWithCounts() throws {
        let before = Self.web(pods: Self.threePods, endpointAddresses: ["10.1.0.1:80", "10.1.0.2:80", "10.1.1.3:80"])
        let after = Self.web(pods: Array(Self.threePods.prefix(2)), endpointAddresses: ["10.1.0.1:80", "10.1.0.2:80"])
        let diff = ClusterDiff(before: before, after: after)
        #expect(diff.pods.map(\.change) == [.removed])
        #expect(diff.pods.first?.fields.first { $0.field == "node" }?.before == "b")
        let path = try #require(diff.paths.first)
        #expect(path.flow == "nodeport:default/web")
        #expect(path.endpointsBefore == 3 && path.endpointsAfter == 2)
        #expect(path.summary == "nodeport:default/web now reaches 2 pods instead of 3")
        #expect(diff.endpoints.first?.lost == ["10.1.1.3:80 (default/web-3)"])
        #expect(diff.endpoints.first?.gained == [])
    }

    @Test func noEndpointsLeftSaysWhatKubeProxyDoes() throws {
        var crashing = Self.threePods
        for index in crashing.indices {
            crashing[index].status = "CrashLoopBackOff"
            crashing[index].ready = ReadyCount(ready: 0, total: 1)
        }
        let diff = ClusterDiff(before: Self.web(pods: Self.threePods), after: Self.web(pods: crashing))
        #expect(diff.pods.count == 3)
        #expect(
            diff.pods.allSatisfy {
                $0.fields.contains(FieldChange(field: "status", before: "Running", after: "CrashLoopBackOff"))
            })
        let summary = try #require(diff.paths.first?.summary)
        #expect(summary.hasPrefix("nodeport:default/web now reaches no pod"))
        #expect(summary.contains("reject"))
        #expect(summary.hasSuffix("instead of 3"))
    }

    @Test func serviceTypeAndPortsChange() throws {
        let before = Self.web(pods: Self.threePods, type: .clusterIP, ports: [ServicePort(port: 80)])
        let after = Self.web(pods: Self.threePods)
        let diff = ClusterDiff(before: before, after: after)
        let change = try #require(diff.services.first)
        #expect(
            change.fields == [
                FieldChange(field: "type", before: "ClusterIP", after: "NodePort"),
                FieldChange(field: "ports", before: "80/TCP", after: "80:30007/TCP"),
            ])
        #expect(
            diff.paths.map(\.summary) == ["nodeport:default/web was clusterip:default/web (the service's type changed)"]
        )
        #expect(diff.endpoints.isEmpty)
    }

    @Test func addedAndRemovedServicesAndNodes() throws {
        let before = Self.web(pods: Self.threePods)
        var all = resources(
            nodes: [node("a", "192.168.1.1"), node("c", "192.168.1.3", status: "NotReady")], pods: Self.threePods)
        all.upsert(service("api", clusterIP: "10.96.0.30", selector: Self.nginx))
        let diff = ClusterDiff(before: before, after: Cluster(resources: all))
        #expect(diff.nodes.map(\.name) == ["b", "c"])
        #expect(diff.nodes.map(\.change) == [.removed, .added])
        #expect(diff.services.map(\.service.name) == ["api", "web"])
        #expect(diff.services.map(\.change) == [.added, .removed])
        #expect(
            diff.paths.map(\.summary) == [
                "clusterip:default/api is new: it reaches 3 pods",
                "nodeport:default/web is gone: the service is no longer in the input",
            ])
    }

    @Test func unknownFieldsAreNotChanges() {
        // A table dump hides selectors and policies: nil on one side is not a difference.
        var withPolicy = Self.web(pods: Self.threePods, policy: .local).resources
        var plain = Self.web(pods: Self.threePods).resources
        var hidden = plain.services[0]
        hidden.selector = nil
        plain.upsert(hidden)
        var shown = withPolicy.services[0]
        shown.selector = Self.nginx
        withPolicy.upsert(shown)
        let diff = ClusterDiff(before: Cluster(resources: plain), after: Cluster(resources: withPolicy))
        #expect(diff.services.isEmpty)
    }

    @Test func localPolicyNamesTheNodesThatAnswer() throws {
        let before = Self.web(pods: Self.threePods, policy: .local)
        var after = Self.threePods
        after[2].nodeName = "a"
        let diff = ClusterDiff(before: before, after: Self.web(pods: after, policy: .local))
        let summary = try #require(diff.paths.first?.summary)
        #expect(summary.contains("externalTrafficPolicy Local only nodes with a local endpoint answer: a (were a, b)"))
    }

    @Test func namespaceNotPrintedMatchesDefault() {
        let printed = Cluster(resources: resources(pods: [pod("web-1", ns: "default", ip: "10.1.0.1", node: "a")]))
        let unprinted = Cluster(resources: resources(pods: [pod("web-1", ns: nil, ip: "10.1.0.1", node: "a")]))
        #expect(ClusterDiff(before: printed, after: unprinted).isEmpty)
    }

    @Test func textIsDiffLikeAndSanitized() throws {
        var after = Self.threePods
        after.append(pod("evil-\u{1B}[2J", ip: "10.1.0.9", node: "a"))
        let diff = ClusterDiff(before: Self.web(pods: Self.threePods), after: Self.web(pods: after))
        let text = DiffText.render(diff, beforeName: "before.txt", afterName: "after.txt")
        #expect(!text.contains("\u{1B}"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "--- before.txt")
        #expect(lines.contains("+ pod default/evil-?[2J (node a, ip 10.1.0.9, status Running)"))
        #expect(lines.last == "changed: 1 pod")
    }

    @Test func parsedDumpsCompare() throws {
        let before = """
            NAME    READY   STATUS    RESTARTS   AGE   IP         NODE
            web-1   1/1     Running   0          1d    10.1.0.1   a
            web-2   1/1     Running   0          1d    10.1.0.2   b
            """
        let after = """
            NAME    READY   STATUS    RESTARTS   AGE   IP         NODE
            web-1   1/1     Running   0          1d    10.1.0.1   a
            web-2   0/1     Running   4          1d    10.1.0.2   b
            """
        func cluster(_ text: String) -> Cluster {
            let parsed = KubeText.parse(bytes: Array(text.utf8), source: "t")
            return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        }
        let diff = ClusterDiff(before: cluster(before), after: cluster(after))
        #expect(diff.pods.map(\.pod.name) == ["web-2"])
        #expect(
            diff.pods.first?.fields == [
                FieldChange(field: "ready", before: "1/1", after: "0/1"),
                FieldChange(field: "restarts", before: "0", after: "4"),
            ])
    }
}
