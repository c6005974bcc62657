import ClusterModel

/// Requests that start inside the cluster: a pod calling a service by name
/// (DNS → ClusterIP → DNAT → pod), a pod calling another by IP, and an
/// ExternalName service (a CNAME, nothing proxied).
enum InClusterFlows {
    static func clusterIP(_ service: Service, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let port = try builder.servicePort(of: service)
        let client = try clientPod(calling: service, builder: &builder)
        let clientNode = client.nodeName
        let clientIP = client.ips.first?.text ?? "?"
        let source = SocketAddress(host: clientIP, port: builder.ephemeralPort("client|\(client.key)"))
        let name = builder.dnsName(of: service.key)
        builder.noteAffinity(of: service)
        let title = "ClusterIP: pod \(client.name) → DNS → \(service.name) → Pod"

        if service.isHeadless {
            return headless(service, port: port, client: client, source: source, name: name, builder: &builder)
        }
        guard let clusterIP = service.clusterIPs.first?.text else {
            throw .noClusterIP(service: service.key)
        }
        addClusterDNS(
            from: client, source: source, name: name, answer: clusterIP, answerNote: "its ClusterIP (A record)",
            builder: &builder)
        let called = SocketAddress(host: clusterIP, port: port.port)
        let servicePlace = Place.clusterIP(service: service.key)
        builder.add(
            Hop(
                from: .pod(client.key), to: servicePlace,
                packet: Packet(source: source, destination: called, protocol: port.protocol),
                sentence:
                    "The pod connects to \(called). No interface owns \(clusterIP): it exists only as kube-proxy " +
                    "rules, so it is not pingable and not reachable from outside the cluster. The rules on " +
                    "\(clientNode ?? "the pod's node") handle it as the packet leaves the pod."
            ))
        let node = clientNode ?? "?"
        let decision = ServiceProxy.route(
            service, port: port, entry: .clusterIP(clusterIP), node: node, clientIP: clientIP,
            clientPod: client.key, builder: &builder)
        let by = builder.proxyActor(on: node)
        guard let endpoint = decision.endpoint, let destination = decision.destination else {
            builder.add(
                Hop(
                    from: servicePlace, to: .kubeProxy(node: node),
                    packet: Packet(source: source, destination: called, protocol: port.protocol),
                    by: by, sentence: "kube-proxy's rules on \(node) look for an endpoint of \(service.key).",
                    details: decision.details,
                    failure: decision.failure ?? HopFailure(.unknown, "no endpoint could be chosen.")))
            return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
        }
        let pod = builder.podPlace(endpoint, namespace: service.namespace)
        let hostNetwork = endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false
        let dnatted = Packet(source: source, destination: destination, protocol: port.protocol)
        let spread = decision.candidates.count > 1 ? " (one of \(decision.candidates.count), picked at random)" : ""
        var seenSource = source
        if decision.masquerade {
            let masqueraded = builder.masqueradedSource(on: node, towards: endpoint.nodeName, original: source)
            seenSource = masqueraded.address
            builder.add(
                Hop(
                    from: servicePlace, to: .kubeProxy(node: node), packet: dnatted, rewrite: .dnat, by: by,
                    sentence:
                        "kube-proxy's rules on \(node) DNAT \(called) to \(destination), which is the calling pod " +
                        "itself (hairpin).",
                    details: decision.details))
            builder.deliver(
                from: .kubeProxy(node: node), fromNode: node,
                packet: Packet(source: seenSource, destination: destination, protocol: port.protocol),
                rewrite: .masquerade, by: by, provenance: masqueraded.provenance,
                sentence:
                    "Hairpin: a pod reaching itself through its service is masqueraded (its KUBE-SEP chain's " +
                    "`-s \(clientIP)/32 -j KUBE-MARK-MASQ` rule): source \(source) becomes \(seenSource), because " +
                    "\(masqueraded.why), with a random port (--random-fully); so its reply goes back through the " +
                    "rules that must undo the DNAT.",
                to: pod, podNode: endpoint.nodeName, podUsesHostNetwork: hostNetwork)
        } else {
            builder.deliver(
                from: servicePlace, fromNode: node, packet: dnatted, rewrite: .dnat, by: by,
                sentence:
                    "kube-proxy's rules on \(node) DNAT the packet: \(called) becomes " +
                    "\(builder.podLabel(endpoint))\(spread) at \(destination). No SNAT inside the cluster: the pod " +
                    "sees the caller's own IP \(clientIP).",
                details: decision.details, to: pod, podNode: endpoint.nodeName, podUsesHostNetwork: hostNetwork)
        }
        if let mismatch = decision.portMismatch {
            builder.failLastHop(.refused, mismatch)
            return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
        }
        if builder.options.includeReply {
            builder.replyLeg(
                from: pod, podNode: endpoint.nodeName, to: servicePlace, toNode: node,
                packet: Packet(source: destination, destination: seenSource, protocol: port.protocol),
                sentence: "The pod answers the address it saw: \(destination) → \(seenSource).")
            builder.add(
                Hop(
                    from: servicePlace, to: .pod(client.key),
                    packet: Packet(source: called, destination: source, protocol: port.protocol),
                    rewrite: .unNAT, by: .conntrack(node: node),
                    sentence:
                        "conntrack on \(node) undoes the translation: the caller sees the answer come from "
                        + "\(called), the address it called.",
                    isReply: true))
        }
        return builder.finish(kind: .clusterIP, title: title, target: service.key.description)
    }

