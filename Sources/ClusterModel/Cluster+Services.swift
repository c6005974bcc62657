/// The service, ingress and reference lookups of `Cluster`: which pods back a service, the addresses
/// kube-proxy chooses among, and `ns/name` references.
extension Cluster {
    // MARK: Services

    public func service(_ key: ObjectKey) -> Service? { resources.service(key) }

    /// Services by `ns/name` or `name`; a namespace that the input did not print matches any.
    public func services(named reference: String) -> [Service] {
        let key = Self.parseReference(reference)
        return (servicesByName[key.name] ?? []).compactMap { position -> Service? in
            guard let service = services[checked: position] else { return nil }
            guard let namespace = key.namespace else { return service }
            return Self.namespacesMatch(service.namespace, namespace) ? service : nil
        }
    }

    /// The pods behind a service that receive traffic (NotReady pods left out), with the evidence.
    public func backing(of service: ObjectKey) -> [Backing] {
        stored(service)?.backing(pods: pods) ?? []
    }

    /// Endpoints, their source and what is missing (see `ServiceBackingInfo`).
    public func backingInfo(of service: ObjectKey) -> ServiceBackingInfo {
        stored(service)?.info(pods: pods) ?? ServiceBackingInfo()
    }

    /// The addresses kube-proxy chooses among for `service`, as `EndpointSelection.select` takes them: the
    /// listed ones (EndpointSlices first, else Endpoints) with their conditions, zones and hints; when nothing
    /// was listed, the selector's ready pods with readiness unknown (`ready == nil`, reported as assumed).
    ///
    /// A missing zone is taken from the endpoint's node (`topology.kubernetes.io/zone`), as the slice controller writes
    /// it.
    public func endpointAddresses(of service: ObjectKey) -> [EndpointAddress] {
        guard let stored = stored(service) else { return [] }
        let addresses: [EndpointAddress]
        if stored.source == .endpoints {
            addresses = stored.addresses
        } else {
            addresses = stored.info(pods: pods).endpoints.map {
                EndpointAddress(ip: $0.ip, port: $0.port, ready: nil, nodeName: $0.nodeName, targetPod: $0.pod)
            }
        }
        return addresses.map { address in
            guard address.zone == nil, let zone = address.nodeName.flatMap({ node(named: $0)?.zone }) else {
                return address
            }
            var zoned = address
            zoned.zone = zone
            return zoned
        }
    }

    /// The services a pod receives traffic for.
    public func services(backedBy pod: ObjectKey) -> [ObjectKey] {
        guard let position = resources.podPosition(pod) else { return [] }
        return serviceLinks(ofPodAt: position).compactMap { services[checked: $0.position]?.key }
    }

    /// The services the pod at `position` in `pods` receives traffic for, by
    /// position in `services`, each with whether the link was guessed: the
    /// cheap form of `backing(of:)` for a layout that visits every pod (150,000
    /// pods, a million links), so the links are not copied.
    public func serviceLinks(ofPodAt position: Int) -> ArraySlice<ServiceLink> {
        servicesByPod.links(ofPodAt: position)
    }

    private func stored(_ service: ObjectKey) -> StoredBacking? {
        resources.servicePosition(service).flatMap { backings[checked: $0] }
    }

    // MARK: Ingresses

    public func ingress(_ key: ObjectKey) -> Ingress? { ingresses.first { $0.key == key } }

    // MARK: Helpers

    /// `ns/name` → key with namespace; `name` → key without.
    public static func parseReference(_ reference: String) -> ObjectKey {
        let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 { return ObjectKey(namespace: parts[0], name: parts[1]) }
        return ObjectKey(namespace: nil, name: reference)
    }

    /// A namespace the input did not print (nil) is compatible with any.
    public static func namespacesMatch(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b
    }
}
