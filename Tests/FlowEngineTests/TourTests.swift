import ModelBuilders
import Testing
import ClusterModel
import KubeText
@testable import FlowEngine

@Suite struct TourTests {
    func demo() -> Cluster {
        let parsed = DemoCluster.parse()
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }

    @Test func demoTourHasNineAvailableStepsWithTheClustersValues() throws {
        let steps = Tour.steps(for: demo())
        #expect(steps.map { $0.number } == Array(1...9))
        #expect(steps.map { $0.topic } == TourStep.Topic.allCases)
        #expect(steps.allSatisfy { $0.isAvailable })
        let text = steps.map { $0.caption.joined(separator: " ") }
        #expect(text[0].contains("master-node 192.168.1.181 (control-plane), worker-node1 192.168.1.182, worker-node2 192.168.1.183"))
        #expect(text[0].contains("192.168.1.0/24"))
        #expect(text[1].contains("worker-node1 172.16.180.0/24 with 2 pods, worker-node2 172.16.203.0/24 with 1 pod"))
        #expect(text[2].contains("ReplicaSet nginx-deployment-7b44dc87c5 → Deployment nginx-deployment (inferred from its generated name)"))
        #expect(text[3].contains("nginx-nodeport 10.101.63.221 → 3 pods"))
        #expect(text[3].contains("10.96.0.0/12"))
        // "Unreachable from outside" is routing, not a rule; pingable only where an interface owns the IP.
        #expect(text[3].contains("a static route via a node reaches it, masqueraded"))
        #expect(text[3].contains("not pingable") && text[3].contains("kube-ipvs0"))
        #expect(!text[3].contains("only reachable from inside"))
        #expect(text[4].contains("port 80 inside the cluster is mapped to port 30007 on every node"))
        #expect(steps[5].flow?.kind == .nodePort)
        #expect(steps[6].flow?.kind == .ingress)
        #expect(steps[6].highlight.ingresses.map { $0.name } == ["nginx"])
        #expect(steps[7].flow?.kind == .clusterIP)
        #expect(steps[8].table[1] == ["Node IP", "192.168.1.181", "192.168.1.0/24", "Host OS", "Internal (LAN)", "Communication between nodes"])
        #expect(steps[8].table[2][1] == "172.16.180.193")
        #expect(steps[8].table[3][1] == "10.101.63.221")
        #expect(steps[8].table[4][1] == "192.168.1.181:30007")
        #expect(steps[4].highlight.services.map { $0.name } == ["nginx-nodeport"])
        #expect(steps[1].highlight.pods.count == 3)
    }

    @Test func ingressStepShowsWhereTheSameRequestGoesThroughTheInputsGateway() throws {
        let parsed = KubeText.parse(try SampleFiles.sample("ingress-and-gateway.txt"))
        let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
        let step = try #require(Tour.steps(for: cluster).first { $0.topic == .ingressFlow })
        let text = step.caption.joined(separator: " ")
        #expect(text.contains("ingress-nginx, the most used controller, was retired in March 2026"))
        // The note plays the Ingress's host through the Gateway serving it and counts only its routes.
        let host = try #require(cluster.ingresses.first?.hosts.first { !$0.hasPrefix("*") })
        let gatewayFlow = try FlowEngine(cluster: cluster).flow(.gateway, target: host)
        let routing = try #require(gatewayFlow.routing)
        let gateway = try #require(cluster.gateways.first { $0.key.description == gatewayFlow.target })
        let attached = cluster.routes.filter { $0.refers(to: gateway) }.count
        #expect(text.contains("Gateway \(gateway.key)"))
        #expect(text.contains("with \(attached) route\(attached == 1 ? "" : "s") attached"))
        #expect(text.contains("The same request for \(host) goes through it by HTTPRoute \(try #require(routing.route))"))
        #expect(text.contains("rule \(try #require(routing.rule))"))
    }

    @Test func missingObjectsAreSaidWithTheCommandToRun() {
        let podsOnly = Cluster(resources: resources(pods: [pod("web-0", ip: "10.244.1.5", node: "n1"), pod("web-1", ip: "10.244.2.5", node: "n2")]))
        let steps = Tour.steps(for: podsOnly)
        #expect(steps.count == 9)
        #expect(!steps[0].isAvailable)
        #expect(steps[0].suggestion == "kubectl get nodes -o wide")
        #expect(steps[0].caption.joined().contains("n1 and n2") || steps[0].caption.joined().contains("n1, n2"))
        #expect(steps[1].isAvailable)
        for index in [3, 4, 5, 6] {
            #expect(!steps[index].isAvailable, "step \(index + 1)")
            #expect(steps[index].suggestion?.hasPrefix("kubectl get") == true)
            #expect(steps[index].flow == nil)
        }
        #expect(steps[6].suggestion == "kubectl get ingress -A -o yaml")
    }
}
