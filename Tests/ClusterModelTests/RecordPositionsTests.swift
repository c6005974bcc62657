import ClusterModel
import Testing

/// `Resources` finds records through `RecordPositions`, an open-addressing table whose removals shift entries back:
/// upserts, replacements, removals and lookups in any order must answer as a dictionary of the live records does.
@Suite struct RecordPositionsTests {
    /// A small deterministic generator (a 64-bit LCG), so that every run draws the same operations.
    struct Draws {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("random upserts, replacements and removals answer as a dictionary does", arguments: [1, 2, 3, 4])
    func againstDictionary(seed: UInt64) {
        var draws = Draws(state: seed)
        var resources = Resources()
        var expected: [ObjectKey: String] = [:]
        // Few keys, many operations: runs in the table fill, wrap and empty again, and it grows several times.
        let keys = (0..<300).map { ObjectKey(namespace: $0.isMultiple(of: 3) ? nil : "ns-\($0 % 7)", name: "pod-\($0)") }
        for step in 0..<6_000 {
            let key = keys[draws.next(step < 2_000 ? 60 : keys.count)]
            switch draws.next(3) {
            case 0, 1:
                let status = "s\(step)"
                resources.upsert(Pod(key: key, status: status))
                expected[key] = status
            default:
                #expect(resources.removePod(key) == (expected.removeValue(forKey: key) != nil))
            }
            if step.isMultiple(of: 97) {
                for probe in keys { #expect(resources.pod(probe)?.status == expected[probe], "\(probe) at \(step)") }
            }
        }
        #expect(resources.pods.count == expected.count)
        for pod in resources.pods { #expect(expected[pod.key] == pod.status) }
        for probe in keys { #expect(resources.pod(probe)?.status == expected[probe]) }
    }

    @Test("reserved room changes no answer, and equal records make equal resources")
    func reservedAndEqual() {
        var reserved = Resources()
        reserved.reserveCapacity(nodes: 5_000, pods: 200_000, services: 20_000)
        var plain = Resources()
        for index in 0..<2_000 {
            let pod = Pod(key: ObjectKey(namespace: "team-\(index % 10)", name: "web-\(index)"), status: "Running")
            reserved.upsert(pod)
            plain.upsert(pod)
            reserved.upsert(Node(name: "node-\(index % 50)", status: "Ready"))
            plain.upsert(Node(name: "node-\(index % 50)", status: "Ready"))
        }
        #expect(reserved == plain)
        #expect(reserved.pod(ObjectKey(namespace: "team-3", name: "web-1993"))?.status == "Running")
        #expect(reserved.node(named: "node-49") != nil && reserved.nodes.count == 50)
        let removed = reserved.removePod(ObjectKey(namespace: "team-3", name: "web-1993"))
        #expect(removed)
        #expect(reserved != plain)
    }
}
