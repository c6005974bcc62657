import ClusterModel

/// Requests that start inside the cluster: a pod calling a service by name
/// (DNS → ClusterIP → DNAT → pod), a pod calling another by IP, and an
/// ExternalName service (a CNAME, nothing proxied).
enum InClusterFlows {
    /// A headless service: DNS answers with the ready pod IPs and the caller connects to one directly.
    static func headless(
        _ service: Service, port: ServicePort, client: Pod, source: SocketAddress, name: String,
        builder: inout FlowBuilder
    ) -> Flow {
        let title = "Headless: pod \(client.name) → DNS → pod IP (no ClusterIP)"
        let ips = builder.cluster.backingInfo(of: service.key).distinctEndpoints
        guard addClusterDNS(
            from: client, source: source, name: name,
            answer: ips.isEmpty ? "no address" : ips.map(\.ip.text).joined(separator: ", "),
            answerNote:
                "the ready pods' own IPs: a headless service (ClusterIP None) has no virtual IP and kube-proxy has " +
                "no rules for it",
            builder: &builder) else {
            return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
        }
        var dice = builder.dice("headless|\(service.key)")
        let index = Int(dice.next() % UInt64(max(ips.count, 1)))
        guard let endpoint = ips.indices.contains(index) ? ips[index] : ips.first else {
            if var last = builder.hops.popLast() {
                let info = builder.cluster.backingInfo(of: service.key)
                last.failure =
                    ServiceProxy.unknownBackingReason(service, info: info, facts: builder.facts).map {
                        HopFailure(.unknown, $0)
                    }
                    ?? HopFailure(
                        .notFound,
                        "\(name) has no ready pods, so DNS returns no address (NXDOMAIN or an empty answer). "
                            + ServiceProxy.noEndpointsReason(service, info: info, cluster: builder.cluster)
                            .replacingFirst("rejected: ", with: ""))
                builder.add(last)
            }
            return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
        }
        let targetPort = builder.targetPort(port, service: service, endpoint: endpoint)
        let destination = SocketAddress(host: endpoint.ip.text, port: targetPort)
        let pod = builder.podPlace(endpoint, namespace: service.namespace)
        builder.deliver(
            from: .pod(client.key), fromNode: client.nodeName,
            packet: Packet(source: source, destination: destination, protocol: port.protocol),
            rewrite: .none, by: nil,
            sentence:
                "The pod connects straight to \(builder.podLabel(endpoint)) at \(destination): no DNAT, no " +
                "kube-proxy; picking among the answers is up to the client.",
            to: pod, podNode: endpoint.nodeName,
            podUsesHostNetwork: endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false)
        if builder.options.includeReply {
            builder.replyLeg(
                from: pod, podNode: endpoint.nodeName, to: .pod(client.key), toNode: client.nodeName,
                packet: Packet(source: destination, destination: source, protocol: port.protocol),
                sentence: "The reply goes straight back: \(destination) → \(source), nothing to undo.")
        }
        return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
    }

    static func podToPod(from a: Pod, to b: Pod, builder: inout FlowBuilder) -> Flow {
        let sourceIP = a.ips.first?.text ?? "?"
        let destinationIP = b.ips.first?.text ?? "?"
        let port: Int
        if let declared = b.containerPorts.first?.port {
            port = declared
        } else {
            port = 80
            builder.assume(
                "The input does not show which port \(b.name) listens on (its container ports are not in a " +
                "table): using 80 for illustration; `kubectl get pod \(b.name) -o yaml` shows the ports."
            )
        }
        let source = SocketAddress(host: sourceIP, port: builder.ephemeralPort("pod|\(a.key)"))
        let destination = SocketAddress(host: destinationIP, port: port)
        let sameNode = a.nodeName != nil && a.nodeName == b.nodeName
        builder.deliver(
            from: .pod(a.key), fromNode: a.nodeName, packet: Packet(source: source, destination: destination),
            rewrite: .none, by: nil,
            sentence:
                "Pod \(a.name) connects to \(b.name) by its IP, \(destination). Every pod reaches every pod by IP " +
                "with no NAT\(sameNode ? "; both are on \(a.nodeName ?? "the same node")" : "").",
            to: .pod(b.key), podNode: b.nodeName, podUsesHostNetwork: builder.cluster.usesHostNetwork(b.key))
        if builder.options.includeReply {
            builder.replyLeg(
                from: .pod(b.key), podNode: b.nodeName, to: .pod(a.key), toNode: a.nodeName,
                packet: Packet(source: destination, destination: source),
                sentence: "The reply goes straight back, \(destination) → \(source): there was no translation to undo.")
        }
        let across = sameNode ? "same node" : "across nodes"
        return builder.finish(
            kind: .podToPod, title: "Pod to pod (\(across)): \(a.name) → \(b.name)", target: "\(a.key),\(b.key)")
    }

