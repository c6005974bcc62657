@testable import AppCore
import CellCanvas
import ClusterModel
import DiagramScene

/// The notes' nginx cluster built record by record, so these tests do not
/// depend on the parser: three nodes, three pods, a NodePort service.
enum NginxDemo {
    static func node(_ name: String, _ ip: String) -> Node {
        var node = Node(name: name, status: "Ready")
        node.internalIPs = [IPAddress(ip)].compactMap { $0 }
        return node
    }

    static func pod(_ name: String, _ ip: String, on node: String, namespace: String = "nginx-demo") -> Pod {
        var pod = Pod(key: ObjectKey(namespace: namespace, name: name), status: "Running")
        pod.ips = [IPAddress(ip)].compactMap { $0 }
        pod.nodeName = node
        pod.labels = ["app": "nginx"]
        return pod
    }

    static var cluster: Cluster {
        var resources = Resources()
        resources.upsert(node("master-node", "192.168.1.181"))
        resources.upsert(node("worker-node1", "192.168.1.182"))
        resources.upsert(node("worker-node2", "192.168.1.183"))
        resources.upsert(pod("nginx-5hrgb", "172.16.180.193", on: "worker-node1"))
        resources.upsert(pod("nginx-7nm9s", "172.16.180.194", on: "worker-node1"))
        resources.upsert(pod("nginx-jtq5r", "172.16.203.129", on: "worker-node2"))
        resources.upsert(pod("coredns-abc", "172.16.0.5", on: "master-node", namespace: "kube-system"))
        var service = Service(key: ObjectKey(namespace: "nginx-demo", name: "nginx-nodeport"), type: .nodePort)
        service.clusterIPs = [IPAddress("10.101.63.221")].compactMap { $0 }
        service.ports = [ServicePort(port: 80, nodePort: 30007)]
        service.selector = ["app": "nginx"]
        resources.upsert(service)
        let diagnostic = Diagnostic(severity: .warning, source: "pods.txt", line: 7, excerpt: "garbage here", message: "expected 9 columns")
        return Cluster(resources: resources, diagnostics: [diagnostic])
    }

    static func state(width: Int = 120, height: Int = 40, ascii: Bool = false) -> AppState {
        let empty = AppState(cluster: Cluster(resources: Resources()), input: .stdin, live: .reading,
                             size: Size(width: width, height: height), ascii: ascii)
        return update(empty, .inputArrived(InputSnapshot(cluster: cluster, time: 0))).0
    }
}

/// Feeds keys one by one, failing on an unexpected quit.
func press(_ state: AppState, _ keys: Key...) -> AppState {
    keys.reduce(state) { update($0, .key($1)).0 }
}

func typing(_ state: AppState, _ text: String) -> AppState {
    text.reduce(state) { update($0, .key(.character($1))).0 }
}

extension Buffer {
    /// The screen as lines of text (continuation cells dropped), for assertions.
    var lines: [String] {
        (0..<height).map { y in
            (0..<width).map { x in self[x, y].grapheme }.joined()
        }
    }
    var text: String { lines.joined(separator: "\n") }
}
