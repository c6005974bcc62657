import ClusterModel
import KubeText
import Testing

/// Tables as kubectl prints them, and as people copy them.
@Suite("Tables: headers, cells and layouts")
struct TableScannerTests {
    @Test("cells keep single spaces: OS-IMAGE, RESTARTS with age, ingress PORTS")
    func cellsWithSpaces() throws {
        let result = KubeText.parse("""
            NAME     STATUS   ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION       CONTAINER-RUNTIME
            node-1   Ready    control-plane   12d   v1.30.2   10.100.11.12   <none>        Ubuntu 22.04.4 LTS   5.15.0-112-generic   containerd://1.7.12
            """)
        let node = try #require(result.resources.nodes.first)
        #expect(node.osImage == "Ubuntu 22.04.4 LTS")
        #expect(node.kernelVersion == "5.15.0-112-generic")
        #expect(node.roles == ["control-plane"])
        #expect(node.internalIPs.map(\.text) == ["10.100.11.12"])
        #expect(node.externalIPs.isEmpty)
        #expect(node.age?.seconds == 12 * 86_400)
        #expect(node.isReady)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("rows that drift right of a narrow header are read by cell count")
    func driftingRows() throws {
        // The header's RESTARTS column is narrower than `6 (3h38m ago)` (corpus 056).
        let result = KubeText.parse("""
            NAME            READY   STATUS       RESTARTS  AGE     LABELS
            apache          1/1     Running      0         4h21m   run=apache
            nginx-always    1/1     Running      6 (3h38m ago)   3h49m   app.kubernetes.io/name=nginx-always
            """)
        #expect(result.resources.pods.count == 2)
        let pod = try #require(result.resources.pods.last)
        #expect(pod.restarts == RestartCount(count: 6, lastRestartAgo: Age(text: "3h38m", seconds: 3 * 3600 + 38 * 60)))
        #expect(pod.age?.text == "3h49m")
        #expect(pod.labels == ["app.kubernetes.io/name": "nginx-always"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test("tabs mixed with spaces separate cells")
    func tabs() throws {
        let result = KubeText.parse(
            "NAME                      \tREADY   STATUS    RESTARTS   AGE   IP               NODE          NOMINATED NODE   READINESS GATES\n"
            + "web-v1-5dbbd65577-4cw9l   \t1/1         Running     0                87m    10.244.2.28   k8s-worker2   <none>           <none>\n")
        let pod = try #require(result.resources.pods.first)
        #expect(pod.name == "web-v1-5dbbd65577-4cw9l")
        #expect(pod.ips.map(\.text) == ["10.244.2.28"])
        #expect(pod.nodeName == "k8s-worker2")
        #expect(pod.nominatedNode == nil)
    }

    @Test("indented tables and '# ' comment prefixes")
    func indentationAndComments() {
        let indented = KubeText.parse("""
               NAMESPACE   NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
               default     api    ClusterIP   10.0.0.7     <none>        80/TCP    22m
            """)
        #expect(indented.resources.services.map(\.key) == [ObjectKey(namespace: "default", name: "api")])
        let commented = KubeText.parse("""
            # NAME               READY   UP-TO-DATE   AVAILABLE   AGE
            # myapp-app          1/1     1            1           48d
            #
            """)
        #expect(commented.resources.workloads.map(\.key.name) == ["myapp-app"])
        #expect(commented.resources.workloads.first?.kind == .deployment)
    }

    @Test("get all: sections separated by blank lines, kind from the name prefix")
    func getAll() throws {
        let result = KubeText.parse("""
            NAME                      READY   UP-TO-DATE   AVAILABLE   AGE
            deployment.apps/coredns   1/1     1            1           24m

            NAME                           READY   STATUS    RESTARTS   AGE
            pod/coredns-559f6c778d-v49qj   1/1     Running   0          61s

            NAME               TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
            service/kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   24m

            NAME                                    DESIRED   CURRENT   READY   AGE
            replicaset.apps/coredns-559f6c778d      1         1         1       24m

            NAME                          READY   AGE
            statefulset.apps/web          2/3     5m
            """)
        #expect(result.resources.pods.map(\.name) == ["coredns-559f6c778d-v49qj"])
        #expect(result.resources.services.map(\.name) == ["kube-dns"])
        #expect(result.resources.workloads.map(\.kind) == [.deployment, .replicaSet, .statefulSet])
        let replicaSet = try #require(result.resources.workloads.first { $0.kind == .replicaSet })
        #expect(replicaSet.desired == 1 && replicaSet.current == 1)
        #expect(result.resources.workloads.last?.ready == ReadyCount(ready: 2, total: 3))
        #expect(result.diagnostics.isEmpty)
    }

    @Test("warnings and 'No resources found' are notes, command prompts are silent; the table still reads")
    func noiseLines() {
        let result = KubeText.parse("""
            $ kubectl get endpoints troubleshooting-service
            Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice
            NAME                      ENDPOINTS   AGE
            troubleshooting-service   <none>      3s
            $ kubectl get pods
            No resources found in default namespace.
            """)
        #expect(result.resources.endpoints.count == 1)
        #expect(result.resources.endpoints.first?.addresses.isEmpty == true)
        #expect(result.diagnostics.map(\.line) == [2, 6])
        #expect(result.diagnostics.allSatisfy { $0.severity == .note })
        #expect(result.diagnostics[0].message.contains("warning"))
        #expect(result.diagnostics[1].message.contains("no resources"))
        // A prompt-like line that is not a command is still noted.
        let odd = KubeText.parse("$\nthis line is not kubectl output\n")
        #expect(odd.diagnostics.map(\.line).starts(with: [1, 2]))
    }

    @Test("old kubectl 1.8 layouts with wide padding and no NOMINATED NODE")
    func oldLayouts() throws {
        let result = KubeText.parse("""
            NAMESPACE     NAME                 READY     STATUS              RESTARTS   AGE       IP              NODE
            kube-system   kube-dns-v19-mmwdg   0/3       ContainerCreating   0          9m        <none>          172.18.18.102
            NAME            STATUS                     ROLES     AGE       VERSION
            172.18.18.101   Ready,SchedulingDisabled   <none>    1h        v1.8.4
            """)
        let pod = try #require(result.resources.pods.first)
        #expect(pod.ips.isEmpty)
        #expect(pod.nodeName == "172.18.18.102")
        #expect(pod.ready == ReadyCount(ready: 0, total: 3))
        let node = try #require(result.resources.nodes.first)
        #expect(node.status == "Ready,SchedulingDisabled")
        #expect(node.isReady)
        #expect(node.roles.isEmpty)
    }

    @Test("an empty cell (ingress without ADDRESS) is found by header position")
    func emptyCell() throws {
        let result = KubeText.parse("""
            NAME   CLASS   HOSTS         ADDRESS   PORTS   AGE
            web    nginx   example.com             80      5s
            """)
        let ingress = try #require(result.resources.ingresses.first)
        #expect(ingress.addresses.isEmpty)
        #expect(ingress.ports == [80])
        #expect(ingress.age?.seconds == 5)
        #expect(ingress.hosts == ["example.com"])
    }

    @Test("unknown columns (-L labels) are kept in extra")
    func unknownColumns() throws {
        let result = KubeText.parse("""
            NAME    READY   STATUS    RESTARTS   AGE   APP     TIER
            web-1   1/1     Running   0          3d    web-1   front
            """)
        let pod = try #require(result.resources.pods.first)
        #expect(pod.extra == ["APP": "web-1", "TIER": "front"])
    }

    @Test("a header with no rows, and a table kubehops does not use")
    func emptyAndUnsupportedTables() {
        let empty = KubeText.parse("NAME   READY   STATUS   RESTARTS   AGE\n")
        #expect(empty.resources.isEmpty)
        #expect(!empty.diagnostics.contains { $0.severity == .error }, "a header alone is kubectl output listing nothing")
        let volumes = KubeText.parse("""
            NAME       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   AGE
            pv-nfs     10Gi       RWX            Retain           Bound    default/data   nfs            3d
            """)
        #expect(volumes.resources.isEmpty)
        #expect(volumes.diagnostics.map(\.line).contains(2))
        #expect(volumes.diagnostics.allSatisfy { $0.severity <= .note })
    }

    @Test("a row shifted by a missing cell is reported with its line and what was expected")
    func shiftedRow() throws {
        let result = KubeText.parse("""
            NAME    READY   STATUS    RESTARTS   AGE
            web-1   1/1     Running   0          3d
            web-2   Running   0   3d
            web-3   1/1     Running   0          3d
            """)
        #expect(result.resources.pods.map(\.name) == ["web-1", "web-3"])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.line == 3)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message.contains("READY"))
        #expect(diagnostic.excerpt == "web-2   Running   0   3d")
    }

    @Test("interleaved output of two commands: each row under the header it fits")
    func interleaved() {
        let result = KubeText.parse("""
            NAME    READY   STATUS    RESTARTS   AGE
            web-1   1/1     Running   0          3d
            NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
            web-2   1/1     Running   0          3d
            kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   20h
            """)
        #expect(result.resources.pods.map(\.name) == ["web-1"])
        #expect(result.resources.services.map(\.name) == ["kubernetes"])
        #expect(result.diagnostics.map(\.line) == [4])
    }

    @Test("watch streams: a later row for the same pod replaces the earlier one")
    func watch() throws {
        let result = KubeText.parse("""
            NAME    READY   STATUS              RESTARTS   AGE
            web-1   0/1     Pending             0          0s
            web-1   0/1     ContainerCreating   0          1s
            web-2   0/1     Pending             0          0s
            web-1   1/1     Running             0          4s
            """)
        #expect(result.resources.pods.map(\.name) == ["web-1", "web-2"])
        #expect(result.resources.pods.first?.status == "Running")
        #expect(result.resources.pods.first?.origin?.line == 5)
    }

    @Test("endpoint slices: ports, bare addresses and the service name from the slice name")
    func endpointSlices() throws {
        let result = KubeText.parse("""
            NAME                ADDRESSTYPE   PORTS   ENDPOINTS                                         AGE
            web-service-5s6z6   IPv4          80      10.244.2.27,10.244.2.29,10.244.1.23 + 3 more...   7m
            kubernetes          IPv4          6443    192.168.10.100                                    13d
            """)
        let slice = try #require(result.resources.endpoints.first)
        #expect(slice.kind == .endpointSlice)
        #expect(slice.serviceName == "web-service")
        #expect(slice.addresses.map { $0.ip.withPort($0.port) } == ["10.244.2.27:80", "10.244.2.29:80", "10.244.1.23:80"])
        #expect(slice.notShownCount == 3)
        #expect(result.resources.endpoints.last?.serviceName == "kubernetes")
    }

    @Test("cells of every length and padding read back exactly (8-byte scanning edges)")
    func cellLengths() throws {
        var lines = ["NAMESPACE   NAME   READY   STATUS   RESTARTS   AGE   IP   NODE"]
        var expected: [(String, String, String)] = []
        for length in 1...40 {
            let name = String(repeating: "a", count: length) + "-\(length)"
            let node = "n" + String(repeating: "x", count: (length * 7) % 23) + ".z"
            let padding = String(repeating: " ", count: 2 + length % 9)
            lines.append(["ns\(length)", name, "1/1", "Running", "0", "\(length)m", "10.0.0.\(length)", node].joined(separator: padding))
            expected.append((name, node, "10.0.0.\(length)"))
        }
        let result = KubeText.parse(lines.joined(separator: "\n"))
        #expect(result.diagnostics.isEmpty)
        let pods = result.resources.pods
        #expect(pods.count == expected.count)
        for (pod, (name, node, ip)) in zip(pods, expected) {
            #expect(pod.name == name)
            #expect(pod.nodeName == node)
            #expect(pod.ips.map(\.text) == [ip])
        }
    }
}