    static func externalName(_ service: Service, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let client = try clientPod(calling: service, builder: &builder)
        let target = service.externalName ?? service.extra["EXTERNAL-IP"] ?? "?"
        let name = builder.dnsName(of: service.key)
        let source = SocketAddress(
            host: client.ips.first?.text ?? "?", port: builder.ephemeralPort("client|\(client.key)"))
        if let aliased = inClusterTarget(of: target, cluster: builder.cluster),
            let port = try? builder.servicePort(of: aliased),
            let called = ClusterIPFlow.calledAddress(aliased, port: port, client: client, builder: &builder)
        {
            let answered = addClusterDNS(
                from: client, source: source, name: name, answer: "CNAME \(target), \(called.ip)",
                answerNote: "an alias of an in-cluster service, so CoreDNS answers the CNAME and the target's " +
                    "ClusterIP (\(called.record)) together. The packet carries only the address; the HTTP Host " +
                    "header and TLS SNI still carry \(name)",
                builder: &builder)
            if answered {
                ClusterIPFlow.connect(
                    aliased, port: port, clusterIP: called.ip, client: client, source: source, builder: &builder)
            }
            return builder.finish(
                kind: .externalName, title: "ExternalName: pod \(client.name) → DNS CNAME \(target) → ClusterIP → Pod",
                target: service.key.description)
        }
        addClusterDNS(
            from: client, source: source, name: name, answer: "CNAME \(target)",
            answerNote: "an alias: the resolver then looks up \(target) itself, outside the cluster", builder: &builder)
        let port = service.ports.first
        if port == nil {
            builder.assume("The ExternalName service lists no port: the client picks one; shown without a port.")
        }
        let destination = SocketAddress(host: target, port: port?.port)
        builder.add(
            Hop(
                from: .pod(client.key), to: .externalHost(target),
                packet: Packet(source: source, destination: destination, protocol: port?.protocol ?? "TCP"),
                sentence:
                    "The pod connects straight to \(destination). kube-proxy has no rules for an ExternalName " +
                    "service: Kubernetes proxies and NATs nothing here.",
                details: [
                    "Leaving the cluster network, most CNIs masquerade the pod IP to its node's IP (flannel, Calico " +
                    "natOutgoing)."
                ]))
        if builder.options.includeReply {
            builder.add(
                Hop(
                    from: .externalHost(target), to: .pod(client.key),
                    packet: Packet(source: destination, destination: source, protocol: port?.protocol ?? "TCP"),
                    sentence: "The reply comes back from \(target) directly.", isReply: true))
        }
        return builder.finish(
            kind: .externalName, title: "ExternalName: pod \(client.name) → DNS CNAME → \(target)",
            target: service.key.description)
    }

    // MARK: Shared

    /// The caller's query to CoreDNS and its answer.
    ///
    /// Returns false when the query cannot be answered because kube-dns is known to have no endpoints (the query hop
    /// then fails): a flow never answers through kube-dns in one hop and rejects kube-dns in the next.
    @discardableResult
    static func addClusterDNS(
        from client: Pod, source: SocketAddress, name: String, answer: String, answerNote: String,
        builder: inout FlowBuilder
    ) -> Bool {
        let dns = builder.clusterDNS(family: source.host.contains(":") ? .ipv6 : .ipv4)
        let query = SocketAddress(host: source.host, port: builder.ephemeralPort("dns|\(client.key)"))
        let server = SocketAddress(host: dns.ip, port: 53)
        let hostNetwork = builder.cluster.usesHostNetwork(client.key)
        if hostNetwork {
            builder.assume(
                "\(client.name) uses the host network: it reaches CoreDNS only with `dnsPolicy: " +
                "ClusterFirstWithHostNet` (with the default ClusterFirst it gets the node's /etc/resolv.conf and " +
                "cluster names do not resolve). `kubectl get pod \(client.name) -o yaml` shows its dnsPolicy."
            )
        }
        var details = [
            "The query is itself a ClusterIP request: kube-proxy DNATs \(server) to a CoreDNS pod.",
            "resolv.conf has `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`: a name "
                + "with fewer than five dots is tried with those suffixes first.",
        ]
        let failure = dns.service.flatMap { dnsFailure(service: $0, builder: &builder) }
        if failure != nil { details.removeFirst() }
        builder.add(
            Hop(
                from: .pod(client.key), to: .dns, packet: Packet(source: query, destination: server, protocol: "UDP"),
                sentence:
                    "The pod asks CoreDNS, the kube-dns service at \(dns.ip), for \(name) (its /etc/resolv.conf " +
                    "points there; the search list lets it write just the short name).",
                details: details, failure: failure))
        guard failure == nil else { return false }
        var reply = Hop(
            from: .dns, to: .pod(client.key), packet: Packet(source: server, destination: query, protocol: "UDP"),
            rewrite: .dnsAnswer,
            by: .clusterDNS, sentence: "CoreDNS answers \(name) → \(answer): \(answerNote).")
        reply.dnsAnswer = (name, answer)
        builder.add(reply)
        return true
    }

