import ClusterModel
import Foundation
import KubeText
import Testing

/// `kubectl describe` output, alone or among `get` tables: real outputs from Tests/Data/Describe (see SOURCES).
@Suite("kubectl describe")
struct DescribeTests {
    static func parse(_ name: String) throws -> ParseResult {
        let url = TestFiles.packageRoot.appendingPathComponent("Tests/Data/Describe/\(name)")
        return KubeText.parse(bytes: try TestFiles.bytes(url), source: name)
    }

    @Test("describe svc between get tables: ports, targetPort, endpoints join the table's records")
    func serviceAmongTables() throws {
        let result = try Self.parse("website-connect-applications.txt")
        let resources = result.resources
        #expect(resources.pods.count == 2)
        let service = try #require(resources.service(ObjectKey(namespace: "default", name: "my-nginx")))
        #expect(service.type == .clusterIP && service.clusterIPs.map(\.text) == ["10.0.162.149"])
        #expect(service.ports == [ServicePort(name: nil, port: 80, targetPort: .number(80), protocol: "TCP")])
        #expect(service.portNamesKnown && service.selector == ["run": "my-nginx"])
        #expect(service.sessionAffinity == "None" && service.ipFamilies == ["IPv4"])
        #expect(service.extra["describe: IP Family Policy"] == "SingleStack")
        // The describe block's endpoints and the slice table both list the service's addresses.
        let sets = resources.endpoints.filter { $0.serviceName == "my-nginx" }
        #expect(Set(sets.map(\.kind)) == [.endpoints, .endpointSlice])
        let cluster = Cluster(resources: resources)
        #expect(cluster.backingInfo(of: service.key).endpoints.map(\.address) == ["10.244.2.5:80", "10.244.3.4:80"])
        // The ConfigMap block is named as unreadable at its Name: line; its Data lines are not kubectl tables.
        let configMap = try #require(result.diagnostics.first { $0.message.contains("'nginxconfigmap'") })
        #expect(configMap.line == 25 && configMap.severity == .warning)
        #expect(!result.diagnostics.contains { $0.line < 25 && $0.severity != .note })
        // Its Data body is one note, not a warning per line.
        #expect(result.diagnostics.filter { $0.line > 25 }.map(\.severity) == [.note])
    }

    @Test("an indented describe of a LoadBalancer service from old kubectl (<unnamed> ports)")
    func oldLoadBalancer() throws {
        let result = try Self.parse("website-external-load-balancer.txt")
        #expect(result.diagnostics.isEmpty)
        let service = try #require(result.resources.services.first)
        #expect(service.key == ObjectKey(namespace: "default", name: "example-service"))
        #expect(service.type == .loadBalancer && service.externalIPs.map(\.text) == ["192.0.2.89"])
        #expect(service.ports == [ServicePort(port: 80, nodePort: 32445)])
        #expect(!service.externalPending && service.loadBalancerIPMode == nil)
        #expect(result.resources.endpoints.first?.addresses.count == 3)
    }

    @Test("kubectl's own describe output: ipMode, ETP Local, health check port, PreferClose, named targetPort")
    func kubectlServiceGolden() throws {
        let result = try Self.parse("kubectl-describe-test-services.txt")
        #expect(result.diagnostics.isEmpty)
        let first = try #require(result.resources.service(ObjectKey(namespace: "foo", name: "bar")))
        #expect(first.loadBalancerIPMode == "VIP" && first.externalIPs.map(\.text) == ["5.6.7.8"])
        #expect(first.ports == [ServicePort(name: "port-tcp", port: 8080, targetPort: .number(9527), nodePort: 31111)])
        #expect(first.externalTrafficPolicy == .local && first.internalTrafficPolicy == .cluster)
        #expect(first.healthCheckNodePort == 32222 && first.clusterIPs.map(\.text) == ["1.2.3.4"])
        #expect(first.extra["describe: Desired LoadBalancer IP"] == "5.6.7.8")
        let second = try #require(result.resources.service(ObjectKey(namespace: "foo", name: "bar2")))
        #expect(second.trafficDistribution == "PreferClose" && second.ports.first?.targetPort == .name("targetPort"))
        #expect(second.externalPending && second.internalTrafficPolicy == nil)
        // `Endpoints: <none>`: listed as empty, not unknown.
        let none = try #require(result.resources.endpoints.first { $0.serviceName == "bar2" })
        #expect(none.addresses.isEmpty)
    }

