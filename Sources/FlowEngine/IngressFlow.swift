import ClusterModel

/// The notes' Flow 2: User → DNS → Ingress controller (HTTP/HTTPS only,
/// host/path rule) → the backend service's pods.
///
/// When the controller's pods and service are in the input, the realistic double hop is shown: the controller is itself
/// reached through a NodePort or LoadBalancer service.
enum IngressFlow {
    static func build(_ ingress: Ingress, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let path = builder.options.path ?? "/"
        let host = requestHost(ingress)
        if ingress.rules.compactMap(\.host).isEmpty, ingress.hosts.allSatisfy({ $0 == "*" }) {
            builder.assume("The ingress matches any host: the name \(host) is illustrative.")
        }
        let published = ingress.addresses.first ?? builder.cluster.nodes.first.map { builder.nodeAddress($0.name) }
        if let published { builder.outside = .reaching(published) }
        let client = SocketAddress(host: builder.outside.client, port: builder.ephemeralPort("client"))
        builder.assume("The user (\(client.host)) is an illustrative documentation address.")
        let title = "Ingress: User → DNS → Ingress \(ingress.key.name) (\(host)\(path)) → Service → Pod"
        let controllers = controllerPods(for: ingress, facts: builder.facts)
        let controllerService = controllers.isEmpty ? nil : service(exposing: controllers, cluster: builder.cluster)
        var controllerDice = builder.dice("ingress-controller|\(ingress.key)")
        let controllerIndex = controllers.isEmpty ? 0 : Int(controllerDice.next() % UInt64(controllers.count))
        let address = ingress.addresses.first

        // 1. DNS: the name points at the ingress's published address.
        let answer = address ?? controllerService.flatMap { $0.externalIPs.first?.text } ?? builder.outside.loadBalancer
        if address == nil {
            builder.assume(
                "The ingress has no ADDRESS in the input: the controller's public address is shown as " +
                "\(answer)\(answer == builder.outside.loadBalancer ? " (illustrative)" : "")."
            )
        }
        ExternalFlows.addDNS(
            name: host, answer: answer,
            answerNote: "the ingress's published address (the controller's entry point), not anything behind it",
            client: client, builder: &builder)

        // 2. Into the controller.
        var controllerPlace = Place.ingressController(pod: nil)
        var controllerNode: String?
        var controllerIP: String?
        var replyThroughNode: (ExternalFlows.Delivered, Packet)?
        if let controllerService,
            let httpPort = controllerService.ports.first(where: { $0.port == 80 }) ?? controllerService.ports.first,
            let nodePort = httpPort.nodePort, !builder.cluster.nodes.isEmpty
        {
            let node: String
            if builder.options.entryNode == nil, let address, let ip = IPAddress(address),
                let owner = builder.cluster.node(withIP: ip)
            {
                node = owner.name
            } else {
                node = try ExternalFlows.entryNode(for: controllerService, builder: &builder)
            }
            builder.noteTrafficPolicy(of: controllerService)
            let nodeAddress = SocketAddress(host: builder.nodeAddress(node), port: nodePort)
            let arriving = Packet(source: client, destination: nodeAddress)
            if controllerService.type == .loadBalancer, let lbIP = controllerService.externalIPs.first?.text {
                let lb = SocketAddress(host: lbIP, port: httpPort.port)
                builder.add(
                    Hop(
                        from: .user, to: .externalLoadBalancer, packet: Packet(source: client, destination: lb),
                        sentence:
                            "The browser sends GET \(path) with Host: \(host) to \(lb), the load balancer of the " +
                            "controller's service \(controllerService.key)."
                    ))
                builder.add(
                    Hop(
                        from: .externalLoadBalancer, to: .nodePort(node: node, port: nodePort), packet: arriving,
                        rewrite: .dnat,
                        by: .loadBalancer(.nodePortForwarding),
                        sentence: "The load balancer forwards to \(node)'s NodePort \(nodeAddress)."))
            } else {
                var hop = Hop(
                    from: .user, to: .nodePort(node: node, port: nodePort), packet: arriving,
                    sentence:
                        "The browser sends GET \(path) with Host: \(host) to the controller's service " +
                        "\(controllerService.key), a \(controllerService.type) service: \(node)'s NodePort " +
                        "\(nodeAddress) for HTTP port \(httpPort.port).",
                    details: [
                        "To let users type plain http://\(host)/ (port 80), an external LB or a hostPort usually " +
                        "sits in front of NodePort \(nodePort)."
                    ])
                hop.isIllustrative = false
                builder.add(hop)
            }
            guard
                let delivered = ExternalFlows.throughNode(
                    controllerService, port: httpPort, entry: .nodePort(nodePort), node: node, arriving: arriving,
                    from: .nodePort(node: node, port: nodePort), builder: &builder, reply: false)
            else {
                return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
            }
            controllerPlace = .ingressController(pod: delivered.endpoint.pod)
            if delivered.masqueraded {
                builder.annotateLastHop([
                    "The controller sees \(delivered.seenSource.host), not the user: with externalTrafficPolicy " +
                    "Cluster the client IP is lost before the controller (its X-Forwarded-For header will say " +
                    "\(delivered.seenSource.host)). That is why ingress controllers are often exposed with " +
                    "externalTrafficPolicy Local."
                ])
            }
            if let last = builder.hops.popLast() {
                var retargeted = Hop(
                    from: last.from, to: controllerPlace, packet: last.packet,
                    sentence: last.sentence + " This pod is the ingress controller.", details: last.details)
                retargeted.rewrites = last.rewrites
                retargeted.handledBy = last.handledBy
                retargeted.rules = last.rules
                retargeted.failure = last.failure
                retargeted.encapsulation = last.encapsulation
                builder.add(retargeted)
            }
            controllerNode = delivered.endpoint.nodeName
            controllerIP = delivered.endpoint.ip.text
            replyThroughNode = (
                ExternalFlows.Delivered(
                    node: delivered.node, endpoint: delivered.endpoint, pod: controllerPlace,
                    destination: delivered.destination, seenSource: delivered.seenSource,
                    masqueraded: delivered.masqueraded), arriving
            )
        } else {
            let entry = SocketAddress(host: answer, port: 80)
            let pod = controllers.indices.contains(controllerIndex) ? controllers[controllerIndex] : nil
            controllerPlace = .ingressController(pod: pod?.key)
            controllerNode = pod?.nodeName
            controllerIP = pod?.ips.first?.text
            if pod == nil { assumeAnInstalledController(&builder) }
            let why =
                pod == nil
                ? "The controller's pods are not in the input, so how the address reaches them (a LoadBalancer, a " +
                    "NodePort, host ports) is not shown; `kubectl get svc,pods -A -o wide` shows them."
                : "The controller's service is not in the input: shown as reaching the controller pod " +
                    "\(pod?.name ?? "") directly; `kubectl get svc -A -o wide` shows it."
            builder.add(
                Hop(
                    from: .user, to: controllerPlace, packet: Packet(source: client, destination: entry),
                    sentence:
                        "The browser sends GET \(path) with Host: \(host) to \(entry), the ingress controller. \(why)"))
        }

        // 3. The controller's routing decision.
        let controllerLabel = ingress.className.map { "the \($0) ingress controller" } ?? "the ingress controller"
        var ruleLines = [
            "Ingress works at HTTP/HTTPS (L7) only: it routes by Host header and path, and terminates TLS (port 443) " +
            "here when configured."
        ]
        guard let rule = matchRule(ingress, host: host, path: path) ?? guessedRule(ingress, builder: &builder) else {
            let reason =
                ingress.rules.isEmpty && ingress.defaultBackend == nil
                ? "The ingress's rules are unknown: `kubectl get ingress` text shows hosts but not the host/path → " +
                    "service rules. Add `kubectl get ingress " +
                    "\(ingress.key.name)\(ingress.key.namespace.map { " -n \($0)" } ?? "") -o yaml` to the input to " +
                    "see where \(host)\(path) goes."
                : "No rule of \(ingress.key) matches \(host)\(path) and there is no default backend: the controller " +
                    "answers 404 Not Found."
            builder.failLastHop(
                ingress.rules.isEmpty && ingress.defaultBackend == nil ? .unknown : .httpError, reason,
                details: [
                    "\(controllerLabel.prefix(1).uppercased() + controllerLabel.dropFirst()) matches Host \(host) " +
                    "and path \(path) against the ingress rules."
                ] + ruleLines)
            return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
        }
        let rulePort = rule.servicePort.map { ":\($0)" } ?? ""
        ruleLines.insert(
            "rule: host \(rule.host ?? "*") path \(rule.path)\(rule.pathType.map { " (\($0))" } ?? "") → service " +
            "\(rule.serviceName)\(rulePort)",
            at: 0)
        let backendKey = ObjectKey(namespace: ingress.key.namespace, name: rule.serviceName)
        let backendReference = ingress.key.namespace.map { "\($0)/\(rule.serviceName)" } ?? rule.serviceName
        guard let backend = builder.cluster.services(named: backendReference).first else {
            builder.failLastHop(
                .httpError,
                "The rule sends \(host)\(path) to service \(backendKey), which is not in the input (add `kubectl get " +
                "svc -A -o wide`); a controller answers 503 when the service does not exist.",
                details: ruleLines)
            return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
        }
        let info = builder.cluster.backingInfo(of: backend.key)
        var seen = Set<IPAddress>()
        let endpoints = info.endpoints.filter { seen.insert($0.ip).inserted }
        let clusterIPNote =
            backend.clusterIPs.first.map { ", not through its ClusterIP \($0.text) (kube-proxy is not involved)" } ?? ""
        ruleLines.append(
            "The controller watches \(backend.key)'s endpoints and connects straight to a pod IP\(clusterIPNote). " +
            "The backend may be a ClusterIP or NodePort service (this one is \(backend.type))."
        )
        let source = SocketAddress(
            host: controllerIP ?? "<controller pod IP>", port: builder.ephemeralPort("ingress-upstream"))
        guard !endpoints.isEmpty else {
            let unknown = ServiceProxy.unknownBackingReason(backend, info: info, facts: builder.facts)
            let reason =
                unknown.map {
                    "The rule sends \(host)\(path) to service \(backend.key); \($0)"
                }
                ?? "The rule sends \(host)\(path) to service \(backend.key), which has no ready endpoints, so the " +
                    "controller answers 503 Service Temporarily Unavailable. "
                + ServiceProxy.noEndpointsReason(backend, info: info, cluster: builder.cluster).replacingFirst(
                    "rejected: ", with: "")
            builder.failLastHop(unknown == nil ? .httpError : .unknown, reason, details: ruleLines)
            return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
        }
        // ingress-nginx balances round robin: request N goes to the next endpoint.
        let index = Int((UInt64(truncatingIfNeeded: max(0, builder.request)) &+ builder.seed) % UInt64(endpoints.count))
        guard let endpoint = endpoints.indices.contains(index) ? endpoints[index] : endpoints.first else {
            return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
        }
        let servicePort =
            backend.ports.first { port in
                switch rule.servicePort {
                case .number(let number): port.port == number
                case .name(let name): port.name == name
                case nil: true
                }
            } ?? backend.ports.first
        let targetPort =
            servicePort.flatMap { builder.targetPort($0, service: backend, endpoint: endpoint) } ?? endpoint.port
        let destination = SocketAddress(host: endpoint.ip.text, port: targetPort)
        if endpoints.count > 1 {
            ruleLines.append(
                "\(endpoints.count) endpoints: the controller balances over them itself (ingress-nginx: round robin).")
        }
        if controllerIP == nil {
            builder.assume(
                "The controller pod is not in the input: its address is shown as <controller pod IP>; " +
                "`kubectl get pods -A -o wide` shows it.")
        }
        let pod = builder.podPlace(endpoint, namespace: backend.namespace)
        builder.deliver(
            from: controllerPlace, fromNode: controllerNode, packet: Packet(source: source, destination: destination),
            rewrite: .proxy,
            by: controllerActor(controllerPlace),
            sentence:
                "\(controllerLabel.prefix(1).uppercased() + controllerLabel.dropFirst()) matches Host \(host) path " +
                "\(path) → service \(backend.key), and proxies the request on a new connection from its own pod IP " +
                "to \(builder.podLabel(endpoint)) at \(destination).",
            details: ruleLines, to: pod, podNode: endpoint.nodeName,
            podUsesHostNetwork: endpoint.pod.map(builder.cluster.usesHostNetwork) ?? false)

        guard builder.options.includeReply else {
            return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
        }
        builder.replyLeg(
            from: pod, podNode: endpoint.nodeName, to: controllerPlace, toNode: controllerNode,
            packet: Packet(source: destination, destination: source),
            sentence: "The pod answers the controller, \(destination) → \(source).")
        if let (delivered, arriving) = replyThroughNode {
            ExternalFlows.replyThroughNode(
                delivered, arriving: arriving,
                back: builder.hops.contains { $0.to == .externalLoadBalancer } ? .externalLoadBalancer : .user,
                protocol: "TCP", builder: &builder)
            if builder.hops.contains(where: { $0.to == .externalLoadBalancer && !$0.isReply }),
                let lb = builder.hops.first(where: { $0.to == .externalLoadBalancer })?.packet.destination
            {
                builder.add(
                    Hop(
                        from: .externalLoadBalancer, to: .user, packet: Packet(source: lb, destination: client),
                        rewrite: .unNAT,
                        by: .loadBalancer(.nodePortForwarding),
                        sentence: "The answer reaches the browser from \(lb), the address it called.", isReply: true))
            }
        } else {
            builder.add(
                Hop(
                    from: controllerPlace, to: .user,
                    packet: Packet(source: SocketAddress(host: answer, port: 80), destination: client),
                    rewrite: .proxy, by: controllerActor(controllerPlace),
                    sentence: "The controller sends the response back on the browser's own connection.", isReply: true))
        }
        return builder.finish(kind: .ingress, title: title, target: ingress.key.description)
    }

