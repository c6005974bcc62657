import ClusterModel
import KubeText
import Testing

/// Typed values in cells, through the public parser (a one-row table each).
@Suite("Cell values: addresses, ports, ages, counts")
struct CellValueTests {
    static let serviceHeader = "NAMESPACE   NAME   TYPE           CLUSTER-IP             EXTERNAL-IP   PORT(S)   AGE\n"

    func service(_ row: String) throws -> (Service, [Diagnostic]) {
        let result = KubeText.parse(Self.serviceHeader + row)
        return (try #require(result.resources.services.first), result.diagnostics)
    }

    @Test("NodePort and LoadBalancer ports: port, nodePort, protocol")
    func ports() throws {
        let (service, diagnostics) = try service("demo   web   LoadBalancer   10.96.226.212   172.18.255.200   80:30080/TCP,443:30443/TCP,53/UDP   10m")
        #expect(service.type == .loadBalancer)
        #expect(service.ports == [ServicePort(port: 80, nodePort: 30080), ServicePort(port: 443, nodePort: 30443),
                                  ServicePort(port: 53, protocol: "UDP")])
        #expect(service.externalIPs.map(\.text) == ["172.18.255.200"])
        #expect(!service.externalPending)
        #expect(diagnostics.isEmpty)
    }

    @Test("<pending>, headless None, ExternalName and ELB hostnames")
    func externalForms() throws {
        let (pending, _) = try service("demo   api   LoadBalancer   10.96.15.170   <pending>   8000:32756/TCP   60s")
        #expect(pending.externalPending)
        #expect(pending.externalIPs.isEmpty)
        let (headless, _) = try service("demo   db   ClusterIP   None   <none>   3306/TCP   3m")
        #expect(headless.isHeadless)
        #expect(headless.clusterIPs.isEmpty)
        let (external, _) = try service("demo   ext   ExternalName   <none>   db.example.com   <none>   16h")
        #expect(external.externalName == "db.example.com")
        #expect(external.ports.isEmpty)
        #expect(external.clusterIPs.isEmpty)
        let (elb, _) = try service("gloo   proxy   LoadBalancer   10.100.194.184   a01c-1877282972.us-east-2.elb.amazonaws.com   80:31670/TCP   46m")
        #expect(elb.externalHostnames == ["a01c-1877282972.us-east-2.elb.amazonaws.com"])
    }

    @Test("invalid addresses are diagnostics, never addresses")
    func invalidAddress() throws {
        let (service, diagnostics) = try service("demo   app   ClusterIP   123.45.678.901   <none>   80/TCP   48d")
        #expect(service.clusterIPs.isEmpty)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.line == 2)
        #expect(diagnostic.message.contains("123.45.678.901"))
    }

    @Test("IPv6 and dual-stack addresses")
    func ipv6() throws {
        let (service, diagnostics) = try service("kube-system   traefik   LoadBalancer   2001:cafe:42:1::58c1   192.168.28.120,<IPv6 REDACTED   80:30061/TCP   28s")
        #expect(service.clusterIPs.first?.isIPv6 == true)
        #expect(service.externalIPs.map(\.text) == ["192.168.28.120"])
        #expect(diagnostics.count == 1, "the redacted address is reported")
        let pods = KubeText.parse("""
            NAME    READY   STATUS    RESTARTS   AGE   IP                      NODE
            web-1   1/1     Running   0          3d    10.244.0.5,fd00:10::5   node-1
            """)
        #expect(pods.resources.pods.first?.ips.map(\.text) == ["10.244.0.5", "fd00:10::5"])
    }

    @Test("endpoints: ip:port lists, '+ N more...', IPv6 in brackets")
    func endpoints() throws {
        let result = KubeText.parse("""
            NAME       ENDPOINTS                                            AGE
            kube-dns   10.1.0.20:53,10.1.0.21:53,10.1.0.20:53 + 3 more...   4d21h
            v6         [fd00::1]:8080                                       1m
            """)
        let dns = try #require(result.resources.endpoints.first)
        #expect(dns.addresses.map { $0.ip.withPort($0.port) } == ["10.1.0.20:53", "10.1.0.21:53", "10.1.0.20:53"])
        #expect(dns.notShownCount == 3)
        #expect(dns.serviceName == "kube-dns")
        #expect(dns.age?.seconds == 4 * 86_400 + 21 * 3_600)
        #expect(result.resources.endpoints.last?.addresses.first?.ip.withPort(8080) == "[fd00::1]:8080")
    }

    @Test("ready, restarts and ages")
    func counts() throws {
        let result = KubeText.parse("""
            NAME    READY   STATUS             RESTARTS        AGE
            a       1/2     Terminating        7               19m
            b       0/1     CrashLoopBackOff   12 (3m7s ago)   2y110d
            c       0/1     Pending            0               92s
            """)
        let pods = result.resources.pods
        #expect(pods.map(\.ready) == [ReadyCount(ready: 1, total: 2), ReadyCount(ready: 0, total: 1), ReadyCount(ready: 0, total: 1)])
        #expect(pods[1].restarts?.count == 12)
        #expect(pods[1].restarts?.lastRestartAgo?.seconds == 187)
        #expect(pods[1].age?.seconds == 2 * 31_536_000 + 110 * 86_400)
        #expect(pods[2].age == Age(text: "92s", seconds: 92))
        #expect(pods[0].restarts == RestartCount(count: 7))
    }

    @Test("ingress: '80, 443' ports, class <none>, several hosts")
    func ingress() throws {
        let result = KubeText.parse("""
            NAME               CLASS    HOSTS                   ADDRESS        PORTS     AGE
            frontend-ingress   <none>   a.example,b.example     34.120.196.3   80, 443   18m
            """)
        let ingress = try #require(result.resources.ingresses.first)
        #expect(ingress.className == nil)
        #expect(ingress.hosts == ["a.example", "b.example"])
        #expect(ingress.addresses == ["34.120.196.3"])
        #expect(ingress.ports == [80, 443])
    }

    @Test("selectors and labels")
    func selectors() throws {
        let result = KubeText.parse("""
            NAME    TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE   SELECTOR
            web     NodePort   10.101.63.221   <none>        80:30007/TCP   11m   app=nginx,tier=web
            plain   ClusterIP  10.101.63.222   <none>        80/TCP         11m   <none>
            """)
        #expect(result.resources.services.map(\.selector) == [["app": "nginx", "tier": "web"], [:]])
    }
}
