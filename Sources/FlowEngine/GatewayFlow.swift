import ClusterModel

/// Gateway API: User → DNS → the Gateway's address (its LoadBalancer Service, as any LB flow) → the proxy pod →
/// listener → HTTPRoute rule by the spec's precedence → filters → backend by weight → a pod of that Service,
/// on a new connection from the proxy, as an L7 proxy does.
enum GatewayFlow {
    /// What every gateway flow (HTTP, gRPC, TLS) starts with: the illustrative client and the Gateway's
    /// data plane, each said as an assumption.
    static func start(_ gateway: Gateway, builder: inout FlowBuilder)
        -> (client: SocketAddress, plane: GatewayDataPlane)
    {
        let client = SocketAddress(host: Illustrative.clientIP, port: builder.ephemeralPort("client"))
        builder.assume("The user (\(Illustrative.clientIP)) is an illustrative documentation address.")
        let plane = GatewayDataPlane.find(gateway, cluster: builder.cluster)
        for line in plane.evidence { builder.assume("Data plane: \(line).") }
        return (client, plane)
    }

    /// The flow as built so far, with what the Gateway decided.
    static func finished(_ builder: FlowBuilder, gateway: Gateway, title: String, decision: GatewayDecision?)
        -> Flow
    {
        var flow = builder.finish(kind: .gateway, title: title, target: gateway.key.description)
        flow.routing = decision
        return flow
    }

    static func build(target: String?, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let (gateway, host) = try resolve(target, builder: &builder)
        if let port = tlsPort(gateway, host: host, cluster: builder.cluster, options: builder.options) {
            return try buildTLS(gateway, host: host, port: port, builder: &builder)
        }
        let request = HTTPRequestLine(
            host: host, path: builder.options.path ?? "/", method: builder.options.method ?? "GET",
            headers: builder.options.headers)
        let routeKind = request.isGRPC ? "GRPCRoute" : "HTTPRoute"
        let title = "Gateway: User → DNS → Gateway \(gateway.key.name) (\(host)\(request.path)) → \(routeKind) → Pod"
        let finish = { (builder: FlowBuilder, decision: GatewayDecision?) -> Flow in
            finished(builder, gateway: gateway, title: title, decision: decision)
        }
        let (client, plane) = start(gateway, builder: &builder)
        let port = GatewayFlow.requestPort(gateway, options: builder.options) ?? 80
        guard let entry = try enter(gateway, plane: plane, host: host, port: port, request: request,
                                    client: client, builder: &builder)
        else { return finish(builder, nil) }

        var choice = choose(gateway, request: request, cluster: builder.cluster, options: builder.options)
        if let failure = choice.failure {
            builder.failLastHop(failure, details: choice.lines, rules: [])
            return finish(builder, choice.decision)
        }
        guard let winner = choice.winner else { return finish(builder, choice.decision) }
        var forwarded = request
        var lines = choice.lines
        if let answer = applyFilters(winner.rule.filters, match: winner.match, request: &forwarded, lines: &lines,
                                     decision: &choice.decision)
        {
            builder.annotateLastHop(lines)
            builder.add(
                Hop(
                    from: entry.place, to: .user,
                    packet: Packet(source: SocketAddress(host: entry.answer, port: port), destination: client),
                    rewrite: .proxy, by: entry.actor, sentence: answer, isReply: true))
            return finish(builder, choice.decision)
        }
        guard
            let backend = pickBackend(winner, request: forwarded, builder: &builder, lines: &lines,
                                      decision: &choice.decision)
        else { return finish(builder, choice.decision) }
        proxy(to: backend, entry: entry, request: forwarded, lines: lines, client: client, builder: &builder)
        return finish(builder, choice.decision)
    }

    // MARK: Target

    /// `gateway:HOST` names the Host header (or a Gateway, `ns/name`); without it the first Gateway with a route.
    static func resolve(_ target: String?, builder: inout FlowBuilder) throws(FlowError) -> (Gateway, String) {
        let cluster = builder.cluster
        let gateways = cluster.gateways
        let listing = {
            TargetResolver.listing("Gateways", gateways) { "\($0.key) (\($0.addresses.first ?? "no address"))" }
        }
        guard !gateways.isEmpty else { throw .noGateway(existing: listing()) }
        if let target, !target.isEmpty {
            let key = Cluster.parseReference(target)
            if let named = gateways.first(where: {
                $0.key.name == key.name && Cluster.namespacesMatch($0.key.namespace, key.namespace)
            }) {
                return (named, builder.options.host ?? defaultHost(of: named, builder: &builder))
            }
            // A host: the Gateway a route serving it attaches to, else one whose listener accepts it.
            let serving = cluster.routes.first { route in
                route.hostnames.contains { GatewayRouting.hostname($0, matches: target) }
            }
            if let serving, let gateway = gateways.first(where: { references(serving, $0) }) {
                return (gateway, target)
            }
            if let accepting = gateways.first(where: { gateway in
                gateway.listeners.contains { GatewayRouting.listenerScore($0, host: target) != nil }
            }) {
                return (accepting, target)
            }
            guard target.contains(".") else {
                throw .notFound(what: "Gateway named or serving host", name: target, existing: listing())
            }
            return (gateways[0], target)
        }
        let withRoute = gateways.first { gateway in cluster.routes.contains { references($0, gateway) } }
        let gateway = withRoute ?? gateways[0]
        return (gateway, defaultHost(of: gateway, builder: &builder))
    }

