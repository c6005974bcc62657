import ClusterModel
import ModelBuilders
import ProxyRules
import Testing

@testable import FlowEngine

/// Statements of TEACHING-FACTS that no other test pinned, each on a cluster built by hand so that a wrong
/// sentence or address fails here. Tests/Data/TeachingFacts/LEDGER.tsv names the test of every statement.
@Suite struct TeachingFactsTests {
    static let sameNodePair = "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-7nm9s"
    static let crossNodePair = "nginx-deployment-7b44dc87c5-5hrgb,nginx-deployment-7b44dc87c5-jtq5r"

    /// iptables and nftables mode: no interface owns a ClusterIP, so it is not pingable; IPVS mode binds every
    /// ClusterIP to the kube-ipvs0 dummy interface, so it answers ping.
    @Test(arguments: [Dataplane.iptables, .nftables, .ipvs])
    func aClusterIPBelongsToNoInterfaceExceptKubeIPVS0(mode: Dataplane) throws {
        let flow = try FlowEngine(cluster: guideCluster()).flow(
            .clusterIP, target: "nginx-demo/nginx-nodeport", request: 0, options: FlowOptions(proxyMode: mode))
        let opening = try #require(flow.hops.first { $0.sentence.contains("opens a connection to 10.101.63.221") })
        if mode == .ipvs {
            #expect(opening.sentence.contains("kube-ipvs0") && opening.sentence.contains("answers ping"))
        } else {
            #expect(opening.sentence.contains("No interface owns 10.101.63.221"))
            #expect(opening.sentence.contains("not pingable") && !opening.sentence.contains("kube-ipvs0"))
        }
    }

    /// The last step to a pod on the same node: the cni0 bridge on flannel, a /32 route down the pod's own veth
    /// (no bridge) on ptp CNIs.
    @Test func sameNodeDeliveryIsTheBridgeOnFlannelAndAVethRouteOnPtpCNIs() throws {
        func lastHop(_ agent: String) throws -> Hop {
            let flow = try FlowEngine(cluster: guideCluster(withAgent: agent)).flow(.podToPod, target: Self.sameNodePair)
            return try #require(flow.requestHops.last)
        }
        let flannel = try lastHop("kube-flannel-ds-x7k2p")
        #expect(flannel.sentence.contains("cni0 bridge"), "\(flannel.sentence)")
        for agent in ["kindnet-x7k2p", "calico-node-x7k2p", "aws-node-x7k2p"] {
            let ptp = try lastHop(agent)
            #expect(ptp.sentence.contains("/32 route") && ptp.sentence.contains("(no bridge)"), "\(agent)")
            #expect(!ptp.sentence.contains("cni0"), "\(agent)")
        }
    }

    /// The Amazon VPC CNI gives pods VPC addresses: across nodes the packet is routed by the VPC, no overlay.
    @Test func awsVPCRoutesPodAddressesWithoutATunnel() throws {
        let flow = try FlowEngine(cluster: guideCluster(withAgent: "aws-node-x7k2p")).flow(
            .podToPod, target: Self.crossNodePair)
        let crossing = try #require(flow.requestHops.first { $0.from.isOverlay })
        #expect(crossing.encapsulation == nil)
        #expect(flow.requestHops.allSatisfy { $0.encapsulation == nil })
        #expect(crossing.sentence.contains("network interface holds the pod's IP"), "\(crossing.sentence)")
        #expect(crossing.details.contains { $0.contains("VPC addresses") && $0.contains("no overlay") })
        #expect(flow.assumptions.contains { $0.contains("Amazon VPC CNI") && $0.contains("inferred") })
    }

    /// Calico across nodes: IP-in-IP through tunl0 by default (or VXLAN, or plain BGP routes), said as such.
    @Test func calicoCrossesInIPinIPThroughTunl0OrBGP() throws {
        let flow = try FlowEngine(cluster: guideCluster(withAgent: "calico-node-x7k2p")).flow(
            .podToPod, target: Self.crossNodePair)
        let text = flow.hops.flatMap { [$0.sentence] + $0.details }.joined(separator: "\n")
        #expect(text.contains("IP-in-IP") && text.contains("tunl0") && text.contains("BGP"))
        // Between pods there is no NAT: the inner packet keeps both pod addresses.
        let crossing = try #require(flow.requestHops.first { $0.from.isOverlay })
        #expect(crossing.packet.source.host == "172.16.180.193")
        #expect(crossing.packet.destination.host == "172.16.203.129")
    }

