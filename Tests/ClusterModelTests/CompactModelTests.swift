import Foundation
import ModelBuilders
import Testing
@testable import ClusterModel

/// The model keeps pods compactly (inferred owners as lengths into the name,
/// IPv4 values, position indexes). These tests hold the compact forms to the
/// answers of the plain ones they replaced.
@Suite struct CompactModelTests {
    /// Owner inference as first written (String splitting), kept as the oracle
    /// for the byte-scanning version.
    static func referenceOwners(ofPod name: String, nodeName: String?, status: String,
                                knownKind: (String) -> WorkloadKind?) -> [OwnerReference] {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if let node = nodeName, !node.isEmpty, name.hasSuffix("-" + node), name.count > node.count + 1 {
            return [OwnerReference(kind: "Node", name: node, inferred: true)]
        }
        guard parts.count >= 2, let last = parts.last, !last.isEmpty else { return [] }
        let prefix = parts.dropLast().joined(separator: "-")
        guard !prefix.isEmpty else { return [] }
        if last.allSatisfy(\.isNumber), last.count <= 5 {
            return [OwnerReference(kind: knownKind(prefix)?.rawValue ?? "StatefulSet", name: prefix, inferred: true)]
        }
        let alphabet = Set("bcdfghjklmnpqrstvwxz2456789".utf8)
        func isGenerated(_ text: String) -> Bool { text.utf8.allSatisfy { alphabet.contains($0) } }
        guard last.utf8.count == 5, isGenerated(last) else { return [] }
        if parts.count >= 3, let middle = parts.dropLast().last, !middle.isEmpty {
            let ownerOfOwner = parts.dropLast(2).joined(separator: "-")
            if !ownerOfOwner.isEmpty {
                if middle.utf8.count >= 8, middle.allSatisfy(\.isNumber) {
                    return [OwnerReference(kind: "Job", name: prefix, inferred: true),
                            OwnerReference(kind: "CronJob", name: ownerOfOwner, inferred: true)]
                }
                if (6...10).contains(middle.utf8.count), isGenerated(middle), knownKind(prefix) == nil || knownKind(prefix) == .replicaSet {
                    return [OwnerReference(kind: "ReplicaSet", name: prefix, inferred: true),
                            OwnerReference(kind: "Deployment", name: ownerOfOwner, inferred: true)]
                }
            }
        }
        let kind: WorkloadKind = knownKind(prefix) ?? (status == "Completed" || status == "Succeeded" ? .job : .daemonSet)
        return [OwnerReference(kind: kind.rawValue, name: prefix, inferred: true)]
    }

