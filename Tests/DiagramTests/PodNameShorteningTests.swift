@testable import DiagramLayout
import TestSupport
import Testing

/// Pod names in small boxes keep what a user recognises: the workload, and the replica's suffix.
@Suite struct PodNameShorteningTests {
    @Test func aDeploymentPodDropsItsReplicaSetHashFirst() {
        #expect(NodeBoxBuilderNames.shorten("coredns-6d4b75cb6d-2hx7m", toWidth: 15) == "coredns…2hx7m")
        #expect(NodeBoxBuilderNames.shorten("local-path-provisioner-7c8d9f5b4-k9w8j", toWidth: 15) == "local-pat…k9w8j")
        #expect(NodeBoxBuilderNames.shorten("web-7b44dc87c5-5hrgb", toWidth: 30) == "web-7b44dc87c5-5hrgb")
    }

    @Test func aStaticPodKeepsItsComponentWhenTheNodeIsNamedAround() {
        let name = "kube-apiserver-kind-control-plane"
        #expect(NodeBoxBuilderNames.shorten(name, toWidth: 15, nodeName: "kind-control-plane") == "kube-apiserver…")
        #expect(NodeBoxBuilderNames.shorten(name, toWidth: 15) == "kube-apis…plane")
    }

    @Test func wordsAreNotTakenForHashes() {
        // "server" has no digit: not a ReplicaSet hash, the ordinary shortening applies.
        #expect(NodeBoxBuilderNames.shorten("metrics-server-abcde", toWidth: 12) == "metric…abcde")
    }

    /// The byte path for printable ASCII names gives what the Character path gives, for names shaped like
    /// pods' (dashes, ReplicaSet-like hashes, words, a node's name at the end) at every width.
    @Test func theASCIIPathAgreesWithTheCharacterPath() {
        var random = SplitMix(seed: 18)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-.ABZ_")
        let nodes = ["", "kind-worker", "ip-10-0-1-2.ec2.internal", "n1"]
        var compared = 0
        for _ in 0..<1_500 {
            var parts: [String] = []
            for _ in 0..<random.int(1...5) {
                let part = random.int(0...3) == 0
                    ? "7c8d9f5b4".shuffled(using: &random).map(String.init).joined()
                    : String((0..<random.int(0...11)).map { _ in alphabet[random.int(0...(alphabet.count - 1))] })
                parts.append(part)
            }
            let node = nodes[random.int(0...(nodes.count - 1))]
            var name = parts.joined(separator: "-")
            if !node.isEmpty, random.int(0...2) == 0 { name += "-" + node }
            let nodeName: String? = node.isEmpty ? nil : node
            for ellipsis in ["…", "~", "..."] {
                for width in 1...(name.count + 1) where name.count > width {
                    let fast = NodeBoxBuilderNames.shortenASCII(
                        name, toWidth: width, ellipsis: ellipsis, nodeName: nodeName)
                    let slow = NodeBoxBuilderNames.shortenByCharacters(
                        name, toWidth: width, ellipsis: ellipsis, nodeName: nodeName)
                    guard let fast else { continue }
                    #expect(fast == slow, "\(name) at \(width) with \(ellipsis), node \(node)")
                    compared += 1
                }
            }
        }
        #expect(compared > 10_000)
    }
}
