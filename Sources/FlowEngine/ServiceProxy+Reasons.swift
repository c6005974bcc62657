import ClusterModel

/// Why a service's connection cannot go on, in words that point at the broken wire.
extension ServiceProxy {
    /// A numeric target port that the chosen pod's declared container ports do not include.
    static func portMismatch(endpoint: ServiceEndpoint, targetPort: Int?, cluster: Cluster) -> String? {
        guard let targetPort, let pod = endpoint.pod.flatMap(cluster.pod), !pod.containerPorts.isEmpty,
            !pod.containerPorts.contains(where: { $0.port == targetPort })
        else { return nil }
        let declared = pod.containerPorts.map { String($0.port) }.joined(separator: ", ")
        return
            "pod \(pod.name) declares container port\(pod.containerPorts.count == 1 ? "" : "s") \(declared), not " +
            "\(targetPort): if nothing listens on \(targetPort), the pod's kernel answers with a TCP reset and the " +
            "client sees `connection refused` (check the service's targetPort)."
    }

    /// Set when the input cannot tell whether the service has endpoints (no
    /// Endpoints listing, and no selector or no pods to match it against):
    /// the flow stops there without claiming the service is broken.
    static func unknownBackingReason(_ service: Service, info: ServiceBackingInfo, facts: ClusterFacts) -> String? {
        let cluster = facts.cluster
        guard info.source != .endpoints, info.source != .noSelector else { return nil }
        if info.source == .unknown {
            return
                "unknown: the input shows neither \(service.key)'s endpoints nor its selector, so kubehops cannot " +
                "tell which pods kube-proxy would pick. Add `kubectl get endpoints -A` (or `kubectl get svc -o wide` " +
                "and the pods) to follow the request further."
        }
        if cluster.pods.isEmpty {
            return
                "unknown: the input has no pods, so \(service.key)'s selector cannot be matched. Add `kubectl get " +
                "endpoints -A` or `kubectl get pods -A -o wide --show-labels` to follow the request further."
        }
        let namespace = service.namespace ?? "default"
        if !facts.podNamespaces.contains(namespace) {
            return
                "unknown: the input shows no pods in namespace \(namespace), so \(service.key)'s selector cannot be " +
                "matched. Add `kubectl get endpointslices -n \(namespace)` or `kubectl get pods -n \(namespace) -o " +
                "wide --show-labels` to follow the request further."
        }
        // Matching by name found nothing, and no pod of the namespace shows its labels: the selector may well
        // match pods whose names do not echo it (kube-dns → coredns-…), so absent is not known.
        if info.selectorMatchesNothing,
            !cluster.pods.contains(where: { ($0.namespace ?? "default") == namespace && $0.labels != nil })
        {
            let selector = service.selector.map { Self.selectorText($0) } ?? "?"
            return
                "unknown: the input shows neither \(service.key)'s endpoints nor the labels of the pods in " +
                "\(namespace), and no pod's name echoes its selector \(selector), so kubehops cannot tell which pods " +
                "back it. Add `kubectl get endpointslices -n \(namespace)` or `kubectl get pods -n \(namespace) " +
                "--show-labels` to follow the request further."
        }
        return nil
    }

    static func selectorText(_ selector: [String: String]) -> String {
        selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Why a service has no endpoints, in words that point at the broken wire.
    static func noEndpointsReason(_ service: Service, info: ServiceBackingInfo, cluster: Cluster) -> String {
        let selector = service.selector.map(selectorText)
        var reason =
            "rejected: \(service.key) has no ready endpoints, so kube-proxy answers with ICMP port unreachable (the " +
            "client sees `connection refused`)."
        if !info.notReadyPods.isEmpty {
            let names = info.notReadyPods.prefix(5).map { key -> String in
                let pod = cluster.pod(key)
                return "\(key.name) (\(pod?.ready?.description ?? "?") \(pod?.status ?? "not ready"))"
            }
            reason +=
                " Pods matching it are not ready and are left out of the endpoints: " + names.joined(separator: ", ")
                + "."
        } else if info.selectorMatchesNothing, let selector {
            reason +=
                cluster.pods.contains(where: { $0.labels != nil })
                ? " Its selector \(selector) matches no pod in the input: check the pods' labels (`kubectl get pods " +
                    "--show-labels`)."
                : " Its selector is \(selector), and no pod's labels or name match it; the input shows no pod " +
                    "labels, so add `kubectl get pods --show-labels` to be sure."
        } else if info.source == .noSelector {
            reason += " It has no selector, so its endpoints are managed by hand, and none were listed."
        } else if info.source == .unknown {
            reason +=
                " The input shows neither its endpoints nor its selector: add `kubectl get endpoints` or `kubectl " +
                "get svc -o wide` to see what backs it."
        }
        return reason
    }

    /// The endpoint a node's own rule DNATs to when it is none of the service's endpoints in the input: the
    /// pod of that IP when the input lists one (else the flow says its pod is not in the input).
    static func ruleOnlyEndpoint(_ hostPort: String, cluster: Cluster) -> ServiceEndpoint? {
        let bracketed = hostPort.hasPrefix("[")
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...])
        else { return nil }
        var host = hostPort[..<colon]
        if bracketed { host = host.dropFirst().dropLast() }
        guard let ip = IPAddress(host) else { return nil }
        let pod = cluster.pods(withIP: ip).first
        return ServiceEndpoint(ip: ip, port: port, pod: pod?.key, nodeName: pod?.nodeName, evidence: .endpoints)
    }
}
