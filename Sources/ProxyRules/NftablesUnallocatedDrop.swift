/// The second rule of `cluster-ips-check`: traffic to an address of the cluster's ServiceCIDRs that no service
/// holds is dropped.
///
/// kube-proxy's nftables proxier (pkg/proxy/nftables/proxier.go, setupNFTables) writes
/// `ip daddr { <ServiceCIDRs> } drop comment "Drop traffic to unallocated ClusterIPs"` after the reject of unknown
/// ports of live ClusterIPs, only when it knows the ServiceCIDRs (`if len(proxier.serviceCIDRs) > 0`). It learns
/// them from the ServiceCIDR objects (OnServiceCIDRsChanged), which it watches when MultiCIDRServiceAllocator is on:
/// by default from 1.33 (GA), so a 1.33+ node has the rule. No kubectl table shows the ServiceCIDRs, so without
/// them (`rules --service-cidr`) the rule is commented out with a placeholder, never a guessed range.
extension KubeProxyNftables {
    /// Stands for the ServiceCIDRs in the commented-out rule (never valid syntax).
    public static let serviceCIDRPlaceholder = "<service CIDRs>"
    static let unallocatedComment = "comment \"Drop traffic to unallocated ClusterIPs\""

    /// True when this node's kube-proxy writes the drop (1.33+, or the version unknown: the newest layout).
    var dropsUnallocatedClusterIPs: Bool {
        node.kubeVersion.map { $0 >= .serviceCIDRsWatched } ?? true
    }

    func writeUnallocatedDrop(_ table: inout NftablesTable) {
        guard dropsUnallocatedClusterIPs else { return }
        let cidrs = Self.asNftMerges(node.serviceCIDRs.compactMap(prefix))
        guard let first = cidrs.first else {
            let text = "\(ipX) daddr { \(Self.serviceCIDRPlaceholder) } drop \(Self.unallocatedComment)"
            table.commentOut(text, in: "cluster-ips-check")
            return
        }
        // nft prints a one-element anonymous set as the bare value.
        let shown = cidrs.count == 1 ? first.nftText : "{ " + cidrs.map(\.nftText).joined(separator: ", ") + " }"
        table.append(
            NftRule(
                conditions: [cidrs.count == 1 ? .daddr(first) : .daddrIn(cidrs)], action: .drop,
                text: "\(ipX) daddr \(shown) drop \(Self.unallocatedComment)"),
            to: "cluster-ips-check")
    }

    /// The prefixes as nft keeps an anonymous interval set: one inside another merged into it, sorted by address.
    static func asNftMerges(_ prefixes: [IPPrefix]) -> [IPPrefix] {
        let kept = prefixes.enumerated().filter { index, prefix in
            !prefixes.enumerated().contains { other, outer in
                other != index && outer.contains(prefix) && (outer != prefix || other < index)
            }
        }
        return kept.map(\.element).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }
}