    /// A host the Gateway serves: a route's hostname, else a listener's (a wildcard made concrete), else made up.
    static func defaultHost(of gateway: Gateway, builder: inout FlowBuilder) -> String {
        let routes = builder.cluster.routes.filter { references($0, gateway) || !$0.detailsKnown }
        if let name = routes.flatMap(\.hostnames).first(where: { !$0.hasPrefix("*") }) { return name }
        let patterns = routes.flatMap(\.hostnames) + gateway.listeners.compactMap(\.hostname)
        if let pattern = patterns.first(where: { !$0.hasPrefix("*") }) { return pattern }
        if let wildcard = patterns.first {
            let host = "www" + wildcard.dropFirst()
            builder.assume("The host \(host) is illustrative: the Gateway's hostname is the wildcard \(wildcard).")
            return host
        }
        let host = "\(gateway.key.name).\(Illustrative.domain)"
        builder.assume("The Gateway and its routes accept any host: the name \(host) is illustrative.")
        return host
    }

    // MARK: Into the data plane

    /// Where the request reached the proxy, for the hops after it.
    struct Entry {
        var place: Place
        var actor: Actor
        var node: String?
        var podIP: String?
        /// The address the user called (the DNS answer).
        var answer: String
        /// Set when the request went through a node's kube-proxy rules (for the reply).
        var delivered: ExternalFlows.Delivered?
        var arriving: Packet?
        var balancer: BalancerKind?
        var lb: SocketAddress?
    }

    /// DNS, then the Gateway's Service (LoadBalancer as in the LB flow) to a proxy pod; nil when the request stops.
    static func enter(
        _ gateway: Gateway, plane: GatewayDataPlane, host: String, port: Int, request: HTTPRequestLine,
        client: SocketAddress, tls: Bool = false, builder: inout FlowBuilder
    ) throws(FlowError) -> Entry? {
        let say = opening(request, host: host, tls: tls)
        let backed = plane.service.map { !builder.cluster.backingInfo(of: $0.key).endpoints.isEmpty } ?? false
        if let service = plane.service, service.type == .loadBalancer, backed,
            !service.externalIPs.isEmpty || !service.externalHostnames.isEmpty,
            let servicePort = service.ports.first(where: { $0.port == port }) ?? service.ports.first
        {
            return try throughLoadBalancer(
                gateway, service: service, port: servicePort, host: host, say: say, client: client, builder: &builder)
        }
        return straightToProxy(
            gateway, plane: plane, backed: backed, host: host, port: port, say: say, client: client, builder: &builder)
    }

    /// How the client's request begins, as the first hop says it: a TLS ClientHello, a gRPC call or an HTTP request.
    static func opening(_ request: HTTPRequestLine, host: String, tls: Bool) -> String {
        if tls { return "The client opens a TLS connection whose ClientHello names SNI \(host)" }
        return GatewayRouting.grpcCall(request).map {
            "The gRPC client calls \($0.service)/\($0.method) (an HTTP/2 POST \(request.path), content-type " +
                "application/grpc) with :authority \(host)"
        } ?? "The browser sends \(request.method) \(request.path) with Host: \(host)"
    }