    @Test("describe endpointslice: addresses with Ready, node, zone, pod and named ports")
    func endpointSlice() throws {
        let result = try Self.parse("kubectl-describe-test-endpointslice.txt")
        #expect(result.diagnostics.isEmpty)
        let slice = try #require(result.resources.endpoints.first)
        #expect(slice.kind == .endpointSlice && slice.key == ObjectKey(namespace: "bar", name: "foo.123"))
        #expect(slice.namedPorts == [EndpointPort(name: nil, port: 80)] && slice.addressType == "IPv4")
        #expect(slice.addresses.map(\.ip.text) == ["1.2.3.4", "1.2.3.5", "1.2.3.6", "1.2.3.7"])
        #expect(slice.addresses.map(\.zone) == ["us-central1-a", "us-central1-a", nil, nil])
        #expect(slice.addresses.map(\.nodeName) == ["node-1", "node-1", "node-2", "node-2"])
        #expect(slice.addresses.allSatisfy { $0.ready == true && $0.port == 80 && $0.serving == nil })
        #expect(slice.addresses.first?.targetPod == ObjectKey(namespace: "bar", name: "test-123"))
    }

    @Test("describe endpoints (the old Endpoints object): its addresses per port, joined to a get svc row")
    func oldEndpointsObject() throws {
        let result = try Self.parse("feiskyer-describe-endpoints-kube-dns.txt")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.resources.endpoints.count == 1)
        let set = try #require(result.resources.endpoints.first)
        #expect(set.kind == .endpoints && set.key == ObjectKey(namespace: "kube-system", name: "kube-dns"))
        #expect(set.serviceName == "kube-dns")
        #expect(set.namedPorts == [EndpointPort(name: "dns", port: 53, protocol: "UDP"),
                                   EndpointPort(name: "dns-tcp", port: 53, protocol: "TCP")])
        // One address per IP and port (dns and dns-tcp are both 53), all ready.
        #expect(set.addresses.map(\.ip.text) == ["10.244.0.2", "10.244.0.2", "10.244.0.3", "10.244.0.3"])
        #expect(set.addresses.allSatisfy { $0.port == 53 && $0.ready == true })
        // Read with the service's get row, the describe block backs it.
        var resources = KubeText.parse("""
            NAMESPACE     NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
            kube-system   kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   4d21h
            """).resources
        resources.merge(result.resources)
        let cluster = Cluster(resources: resources)
        let info = cluster.backingInfo(of: ObjectKey(namespace: "kube-system", name: "kube-dns"))
        #expect(info.source == .endpoints)
        #expect(Set(info.endpoints.map(\.ip.text)) == ["10.244.0.2", "10.244.0.3"])
    }

    @Test("describe endpoints, two subsets: NotReadyAddresses kept as not ready, each subset with its ports")
    func endpointsSubsetsAndNotReady() throws {
        let result = try Self.parse("kubectl-format-describe-endpoints-two-subsets.txt")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.resources.endpoints.count == 1, "the blank line between subsets does not end the block")
        let set = try #require(result.resources.endpoints.first)
        #expect(set.key == ObjectKey(namespace: "shop", name: "web"))
        #expect(set.namedPorts == [EndpointPort(name: nil, port: 8080), EndpointPort(name: "metrics", port: 9090)])
        #expect(set.addresses.map { "\($0.ip.text):\($0.port ?? 0) ready \($0.ready == true)" } == [
            "10.244.1.7:8080 ready true", "10.244.3.9:8080 ready true", "10.244.5.4:8080 ready false",
            "10.244.5.5:9090 ready false",
        ])
        #expect(set.extra.keys.allSatisfy { !$0.contains("Annotations") && !$0.contains("Events") })
    }

    @Test("describe pod: labels, dual-stack IPs, node, owner, container port, readiness; Events skipped")
    func pod() throws {
        let result = try Self.parse("website-debug-running-pod.txt")
        #expect(result.diagnostics.isEmpty)
        let pod = try #require(result.resources.pods.first)
        #expect(pod.key == ObjectKey(namespace: "default", name: "nginx-deployment-67d4bdd6f5-w6kd7"))
        #expect(pod.status == "Running" && pod.nodeName == "kube-worker-1")
        #expect(pod.ips.map(\.text) == ["10.88.0.3", "2001:db8::1"])
        #expect(pod.labels == ["app": "nginx", "pod-template-hash": "67d4bdd6f5"])
        #expect(pod.owners == [OwnerReference(kind: "ReplicaSet", name: "nginx-deployment-67d4bdd6f5", inferred: false)])
        #expect(pod.containerPorts == [ContainerPort(port: 80)])
        #expect(pod.ready == ReadyCount(ready: 1, total: 1))
        #expect(pod.extra["describe: QoS Class"] == "Guaranteed")
        #expect(pod.extra.keys.allSatisfy { !$0.contains("Events") })
    }

    @Test("a 2016 describe pod with tabs: Pending, no node, Controllers; the stray event lines are named")
    func oldPendingPod() throws {
        let result = try Self.parse("website-debug-pending-pod-2016.txt")
        let pod = try #require(result.resources.pods.first)
        #expect(pod.status == "Pending" && pod.nodeName == nil && pod.ips.isEmpty)
        #expect(pod.labels == ["app": "nginx", "pod-template-hash": "1370807587"])
        #expect(pod.owners.first?.name == "nginx-deployment-1370807587")
        #expect(pod.containerPorts == [ContainerPort(port: 80)])
        // The event message continued at the block's margin reads as one more field, kept as text.
        #expect(result.diagnostics.isEmpty)
    }

    @Test("describe node joins the get nodes row: labels, addresses, system info; Ready Unknown stays the table's")
    func node() throws {
        let result = try Self.parse("website-describe-node.txt")
        #expect(result.diagnostics.isEmpty)
        #expect(result.resources.nodes.count == 4)
        let node = try #require(result.resources.node(named: "kube-worker-1"))
        #expect(node.status == "NotReady" && node.version == "v1.23.3" && node.age?.text == "1h")
        #expect(node.internalIPs.map(\.text) == ["192.168.0.113"])
        #expect(node.labels?["kubernetes.io/hostname"] == "kube-worker-1" && node.labels?.count == 5)
        #expect(node.kernelVersion == "5.13.0-28-generic" && node.containerRuntime == "containerd://1.5.9")
        #expect(node.extra["describe: Taints"]?.contains("unreachable:NoSchedule") == true)
    }

    @Test("describe node alone: the Ready condition decides the status")
    func nodeAlone() throws {
        let text = try String(contentsOf: TestFiles.packageRoot.appendingPathComponent(
            "Tests/Data/Describe/website-describe-node.txt"), encoding: .utf8)
        let alone = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(6).joined(separator: "\n")
        let node = try #require(KubeText.parse(alone).resources.nodes.first)
        #expect(node.status == "Unknown" && node.osImage == "Ubuntu 21.10" && node.roles.isEmpty)
    }

    @Test("describe ingress: class, host, path and backend")
    func ingress() throws {
        let result = try Self.parse("kubectl-describe-test-ingress.txt")
        #expect(result.diagnostics.isEmpty)
        let ingress = try #require(result.resources.ingresses.first)
        #expect(ingress.className == "test" && ingress.hosts == ["foo.bar.com"] && ingress.addresses.isEmpty)
        #expect(ingress.rules == [
            IngressRule(host: "foo.bar.com", path: "/foo", serviceName: "default-backend", servicePort: .number(80))
        ])
    }
}

