import ClusterModel
import KubeText
import Testing

/// EndpointSlices as the primary endpoint source: conditions, zones, hints, named ports; nodes' zones.
@Suite("EndpointSlices and zones")
struct EndpointSliceTests {
    static let sliceYAML = """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: web-abc12
          namespace: shop
          labels:
            kubernetes.io/service-name: web
        addressType: IPv4
        ports:
        - name: http
          port: 8080
          protocol: TCP
        endpoints:
        - addresses: ["10.244.1.5"]
          conditions: {ready: true, serving: true, terminating: false}
          nodeName: node-a
          zone: zone-a
          hints:
            forZones: [{name: zone-a}]
          targetRef: {kind: Pod, name: web-1, namespace: shop}
        - addresses: ["10.244.2.7"]
          conditions: {ready: false, serving: true, terminating: true}
          nodeName: node-b
          zone: zone-b
          hints:
            forZones: [{name: zone-b}]
            forNodes: [{name: node-b}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: LoadBalancer
          clusterIP: 10.96.0.20
          ipFamilies: [IPv4]
          ports:
          - {name: http, port: 80, targetPort: http, nodePort: 30080}
          selector: {app: web}
          trafficDistribution: PreferSameZone
          externalTrafficPolicy: Local
          healthCheckNodePort: 31111
          sessionAffinity: ClientIP
          sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
          loadBalancerSourceRanges: [203.0.113.0/24]
        status:
          loadBalancer:
            ingress:
            - {ip: 192.0.2.10, ipMode: Proxy}
        """

    @Test("a slice's conditions, zones, hints and named ports are kept")
    func sliceConditions() throws {
        let result = KubeText.parse(Self.sliceYAML)
        #expect(result.diagnostics.isEmpty)
        let slice = try #require(result.resources.endpoints.first)
        #expect(slice.kind == .endpointSlice && slice.serviceName == "web")
        #expect(slice.namedPorts == [EndpointPort(name: "http", port: 8080)])
        let ready = try #require(slice.addresses.first)
        #expect(ready.ready == true && ready.serving == true && ready.terminating == false)
        #expect(ready.zone == "zone-a" && ready.hintsForZones == ["zone-a"] && ready.hintsForNodes == nil)
        #expect(ready.port == 8080 && ready.targetPod == ObjectKey(namespace: "shop", name: "web-1"))
        let leaving = try #require(slice.addresses.last)
        #expect(leaving.ready == false && leaving.serving == true && leaving.terminating == true)
        #expect(leaving.hintsForNodes == ["node-b"] && leaving.nodeName == "node-b")
    }

    @Test("a service's locality, affinity and load balancer fields from YAML")
    func serviceDetails() throws {
        let service = try #require(KubeText.parse(Self.sliceYAML).resources.services.first)
        #expect(service.trafficDistribution == "PreferSameZone")
        #expect(service.externalTrafficPolicy == .local && service.healthCheckNodePort == 31111)
        #expect(service.sessionAffinityTimeoutSeconds == 600 && service.sessionAffinity == "ClientIP")
        #expect(service.loadBalancerIPMode == "Proxy" && service.externalIPs.map(\.text) == ["192.0.2.10"])
        #expect(service.loadBalancerSourceRanges == ["203.0.113.0/24"] && service.ipFamilies == ["IPv4"])
        #expect(service.portNamesKnown)
    }

    @Test("slices win over the deprecated Endpoints of the same service; selection sees their conditions")
    func slicesArePrimary() throws {
        let endpoints = """
            NAMESPACE   NAME   ENDPOINTS                          AGE
            shop        web    10.244.1.5:8080,10.244.9.9:8080    5m
            """
        let parsed = KubeText.parse(endpoints + "\n" + Self.sliceYAML)
        let cluster = Cluster(resources: parsed.resources)
        let key = ObjectKey(namespace: "shop", name: "web")
        // 10.244.9.9 is only in the Endpoints object: not what kube-proxy reads.
        #expect(cluster.backingInfo(of: key).endpoints.map(\.ip.text) == ["10.244.1.5"])
        let addresses = cluster.endpointAddresses(of: key)
        #expect(addresses.map(\.ip.text) == ["10.244.1.5", "10.244.2.7"])
        let service = try #require(cluster.service(key))
        let fromZoneB = EndpointSelection.select(
            addresses, service: service, traffic: .internal, callerNode: "node-c", callerZone: "zone-b")
        // The only ready endpoint is hinted for zone-a: zone-b has no hinted ready endpoint → all ready.
        #expect(fromZoneB.reason == .allReady && fromZoneB.candidates.map(\.ip.text) == ["10.244.1.5"])
        let local = EndpointSelection.select(
            addresses, service: service, traffic: .external, callerNode: "node-b", callerZone: "zone-b")
        #expect(local.reason == .nodeLocalServingTerminating && local.candidates.map(\.ip.text) == ["10.244.2.7"])
    }

    @Test("without a listing, the selector's pods are candidates with readiness assumed and zones from nodes")
    func zonesFromNodes() throws {
        let text = """
            NAME     STATUS   ROLES    AGE   VERSION   ZONE
            node-a   Ready    <none>   9d    v1.33.1   zone-a
            NAME                                  STATUS   ROLES    AGE   VERSION   LABELS
            node-b   Ready    <none>   9d    v1.33.1   kubernetes.io/hostname=node-b,topology.kubernetes.io/zone=zone-b
            NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
            shop        web-1   1/1     Running   0          5m    10.244.1.5   node-a   <none>           <none>
            shop        web-2   1/1     Running   0          5m    10.244.2.7   node-b   <none>           <none>
            NAMESPACE   NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
            shop        web    ClusterIP   10.96.0.20   <none>        80/TCP    5m    app=web
            """
        let parsed = KubeText.parse(text)
        #expect(parsed.resources.node(named: "node-a")?.zone == "zone-a")
        #expect(parsed.resources.node(named: "node-b")?.zone == "zone-b")
        let cluster = Cluster(resources: parsed.resources)
        let addresses = cluster.endpointAddresses(of: ObjectKey(namespace: "shop", name: "web"))
        #expect(addresses.map(\.zone) == ["zone-a", "zone-b"])
        #expect(addresses.allSatisfy { $0.ready == nil })
    }
}
