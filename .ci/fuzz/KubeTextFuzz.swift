// libFuzzer entry point for the kubectl text parser (built by .ci/fuzz.sh,
// outside SwiftPM). Besides "no crash, no hang", it checks the parser's
// promises on every input, so the fuzzer reports a broken promise as a crash:
//  - feeding the input in chunks gives the same result as feeding it whole;
//  - no record or diagnostic text holds a control character or bidi override;
//  - the aligned-row fast path changes nothing (same result without it).
import ClusterModel
@testable import KubeText

func inert(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
        let value = scalar.value
        return value >= 0x20 && value != 0x7F && !(0x80...0x9F).contains(value) && !(0x202A...0x202E).contains(value)
            && !(0x2066...0x2069).contains(value) && value != 0x200E && value != 0x200F && value != 0x061C
    }
}

func texts(_ resources: Resources) -> [String] {
    var all: [String] = []
    for node in resources.nodes { all += [node.name, node.status] + node.roles + node.extra.values }
    for pod in resources.pods { all += [pod.name, pod.status, pod.nodeName ?? "", pod.namespace ?? ""] + pod.extra.values }
    for service in resources.services {
        all += [service.name, service.externalName ?? "", service.trafficDistribution ?? "", service.sessionAffinity ?? ""]
            + service.externalHostnames + service.extra.values + service.ports.compactMap(\.name)
    }
    for set in resources.endpoints {
        all += [set.key.name, set.serviceName] + set.extra.values + set.namedPorts.compactMap(\.name)
            + set.addresses.flatMap { [$0.nodeName ?? "", $0.zone ?? "", $0.targetPod?.name ?? ""] }
    }
    for pod in resources.pods { all += pod.containerPorts.compactMap(\.name) + pod.owners.map(\.name) }
    for ingress in resources.ingresses {
        all += [ingress.key.name] + ingress.hosts + ingress.addresses + ingress.rules.map(\.serviceName) + ingress.extra.values
            + (ingress.annotations ?? [:]).flatMap { [$0.key, $0.value] } + ingress.tlsSecrets.values
    }
    for workload in resources.workloads { all += [workload.key.name] + workload.images }
    for policy in resources.networkPolicies {
        all += [policy.key.name, policy.namespace, policy.podSelector.description]
        // Rules read from JSON and from describe text (DescribeNetworkPolicy): selectors, blocks, port names.
        for rule in policy.ingress + policy.egress {
            all += rule.ports.map(\.description) + rule.peers.flatMap { peer in
                [peer.podSelector?.description ?? "", peer.namespaceSelector?.description ?? "",
                 peer.ipBlock?.description ?? ""]
            }
        }
    }
    for namespace in resources.namespaces { all += [namespace.name] + (namespace.labels ?? [:]).flatMap { [$0.key, $0.value] } }
    for policy in resources.clusterNetworkPolicies {
        all += [policy.name, policy.subject.description] + (policy.ingress + policy.egress).flatMap { rule in
            [rule.name ?? ""] + rule.ports.map(\.description)
        }
    }
    // Gateway API objects (GatewayObjects, GatewayRows).
    for gatewayClass in resources.gatewayClasses { all += [gatewayClass.name, gatewayClass.controllerName ?? ""] }
    for gateway in resources.gateways {
        all += [gateway.key.name, gateway.className ?? ""] + gateway.addresses + gateway.extra.values
            + gateway.listeners.flatMap { [$0.name, $0.protocol, $0.hostname ?? ""] }
    }
    for route in resources.routes {
        all += [route.key.name] + route.hostnames + route.parentRefs.map(\.name) + route.unresolvedRefs
        for parent in route.parentRefs { all += [parent.namespace ?? "", parent.sectionName ?? "", parent.kind ?? ""] }
        for rule in route.rules {
            all.append(rule.name ?? "")
            for backend in rule.backendRefs {
                all += [backend.name, backend.namespace ?? "", backend.kind, backend.group]
                for filter in backend.filters { all += filterTexts(filter) }
            }
            for filter in rule.filters { all += filterTexts(filter) }
            for match in rule.matches {
                all += [match.path?.value ?? "", match.method ?? ""]
                all += [match.grpcMethod?.service ?? "", match.grpcMethod?.method ?? ""]
                for value in match.headers + match.queryParams { all += [value.name, value.value] }
            }
        }
    }
    for gatewayClass in resources.gatewayClasses { all.append(gatewayClass.accepted ?? "") }
    for gateway in resources.gateways {
        all += [gateway.programmed ?? ""] + gateway.listeners.flatMap { listener in
            [listener.allowedNamespaces ?? "", listener.tlsMode ?? ""] + listener.allowedKinds
                + (listener.allowedNamespaceLabels ?? [:]).flatMap { [$0.key, $0.value] }
        }
    }
    for grant in resources.referenceGrants {
        all += [grant.key.name] + grant.from.flatMap { [$0.namespace, $0.kind, $0.group] }
            + grant.to.flatMap { [$0.name ?? "", $0.kind, $0.group] }
    }
    return all
}

/// What a route filter carries as text (header modifiers, redirect, rewrite, mirror).
func filterTexts(_ filter: RouteFilter) -> [String] {
    let headers = filter.headers.map { ($0.set + $0.add).flatMap { [$0.name, $0.value] } + $0.remove } ?? []
    let redirect = filter.redirect.map { [$0.scheme ?? "", $0.hostname ?? "", $0.path?.value ?? ""] } ?? []
    let rewrite = filter.rewrite.map { [$0.hostname ?? "", $0.path?.type ?? "", $0.path?.value ?? ""] } ?? []
    return [filter.type, filter.mirror ?? ""] + headers + redirect + rewrite
}

@_cdecl("LLVMFuzzerTestOneInput")
public func kubeTextFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = KubeText.parse(bytes: bytes, source: "fuzz")
    var stream = KubeTextStream(source: "fuzz")
    let step = Int(bytes.first ?? 0) % 97 + 1
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + step)
        stream.feed(bytes[offset..<end])
        offset = end
    }
    stream.finish()
    if stream.result != whole { fatalError("chunked parse differs from whole parse (step \(step))") }
    var general = LineParser(source: "fuzz", alignedRows: false)
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    if bytes.last == 0x0A { lines.removeLast() }
    for line in lines { general.consume(Array(line)) }
    general.finish()
    if general.result != whole { fatalError("the aligned-row fast path changed the result") }
    for text in texts(whole.resources) where !inert(text) { fatalError("control character in a record: \(text.debugDescription)") }
    for diagnostic in whole.diagnostics where !inert(diagnostic.message) || !inert(diagnostic.excerpt) {
        fatalError("control character in a diagnostic: \(diagnostic.message.debugDescription) \(diagnostic.excerpt.debugDescription)")
    }
    checkNodeDumpParsers(bytes)
    return 0
}