    /// Kubernetes serves the Ingress API but no Ingress traffic: without a controller's pods in the input, the
    /// flow can only assume one is installed, and says so.
    static func assumeAnInstalledController(_ builder: inout FlowBuilder) {
        builder.assume(
            "Kubernetes itself serves no Ingress traffic: the API is built in, but nothing answers until a controller "
                + "is installed (ingress-nginx, retired in March 2026, Traefik, HAProxy, …). None of its pods is in "
                + "the input, so one is assumed to run; `kubectl get pods -A -o wide` shows whether it does.")
    }

    /// The Host the flow's request carries: the first named host of the rules, else of the ingress, else made up.
    static func requestHost(_ ingress: Ingress) -> String {
        ingress.rules.compactMap(\.host).first { $0 != "*" } ?? ingress.hosts.first { $0 != "*" }
            ?? "\(ingress.key.name).\(Illustrative.domain)"
    }

    /// The rule for `host` and `path`: exact host before wildcard, longest path prefix first.
    static func matchRule(_ ingress: Ingress, host: String, path: String) -> IngressRule? {
        func hostMatches(_ ruleHost: String?) -> Bool {
            guard let ruleHost, ruleHost != "*" else { return true }
            if ruleHost.hasPrefix("*.") { return host.hasSuffix(ruleHost.dropFirst()) }
            return ruleHost == host
        }
        func pathMatches(_ rule: IngressRule) -> Bool {
            if rule.pathType == "Exact" { return rule.path == path }
            let prefix = rule.path.hasSuffix("/") && rule.path != "/" ? String(rule.path.dropLast()) : rule.path
            return prefix == "/" || path == prefix || path.hasPrefix(prefix + "/")
        }
        let candidates = ingress.rules.filter { hostMatches($0.host) && pathMatches($0) }
        return candidates.max { a, b in
            let aExact = a.host == host, bExact = b.host == host
            return aExact != bExact ? !aExact : a.path.count < b.path.count
        } ?? ingress.defaultBackend
    }