    /// Why the DNS query itself fails, when kube-dns is known to have no endpoints; an assumption
    /// (not a failure) when its backing is unknown.
    static func dnsFailure(service: ObjectKey, builder: inout FlowBuilder) -> HopFailure? {
        let cluster = builder.cluster
        guard let dns = cluster.services(named: service.description).first else { return nil }
        let info = cluster.backingInfo(of: dns.key)
        guard info.endpoints.isEmpty else { return nil }
        if ServiceProxy.unknownBackingReason(dns, info: info, facts: builder.facts) != nil {
            builder.assume(
                "The input cannot tell which pods back kube-dns (no endpoints listed for it, and no pod labels or " +
                "names that match its selector): assuming CoreDNS answers (`kubectl get endpointslices -n " +
                "kube-system -l k8s-app=kube-dns` shows them)."
            )
            return nil
        }
        return HopFailure(
            .rejected,
            "The query cannot be answered: " + ServiceProxy.noEndpointsReason(dns, info: info, cluster: cluster)
                + " The resolver retries, then the name does not resolve.")
    }

    /// The calling pod: the one asked for, else a ready pod that does not
    /// back the service: in its namespace, else outside the system ones, else
    /// any but a DNS server (CoreDNS pods use the node's resolv.conf, not the
    /// cluster DNS, so they would tell the DNS step wrong), else a DNS server
    /// (else one that does back it: a hairpin).
    ///
    /// Each rank's first pod in input order, found in one pass that stops at the best rank and asks the costlier
    /// questions (backing, host network) only of pods that would improve the pick.
    static func clientPod(calling service: Service, builder: inout FlowBuilder) throws(FlowError) -> Pod {
        let cluster = builder.cluster
        let pods = cluster.pods
        if let wanted = builder.options.clientPod {
            let matches = cluster.pods(named: wanted).filter { !$0.ips.isEmpty }
            guard let pod = matches.first else {
                throw .notFound(
                    what: "pod with an IP named", name: wanted,
                    existing: TargetResolver.listing("pods with an IP", pods.lazy.filter { !$0.ips.isEmpty }) {
                        $0.key.description
                    })
            }
            return pod
        }
        let backing = Set(cluster.backing(of: service.key).map(\.pod))
        let system: Set<String> = ["kube-system", "kube-public", "kube-node-lease", "ingress-nginx"]
        let dnsKey = ObjectKey(namespace: "kube-system", name: "kube-dns")
        let dnsServers = Set(cluster.service(dnsKey) == nil ? [] : cluster.backing(of: dnsKey).map(\.pod))
        // Ranks: 1 same namespace, 2 outside the system namespaces, 3 any other outsider, 4 a DNS server.
        var best: (rank: Int, pod: Pod)?
        var firstUsable: Pod?
        var firstCandidate: Pod?
        for pod in pods where !pod.ips.isEmpty {
            if firstCandidate == nil { firstCandidate = pod }
            let bestRank = best?.rank ?? 5
            let sameNamespace = pod.namespace == service.namespace
            if firstUsable != nil, !sameNamespace {
                // Only a better rank matters now: cheap namespace tests rule most pods out.
                if bestRank <= 2 { continue }
                if bestRank == 3, system.contains(pod.namespace ?? "") { continue }
            }
            guard pod.isReadyForTraffic, !cluster.usesHostNetwork(pod.key) else { continue }
            if firstUsable == nil { firstUsable = pod }
            let rank =
                dnsServers.contains(pod.key) ? 4 : sameNamespace ? 1 : !system.contains(pod.namespace ?? "") ? 2 : 3
            guard rank < bestRank, !backing.contains(pod.key) else { continue }
            best = (rank, pod)
            if rank == 1 { break }
        }
        if let outsider = best?.pod { return outsider }
        if let insider = firstUsable ?? firstCandidate {
            if backing.contains(insider.key) {
                builder.assume(
                    "Every pod in the input backs \(service.key), so the caller is one of its own pods " +
                    "(\(insider.name))."
                )
            }
            return insider
        }
        throw .noCallingPod
    }
}

extension InClusterFlows {
    /// The service an ExternalName aliases when its target is a name in the cluster's zone
    /// (`name.namespace.svc.cluster.local`, as CoreDNS serves it); nil for outside names.
    static func inClusterTarget(of target: String, cluster: Cluster) -> Service? {
        let name = target.hasSuffix(".") ? String(target.dropLast()) : target
        let suffix = ".svc.cluster.local"
        guard name.hasSuffix(suffix) else { return nil }
        let parts = name.dropLast(suffix.count).split(separator: ".")
        guard parts.count == 2 else { return nil }
        return cluster.services(named: "\(parts[1])/\(parts[0])").first { $0.type != .externalName }
    }
}

extension String {
    func replacingFirst(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