    /// Names built from the pieces that matter (dashes, digits, generated
    /// and other letters, Unicode, controls), deterministically.
    static func generatedNames(count: Int) -> [(name: String, node: String?)] {
        let pieces = ["web", "nginx-deployment", "7b44dc87c5", "5hrgb", "0", "12", "123456", "28391234", "x7k2p", "aeiou",
                      "", "n1", "master-node", "kube-proxy", "bcdfg", "2456789", "é", "e\u{301}", "\u{1B}[2J", "Ω", "K", "\u{212A}", "a b"]
        let nodes: [String?] = [nil, "", "n1", "master-node", "5hrgb", "\u{212A}", "é", "node-0"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        return (0..<count).map { _ in
            let name = (0..<(1 + next(4))).map { _ in pieces[next(pieces.count)] }.joined(separator: "-")
            return (name, nodes[next(nodes.count)])
        }
    }

    @Test func ownerInferenceByBytesMatchesTheStringVersion() {
        let workloads: [String: WorkloadKind] = ["web": .statefulSet, "kube-proxy": .daemonSet, "nginx-deployment-7b44dc87c5": .replicaSet,
                                                 "nginx-deployment": .deployment, "12-0": .job]
        var checked = 0
        for (name, node) in Self.generatedNames(count: 20_000) + [("nginx-deployment-7b44dc87c5-5hrgb", "n1"), ("etcd-master-node", "master-node"),
                                                                  ("web-0", nil), ("backup-28391234-x7k2p", nil), ("-abcde", nil), ("a--bcdfg", nil)] {
            for status in ["Running", "Completed"] {
                for known in [{ (_: String) -> WorkloadKind? in nil }, { workloads[$0] }] {
                    let expected = Self.referenceOwners(ofPod: name, nodeName: node, status: status, knownKind: known)
                    let actual = OwnerInference.owners(ofPod: name, nodeName: node, status: status, knownKind: known)
                    #expect(actual == expected, "\(name) on \(node ?? "nil")")
                    checked += 1
                }
            }
        }
        #expect(checked > 80_000)
    }

    @Test func printableASCIICheckFindsEveryOtherByteAtEveryPosition() {
        for length in [0, 1, 7, 8, 9, 16, 17] {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(plain.withUnsafeBufferPointer(OwnerInference.isPrintableASCII))
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var bytes = plain
                    bytes[position] = byte
                    let expected = (0x21...0x7E).contains(byte)
                    #expect(bytes.withUnsafeBufferPointer(OwnerInference.isPrintableASCII) == expected, "byte \(byte) at \(position) of \(length)")
                }
            }
        }
        // Neighbours that could hide each other's borrow: a control byte beside a high one.
        #expect(![UInt8]([0x61, 0x10, 0xFF, 0x61, 0x61, 0x61, 0x61, 0x61]).withUnsafeBufferPointer(OwnerInference.isPrintableASCII))
        #expect(![UInt8]([0x21, 0x20, 0x7E, 0x7F, 0x21, 0x21, 0x21, 0x21, 0x21]).withUnsafeBufferPointer(OwnerInference.isPrintableASCII))
    }

    @Test func clusterPodsCarryTheSameOwnersAsInferringEachName() {
        let names = Self.generatedNames(count: 2_000)
        let pods = names.enumerated().map { index, entry in
            pod("\(entry.name)", ns: "ns\(index % 3)", ip: "10.1.\(index / 250).\(index % 250)", node: entry.node,
                status: index % 5 == 0 ? "Completed" : "Running")
        }
        // A listed node spelled differently from the pods' NODE text (Kelvin sign vs K).
        let spelled = [pod("etcd-K", ip: "10.2.0.1", node: "\u{212A}"), pod("etcd-\u{212A}", ip: "10.2.0.2", node: "K"),
                       pod("web-K", ip: "10.2.0.3", node: "K")]
        var records = resources(nodes: [node("K", "10.0.0.1")], pods: pods + spelled)
        records.upsert(Workload(kind: .statefulSet, key: ObjectKey(namespace: "ns0", name: "web")))
        let cluster = Cluster(resources: records)
        for pod in cluster.pods {
            let expected = Self.referenceOwners(ofPod: pod.name, nodeName: pod.nodeName, status: pod.status,
                                                knownKind: { $0 == "web" ? .statefulSet : nil })
            #expect(pod.owners == expected, "\(pod.name)")
            #expect(pod.topOwnerName == expected.last?.name, "\(pod.name)")
            for owner in expected { #expect(pod.hasOwner(named: owner.name), "\(pod.name) owned by \(owner.name)") }
            #expect(!pod.hasOwner(named: pod.name + "-x"))
        }
    }

    @Test func ownersSetOnAClusterPodReplaceTheInferredOnes() throws {
        let cluster = Cluster(resources: resources(pods: [pod("web-0", ip: "10.244.0.3", node: "n")]))
        var record = try #require(cluster.pods.first)
        #expect(record.owners == [OwnerReference(kind: "StatefulSet", name: "web", inferred: true)])
        #expect(record.topOwnerName == "web" && record.hasOwner(named: "web") && !record.hasOwner(named: "we"))
        record.owners = []
        #expect(record.owners.isEmpty)
        record.owners.append(OwnerReference(kind: "ReplicaSet", name: "other", inferred: false))
        #expect(record.owners == [OwnerReference(kind: "ReplicaSet", name: "other", inferred: false)])
        #expect(record.topOwnerName == "other" && record.hasOwner(named: "other") && !record.hasOwner(named: "web"))
        var renamed = try #require(cluster.pods.first)
        renamed.key = ObjectKey(namespace: "default", name: "standalone")
        #expect(renamed.owners.isEmpty)
    }

    @Test func ownerNameQueriesAgreeWithTheOwnerRecords() {
        let cluster = Cluster(resources: resources(pods: [
            pod("K-0", ip: "10.0.0.1", node: "n"), pod("caf\u{E9}-0", ip: "10.0.0.2", node: "n"),
            pod("nginx-7b44dc87c5-5hrgb", ip: "10.0.0.3", node: "n"), pod("etcd-n", ip: "10.0.0.4", node: "n"),
            pod("backup-28391234-x7k2p", ip: "10.0.0.5", node: "n"), pod("plain", ip: "10.0.0.6", node: "n"),
        ]))
        let names = ["K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "nginx", "nginx-7b44dc87c5", "nginx-7b44dc87c", "n", "etcd",
                     "backup", "backup-28391234", "plain", ""]
        for pod in cluster.pods {
            #expect(pod.topOwnerName == pod.owners.last?.name, "\(pod.name)")
            for name in names {
                #expect(pod.hasOwner(named: name) == pod.owners.contains { $0.name == name }, "\(pod.name) owned by \(name)")
            }
        }
        #expect(cluster.pods.first?.hasOwner(named: "\u{212A}") == true)
    }

    @Test func podJSONKeepsOneOwnersArrayGivenOrInferred() throws {
        let cluster = Cluster(resources: resources(pods: [pod("nginx-7b44dc87c5-5hrgb", ip: "10.244.0.3", node: "n")]))
        let record = try #require(cluster.pods.first)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any]
        let owners = json?["owners"] as? [[String: Any]]
        #expect(owners?.compactMap { $0["name"] as? String } == ["nginx-7b44dc87c5", "nginx"])
        let ips = json?["ips"] as? [[String: Any]]
        #expect(ips?.first?["text"] as? String == "10.244.0.3")
        #expect(ips?.first?["isIPv6"] as? Bool == false)
        #expect(Set(json?.keys.map { $0 } ?? []) == ["key", "ready", "status", "ips", "nodeName", "owners", "containerPorts", "extra"])
        let decoded = try JSONDecoder().decode(Pod.self, from: JSONEncoder().encode(record))
        #expect(decoded.owners == record.owners)
        #expect(decoded.ips == record.ips)
        #expect(decoded.name == record.name && decoded.ready == record.ready && decoded.nodeName == record.nodeName)
    }

    @Test func mergingIntoAnEmptyKindTakesItWholeAndStillUpserts() {
        let nodes = resources(nodes: [node("a", "10.0.0.1")])
        let pods = resources(pods: [pod("p", ip: "10.244.0.1", node: "a"), pod("q", ip: "10.244.0.2", node: "a")])
        var merged = Resources()
        merged.merge(nodes)
        merged.merge(pods)
        #expect(merged.nodes == nodes.nodes && merged.pods == pods.pods)
        #expect(merged.pod(ObjectKey(namespace: "default", name: "q"))?.ips.first?.text == "10.244.0.2")
        // A later record still replaces the earlier one in place, through the index taken over.
        merged.merge(resources(pods: [pod("p", ip: "10.244.0.9", node: "a"), pod("r", ip: "10.244.0.3", node: "a")]))
        #expect(merged.pods.map(\.name) == ["p", "q", "r"])
        #expect(merged.pod(ObjectKey(namespace: "default", name: "p"))?.ips.first?.text == "10.244.0.9")
        merged.upsert(pod("q", ip: "10.244.0.7", node: "a"))
        #expect(merged.pods.count == 3 && merged.pods[checked: 1]?.ips.first?.text == "10.244.0.7")
    }

    @Test func ipv4AddressesKeepTheirValueAndCompareAsBefore() throws {
        let address = try #require(IPAddress("10.244.1.5"))
        #expect(address.ipv4Value == 0x0AF4_0105)
        #expect(IPAddress("::1")?.ipv4Value == nil)
        #expect(IPAddress("256.1.1.1") == nil && IPAddress("1.2.3") == nil && IPAddress("1.2.3.4.") == nil && IPAddress("1..2.3") == nil)
        #expect(IPAddress("10.244.1.5") == address)
        #expect(IPAddress("10.244.1.6") != address)
        #expect(IPAddress("9.255.255.255").map { $0 < address } == true)
        #expect(Set([address, try #require(IPAddress("10.244.1.5")), try #require(IPAddress("fd00::5"))]).count == 2)
        let decoded = try JSONDecoder().decode(IPAddress.self, from: JSONEncoder().encode(address))
        #expect(decoded == address && decoded.ipv4Value == address.ipv4Value)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IPAddress.self, from: Data(#"{"text":"not-an-ip","isIPv6":false}"#.utf8))
        }
    }

    @Test func podIndexesAnswerByPosition() throws {
        let cluster = Cluster(resources: resources(
            nodes: [node("a", "10.0.0.1"), node("b", "10.0.0.2")],
            pods: [pod("p1", ip: "10.244.0.5", node: "a"), pod("kube-proxy-x", ip: "10.0.0.1", node: "a"),
                   pod("p2", ip: "10.244.1.5", node: "b"), pod("kube-proxy-y", ip: "10.0.0.2", node: "b"),
                   pod("p3", ip: "10.244.0.6", node: "a"), pod("p4", ip: "10.244.9.9", node: "")],
            services: [service("s1", clusterIP: "10.96.0.10", selector: ["app": "p1"]),
                       service("s2", clusterIP: "10.96.0.11", selector: ["app": "p"])]))
        #expect(cluster.podPositions(onNode: "a") == [0, 1, 4])
        #expect(cluster.pods(onNode: "b").map(\.name) == ["p2", "kube-proxy-y"])
        #expect(cluster.pods(onNode: "").map(\.name) == ["p4"])
        #expect(cluster.pods(onNode: "ghost").isEmpty)
        #expect(cluster.pods(withIP: try #require(IPAddress("10.0.0.1"))).map(\.name) == ["kube-proxy-x"])
        #expect(cluster.pods(withIP: try #require(IPAddress("10.244.0.6"))).map(\.name) == ["p3"])
        #expect(cluster.services(backedBy: ObjectKey(namespace: "default", name: "p1")).map(\.name) == ["s1"])
        #expect(cluster.serviceLinks(ofPodAt: 0).map(\.position) == [0])
        #expect(cluster.serviceLinks(ofPodAt: 0).map(\.inferred) == [true])
        #expect(cluster.serviceLinks(ofPodAt: 99).isEmpty)
        #expect(cluster.isHostNetworkInferred(ObjectKey(namespace: "default", name: "kube-proxy-y")))
        #expect(!cluster.usesHostNetwork(ObjectKey(namespace: "default", name: "p2")))
        #expect(cluster.addressScheme.pods?.addressCount == 4)
        #expect(cluster.addressScheme.pods?.example.text == "10.244.0.5")
    }

    @Test func podsOnOneAddressKeepInputOrder() throws {
        var index = PodAddressIndex(expectedCount: 4)
        let shared = try #require(IPAddress("10.0.0.1"))
        let v6 = try #require(IPAddress("fd00::1"))
        for position in [2, 5, 9] { index.insert(shared, at: position) }
        index.insert(v6, at: 3)
        index.insert(v6, at: 4)
        #expect(index.positions(of: shared) == [2, 5, 9])
        #expect(index.positions(of: v6) == [3, 4])
        #expect(index.positions(of: try #require(IPAddress("10.0.0.2"))).isEmpty)
    }

    @Test func serviceLinksCountAPodOncePerService() throws {
        func backing(_ positions: [Int32], evidence: BackingEvidence) -> StoredBacking {
            var backing = StoredBacking()
            backing.source = evidence == .nameInferred ? .nameInferred : .selectorLabels
            backing.evidence = evidence
            backing.selected = positions
            return backing
        }
        // Endpoints listing one pod on two ports, and another pod twice apart.
        var listed = StoredBacking()
        listed.source = .endpoints
        let keys = (0..<3).map { ObjectKey(namespace: "default", name: "p\($0)") }
        let ip = try #require(IPAddress("10.0.0.9"))
        listed.listed = [keys[2], keys[2], keys[1], nil, keys[2]].map { key in
            ServiceEndpoint(ip: ip, port: 80, pod: key, nodeName: nil, evidence: .endpoints)
        }
        let links = PodServiceLinks(podCount: 3, backings: [backing([0, 2], evidence: .nameInferred), backing([], evidence: .selectorLabels), listed],
                                    podPosition: { keys.firstIndex(of: $0) })
        #expect(links.links(ofPodAt: 0).map(\.position) == [0])
        #expect(links.links(ofPodAt: 1).map(\.position) == [2])
        #expect(links.links(ofPodAt: 2).map(\.position) == [0, 2])
        #expect(links.links(ofPodAt: 2).map(\.inferred) == [true, false])
        #expect(links.links(ofPodAt: 3).isEmpty)
    }

    /// The packing behind `ServiceLink` keeps positions at Kubernetes' limits (150,000 pods) and orders
    /// links by position, a listed link before a guessed one, as the node panels sort them.
    @Test func serviceLinksKeepPositionGuessAndOrder() {
        for position in [0, 1, 9_999, 149_999, 1 << 29] {
            for inferred in [false, true] {
                let link = ServiceLink(position: position, inferred: inferred)
                #expect(link.position == position && link.inferred == inferred)
                #expect(link.moved(to: 7) == ServiceLink(position: 7, inferred: inferred))
            }
        }
        var guessed = ServiceLink(position: 3, inferred: false)
        guessed.markInferred()
        #expect(guessed == ServiceLink(position: 3, inferred: true))
        let sorted = [ServiceLink(position: 4, inferred: false), guessed, ServiceLink(position: 3, inferred: false)]
            .sorted()
        #expect(sorted.map(\.position) == [3, 3, 4])
        #expect(sorted.map(\.inferred) == [false, true, false])
    }
}