/// Describe output and `get` tables in separate inputs join in either order, as files given together do.
@Suite("kubectl describe joined with get tables")
struct DescribeJoinTests {
    static let table = """
        NAMESPACE   NAME   TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE
        shop        web    NodePort   10.96.0.9    <none>        80:30080/TCP   3d
        """
    static let describe = """
        Name:                     web
        Namespace:                shop
        Selector:                 app=web
        Type:                     NodePort
        IP:                       10.96.0.9
        Port:                     http  80/TCP
        TargetPort:               http/TCP
        NodePort:                 http  30080/TCP
        Endpoints:                10.244.1.5:8080
        Session Affinity:         ClientIP
        External Traffic Policy:  Local
        """

    static func check(_ service: Service?) {
        #expect(service?.age?.text == "3d")
        #expect(service?.ports == [ServicePort(name: "http", port: 80, targetPort: .name("http"), nodePort: 30080)])
        #expect(service?.externalTrafficPolicy == .local && service?.sessionAffinity == "ClientIP")
        #expect(service?.selector == ["app": "web"])
    }

    @Test("one input: describe before the table, and after it")
    func oneInput() {
        let key = ObjectKey(namespace: "shop", name: "web")
        Self.check(KubeText.parse(Self.describe + "\n" + Self.table).resources.service(key))
        Self.check(KubeText.parse(Self.table + "\n" + Self.describe).resources.service(key))
    }

    @Test("two inputs merged, either order; a later table row (a watch) keeps the described facts")
    func twoInputs() {
        let key = ObjectKey(namespace: "shop", name: "web")
        for (first, second) in [(Self.table, Self.describe), (Self.describe, Self.table)] {
            var resources = KubeText.parse(first).resources
            resources.merge(KubeText.parse(second).resources)
            Self.check(resources.service(key))
            #expect(resources.services.count == 1)
        }
    }

    @Test("describe facts change the flow's inputs: ETP Local is read, not assumed; endpoints are listed")
    func factsReachTheCluster() throws {
        let cluster = Cluster(resources: KubeText.parse(Self.table + "\n" + Self.describe).resources)
        let key = ObjectKey(namespace: "shop", name: "web")
        let service = try #require(cluster.service(key))
        let addresses = cluster.endpointAddresses(of: key)
        #expect(addresses.map(\.ip.text) == ["10.244.1.5"] && addresses.first?.port == 8080)
        let elsewhere = EndpointSelection.select(
            addresses, service: service, traffic: .external, callerNode: "node-b", callerZone: nil)
        #expect(elsewhere.reason == .noLocalEndpoint)
        // The table alone leaves the policy unknown (Kubernetes' default Cluster): the same pick is not narrowed.
        let tableOnly = Cluster(resources: KubeText.parse(Self.table).resources)
        #expect(tableOnly.service(key)?.externalTrafficPolicy == nil)
    }
}
