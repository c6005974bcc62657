import Foundation

/// Whether this machine could show its own cluster: kubectl on PATH and a
/// kubeconfig (`$KUBECONFIG`'s files, else `~/.kube/config`).
///
/// The demo then says how (`--kubectl`); nothing is run and no cluster is contacted.
public enum KubectlPresence {
    public static func canShowOwnCluster(
        environment: [String: String],
        exists: (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) }
    ) -> Bool {
        let path = environment["PATH"] ?? ""
        let hasKubectl = path.split(separator: ":").contains { exists("\($0)/kubectl") }
        guard hasKubectl else { return false }
        if let configs = environment["KUBECONFIG"], !configs.isEmpty {
            return configs.split(separator: ":").contains { exists(String($0)) }
        }
        guard let home = environment["HOME"], !home.isEmpty else { return false }
        return exists(home + "/.kube/config")
    }

    /// What the demo screen says when `canShowOwnCluster`.
    public static let hint = "The built-in demo. To see your own cluster: kubehops --kubectl"
}
