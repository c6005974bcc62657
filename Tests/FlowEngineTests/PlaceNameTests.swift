import ClusterModel
import Testing

@testable import FlowEngine

/// One namer for places: text output and JSON readers get the long form, captions the short one.
@Suite struct PlaceNameTests {
    static let web = ObjectKey(namespace: "shop", name: "web-5d8f9c7b6d-x2p4q")

    @Test func theLongFormIsTheDescriptionWithNamespaces() {
        #expect(Place.pod(Self.web).name(.long) == "Pod shop/web-5d8f9c7b6d-x2p4q")
        #expect(Place.pod(Self.web).name(.long) == Place.pod(Self.web).description)
        #expect(Place.clusterIP(service: ObjectKey(namespace: "shop", name: "web")).name(.long) == "ClusterIP of shop/web")
        #expect(Place.nodePort(node: "worker-1", port: 30007).name(.long) == "NodePort worker-1:30007")
    }

    @Test func theShortFormDropsNamespacesAndFitsOnlyTheNames() {
        let fit = { (name: String) in String(name.prefix(5)) + "…" }
        #expect(Place.pod(Self.web).name(.short) == "pod web-5d8f9c7b6d-x2p4q")
        #expect(Place.pod(Self.web).name(.short, fit: fit) == "pod web-5…")
        #expect(Place.overlay(from: "worker-1", to: "worker-2").name(.short, fit: fit) == "overlay worke… to worke…")
        #expect(Place.nodePort(node: "worker-1", port: 30007).name(.short, fit: fit) == "NodePort worke…:30007")
        #expect(Place.ingressController(pod: Self.web).name(.short, fit: fit) == "Ingress controller")
    }

    @Test func aRewritesExplanationSaysWhatItChanges() {
        #expect(Rewrite.dnat.explanation == "DNAT (new destination)")
        #expect(Rewrite.dnat.label == "DNAT")
        #expect(Rewrite.none.explanation == "nothing")
        #expect(Rewrite.none.label.isEmpty)
    }
}
