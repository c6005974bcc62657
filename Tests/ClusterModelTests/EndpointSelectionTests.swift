import Testing
import ClusterModel

@Suite struct EndpointSelectionTests {
    func ep(
        _ ip: String, node: String, ready: Bool? = true, serving: Bool? = nil, terminating: Bool? = nil,
        zones: [String]? = nil, nodes: [String]? = nil
    ) -> EndpointAddress {
        var e = EndpointAddress(ip: IPAddress(ip)!, port: 80, ready: ready, nodeName: node)
        e.serving = serving; e.terminating = terminating; e.hintsForZones = zones; e.hintsForNodes = nodes
        return e
    }
    func service(itp: TrafficPolicy? = nil, etp: TrafficPolicy? = nil) -> Service {
        var s = Service(key: ObjectKey(namespace: "default", name: "web"), type: .nodePort)
        s.internalTrafficPolicy = itp; s.externalTrafficPolicy = etp
        return s
    }
    func ips(_ r: EndpointSelection.Result) -> [String] { r.candidates.map { "\($0.ip)" } }

    @Test func readyOnlyAndTerminatingFallback() {
        let eps = [ep("10.0.0.1", node: "a"), ep("10.0.0.2", node: "b", ready: false, serving: true, terminating: true)]
        let r = EndpointSelection.select(eps, service: service(), traffic: .internal, callerNode: "a", callerZone: nil)
        #expect(ips(r) == ["10.0.0.1"] && r.reason == .allReady)
        let only = [eps[1], ep("10.0.0.3", node: "b", ready: false, serving: false, terminating: true)]
        let f = EndpointSelection.select(only, service: service(), traffic: .internal, callerNode: "a", callerZone: nil)
        #expect(ips(f) == ["10.0.0.2"] && f.reason == .servingTerminatingFallback)
        let none = EndpointSelection.select(
            [only[1]], service: service(), traffic: .internal, callerNode: "a", callerZone: nil)
        #expect(none.candidates.isEmpty && none.reason == .noEndpoint)
    }

    @Test func localPolicyDropsInsteadOfFallingBack() {
        let eps = [ep("10.0.0.1", node: "a"), ep("10.0.0.2", node: "b")]
        let svc = service(itp: .cluster, etp: .local)
        let ext = EndpointSelection.select(eps, service: svc, traffic: .external, callerNode: "c", callerZone: nil)
        #expect(ext.candidates.isEmpty && ext.reason == .noLocalEndpoint)
        let onB = EndpointSelection.select(eps, service: svc, traffic: .external, callerNode: "b", callerZone: nil)
        #expect(ips(onB) == ["10.0.0.2"] && onB.reason == .nodeLocal)
        let inner = EndpointSelection.select(eps, service: svc, traffic: .internal, callerNode: "c", callerZone: nil)
        #expect(inner.candidates.count == 2 && inner.reason == .allReady)
    }

    @Test func hintsNarrowThenFallBack() {
        let eps = [ep("10.0.0.1", node: "a", zones: ["z1"], nodes: ["a"]), ep("10.0.0.2", node: "b", zones: ["z2"])]
        let zone = EndpointSelection.select(eps, service: service(), traffic: .internal, callerNode: "a", callerZone: "z1")
        // Not every endpoint has node hints, so zone hints decide.
        #expect(ips(zone) == ["10.0.0.1"] && zone.reason == .sameZoneHints)
        let other = EndpointSelection.select(eps, service: service(), traffic: .internal, callerNode: "c", callerZone: "z3")
        #expect(other.candidates.count == 2 && other.reason == .allReady)
        let nodeHinted = [eps[0], ep("10.0.0.2", node: "b", zones: ["z1"], nodes: ["b"])]
        let n = EndpointSelection.select(
            nodeHinted, service: service(), traffic: .internal, callerNode: "b", callerZone: "z1")
        #expect(ips(n) == ["10.0.0.2"] && n.reason == .sameNodeHints)
    }
}
