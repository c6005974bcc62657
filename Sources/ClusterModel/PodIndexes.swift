/// Compact per-pod indexes for `Cluster`. A 150,000-pod cluster made the
/// model's indexes as large as the records themselves when each pod had its
/// own small array or a `String`-keyed entry; these keep pods as `Int32`
/// positions in flat arrays and hash IPv4 addresses by their value.

/// Pod positions by IP address.
///
/// Each address usually has one pod, so that one sits in a dictionary of integers (IPv4 by value: no string hashing, 8
/// bytes a slot); further pods on the same address (the host network's pods share their node's IP) go to a small side
/// table.
struct PodAddressIndex: Sendable {
    private var firstV4: [UInt32: Int32] = [:]
    private var firstV6: [IPAddress: Int32] = [:]
    private var more: [IPAddress: [Int32]] = [:]

    init(expectedCount: Int) { firstV4.reserveCapacity(expectedCount) }

    /// Positions must be inserted in increasing order; `positions(of:)` keeps it.
    mutating func insert(_ ip: IPAddress, at position: Int) {
        let position = Int32(truncatingIfNeeded: position)
        // One hash in the usual case (a new address); a taken one is put back.
        if let value = ip.ipv4Value {
            guard let earlier = firstV4.updateValue(position, forKey: value) else { return }
            firstV4[value] = earlier
        } else {
            guard let earlier = firstV6.updateValue(position, forKey: ip) else { return }
            firstV6[ip] = earlier
        }
        more[ip, default: []].append(position)
    }

    /// The pods carrying `ip`, in input order.
    func positions(of ip: IPAddress) -> [Int] {
        let first = ip.ipv4Value.map { firstV4[$0] } ?? firstV6[ip]
        guard let first else { return [] }
        return [Int(first)] + (more[ip] ?? []).map(Int.init)
    }
}

/// For each pod, the services it receives traffic for, stored as compressed
/// rows: one flat array of links and where each pod's run starts (150,000 pods
/// with ten services each were 150,000 small arrays).
struct PodServiceLinks: Sendable {
    private var starts: [Int32]
    private var links: [ServiceLink]

    /// Built from each service's backing (aligned with `services`), whose
    /// links name each pod once.
    ///
    /// Two passes (count, then fill) over plain arrays, so that no per-pod list is ever made.
    init(podCount: Int, backings: [StoredBacking], podPosition: (ObjectKey) -> Int?) {
        var starts = [Int32](repeating: 0, count: podCount + 1)
        let linksByService = backings.map { $0.podLinks(podPosition: podPosition) }
        for links in linksByService {
            for link in links where starts.indices.contains(link.position + 1) { starts[link.position + 1] += 1 }
        }
        for position in starts.indices.dropFirst() { starts[position] += starts[position - 1] }
        var cursor = starts
        var links = [ServiceLink](repeating: ServiceLink(position: 0, inferred: false), count: Int(starts.last ?? 0))
        for (service, serviceLinks) in linksByService.enumerated() {
            for link in serviceLinks {
                guard let slot = cursor[checked: link.position].map(Int.init), links.indices.contains(slot) else {
                    continue
                }
                links[slot] = link.moved(to: service)
                cursor[link.position] += 1
            }
        }
        self.starts = starts
        self.links = links
    }

    /// The services of the pod at `position`, each by its position in `Cluster.services`, without copying them.
    func links(ofPodAt position: Int) -> ArraySlice<ServiceLink> {
        guard let start = starts[checked: position], let end = starts[checked: position + 1],
            start <= end, end <= links.count
        else { return [] }
        return links[Int(start)..<Int(end)]
    }
}

/// How a pod's network was decided, aligned with `Cluster.pods`.
enum HostNetworkUse: UInt8, Sendable {
    case no
    /// The input said so.
    case given
    /// The pod's IP is a node's IP.
    case inferred
}
