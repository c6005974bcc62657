/// Guesses a pod's owners from its generated name, because text dumps carry
/// no ownerReferences yet the name encodes them: Kubernetes builds pod names
/// from the owner's name plus suffixes drawn from a fixed alphabet.
public enum OwnerInference {
    /// The characters of Kubernetes' `rand.String` and `SafeEncodeString`
    /// (no vowels, no 0/1/3): suffixes made of anything else are not generated.
    static let generatedAlphabet = Set("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// Owners from the nearest to the farthest, each marked `inferred`:
    /// `nginx-deployment-7b44dc87c5-5hrgb` → ReplicaSet `nginx-deployment-7b44dc87c5`,
    /// Deployment `nginx-deployment`; `web-0` → StatefulSet `web`;
    /// `kube-proxy-5fsfj` → DaemonSet `kube-proxy` (or `knownKind` when a
    /// workload of that name was listed); `etcd-master-node` on `master-node` →
    /// the node (a static pod). Empty when the name shows no pattern.
    public static func owners(ofPod name: String, nodeName: String? = nil, status: String = "",
                              knownKind: (String) -> WorkloadKind? = { _ in nil }) -> [OwnerReference] {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if let node = nodeName, !node.isEmpty, name.hasSuffix("-" + node), name.count > node.count + 1 {
            return [OwnerReference(kind: "Node", name: node, inferred: true)]
        }
        guard parts.count >= 2, let last = parts.last, !last.isEmpty else { return [] }
        let prefix = parts.dropLast().joined(separator: "-")
        guard !prefix.isEmpty else { return [] }

        if last.allSatisfy(\.isNumber), last.count <= 5 {
            return [OwnerReference(kind: knownKind(prefix)?.rawValue ?? "StatefulSet", name: prefix, inferred: true)]
        }
        guard last.utf8.count == 5, isGenerated(last) else { return [] }

        // `<owner>-<template hash or job timestamp>-<random>`
        if parts.count >= 3, let middle = parts.dropLast().last, !middle.isEmpty {
            let ownerOfOwner = parts.dropLast(2).joined(separator: "-")
            if !ownerOfOwner.isEmpty {
                if middle.utf8.count >= 8, middle.allSatisfy(\.isNumber) {
                    return [OwnerReference(kind: "Job", name: prefix, inferred: true),
                            OwnerReference(kind: "CronJob", name: ownerOfOwner, inferred: true)]
                }
                if (6...10).contains(middle.utf8.count), isGenerated(middle), knownKind(prefix) == nil || knownKind(prefix) == .replicaSet {
                    return [OwnerReference(kind: "ReplicaSet", name: prefix, inferred: true),
                            OwnerReference(kind: "Deployment", name: ownerOfOwner, inferred: true)]
                }
            }
        }
        let kind: WorkloadKind = knownKind(prefix) ?? (status == "Completed" || status == "Succeeded" ? .job : .daemonSet)
        return [OwnerReference(kind: kind.rawValue, name: prefix, inferred: true)]
    }

    static func isGenerated(_ text: String) -> Bool {
        text.utf8.allSatisfy { generatedAlphabet.contains($0) }
    }
}
