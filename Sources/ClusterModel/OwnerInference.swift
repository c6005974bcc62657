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
    /// the node (a static pod).
    ///
    /// Empty when the name shows no pattern.
    public static func owners(
        ofPod name: String, nodeName: String? = nil, status: String = "",
        knownKind: (String) -> WorkloadKind? = { _ in nil }
    ) -> [OwnerReference] {
        let shape = withoutActuallyEscaping(knownKind) { knownKind in
            Self.shape(ofPod: name, nodeName: nodeName, status: status, knownKind: knownKind)
        }
        return shape?.owners(ofPod: name, nodeName: nodeName) ?? []
    }

    /// The same answer as `owners`, kept as lengths into the pod's name (every
    /// inferred owner's name is a prefix or, for a node, a suffix of it):
    /// 150,000 pods keep 8 bytes each instead of an array and two strings.
    ///
    /// `knownKind` nil: no workload was listed, so no name needs looking up. `nodeIsPlain`: whether `nodeName` is
    /// printable ASCII, when the caller already knows (a node's pods share one answer); nil to check here.
    static func shape(
        ofPod name: String, nodeName: String?, nodeIsPlain: Bool? = nil, status: String,
        knownKind: ((String) -> WorkloadKind?)?
    ) -> OwnerShape? {
        var name = name
        var node = nodeName ?? ""
        let fast = name.withUTF8 { bytes in
            node.withUTF8 { node in
                NameBytes(bytes).flatMap { name in
                    nodeIsPlain ?? isPrintableASCII(node)
                        ? name.shape(nodeName: node, status: status, knownKind: knownKind) : nil
                }
            }
        }
        if let fast { return fast }
        return slowShape(ofPod: name, nodeName: nodeName, status: status, knownKind: knownKind ?? { _ in nil })
    }

    /// A name made of printable ASCII, read as bytes: one Character per byte,
    /// so byte counts and suffixes mean what the String versions mean.
    private struct NameBytes {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Positions of the last two dashes (nil when absent).
        let lastDash: Int?
        let middleDash: Int?

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard OwnerInference.isPrintableASCII(bytes) else { return nil }
            self.bytes = bytes
            // The owners' names end at the last two dashes: search from the end.
            let lastDash = bytes.lastIndex(of: UInt8(ascii: "-"))
            self.lastDash = lastDash
            self.middleDash = lastDash.flatMap {
                UnsafeBufferPointer(rebasing: bytes[..<$0]).lastIndex(of: UInt8(ascii: "-"))
            }
        }

        /// `nodeName` is printable ASCII too (possibly empty).
        func shape(
            nodeName: UnsafeBufferPointer<UInt8>, status: String, knownKind: ((String) -> WorkloadKind?)?
        ) -> OwnerShape? {
            if isStaticPod(onNode: nodeName) {
                return OwnerShape(pattern: .node, ownerLength: UInt32(nodeName.count))
            }
            guard let lastDash, lastDash > 0, lastDash + 1 < bytes.count else { return nil }
            let last = UnsafeBufferPointer(rebasing: bytes[(lastDash + 1)...])
            let prefix = { String(decoding: UnsafeBufferPointer(rebasing: bytes[..<lastDash]), as: UTF8.self) }
            if last.count <= 5, last.allSatisfy(Self.isDigit) {
                return OwnerShape(
                    pattern: .single, kind: knownKind?(prefix()) ?? .statefulSet, ownerLength: UInt32(lastDash))
            }
            guard last.count == 5, last.allSatisfy(Self.isGenerated) else { return nil }
            // `<owner>-<template hash or job timestamp>-<random>`
            let known = knownKind?(prefix())
            if let middleDash, middleDash > 0, middleDash + 1 < lastDash {
                let middle = UnsafeBufferPointer(rebasing: bytes[(middleDash + 1)..<lastDash])
                if middle.count >= 8, middle.allSatisfy(Self.isDigit) {
                    return OwnerShape(
                        pattern: .cronJob, ownerLength: UInt32(lastDash), ownerOfOwnerLength: UInt32(middleDash))
                }
                if (6...10).contains(middle.count), middle.allSatisfy(Self.isGenerated),
                    known == nil || known == .replicaSet
                {
                    return OwnerShape(
                        pattern: .replicaSet, ownerLength: UInt32(lastDash), ownerOfOwnerLength: UInt32(middleDash))
                }
            }
            let kind: WorkloadKind = known ?? (status == "Completed" || status == "Succeeded" ? .job : .daemonSet)
            return OwnerShape(pattern: .single, kind: kind, ownerLength: UInt32(lastDash))
        }

        /// The name is `<something>-<nodeName>` (a static pod such as `etcd-master-node`).
        private func isStaticPod(onNode node: UnsafeBufferPointer<UInt8>) -> Bool {
            guard !node.isEmpty, node.count + 1 < bytes.count else { return false }
            let start = bytes.count - node.count
            return bytes[start - 1] == UInt8(ascii: "-")
                && UnsafeBufferPointer(rebasing: bytes[start...]).elementsEqual(node)
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        /// `bcdfghjklmnpqrstvwxz2456789`, as a bit test rather than a set lookup.
        static func isGenerated(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "2"), UInt8(ascii: "4")...UInt8(ascii: "9"): true
            case UInt8(ascii: "a")...UInt8(ascii: "z"): (lettersMask >> UInt32(byte - UInt8(ascii: "a"))) & 1 == 1
            default: false
            }
        }

        private static let lettersMask: UInt32 = "bcdfghjklmnpqrstvwxz".utf8.reduce(0) {
            $0 | 1 << UInt32($1 - UInt8(ascii: "a"))
        }
    }

    /// Every byte in 0x21...0x7E, eight at a time: this check runs over
    /// every pod's name and node name.
    static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var flagged: UInt64 = 0
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let delete = word ^ (ones &* 0x7F)
            flagged |= word & high  // a byte ≥ 0x80
            flagged |= (word &- ones &* 0x21) & ~word & high  // a byte < 0x21 (exact when none is ≥ 0x80)
            flagged |= (delete &- ones) & ~delete & high  // a 0x7F byte
            offset += 8
        }
        // The tail: a byte outside 0x21...0x7E wraps below zero or lands past 0x5D.
        while offset < raw.count {
            if raw[offset] &- 0x21 > 0x5D { return false }
            offset += 1
        }
        return flagged == 0
    }

    /// Names with other characters (Unicode, controls) take the String path,
    /// where counts are in Characters: rare, and kept exactly as first written.
    private static func slowShape(
        ofPod name: String, nodeName: String?, status: String,
        knownKind: (String) -> WorkloadKind?
    ) -> OwnerShape? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if let node = nodeName, !node.isEmpty, name.hasSuffix("-" + node), name.count > node.count + 1 {
            return OwnerShape(pattern: .node, ownerLength: UInt32(node.utf8.count))
        }
        guard parts.count >= 2, let last = parts.last, !last.isEmpty else { return nil }
        let prefix = parts.dropLast().joined(separator: "-")
        guard !prefix.isEmpty else { return nil }
        let prefixLength = UInt32(prefix.utf8.count)

        if last.allSatisfy(\.isNumber), last.count <= 5 {
            return OwnerShape(pattern: .single, kind: knownKind(prefix) ?? .statefulSet, ownerLength: prefixLength)
        }
        guard last.utf8.count == 5, isGenerated(last) else { return nil }

        if parts.count >= 3, let middle = parts.dropLast().last, !middle.isEmpty {
            let ownerOfOwner = parts.dropLast(2).joined(separator: "-")
            if !ownerOfOwner.isEmpty {
                let ownerOfOwnerLength = UInt32(ownerOfOwner.utf8.count)
                if middle.utf8.count >= 8, middle.allSatisfy(\.isNumber) {
                    return OwnerShape(
                        pattern: .cronJob, ownerLength: prefixLength, ownerOfOwnerLength: ownerOfOwnerLength)
                }
                if (6...10).contains(middle.utf8.count), isGenerated(middle),
                    knownKind(prefix) == nil || knownKind(prefix) == .replicaSet
                {
                    return OwnerShape(
                        pattern: .replicaSet, ownerLength: prefixLength, ownerOfOwnerLength: ownerOfOwnerLength)
                }
            }
        }
        let kind: WorkloadKind =
            knownKind(prefix) ?? (status == "Completed" || status == "Succeeded" ? .job : .daemonSet)
        return OwnerShape(pattern: .single, kind: kind, ownerLength: prefixLength)
    }

    static func isGenerated(_ text: String) -> Bool {
        text.utf8.allSatisfy { generatedAlphabet.contains($0) }
    }
}