    /// A headless service: DNS answers with the ready pod IPs and the caller connects to one directly.
    static func headless(
        _ service: Service, port: ServicePort, client: Pod, source: SocketAddress, name: String,
        builder: inout FlowBuilder
    ) -> Flow {
        let title = "Headless: pod \(client.name) → DNS → pod IP (no ClusterIP)"
        let endpoints = builder.cluster.backingInfo(of: service.key).endpoints
        var seen = Set<IPAddress>()
        let ips = endpoints.filter { seen.insert($0.ip).inserted }
        addClusterDNS(
            from: client, source: source, name: name,
            answer: ips.isEmpty ? "no address" : ips.map(\.ip.text).joined(separator: ", "),
            answerNote:
                "the ready pods' own IPs: a headless service (ClusterIP None) has no virtual IP and kube-proxy has " +
                "no rules for it",
            builder: &builder)
        var dice = builder.dice("headless|\(service.key)")
        let index = Int(dice.next() % UInt64(max(ips.count, 1)))
        guard let endpoint = ips.indices.contains(index) ? ips[index] : ips.first else {
            if var last = builder.hops.popLast() {
                let info = builder.cluster.backingInfo(of: service.key)
                last.failure =
                    ServiceProxy.unknownBackingReason(service, info: info, cluster: builder.cluster).map {
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
                "The input does not show which port \(b.name) listens on: using 80, as in the notes' `curl " +
                "http://172.16.180.193:80`."
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

    static func addClusterDNS(
        from client: Pod, source: SocketAddress, name: String, answer: String, answerNote: String,
        builder: inout FlowBuilder
    ) {
        let dns = builder.clusterDNS()
        let query = SocketAddress(host: source.host, port: builder.ephemeralPort("dns|\(client.key)"))
        let server = SocketAddress(host: dns.ip, port: 53)
        builder.add(
            Hop(
                from: .pod(client.key), to: .dns, packet: Packet(source: query, destination: server, protocol: "UDP"),
                sentence:
                    "The pod asks CoreDNS, the kube-dns service at \(dns.ip), for \(name) (its /etc/resolv.conf " +
                    "points there; the search list lets it write just the short name).",
                details: ["The query is itself a ClusterIP request: kube-proxy DNATs \(server) to a CoreDNS pod."]))
        builder.add(
            Hop(
                from: .dns, to: .pod(client.key), packet: Packet(source: server, destination: query, protocol: "UDP"),
                rewrite: .dnsAnswer,
                by: .clusterDNS, sentence: "CoreDNS answers \(name) → \(answer): \(answerNote)."))
    }

    /// The calling pod: the one asked for, else a ready pod that does not
    /// back the service: in its namespace, else outside the system ones, else
    /// any (else one that does back it: a hairpin). Each rank's first pod in
    /// input order, found in one pass that stops at the best rank and asks
    /// the costlier questions (backing, host network) only of pods that
    /// would improve the pick.
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
        // Ranks: 1 same namespace, 2 outside the system namespaces, 3 any other outsider.
        var best: (rank: Int, pod: Pod)?
        var firstUsable: Pod?
        var firstCandidate: Pod?
        for pod in pods where !pod.ips.isEmpty {
            if firstCandidate == nil { firstCandidate = pod }
            let bestRank = best?.rank ?? 4
            let sameNamespace = pod.namespace == service.namespace
            if firstUsable != nil, !sameNamespace {
                // Only a better rank matters now: cheap namespace tests rule most pods out.
                if bestRank <= 2 { continue }
                if bestRank == 3, system.contains(pod.namespace ?? "") { continue }
            }
            guard pod.isReadyForTraffic, !cluster.usesHostNetwork(pod.key) else { continue }
            if firstUsable == nil { firstUsable = pod }
            let rank = sameNamespace ? 1 : !system.contains(pod.namespace ?? "") ? 2 : 3
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

extension String {
    func replacingFirst(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
