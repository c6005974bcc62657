import ClusterModel
import Foundation
import KubeText
import Testing

/// Every file in samples/ parses with the records it is meant to show and no
/// warning: a sample that needs a diagnostic to explain itself is a broken sample.
@Suite("Samples")
struct SamplesTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        var file: String
        /// nodes, pods, services, endpoints, ingresses, workloads
        var counts: [Int]
        var testDescription: String { file }
    }

    static let expectations: [Expectation] = [
        .init(file: "notes-nginx-nodeport.txt", counts: [3, 3, 3, 1, 0, 0]),
        .init(file: "notes-six-pods-nodeport.txt", counts: [1, 7, 9, 6, 1, 0]),
        .init(file: "notes-six-pods-ingress.yaml", counts: [0, 0, 0, 0, 1, 0]),
        .init(file: "kind-with-kube-system.txt", counts: [3, 16, 3, 3, 0, 0]),
        .init(file: "multi-namespace-ingress.txt", counts: [3, 7, 6, 0, 2, 5]),
        .init(file: "loadbalancer-pending-and-external.txt", counts: [1, 3, 3, 0, 0, 0]),
        .init(file: "notready-node-crashing-pods.txt", counts: [3, 12, 4, 3, 0, 0]),
        .init(file: "watch-pods-rollout.txt", counts: [0, 4, 0, 0, 0, 0]),
        .init(file: "labels-selectors.json", counts: [2, 3, 2, 1, 0, 0]),
        .init(file: "k3s-servicelb.txt", counts: [3, 14, 5, 5, 0, 0]),
        .init(file: "kind-metallb.txt", counts: [3, 16, 5, 5, 0, 0]),
        .init(file: "eks-hostname-lb.txt", counts: [2, 9, 4, 2, 0, 0]),
        .init(file: "ipv6-only.txt", counts: [3, 8, 3, 3, 0, 0]),
        .init(file: "externalname-in-cluster.txt", counts: [1, 5, 4, 3, 0, 0]),
        .init(file: "local-policies-affinity.yaml", counts: [3, 5, 2, 2, 0, 0]),
        .init(file: "gateway-envoy-kind.txt", counts: [3, 14, 5, 0, 0, 0]),
        .init(file: "gateway-canary-header.txt", counts: [2, 7, 5, 0, 0, 0]),
        .init(file: "gateway-cross-namespace.txt", counts: [2, 10, 6, 0, 0, 0]),
        .init(file: "ingress-and-gateway.txt", counts: [2, 7, 7, 0, 1, 0]),
        .init(file: "gateway-tls-passthrough.txt", counts: [2, 4, 4, 0, 0, 0]),
        .init(file: "flannel-vxlan.txt", counts: [3, 13, 4, 4, 0, 0]),
        .init(file: "netpol-deny-and-allow.yaml", counts: [2, 6, 3, 0, 0, 0]),
    ]

    @Test("the Gateway samples carry their Gateway API objects: gateways, routes, grants",
          arguments: [("gateway-envoy-kind.txt", [1, 1, 0]), ("gateway-canary-header.txt", [1, 2, 0]),
                      ("gateway-cross-namespace.txt", [1, 1, 1]), ("ingress-and-gateway.txt", [1, 3, 0]),
                      ("gateway-tls-passthrough.txt", [1, 2, 0])])
    func gatewayObjects(_ file: String, _ counts: [Int]) throws {
        let r = try Self.parse(file).resources
        #expect([r.gateways.count, r.routes.count, r.referenceGrants.count] == counts)
        #expect(r.gateways.allSatisfy { $0.detailsKnown })
        #expect(r.routes.allSatisfy { $0.detailsKnown && !$0.parentRefs.isEmpty })
    }

    static func parse(_ file: String) throws -> ParseResult {
        KubeText.parse(bytes: try TestFiles.sample(file), source: file)
    }

    @Test("every sample is listed here and in samples/README.md")
    func everySampleIsChecked() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestFiles.samples.path)
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }
        let readme = try String(contentsOf: TestFiles.samples.appendingPathComponent("README.md"), encoding: .utf8)
        let checkedHere = Set(Self.expectations.map(\.file))
        for file in files {
            #expect(readme.contains("`\(file)`"), "\(file) has no line in samples/README.md")
            // The demo ingress is checked by the demo-cluster test instead.
            if !file.hasPrefix("demo-") {
                #expect(checkedHere.contains(file), "\(file) has no expectation in SamplesTests")
            }
        }
    }

    @Test("parses with the intended records and no warnings", arguments: expectations)
    func parsesCleanly(_ expectation: Expectation) throws {
        let result = try Self.parse(expectation.file)
        let r = result.resources
        #expect([r.nodes.count, r.pods.count, r.services.count, r.endpoints.count, r.ingresses.count, r.workloads.count]
                    == expectation.counts)
        let problems = result.diagnostics.filter { $0.severity >= .warning }
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test("the watch stream keeps the last row of each pod")
    func watchLastRowWins() throws {
        let pods = try Self.parse("watch-pods-rollout.txt").resources.pods
        let byName = Dictionary(pods.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let replacement = try #require(byName["nginx-deployment-7b44dc87c5-x4d8v"])
        #expect(replacement.status == "Running")
        #expect(replacement.ips.map(\.text) == ["172.16.203.130"])
        #expect(replacement.nodeName == "worker-node2")
        #expect(byName["nginx-deployment-7b44dc87c5-jtq5r"]?.status == "Terminating")
        #expect(byName["nginx-deployment-7b44dc87c5-jtq5r"]?.ready == ReadyCount(ready: 0, total: 1))
    }

    @Test("the JSON dump carries labels, selectors and traffic policies")
    func jsonDumpDetails() throws {
        let resources = try Self.parse("labels-selectors.json").resources
        let echo = try #require(resources.service(ObjectKey(namespace: "echo", name: "echo")))
        #expect(echo.type == .nodePort)
        #expect(echo.selector == ["app.kubernetes.io/name": "echo"])
        #expect(echo.externalTrafficPolicy == .local)
        #expect(echo.sessionAffinity == "ClientIP")
        #expect(echo.ports == [ServicePort(name: "http", port: 80, targetPort: .name("http"), nodePort: 31234, protocol: "TCP")])
        let pod = try #require(resources.pods.first)
        #expect(pod.labels?["app.kubernetes.io/name"] == "echo")
        #expect(pod.owners.first == OwnerReference(kind: "ReplicaSet", name: "echo-6b7f9c5d8", inferred: false))
        #expect(resources.nodes.first?.podCIDRs == ["10.244.0.0/24"])
    }

    @Test("the LoadBalancer sample has one pending and one provisioned address")
    func loadBalancers() throws {
        let services = try Self.parse("loadbalancer-pending-and-external.txt").resources.services
        let api = try #require(services.first { $0.name == "api" })
        let web = try #require(services.first { $0.name == "web" })
        #expect(api.externalPending && api.externalIPs.isEmpty)
        #expect(!web.externalPending && web.externalIPs.map(\.text) == ["192.168.49.240"])
        #expect(web.ports.map(\.nodePort) == [30080, 30443])
    }

    @Test("the NotReady sample keeps headless and endpoint-less services apart")
    func brokenWiring() throws {
        let r = try Self.parse("notready-node-crashing-pods.txt").resources
        #expect(r.nodes.first { $0.name == "worker-2" }?.isReady == false)
        #expect(r.services.first { $0.name == "inventory" }?.isHeadless == true)
        let payments = try #require(r.endpoints.first { $0.serviceName == "payments" })
        #expect(payments.addresses.isEmpty)
        let crashing = try #require(r.pods.first { $0.name == "checkout-7c5d9b8f4-6kq2m" })
        #expect(crashing.status == "CrashLoopBackOff")
        #expect(crashing.restarts?.count == 14)
        #expect(crashing.restarts?.lastRestartAgo?.text == "2m10s")
    }
}
