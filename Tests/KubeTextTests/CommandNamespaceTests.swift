import ClusterModel
import KubeText
import Testing

/// Tables printed without a NAMESPACE column take the namespace from the
/// pasted kubectl command above them, when it names one.
@Suite("Namespace from the command line")
struct CommandNamespaceTests {
    private func podNamespaces(_ text: String) -> [String?] {
        KubeText.parse(text).resources.pods.map(\.namespace)
    }

    private let table = """
        NAME    READY   STATUS    RESTARTS   AGE
        web-1   1/1     Running   0          3d

        """

    @Test("-n, --namespace, --namespace= and -nX all name it", arguments: [
        "$ kubectl get pods -n shop", "$ kubectl get pods --namespace shop",
        "$ kubectl get pods --namespace=shop", "$ kubectl -nshop get pods",
        "[root@k8s-master ~]# kubectl --context prod get pods -o wide -n shop",
    ])
    func namedNamespace(_ command: String) {
        #expect(podNamespaces(command + "\n" + table) == ["shop"])
    }

    @Test("no namespace flag, all namespaces or no command: unknown", arguments: [
        "$ kubectl get pods", "$ kubectl get pods -A -n shop", "$ kubectl get pods --all-namespaces", "",
        "$ echo -n shop",
    ])
    func unknownNamespace(_ command: String) {
        #expect(podNamespaces(command + "\n" + table) == [nil])
    }

    @Test("a NAMESPACE column wins over the command")
    func columnWins() {
        let text = """
            $ kubectl get pods -n shop
            NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE
            blog        web-1   1/1     Running   0          3d
            """
        #expect(podNamespaces(text) == ["blog"])
    }

    @Test("the next command resets it; blank-line-separated sections keep it")
    func scope() {
        let text = """
            $ kubectl get pods,svc -n shop
            NAME        READY   STATUS    RESTARTS   AGE
            pod/web-1   1/1     Running   0          3d

            NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
            service/web   ClusterIP   10.96.0.5    <none>        80/TCP    3d
            $ kubectl get pods
            NAME    READY   STATUS    RESTARTS   AGE
            web-2   1/1     Running   0          3d
            """
        let resources = KubeText.parse(text).resources
        #expect(resources.pods.map(\.key) == [ObjectKey(namespace: "shop", name: "web-1"), ObjectKey(namespace: nil, name: "web-2")])
        #expect(resources.services.map(\.key) == [ObjectKey(namespace: "shop", name: "web")])
    }

    @Test("the notes' nginx sample puts its pods in nginx-demo, with the service")
    func notesSample() throws {
        let resources = KubeText.parse(bytes: try TestFiles.sample("notes-nginx-nodeport.txt")).resources
        #expect(Set(resources.pods.map(\.namespace)) == ["nginx-demo"])
        #expect(resources.endpoints.map(\.key.namespace) == ["nginx-demo"])
    }
}
