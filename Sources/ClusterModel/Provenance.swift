/// Where a fact shown to the user comes from, so every renderer can mark what is not known.
///
/// Flows, rules and verdicts carry one beside each fact: a teaching tool must never present a
/// guess as something it read.
public enum Provenance: Sendable, Hashable, Codable {
    /// Read from the input (`file:line` or a short description of the object).
    case input(String)
    /// Not in the input; Kubernetes' documented default was used (say which).
    case kubernetesDefault(String)
    /// Deduced from other facts (say from what, e.g. "CNI from kube-flannel-ds pods").
    case inferred(from: String)
    /// Made up to make the picture concrete (an outside client's address).
    case illustrative
    /// Seen in a real rule dump from a node (`--node-rules`), at this place.
    case observed(String)
}

extension Provenance {
    /// The provenance as a clause after a fact ("inferred from the kube-flannel-ds pods"): the
    /// one wording every renderer uses, so a guess reads the same in text, exports and the view.
    public var said: String {
        switch self {
        case .input(let what): "read from the input (\(what))"
        case .kubernetesDefault(let what): "Kubernetes' default (\(what))"
        case .inferred(let from): "inferred from \(from)"
        case .illustrative: "illustrative"
        case .observed(let place): "seen in \(place)"
        }
    }
}
