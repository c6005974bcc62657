import ArgumentParser
import FlowEngine
import ProxyRules

/// `--proxy-mode iptables|nftables|ipvs`: which kube-proxy mode's rules the flows show, for every command
/// that plays flows (explain, print, view, tour).
///
/// Without it the input decides (Cilium's kube-proxy replacement is recognised), else iptables, said as assumed.
struct ProxyModeOption: ParsableArguments {
    @Option(
        name: .customLong("proxy-mode"),
        help: ArgumentHelp(
            "kube-proxy's mode whose rules the flows show: iptables, nftables or ipvs (default: as the input "
                + "shows, else iptables, said as assumed).", valueName: "mode"))
    var text: String?

    /// The chosen mode, nil when the input decides.
    var mode: Dataplane? {
        get throws {
            guard let text else { return nil }
            guard let mode = ProxyModeChoice.mode(named: text) else {
                let modes = ProxyModeChoice.selectable.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--proxy-mode must be one of \(modes), not \(text).")
            }
            return mode
        }
    }

    func validate() throws { _ = try mode }
}
