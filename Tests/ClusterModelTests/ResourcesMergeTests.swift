import ClusterModel
import Testing

/// `merge` takes a kind whole when this side has none of it, and
/// `reserveCapacity` only makes room: both must give exactly what upserting
/// record by record gives.
@Suite struct ResourcesMergeTests {
    static func pods(_ names: [String], namespace: String = "default", status: String = "Running") -> Resources {
        var resources = Resources()
        for name in names { resources.upsert(Pod(key: ObjectKey(namespace: namespace, name: name), status: status)) }
        return resources
    }

    /// What merging must equal: every record of `other` upserted into `base`.
    static func upsertedOneByOne(_ base: Resources, _ other: Resources) -> Resources {
        var result = base
        other.nodes.forEach { result.upsert($0) }
        other.pods.forEach { result.upsert($0) }
        other.services.forEach { result.upsert($0) }
        other.endpoints.forEach { result.upsert($0) }
        other.ingresses.forEach { result.upsert($0) }
        other.workloads.forEach { result.upsert($0) }
        return result
    }

    @Test("merging into a side without that kind equals upserting each record, and later upserts still replace")
    func mergeIntoEmptyKind() {
        var nodesOnly = Resources()
        nodesOnly.upsert(Node(name: "worker-1", status: "Ready"))
        let pods = Self.pods(["web-1", "web-2", "web-3"])
        var merged = nodesOnly
        merged.merge(pods)
        #expect(merged == Self.upsertedOneByOne(nodesOnly, pods))
        #expect(merged.pods.map(\.name) == ["web-1", "web-2", "web-3"])
        // The taken index still finds and replaces records in place.
        merged.upsert(Pod(key: ObjectKey(namespace: "default", name: "web-2"), status: "Pending"))
        #expect(merged.pods.map(\.status) == ["Running", "Pending", "Running"])
        #expect(merged.pod(ObjectKey(namespace: "default", name: "web-3"))?.status == "Running")
        // The merged-from side is not changed by that.
        #expect(pods.pods.map(\.status) == ["Running", "Running", "Running"])
    }

    @Test("merging into a side that has that kind upserts: replacements in place, new ones appended")
    func mergeIntoExistingKind() {
        let first = Self.pods(["a", "b"])
        let second = Self.pods(["b", "c"], status: "Failed")
        var merged = first
        merged.merge(second)
        #expect(merged == Self.upsertedOneByOne(first, second))
        #expect(merged.pods.map(\.name) == ["a", "b", "c"])
        #expect(merged.pods.map(\.status) == ["Running", "Failed", "Failed"])
    }

    @Test("reserving room changes nothing but capacity")
    func reserve() {
        var reserved = Resources()
        reserved.reserveCapacity(nodes: 10, pods: 5_000, services: 300)
        var plain = Resources()
        for index in 0..<2_000 {
            let pod = Pod(key: ObjectKey(namespace: "team-\(index % 7)", name: "pod-\(index)"), status: "Running")
            reserved.upsert(pod)
            plain.upsert(pod)
        }
        reserved.upsert(Pod(key: ObjectKey(namespace: "team-3", name: "pod-3"), status: "Failed"))
        plain.upsert(Pod(key: ObjectKey(namespace: "team-3", name: "pod-3"), status: "Failed"))
        #expect(reserved == plain)
        #expect(reserved.pods.count == 2_000)
        #expect(reserved.pod(ObjectKey(namespace: "team-3", name: "pod-3"))?.status == "Failed")
    }
}