    /// A pod using the host network has no veth or bridge: the node itself receives the packet.
    @Test func aHostNetworkPodIsTheNodeItself() throws {
        var all = guideCluster().resources
        var agent = pod("node-exporter-abcde", ns: "monitoring", ip: "192.168.1.182", node: "worker-node1")
        agent.hostNetwork = true
        all.upsert(agent)
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(
            .podToPod, target: "nginx-demo/nginx-deployment-7b44dc87c5-5hrgb,monitoring/node-exporter-abcde")
        let last = try #require(flow.requestHops.last)
        #expect(last.packet.destination.host == "192.168.1.182")
        #expect(last.sentence.contains("host network"), "\(last.sentence)")
        #expect(!last.sentence.contains("veth") && !last.sentence.contains("bridge"))
    }

    /// internalTrafficPolicy Local: the ClusterIP rule of KUBE-SERVICES jumps straight to KUBE-SVL (local
    /// endpoints only, no KUBE-SVC), and a caller's node without a local endpoint drops in the filter table.
    @Test func internalTrafficPolicyLocalJumpsStraightToKubeSVL() throws {
        var all = guideCluster().resources
        var svc = try #require(all.service(ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport")))
        svc.internalTrafficPolicy = .local
        all.upsert(svc)
        all.upsert(pod("client", ns: "nginx-demo", ip: "172.16.203.140", node: "worker-node2"))
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(
            .clusterIP, target: "nginx-nodeport", request: 0, options: FlowOptions(clientPod: "client"))
        let matched = flow.hops.flatMap(\.matchedRules).map(\.rule)
        let capture = try #require(matched.first { $0.chain == "KUBE-SERVICES" && $0.text.contains("10.101.63.221") })
        #expect(capture.text.contains("-j KUBE-SVL-"), "\(capture.text)")
        #expect(!matched.contains { $0.chain.hasPrefix("KUBE-SVC-") || $0.text.contains("-j KUBE-SVC-") })
    }

    /// Ingress `Prefix` matches whole path elements: `/shop` serves `/shop` and `/shop/cart`, not `/shopping`.
    @Test func ingressPrefixMatchesWholePathElements() throws {
        func podCalled(_ path: String) throws -> String? {
            let flow = try FlowEngine(cluster: sixPodsCluster()).flow(
                .ingress, target: "demo/web", request: 0, options: FlowOptions(path: path))
            return flow.requestHops.last?.packet.destination.host
        }
        #expect(try podCalled("/shop") == "10.244.0.2")
        #expect(try podCalled("/shop/cart") == "10.244.0.2")
        #expect(try podCalled("/shopping") == "10.244.0.1")
    }

    /// The Ingress API is built in, but nothing serves it until a controller is installed: without controller
    /// pods in the input the flow says it assumed one, and with them it does not.
    @Test func anIngressNeedsAnInstalledController() throws {
        let served = try FlowEngine(cluster: sixPodsCluster()).flow(.ingress, target: "demo/web")
        #expect(!served.assumptions.contains { $0.contains("nothing answers until a controller is installed") })
        var all = sixPodsCluster().resources
        all.removePod(ObjectKey(namespace: "ingress-nginx", name: "ingress-nginx-controller-5f6b9c7d8-q7k2m"))
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.ingress, target: "demo/web")
        let said = try #require(flow.assumptions.first { $0.contains("nothing answers until a controller is installed") })
        #expect(said.contains("assumed") && said.contains("kubectl get pods -A"))
    }

    /// A pod's resolver: search `<ns>.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`, and the
    /// query itself goes to kube-dns's ClusterIP on port 53.
    @Test func theDNSQueryIsExplainedWithTheSearchListAndNdots() throws {
        let flow = try FlowEngine(cluster: guideCluster()).flow(.clusterIP, target: "nginx-demo/nginx-nodeport")
        let query = try #require(flow.hops.first { $0.to == .dns && !$0.isReply })
        #expect(query.packet.destination.description == "10.96.0.10:53")
        let details = query.details.joined(separator: "\n")
        #expect(details.contains("search <ns>.svc.cluster.local svc.cluster.local cluster.local"))
        #expect(details.contains("ndots:5"))
    }

    /// Leaving the cluster network a pod's source is usually masqueraded by the CNI (not by kube-proxy, which
    /// has no rules for an ExternalName service).
    @Test func leavingTheClusterIsMasqueradedByTheCNINotKubeProxy() throws {
        var all = guideCluster().resources
        var external = service("search", ns: "nginx-demo", type: .externalName, clusterIP: nil, selector: nil)
        external.externalName = "www.example.org"
        all.upsert(external)
        let flow = try FlowEngine(cluster: Cluster(resources: all)).flow(.externalName, target: "nginx-demo/search")
        let out = try #require(flow.hops.first { $0.to == .externalHost("www.example.org") })
        #expect(out.sentence.contains("kube-proxy has no rules"))
        #expect(out.details.contains { $0.contains("masquerade the pod IP to its node's IP") })
        #expect(out.rules.isEmpty)
    }
}

extension Place {
    fileprivate var isOverlay: Bool { if case .overlay = self { true } else { false } }
}