/// A pod's inferred owners as lengths into its name: owners are prefixes of
/// the pod's name (`nginx-deployment-7b44dc87c5-5hrgb` → `nginx-deployment-7b44dc87c5`,
/// `nginx-deployment`), a static pod's node a suffix of it.
struct OwnerShape: Sendable, Hashable {
    enum Pattern: UInt8, Sendable, Hashable {
        /// `etcd-<node>`: the node, the last `ownerLength` bytes.
        case node
        /// One owner of `kind`: the first `ownerLength` bytes.
        case single
        /// ReplicaSet (first `ownerLength` bytes), then Deployment (first `ownerOfOwnerLength`).
        case replicaSet
        /// Job (first `ownerLength` bytes), then CronJob (first `ownerOfOwnerLength`).
        case cronJob
    }

    var pattern: Pattern
    var kind: WorkloadKind = .daemonSet
    var ownerLength: UInt32
    var ownerOfOwnerLength: UInt32 = 0

    /// The owner records, nearest first, cut from `name` (the pod's name);
    /// a node owner is the pod's `nodeName`.
    func owners(ofPod name: String, nodeName: String?) -> [OwnerReference] {
        let utf8 = name.utf8
        func prefix(_ length: UInt32) -> String { String(Substring(utf8.prefix(Int(length)))) }
        switch pattern {
        case .node:
            return [
                OwnerReference(
                    kind: "Node", name: nodeName ?? String(Substring(utf8.suffix(Int(ownerLength)))), inferred: true)
            ]
        case .single:
            return [OwnerReference(kind: kind.rawValue, name: prefix(ownerLength), inferred: true)]
        case .replicaSet:
            return [
                OwnerReference(kind: "ReplicaSet", name: prefix(ownerLength), inferred: true),
                OwnerReference(kind: "Deployment", name: prefix(ownerOfOwnerLength), inferred: true),
            ]
        case .cronJob:
            return [
                OwnerReference(kind: "Job", name: prefix(ownerLength), inferred: true),
                OwnerReference(kind: "CronJob", name: prefix(ownerOfOwnerLength), inferred: true),
            ]
        }
    }

    /// The top owner's name, short of building the records (the app name
    /// a selector value usually echoes); nil for a node.
    func topOwnerLength() -> Int? {
        switch pattern {
        case .node: nil
        case .single: Int(ownerLength)
        case .replicaSet, .cronJob: Int(ownerOfOwnerLength)
        }
    }
}
