import ClusterModel
import Foundation
import KubeText
import Testing

/// `kubectl get -o json` and `-o yaml`, alone or mixed with tables.
@Suite("JSON and YAML documents")
struct DocumentTests {
    @Test("a JSON List: labels, selectors, named target ports, policies, owners, endpoints")
    func jsonList() throws {
        let result = KubeText.parse(bytes: try TestFiles.sample("labels-selectors.json"), source: "labels-selectors.json")
        let resources = result.resources
        #expect(resources.nodes.map(\.name) == ["node-a", "node-b"])
        let node = try #require(resources.node(named: "node-a"))
        #expect(node.podCIDRs == ["10.244.0.0/24"])
        #expect(node.internalIPs.map(\.text) == ["10.10.0.21"])
        #expect(node.status == "Ready")
        #expect(node.containerRuntime == "containerd://1.7.22")
        let pod = try #require(resources.pod(ObjectKey(namespace: "echo", name: "echo-6b7f9c5d8-abcde")))
        #expect(pod.ips.map(\.text) == ["10.244.0.17"])
        #expect(pod.nodeName == "node-a")
        #expect(pod.owners == [OwnerReference(kind: "ReplicaSet", name: "echo-6b7f9c5d8", inferred: false)])
        #expect(pod.containerPorts == [ContainerPort(name: "http", port: 8080)])
        #expect(pod.labels?["app.kubernetes.io/name"] == "echo")
        #expect(pod.hostNetwork == false)
        let service = try #require(resources.service(ObjectKey(namespace: "echo", name: "echo")))
        #expect(service.type == .nodePort)
        #expect(service.ports == [ServicePort(name: "http", port: 80, targetPort: .name("http"), nodePort: 31234)])
        #expect(service.externalTrafficPolicy == .local)
        #expect(service.sessionAffinity == "ClientIP")
        #expect(service.selector == ["app.kubernetes.io/name": "echo"])
        let internalService = try #require(resources.service(ObjectKey(namespace: "echo", name: "echo-internal")))
        #expect(internalService.ports.first?.targetPort == .number(8080))
        #expect(internalService.internalTrafficPolicy == .cluster)
        let endpoints = try #require(resources.endpoints.first)
        #expect(endpoints.addresses.count == 3)
        #expect(endpoints.addresses.first == EndpointAddress(ip: try #require(IPAddress("10.244.0.17")), port: 8080, ready: true, nodeName: "node-a",
                                                            targetPod: ObjectKey(namespace: "echo", name: "echo-6b7f9c5d8-abcde")))
        #expect(result.diagnostics.isEmpty)
    }

    @Test("the notes' ingress YAML: rules, backends, class, address")
    func ingressYAML() throws {
        let result = KubeText.parse(bytes: try TestFiles.sample("notes-six-pods-ingress.yaml"))
        let ingress = try #require(result.resources.ingresses.first)
        #expect(ingress.key == ObjectKey(namespace: "demo", name: "web"))
        #expect(ingress.className == "nginx")
        #expect(ingress.hosts == ["web.example.com"])
        #expect(ingress.addresses == ["10.100.11.12"])
        #expect(ingress.rules == [
            IngressRule(host: "web.example.com", path: "/", pathType: "Prefix", serviceName: "web-1", servicePort: .number(80)),
            IngressRule(host: "web.example.com", path: "/shop", pathType: "Prefix", serviceName: "web-2", servicePort: .number(80)),
        ])
        #expect(result.diagnostics.allSatisfy { $0.severity == .note })
    }

    @Test("multi-document YAML, EndpointSlice readiness, a table after the YAML")
    func yamlThenTable() throws {
        let result = KubeText.parse("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: demo
            spec:
              type: LoadBalancer
              clusterIP: 10.96.0.20
              externalTrafficPolicy: Local
              ports:
              - port: 80
                targetPort: 8080
                nodePort: 30080
              selector:
                app: web
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-abcde
              namespace: demo
              labels:
                kubernetes.io/service-name: web
            addressType: IPv4
            ports:
            - port: 8080
            endpoints:
            - addresses: ["10.244.0.5"]
              conditions: {ready: true}
              nodeName: node-1
              targetRef: {kind: Pod, name: web-1}
            - addresses: ["10.244.0.6"]
              conditions: {ready: false}
            NAME    READY   STATUS    RESTARTS   AGE
            web-1   1/1     Running   0          3d
            """)
        let service = try #require(result.resources.services.first)
        #expect(service.externalPending)
        #expect(service.externalTrafficPolicy == .local)
        #expect(service.ports == [ServicePort(port: 80, targetPort: .number(8080), nodePort: 30080)])
        let slice = try #require(result.resources.endpoints.first)
        #expect(slice.serviceName == "web")
        #expect(slice.addresses.map(\.ready) == [true, false])
        #expect(slice.addresses.first?.targetPod == ObjectKey(namespace: "demo", name: "web-1"))
        #expect(slice.addresses.first?.port == 8080)
        #expect(result.resources.pods.map(\.name) == ["web-1"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a single JSON object between tables, and one-line JSON objects")
    func jsonInStream() {
        let result = KubeText.parse("""
            NAME    READY   STATUS    RESTARTS   AGE
            web-1   1/1     Running   0          3d
            {
                "kind": "Pod",
                "metadata": {"name": "web-2", "namespace": "demo"},
                "spec": {"nodeName": "node-1", "hostNetwork": true},
                "status": {"phase": "Running", "podIP": "10.0.0.9"}
            }
            {"kind": "Service", "metadata": {"name": "a"}, "spec": {"clusterIP": "10.96.0.1", "ports": [{"port": 443}]}}
            NAME    READY   STATUS    RESTARTS   AGE
            web-3   1/1     Running   0          3d
            """)
        #expect(result.resources.pods.map(\.name) == ["web-1", "web-2", "web-3"])
        #expect(result.resources.pods[1].hostNetwork == true)
        #expect(result.resources.services.first?.ports.first?.port == 443)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a truncated JSON document is a diagnostic, and the table after it is still read")
    func truncatedJSON() throws {
        let result = KubeText.parse("""
            {
                "kind": "List",
                "items": [
                    {"kind": "Pod", "metadata": {"name": "lost"}
            $ kubectl get pods
            NAME    READY   STATUS    RESTARTS   AGE
            web-1   1/1     Running   0          3d
            """)
        #expect(result.resources.pods.map(\.name) == ["web-1"])
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.line == 1)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message.contains("cut off"))
        let atEnd = KubeText.parse("{\"kind\": \"Pod\", \"metadata\": {\"name\": ")
        #expect(atEnd.resources.isEmpty)
        #expect(atEnd.diagnostics.contains { $0.message.contains("cut off") })
    }

    @Test("invalid JSON and YAML are diagnostics with the document's first line")
    func invalidDocuments() {
        let json = KubeText.parse("{\"kind\": \"Pod\", oops}\n")
        #expect(json.diagnostics.contains { $0.line == 1 && $0.message.contains("not valid JSON") })
        let yaml = KubeText.parse("apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n")
        #expect(yaml.diagnostics.contains { $0.line == 1 && $0.message.contains("not valid YAML") })
        let unknown = KubeText.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
        #expect(unknown.diagnostics.contains { $0.message.contains("ConfigMap") && $0.severity == .note })
    }
}
