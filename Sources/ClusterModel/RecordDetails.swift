/// How a record from a detailed source (`kubectl describe`) joins the record a table gave for the same object:
/// the table's columns stay, the details fill what the table cannot show (port names, targetPorts, traffic
/// policies, labels, container ports, owners …).
///
/// Order does not matter: a table row read after the describe block is overlaid the same way (see `Resources.enrich`).
public enum RecordDetails {
    /// The `extra` entry that marks a record read from `kubectl describe`.
    public static let sourceKey = "source"
    public static let describeSource = "kubectl describe"

    static func isDescribed(_ extra: [String: String]) -> Bool { extra[sourceKey] == describeSource }

    /// `existing` and `new` for the same object: a describe record joins a table record (either order);
    /// otherwise the newer replaces the older, as `Resources.upsert` does.
    public static func joined(_ existing: Service, _ new: Service) -> Service {
        switch (isDescribed(existing.extra), isDescribed(new.extra)) {
        case (false, true): overlay(existing, new)
        case (true, false): overlay(new, existing)
        case (true, true): overlay(existing, new)
        case (false, false): new
        }
    }
    public static func joined(_ existing: Pod, _ new: Pod) -> Pod {
        switch (isDescribed(existing.extra), isDescribed(new.extra)) {
        case (false, true): overlay(existing, new)
        case (true, false): overlay(new, existing)
        case (true, true): overlay(existing, new)
        case (false, false): new
        }
    }
    public static func joined(_ existing: Node, _ new: Node) -> Node {
        switch (isDescribed(existing.extra), isDescribed(new.extra)) {
        case (false, true): overlay(existing, new)
        case (true, false): overlay(new, existing)
        case (true, true): overlay(existing, new)
        case (false, false): new
        }
    }

    public static func overlay(_ base: Service, _ detail: Service) -> Service {
        var merged = base
        if detail.portNamesKnown || merged.ports.isEmpty {
            merged.ports = detail.ports.map { port in
                var port = port
                if port.nodePort == nil {
                    port.nodePort = base.ports.first { $0.port == port.port && $0.protocol == port.protocol }?.nodePort
                }
                return port
            }
            merged.portNamesKnown = merged.portNamesKnown || detail.portNamesKnown
        }
        if merged.clusterIPs.isEmpty { merged.clusterIPs = detail.clusterIPs }
        merged.isHeadless = merged.isHeadless || detail.isHeadless
        if merged.externalIPs.isEmpty { merged.externalIPs = detail.externalIPs }
        if merged.externalHostnames.isEmpty { merged.externalHostnames = detail.externalHostnames }
        if !merged.externalIPs.isEmpty || !merged.externalHostnames.isEmpty { merged.externalPending = false }
        merged.externalName = merged.externalName ?? detail.externalName
        merged.selector = detail.selector ?? merged.selector
        merged.externalTrafficPolicy = detail.externalTrafficPolicy ?? merged.externalTrafficPolicy
        merged.internalTrafficPolicy = detail.internalTrafficPolicy ?? merged.internalTrafficPolicy
        merged.sessionAffinity = detail.sessionAffinity ?? merged.sessionAffinity
        merged.sessionAffinityTimeoutSeconds =
            detail.sessionAffinityTimeoutSeconds ?? merged.sessionAffinityTimeoutSeconds
        merged.loadBalancerSourceRanges = detail.loadBalancerSourceRanges ?? merged.loadBalancerSourceRanges
        merged.healthCheckNodePort = detail.healthCheckNodePort ?? merged.healthCheckNodePort
        merged.trafficDistribution = detail.trafficDistribution ?? merged.trafficDistribution
        merged.loadBalancerIPMode = detail.loadBalancerIPMode ?? merged.loadBalancerIPMode
        if !detail.ipFamilies.isEmpty { merged.ipFamilies = detail.ipFamilies }
        merged.age = merged.age ?? detail.age
        merged.extra = detail.extra.merging(merged.extra) { _, table in table }
        merged.origin = merged.origin ?? detail.origin
        return merged
    }

    public static func overlay(_ base: Pod, _ detail: Pod) -> Pod {
        var merged = base
        if merged.status == "Unknown" { merged.status = detail.status }
        merged.ready = merged.ready ?? detail.ready
        merged.restarts = merged.restarts ?? detail.restarts
        merged.age = merged.age ?? detail.age
        if detail.ips.count > merged.ips.count { merged.ips = detail.ips }
        merged.nodeName = merged.nodeName ?? detail.nodeName
        merged.nominatedNode = merged.nominatedNode ?? detail.nominatedNode
        merged.labels = detail.labels ?? merged.labels
        if !merged.hasGivenOwners && detail.hasGivenOwners { merged.owners = detail.owners }
        if !detail.containerPorts.isEmpty { merged.containerPorts = detail.containerPorts }
        merged.hostNetwork = merged.hostNetwork ?? detail.hostNetwork
        merged.extra = detail.extra.merging(merged.extra) { _, table in table }
        merged.origin = merged.origin ?? detail.origin
        return merged
    }

    public static func overlay(_ base: Node, _ detail: Node) -> Node {
        var merged = base
        if merged.status == "Unknown" { merged.status = detail.status }
        if merged.roles.isEmpty { merged.roles = detail.roles }
        merged.age = merged.age ?? detail.age
        merged.version = merged.version ?? detail.version
        if merged.internalIPs.isEmpty { merged.internalIPs = detail.internalIPs }
        if merged.externalIPs.isEmpty { merged.externalIPs = detail.externalIPs }
        merged.osImage = merged.osImage ?? detail.osImage
        merged.kernelVersion = merged.kernelVersion ?? detail.kernelVersion
        merged.containerRuntime = merged.containerRuntime ?? detail.containerRuntime
        if merged.podCIDRs.isEmpty { merged.podCIDRs = detail.podCIDRs }
        merged.labels = detail.labels ?? merged.labels
        merged.extra = detail.extra.merging(merged.extra) { _, table in table }
        merged.isPlaceholder = merged.isPlaceholder && detail.isPlaceholder
        merged.origin = merged.origin ?? detail.origin
        return merged
    }
}
