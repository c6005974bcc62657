import DiagramLayout
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
}
