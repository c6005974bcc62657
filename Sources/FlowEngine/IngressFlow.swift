import ClusterModel

/// The notes' Flow 2: User → DNS → Ingress controller (HTTP/HTTPS only,
/// host/path rule) → the backend service's pods.
///
/// When the controller's pods and service are in the input, the realistic double hop is shown: the controller is itself
/// reached through a NodePort or LoadBalancer service.
enum IngressFlow {
    static func build(_ ingress: Ingress, builder: inout FlowBuilder) throws(FlowError) -> Flow {
        let request = start(ingress, builder: &builder)
        askDNS(request, builder: &builder)
        if let controller = try enterController(request, builder: &builder),
            let upstream = chooseUpstream(request, from: controller, builder: &builder)
        {
            proxy(request, to: upstream, from: controller, builder: &builder)
            if builder.options.includeReply { reply(to: request, from: upstream, via: controller, builder: &builder) }
        }
        return builder.finish(kind: .ingress, title: request.title, target: ingress.key.description)
    }

    /// The request as the flow starts it: what the browser asks for, and the controller the input shows.
    struct Request {
        var ingress: Ingress
        var host: String
        var path: String
        var client: SocketAddress
        var title: String
        /// The ingress's ADDRESS, when the input shows one.
        var address: String?
        var controllers: [Pod]
        /// The service exposing the controller pods (LoadBalancer, then NodePort), when the input shows one.
        var controllerService: Service?
        /// The controller pod the request reaches when it goes to a pod directly.
        var controllerIndex: Int
        /// What DNS answers for the host: the address the browser calls.
        var answer: String
        /// `the nginx ingress controller`, or without a class `the ingress controller`.
        var controllerLabel: String

        /// The controller label at the start of a sentence.
        var controllerName: String { controllerLabel.prefix(1).uppercased() + controllerLabel.dropFirst() }
    }

    /// The host, path and client of the request, each made-up part said as an assumption, and the controller pods
    /// and service the input shows.
    static func start(_ ingress: Ingress, builder: inout FlowBuilder) -> Request {
        let path = builder.options.path ?? "/"
        let host = requestHost(ingress)
        if ingress.rules.compactMap(\.host).isEmpty, ingress.hosts.allSatisfy({ $0 == "*" }) {
            builder.assume("The ingress matches any host: the name \(host) is illustrative.")
        }
        let published = ingress.addresses.first ?? builder.cluster.nodes.first.map { builder.nodeAddress($0.name) }
        if let published { builder.outside = .reaching(published) }
        let client = SocketAddress(host: builder.outside.client, port: builder.ephemeralPort("client"))
        builder.assume("The user (\(client.host)) is an illustrative documentation address.")
        let controllers = controllerPods(for: ingress, facts: builder.facts)
        let controllerService = controllers.isEmpty ? nil : service(exposing: controllers, cluster: builder.cluster)
        var controllerDice = builder.dice("ingress-controller|\(ingress.key)")
        let address = ingress.addresses.first
        return Request(
            ingress: ingress, host: host, path: path, client: client,
            title: "Ingress: User → DNS → Ingress \(ingress.key.name) (\(host)\(path)) → Service → Pod",
            address: address, controllers: controllers, controllerService: controllerService,
            controllerIndex: controllers.isEmpty ? 0 : Int(controllerDice.next() % UInt64(controllers.count)),
            answer: address ?? controllerService.flatMap { $0.externalIPs.first?.text }
                ?? builder.outside.loadBalancer,
            controllerLabel: ingress.className.map { "the \($0) ingress controller" } ?? "the ingress controller")
    }

    /// Step 1, DNS: the name points at the ingress's published address.
    static func askDNS(_ request: Request, builder: inout FlowBuilder) {
        let answer = request.answer
        if request.address == nil {
            builder.assume(
                "The ingress has no ADDRESS in the input: the controller's public address is shown as " +
                "\(answer)\(answer == builder.outside.loadBalancer ? " (illustrative)" : "")."
            )
        }
        ExternalFlows.addDNS(
            name: request.host, answer: answer,
            answerNote: "the ingress's published address (the controller's entry point), not anything behind it",
            client: request.client, builder: &builder)
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

    /// The controller at `place` as the actor of a hop.
    static func controllerActor(_ place: Place) -> Actor {
        if case .ingressController(let pod) = place { return .ingressController(pod: pod) }
        return .ingressController(pod: nil)
    }

    /// Pods of a recognised ingress controller, the ones matching the ingress
    /// class first.
    ///
    /// The engine finds all controller pods once (`ClusterFacts`).
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
