import ClusterModel

/// The cluster kubehops shows when it is given no input: the networking
/// guide's three-node nginx cluster (NodePort 30007) plus an ingress for it,
/// so that every flow and every tour step has something real to play.
///
/// Kept as Swift strings so the binary needs no files at run time; a test checks they equal
/// `samples/notes-nginx-nodeport.txt` and `samples/demo-nginx-ingress.yaml`.
public enum DemoCluster {
    /// `samples/notes-nginx-nodeport.txt`: nodes, pods, services and endpoints as text tables.
    public static let text: String = #"""
        $ kubectl get nodes -o wide
        NAME           STATUS   ROLES           AGE   VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE        \#
        KERNEL-VERSION                 CONTAINER-RUNTIME
        master-node    Ready    control-plane   41d   v1.31.4   192.168.1.181   <none>        AlmaLinux 9.5   \#
        5.14.0-503.14.1.el9_5.x86_64   containerd://1.7.24
        worker-node1   Ready    <none>          41d   v1.31.4   192.168.1.182   <none>        AlmaLinux 9.5   \#
        5.14.0-503.14.1.el9_5.x86_64   containerd://1.7.24
        worker-node2   Ready    <none>          41d   v1.31.4   192.168.1.183   <none>        AlmaLinux 9.5   \#
        5.14.0-503.14.1.el9_5.x86_64   containerd://1.7.24
        $ kubectl get pods -n nginx-demo -o wide --show-labels
        NAME                                READY   STATUS    RESTARTS   AGE   IP               NODE           \#
        NOMINATED NODE   READINESS GATES   LABELS
        nginx-deployment-7b44dc87c5-5hrgb   1/1     Running   0          11m   172.16.180.193   worker-node1   \#
        <none>           <none>            app=nginx,pod-template-hash=7b44dc87c5
        nginx-deployment-7b44dc87c5-7nm9s   1/1     Running   0          11m   172.16.180.194   worker-node1   \#
        <none>           <none>            app=nginx,pod-template-hash=7b44dc87c5
        nginx-deployment-7b44dc87c5-jtq5r   1/1     Running   0          11m   172.16.203.129   worker-node2   \#
        <none>           <none>            app=nginx,pod-template-hash=7b44dc87c5
        $ kubectl get svc -A -o wide
        NAMESPACE    NAME             TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)                  AGE   SELECTOR
        default      kubernetes       ClusterIP   10.96.0.1       <none>        443/TCP                  41d   <none>
        kube-system  kube-dns         ClusterIP   10.96.0.10      <none>        53/UDP,53/TCP,9153/TCP   41d   \#
        k8s-app=kube-dns
        nginx-demo   nginx-nodeport   NodePort    10.101.63.221   <none>        80:30007/TCP             11m   app=nginx
        $ kubectl get endpoints -n nginx-demo
        NAME             ENDPOINTS                                                  AGE
        nginx-nodeport   172.16.180.193:80,172.16.180.194:80,172.16.203.129:80      11m

        """#

    /// `samples/demo-nginx-ingress.yaml`: the ingress with its host/path rule.
    public static let ingressYAML: String = #"""
        # kubectl get ingress nginx -n nginx-demo -o yaml (the demo cluster's ingress; rules are only in the object, \#
        not in the table)
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: nginx
          namespace: nginx-demo
        spec:
          ingressClassName: nginx
          rules:
          - host: nginx.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: nginx-nodeport
                    port:
                      number: 80
        status:
          loadBalancer:
            ingress:
            - ip: 192.168.1.240

        """#

    /// The source names used in diagnostics, matching the sample files.
    public static let textSource = "demo:notes-nginx-nodeport.txt"
    public static let ingressSource = "demo:demo-nginx-ingress.yaml"

    /// Both parts parsed and merged, as if given as two files.
    public static func parse() -> ParseResult {
        let tables = KubeText.parse(text, source: textSource)
        let ingress = KubeText.parse(ingressYAML, source: ingressSource)
        var resources = tables.resources
        resources.merge(ingress.resources)
        return ParseResult(resources: resources, diagnostics: tables.diagnostics + ingress.diagnostics)
    }
}
