import ModelBuilders
import Foundation
import Testing
import ClusterModel
import KubeText
@testable import FlowEngine

/// From the sample files through the real parser to flows, hop by hop.
@Suite struct SampleFlowTests {
    func cluster(_ files: String...) throws -> Cluster {
        var resources = Resources()
        var diagnostics: [Diagnostic] = []
        for file in files {
            let result = KubeText.parse(try SampleFiles.sample(file), source: file)
            resources.merge(result.resources)
            diagnostics += result.diagnostics
        }
        return Cluster(resources: resources, diagnostics: diagnostics)
    }

    @Test func guideSampleBuildsTheNotesCluster() throws {
        let cluster = try cluster("notes-nginx-nodeport.txt")
        #expect(cluster.nodes.map(\.name) == ["master-node", "worker-node1", "worker-node2"])
        #expect(!cluster.nodes.contains { $0.isPlaceholder })
        #expect(cluster.podRange(ofNode: "worker-node1")?.cidr.description == "172.16.180.0/24")
        #expect(cluster.podRange(ofNode: "worker-node2")?.cidr.description == "172.16.203.0/24")
        let nginx = try #require(cluster.services(named: "nginx-nodeport").first)
        #expect(cluster.backing(of: nginx.key).count == 3)
        #expect(cluster.addressScheme.services?.cidr.description == "10.96.0.0/12")
        #expect(cluster.addressScheme.nodes?.cidr.description == "192.168.1.0/24")
    }

    @Test func notesFlowOneFromTheGuideSample() throws {
        let engine = FlowEngine(cluster: try cluster("notes-nginx-nodeport.txt"))
        let flow = try engine.flow(.nodePort, target: "nginx-demo/nginx-nodeport", request: 0, options: FlowOptions(entryNode: "worker-node1"))
        let client = flow.hops[2].packet.source
        let chosen = flow.hops[4].packet.destination
        #expect(["172.16.180.193:80", "172.16.180.194:80", "172.16.203.129:80"].contains(chosen.description))
        #expect(Array(route(flow).prefix(5)).map { $0.components(separatedBy: ": ").dropFirst().joined(separator: ": ") } == [
            "\(flow.hops[0].packet.source) → 198.51.100.53:53",
            "198.51.100.53:53 → \(flow.hops[0].packet.source)",
            "\(client) → 198.51.100.80:80",
            "\(client) → 192.168.1.182:30007",
            "\(client) → \(chosen)",
        ])
        #expect(client.host == "203.0.113.10")
        #expect(flow.hops[5].packet.source.host == "192.168.1.182")
        let replyToClient = try #require(flow.hops.first { $0.isReply && $0.rewrite == .unNAT })
        #expect(replyToClient.packet.source.description == "192.168.1.182:30007")
    }

    @Test func notesFlowOneFromTheSixPodSample() throws {
        let engine = FlowEngine(cluster: try cluster("notes-six-pods-nodeport.txt"))
        for n in 1...6 {
            let flow = try engine.flow(.nodePort, target: "demo/web-\(n)")
            #expect(flow.hops[3].packet.destination.description == "10.100.11.12:3200\(n)")
            #expect(flow.hops[4].packet.destination.description == "10.244.0.\(n):80")
            #expect(flow.hops[4].matchedRuleTexts.contains { $0.hasPrefix("-A KUBE-NODEPORTS -p tcp") && $0.contains("--dport 3200\(n)") })
            #expect(flow.failure == nil)
        }
    }

    @Test func notesFlowTwoFromTheSixPodSampleAndIngressYAML() throws {
        let engine = FlowEngine(cluster: try cluster("notes-six-pods-nodeport.txt", "notes-six-pods-ingress.yaml"))
        let flow = try engine.flow(.ingress, target: "web.example.com", request: 0, options: FlowOptions(path: "/shop"))
        let request = flow.requestHops
        #expect(request.map { "\($0.packet.destination)" }.suffix(4) == ["10.100.11.12:30080", "10.244.0.10:80", "10.244.0.10:80", "10.244.0.2:80"])
        #expect(request.last?.packet.source.host == "10.244.0.10")
        #expect(request.last?.details.first == "rule: host web.example.com path /shop (Prefix) → service web-2:80")
    }

    @Test func ingressFromTextOnlySaysRulesAreUnknown() throws {
        let engine = FlowEngine(cluster: try cluster("notes-six-pods-nodeport.txt"))
        let flow = try engine.flow(.ingress, target: "web")
        #expect(flow.failure?.reason.contains("`kubectl get ingress` text shows hosts but not") == true)
    }

    @Test func demoClusterPlaysEveryFlowItHasObjectsFor() throws {
        let parsed = DemoCluster.parse()
        let engine = FlowEngine(cluster: Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics))
        for kind in [FlowKind.nodePort, .clusterIP, .podToPod, .ingress] {
            let flow = try engine.flow(kind)
            #expect(flow.failure == nil, "\(kind): \(flow.failure?.reason ?? "")")
            #expect(flow.hops.contains { if case .pod = $0.to { true } else if case .ingressController = $0.to { true } else { false } })
        }
        let ingress = try engine.flow(.ingress)
        #expect(ingress.hops[1].sentence.contains("nginx.example.com → 192.168.1.240"))
    }

    /// Every corpus file builds a model, and every service in it yields a flow or a clear FlowError, never a crash.
    @Test func corpusBuildsModelsAndFlows() throws {
        let directory = SampleFiles.corpusDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files.count > 20)
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let parsed = KubeText.parse(bytes: [UInt8](data), source: file)
            let cluster = Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
            #expect(cluster.pods.count == parsed.resources.pods.count, "\(file)")
            #expect(cluster.diagnostics.count >= parsed.diagnostics.count, "\(file)")
            for pod in cluster.pods { if let node = pod.nodeName { #expect(cluster.node(named: node) != nil, "\(file): \(pod.key)") } }
            let engine = FlowEngine(cluster: cluster)
            for service in cluster.services {
                for kind in FlowKind.allCases where kind != .podToPod && kind != .ingress {
                    do {
                        let flow = try engine.flow(kind, target: service.key.description)
                        #expect(!flow.hops.isEmpty, "\(file): \(kind) \(service.key)")
                    } catch {
                        #expect(!error.message.isEmpty)
                    }
                }
            }
            for ingress in cluster.ingresses {
                do { _ = try engine.flow(.ingress, target: ingress.key.description) } catch { #expect(!error.message.isEmpty) }
            }
        }
    }
}
