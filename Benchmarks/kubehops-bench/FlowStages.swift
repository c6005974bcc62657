import ClusterModel
import FlowEngine
import Foundation
import KubeText

/// The teaching side on the built model: one flow of every kind (each picks
/// its default target, which scans the cluster) and the nine tour steps.
func flowStages() -> [Stage] { [
    Stage(name: "every flow kind + tour") { scenario in
        guard let cluster = scenario.cluster else { throw BenchError("flows need the model build stage first") }
        let engine = FlowEngine(cluster: cluster)
        for kind in FlowKind.allCases { _ = try? engine.flow(kind) }
        _ = Tour.steps(for: cluster)
        return 0
    },
] }

/// `--profile-flows N`: the 5,000-node cluster built once, plus what the
/// generated dumps lack for the flows that need it (an ingress-nginx
/// controller with its LoadBalancer service, a TLS ingress, an ExternalName
/// service), then each flow kind built N times on a fresh engine (as the live
/// view does when a flow starts) and the tour N times: per-kind CPU times, and
/// a steady loop for a profiler such as callgrind.
enum FlowProfile {
    /// Small enough to leave the cluster's size as generated; every name is
    /// one the flows look for (controller labels, the backend service).
    static let extras = """
    NAMESPACE       NAME                                            READY   STATUS    RESTARTS   AGE   IP            NODE                      NOMINATED NODE   READINESS GATES   LABELS
    ingress-nginx   pod/ingress-nginx-controller-6d5f55986b-lm4rt   1/1     Running   0          9d    10.200.0.12   ip-10-0-19-250.ec2.internal   <none>           <none>            app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx

    NAMESPACE       NAME                               TYPE           CLUSTER-IP      EXTERNAL-IP          PORT(S)                      AGE   SELECTOR
    ingress-nginx   service/ingress-nginx-controller   LoadBalancer   10.96.200.7     203.0.113.80         80:30180/TCP,443:30543/TCP   9d    app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx
    team-7          service/billing-api                ExternalName   <none>          billing.example.net  443/TCP                      9d    <none>
    team-7          service/shop                       ClusterIP      10.96.200.8     <none>               80/TCP                       9d    app=app-7,tier=web

    NAMESPACE   NAME   CLASS   HOSTS              ADDRESS        PORTS     AGE
    team-7      shop   nginx   shop.example.com   203.0.113.80   80, 443   2d
    """

    static func run(iterations: Int, root: String) throws {
        let generator = DumpGenerator(nodes: 5_000, podsPerNode: 30, services: 10_000)
        let scenario = try Scenario(name: "5000-nodes", generator: generator, root: root)
        var resources = Resources()
        for path in [scenario.nodesPath, scenario.podsPath, scenario.servicesPath] {
            resources.merge(try Scenario.parseFile(path).0.resources)
        }
        resources.merge(KubeText.parse(extras, source: "bench-extras").resources)
        let cluster = Cluster(resources: consume resources)
        print("cluster: \(cluster.nodes.count) nodes, \(cluster.pods.count) pods, \(cluster.services.count) services, \(cluster.ingresses.count) ingresses")
        let count = max(1, iterations)
        for kind in FlowKind.allCases {
            var outcome = ""
            let cpu = Timing.cpuSeconds(Timing.selfUsage)
            for _ in 0..<count {
                do {
                    let flow = try FlowEngine(cluster: cluster).flow(kind)
                    outcome = "\(flow.hops.count) hops, target \(flow.target)"
                } catch {
                    outcome = "error: \(String(error.message.prefix(60)))…"
                }
            }
            let each = (Timing.cpuSeconds(Timing.selfUsage) - cpu) * 1000 / Double(count)
            print(pad("flow \(kind.rawValue)", 20) + String(format: " %8.2f ms cpu  ", each) + outcome)
        }
        let cpu = Timing.cpuSeconds(Timing.selfUsage)
        var steps: [TourStep] = []
        for _ in 0..<count { steps = Tour.steps(for: cluster) }
        let each = (Timing.cpuSeconds(Timing.selfUsage) - cpu) * 1000 / Double(count)
        print(pad("tour", 20) + String(format: " %8.2f ms cpu  ", each) + "\(steps.filter(\.isAvailable).count) of \(steps.count) steps available")
    }
}