    /// Without rules, a service named like the ingress in its namespace is a fair, marked guess.
    static func guessedRule(_ ingress: Ingress, builder: inout FlowBuilder) -> IngressRule? {
        guard ingress.rules.isEmpty, ingress.defaultBackend == nil else { return nil }
        let reference = ingress.key.namespace.map { "\($0)/\(ingress.key.name)" } ?? ingress.key.name
        guard let service = builder.cluster.services(named: reference).first else { return nil }
        builder.assume(
            "The ingress's rules are not in the input (text output does not show them): guessing backend service " +
            "\(service.key) from the shared name. Add `kubectl get ingress \(ingress.key.name) -o yaml` to be sure."
        )
        return IngressRule(host: nil, path: "/", serviceName: service.name)
    }

    /// Pods of a recognised ingress controller, the ones matching the ingress
    /// class first.
    ///
    /// The engine finds all controller pods once (`ClusterFacts`).
    static func controllerActor(_ place: Place) -> Actor {
        if case .ingressController(let pod) = place { return .ingressController(pod: pod) }
        return .ingressController(pod: nil)
    }

    static func controllerPods(for ingress: Ingress, facts: ClusterFacts) -> [Pod] {
        let controllers = facts.ingressControllers
        guard let className = ingress.className, !className.isEmpty else { return controllers.map(\.pod) }
        let matching = controllers.filter { $0.name.contains(className) || className.contains($0.name) }
        return (matching.isEmpty ? controllers : matching).map(\.pod)
    }

    /// The controller's own service (NodePort/LoadBalancer preferred), the
    /// first in input order.
    ///
    /// Found from the controller pods' links, so only when several services tie is the service list walked for their
    /// order.
    static func service(exposing pods: [Pod], cluster: Cluster) -> Service? {
        var keys: [ObjectKey] = []
        var seen = Set<ObjectKey>()
        for pod in pods {
            for key in cluster.services(backedBy: pod.key) where seen.insert(key).inserted { keys.append(key) }
        }
        let exposing = keys.compactMap(cluster.service)
        for type in [ServiceType.loadBalancer, .nodePort] {
            let ofType = exposing.filter { $0.type == type }
            if ofType.count <= 1, let only = ofType.first { return only }
            if ofType.count > 1 {
                let wanted = Set(ofType.map(\.key))
                return cluster.services.first { wanted.contains($0.key) }
            }
        }
        return nil
    }
}
