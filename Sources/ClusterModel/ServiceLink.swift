/// A link between a pod and a service: the position of the object at the other end and whether the link was
/// guessed.
///
/// It is one 32-bit word (position and the guess flag packed together) because a big cluster has a million links,
/// stored in flat arrays: a tuple or a two-field struct would double them. The packing stays inside this type.
public struct ServiceLink: Hashable, Comparable, Sendable {
    private var bits: Int32

    /// A link to the object at `position` (a service, a pod, or a rank in some ordering of them).
    public init(position: Int, inferred: Bool) {
        bits = Int32(truncatingIfNeeded: position) << 1 | (inferred ? 1 : 0)
    }

    /// Where the other end sits: in `Cluster.services` for a pod's links, in `Cluster.pods` for a service's.
    public var position: Int { Int(bits >> 1) }

    /// Whether the link was guessed (from labels, names or IPs) rather than listed by Kubernetes.
    public var inferred: Bool { bits & 1 == 1 }

    /// The same link to another position (keeping whether it was guessed).
    public func moved(to position: Int) -> ServiceLink { ServiceLink(position: position, inferred: inferred) }

    /// Marks the link as guessed: an entry reached by several links counts as guessed once any of them was.
    public mutating func markInferred() { bits |= 1 }

    /// By position, a listed link before a guessed one to the same position.
    public static func < (lhs: ServiceLink, rhs: ServiceLink) -> Bool { lhs.bits < rhs.bits }
}
