import ClusterModel

/// The same request through an Ingress and through its Gateway API equivalent (`explain --as-gateway`).
public struct IngressReplay: Sendable {
    public var migration: IngressMigration
    public var ingressFlow: Flow
    public var gatewayFlow: Flow
    /// The request both played.
    public var host: String
    public var path: String
    /// Where this request's outcome differs between the two, with why; empty when it is the same.
    public var outcomeDifferences: [String]
}

extension FlowEngine {
    /// Converts the ingress `target` names (as an ingress flow finds it) and plays the request through both.
    public func replayAsGateway(target: String?, request: Int = 0, options: FlowOptions) throws(FlowError)
        -> IngressReplay
    {
        let ingress = try TargetResolver(cluster: cluster).ingress(target)
        let migration = IngressMigration(ingress)
        let ingressFlow = try flow(.ingress, target: ingress.key.description, request: request, options: options)
        let host = IngressFlow.requestHost(ingress)
        var gatewayOptions = options
        gatewayOptions.host = host
        let converted = FlowEngine(cluster: migration.cluster(adding: cluster), seed: seed)
        let gatewayFlow = try converted.flow(
            .gateway, target: migration.gateway.key.description, request: request, options: gatewayOptions)
        let path = HTTPRequestLine(host: host, path: options.path ?? "/").path
        return IngressReplay(
            migration: migration, ingressFlow: ingressFlow, gatewayFlow: gatewayFlow, host: host,
            path: path, outcomeDifferences: outcomeDifferences(ingress, host: host, path: path,
                                                                    ingressFlow: ingressFlow, gatewayFlow: gatewayFlow))
    }

    /// Where the request ends up (a pod, or the failure), as one comparable line.
    public static func outcome(of flow: Flow) -> String {
        if let failure = flow.failure { return "stops: \(failure.reason)" }
        if let status = flow.routing?.status { return "answered \(status) by the gateway" }
        guard let last = flow.requestHops.last else { return "no hops" }
        if case .pod(let key) = last.to { return "pod \(key)" }
        return "\(last.to)"
    }

    func outcomeDifferences(
        _ ingress: Ingress, host: String, path: String, ingressFlow: Flow, gatewayFlow: Flow
    ) -> [String] {
        var notes: [String] = []
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        for rule in ingress.rules where rule.pathType == "ImplementationSpecific" || rule.pathType == nil {
            let prefix = rule.path
            let boundary = prefix.hasSuffix("/") ? prefix : prefix + "/"
            let segment = prefix == "/" || bare == prefix || bare.hasPrefix(boundary)
            if bare.hasPrefix(prefix), !segment {
                notes.append(
                    "ingress-nginx would match \(bare) with the ImplementationSpecific path \(prefix) (a plain " +
                    "string " +
                    "prefix), sending it to \(rule.serviceName); the converted PathPrefix \(prefix) matches whole " +
                    "segments only, so the Gateway does not.")
            }
        }
        for rule in ingress.rules {
            guard let pattern = rule.host, pattern.hasPrefix("*."), host.hasSuffix(pattern.dropFirst()) else {
                continue
            }
            let extra = host.dropLast(pattern.count - 1).split(separator: ".").count
            if extra > 1 {
                notes.append(
                    "\(host) is \(extra) labels below \(pattern.dropFirst(2)): the Ingress wildcard matches one " +
                    "label " +
                    "only, the Gateway API wildcard matches it.")
            }
        }
        // Same outcome: both stop, or both reach a pod of the same Service (each balances on its own).
        let ends = [ingressFlow, gatewayFlow].map { Self.pod(of: $0).map { Set(cluster.services(backedBy: $0)) } }
        let same = ends[0] == nil && ends[1] == nil
            || (ends[0].flatMap { a in ends[1].map { b in !a.isDisjoint(with: b) } } ?? false)
        if !same {
            notes.append(
                "Outcome: the Ingress \(Self.outcome(of: ingressFlow)); the Gateway \(Self.outcome(of: gatewayFlow)).")
        }
        return notes
    }

    static func pod(of flow: Flow) -> ObjectKey? {
        guard flow.failure == nil, flow.routing?.status == nil, case .pod(let key)? = flow.requestHops.last?.to
        else { return nil }
        return key
    }
}
