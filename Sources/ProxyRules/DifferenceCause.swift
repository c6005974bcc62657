/// The likely cause of each kind of difference between a node's rules and the prediction, in one
/// place so that the iptables, nftables and IPVS comparisons say the same thing the same way.
///
/// kube-proxy rewrites its rules from the API server's Services and EndpointSlices, so a difference means the node, the
/// API server and the kubectl output were not seen at the same moment, or kube-proxy was started differently from what
/// the prediction assumed.
public enum DifferenceCause {
    public static func staleEndpoint(_ node: String) -> String {
        "Stale: the pod is gone or no longer ready and kube-proxy on \(node) has not synced since, or the kubectl "
            + "output is newer than the dump."
    }

    public static func missingEndpoint(_ node: String) -> String {
        "kube-proxy on \(node) has not written it: not synced since the endpoint became ready, or the dump is "
            + "older than the kubectl output (or the endpoint is not serving in kube-proxy's view)."
    }

    public static func missingService(_ node: String) -> String {
        "kube-proxy on \(node) has not synced since the service was created (is it running? see its pod's logs), "
            + "or the dump is older than the kubectl output."
    }

    public static func serviceNotInInput(_ node: String) -> String {
        "The service is not in the kubectl input: deleted, with kube-proxy on \(node) not synced since (stale "
            + "rules), or left out of the input (-n, --filter, a dump of part of the cluster)."
    }

    public static func serviceSettings(_ node: String) -> String {
        "The service's settings differ from the kubectl picture (type, nodePort, externalTrafficPolicy, "
            + "internalTrafficPolicy, session affinity, source ranges: a table hides some; `kubectl get svc -o "
            + "yaml` tells), or kube-proxy on \(node) has not synced a change."
    }

    public static let olderLayout =
        "kube-proxy before 1.24 wrote KUBE-XLB chains: the node's kube-proxy is older than assumed (pass "
        + "--kube-version)."

    public static func nodeWide(_ node: String) -> String {
        "kube-proxy on \(node) runs with flags or a version other than assumed (--masquerade-all, "
            + "--nodeport-addresses, --iptables-localhost-nodeports, --detect-local-mode, --kube-version), or "
            + "another tool changed kube-proxy's chains."
    }

    public static let hiddenPortNames =
        "The input hides this multi-port service's port names, which kube-proxy hashes into its chain names, so "
        + "it is compared by endpoints only (`kubectl get svc -o yaml` names the ports)."

    public static func noNftablesTable(_ table: String, node: String) -> String {
        "The dump has no `table \(table)`: kube-proxy on \(node) is not in nftables mode for this family "
            + "(an iptables-mode node shows its rules as `table ip nat` \"managed by iptables-nft\": compare "
            + "`iptables-save` with --proxy-mode iptables), or the dump is of another table "
            + "(`nft list table \(table)`)."
    }

    /// A real server of weight 0: pkg/proxy/ipvs/graceful_termination.go `GracefulDeleteRS`.
    public static func gracefulTermination(_ node: String) -> String {
        "Weight 0: kube-proxy on \(node) took this endpoint out (pod gone, terminating or not ready) and keeps "
            + "the real server, sent no new connections, until its connections end (ActiveConn + InActConn 0; "
            + "UDP and SCTP ones are deleted at once). kube-proxy tries again every minute."
    }

    public static func realServerSetting(_ node: String) -> String {
        "kube-proxy writes every real server as Masq (NAT) with weight 1; another tool or a hand-run "
            + "`ipvsadm -e` changed it, or another IPVS load balancer on \(node) (kube-router, keepalived) made it."
    }

    public static func nodePortVirtualServer(_ node: String) -> String {
        "kube-proxy on \(node) makes NodePort virtual servers on the addresses --nodeport-addresses allows "
            + "(nodePortAddresses in its configuration; default: every local address but kube-ipvs0's): it runs with "
            + "another value, the node's address is not the input's, or the service's nodePort differs "
            + "(`kubectl get svc -o yaml`)."
    }

    public static func unknownVirtualServer(_ node: String) -> String {
        "No service in the kubectl input has this address: a service deleted, with kube-proxy on \(node) not "
            + "synced since (stale), one left out of the input (-n, --filter, part of the cluster), or a virtual "
            + "server of another tool (kube-router, keepalived, a hand-run `ipvsadm -A`)."
    }

    public static func scheduler(_ node: String, everywhere: Bool) -> String {
        (everywhere
            ? "kube-proxy on \(node) runs with another --ipvs-scheduler (ipvs.scheduler in its configuration; "
            : "Another tool or a hand-run `ipvsadm -E` changed this virtual server, or kube-proxy on \(node) runs "
                + "with another --ipvs-scheduler (ipvs.scheduler in its configuration; ")
            + "the prediction assumes the default rr). The scheduler decides which real server a new connection "
            + "gets, not which ones exist."
    }

    public static func otherMode(_ mode: String, node: String, predicted: String) -> String {
        switch mode {
        case "ipvs":
            "The dump holds the iptables rules of kube-proxy's IPVS mode (ipsets, KUBE-IPVS-FILTER): \(node)'s "
                + "kube-proxy runs in IPVS mode, not \(predicted). Compare with --proxy-mode ipvs."
        case "nftables":
            "The dump is kube-proxy's nftables table: \(node)'s kube-proxy runs in nftables mode, not "
                + "\(predicted). Compare with --proxy-mode nftables."
        case "iptables":
            "The dump holds kube-proxy's iptables chains (KUBE-SERVICES, KUBE-SVC-…): \(node)'s kube-proxy runs in "
                + "iptables mode, not \(predicted). Compare with --proxy-mode iptables and `iptables-save`."
        default:
            "The dump has no KUBE-SERVICES chain: kube-proxy on \(node) writes no iptables rules. It runs in "
                + "nftables mode (paste `nft list table ip kube-proxy`), or a kube-proxy replacement (Cilium, "
                + "Calico eBPF) translates services, or kube-proxy is not running."
        }
    }
}