    /// Through the Gateway's LoadBalancer Service, as the LB flow goes, and a node's rules to a proxy pod; nil when
    /// the rules stop the request.
    static func throughLoadBalancer(
        _ gateway: Gateway, service: Service, port: ServicePort, host: String, say: String, client: SocketAddress,
        builder: inout FlowBuilder
    ) throws(FlowError) -> Entry? {
        builder.noteTrafficPolicy(of: service)
        let kind = BalancerKind.classify(service, cluster: builder.cluster)
        builder.assume(
            "The Gateway's load balancer is \(kind.product): \(kind.provenance.said).")
        let node = try ExternalFlows.entryNode(for: service, builder: &builder)
        let lb = LoadBalancerFlow.resolve(service, port: port, client: client, name: host, builder: &builder)
        builder.annotateLastHop(["\(say): the Gateway's address is its Service \(service.key)'s load balancer."])
        let (arriving, from, proxyEntry) = LoadBalancerFlow.handOver(
            service, port: port, kind: kind, lb: lb, client: client, node: node, builder: &builder)
        guard
            let delivered = ExternalFlows.throughNode(
                toProxy: { .gateway(gateway.key, pod: $0) }, note: " This pod is Gateway \(gateway.key.name)'s proxy.",
                service, port: port, entry: proxyEntry, node: node, arriving: arriving, from: from, builder: &builder)
        else { return nil }
        return Entry(
            place: delivered.pod, actor: .gateway(gateway.key, pod: delivered.endpoint.pod),
            node: delivered.endpoint.nodeName, podIP: delivered.endpoint.ip.text, answer: lb.host,
            delivered: delivered, arriving: arriving, balancer: kind, lb: lb)
    }

    /// No LoadBalancer Service to follow: DNS, then straight to a proxy pod, saying what is not shown.
    static func straightToProxy(
        _ gateway: Gateway, plane: GatewayDataPlane, backed: Bool, host: String, port: Int, say: String,
        client: SocketAddress, builder: inout FlowBuilder
    ) -> Entry {
        let answer = gateway.addresses.first ?? plane.service?.externalIPs.first?.text ?? Illustrative.loadBalancerIP
        if gateway.addresses.isEmpty {
            builder.assume(
                "The Gateway has no ADDRESS in the input (status.addresses): its address is shown as \(answer)" +
                (answer == Illustrative.loadBalancerIP ? " (illustrative)." : "."))
        }
        ExternalFlows.addDNS(
            name: host, answer: answer, answerNote: "the Gateway's address (status.addresses), its data plane's entry",
            client: client, builder: &builder)
        // Cilium: the Gateway's Service has no endpoints; its eBPF datapath hands connections to the node's Envoy.
        let cilium = plane.pods.isEmpty && !backed
            && (plane.service?.name.hasPrefix("cilium-gateway-") == true || gateway.className == "cilium")
        let proxies = cilium ? builder.cluster.pods.filter { $0.name.hasPrefix("cilium-envoy-") } : plane.pods
        var dice = builder.dice("gateway-proxy|\(gateway.key)")
        let pod = proxies.isEmpty ? nil : proxies[Int(dice.next() % UInt64(proxies.count))]
        let place = Place.gateway(gateway.key, pod: pod?.key)
        let why = howReached(plane, pod: pod, cilium: cilium)
        let arriving = Packet(source: client, destination: SocketAddress(host: answer, port: port))
        builder.add(
            Hop(
                from: .user, to: place, packet: arriving,
                by: .gateway(gateway.key, pod: pod?.key), provenance: .inferred(from: "the Gateway's address"),
                sentence: "\(say) to \(answer):\(port), Gateway \(gateway.key.name)'s address. \(why)"))
        return Entry(
            place: place, actor: .gateway(gateway.key, pod: pod?.key), node: pod?.nodeName,
            podIP: pod?.ips.first?.text, answer: answer, arriving: arriving)
    }

    /// How the Gateway's address reaches its proxy when no LoadBalancer Service shows it: Cilium's eBPF, an
    /// inferred path, or unknown.
    static func howReached(_ plane: GatewayDataPlane, pod: Pod?, cilium: Bool) -> String {
        if cilium {
            return "Cilium's Gateway Service \(plane.service?.key.description ?? "") has no endpoints of its own: " +
                "Cilium's eBPF programs on the receiving node hand the connection to that node's Envoy" +
                (pod.map { " (\($0.name))" } ?? " (cilium-envoy)") + " (inferred from how Cilium implements " +
                "Gateway API; the input cannot show eBPF maps)."
        }
        if let service = plane.service {
            return "Its Service \(service.key) is \(service.type)" +
                (service.type == .loadBalancer ? " without an address in the input" : "") +
                ", so how the address reaches the proxy pods is inferred, not shown."
        }
        if pod != nil {
            return "The proxy's Service is not in the input: shown as reaching the proxy pod directly (inferred); " +
                "`kubectl get svc -A -o wide` shows it."
        }
        return "The Gateway's data plane (its Service and proxy pods) is not in the input, so how the address " +
            "reaches it is unknown; Envoy Gateway puts them in envoy-gateway-system, Cilium in the Gateway's " +
            "namespace (add `kubectl get svc,pods -A -o wide --show-labels`)."
    }
}
