import ArgumentParser
import FlowEngine

/// A `--flow KIND[:TARGET]` argument (`nodeport`, `clusterip:demo/web-1`, `pod:a,b`, `gateway:shop.example.com`),
/// read the same way by `explain`, `print` and `export`: the kind case-insensitive, an empty target none.
struct FlowSpec {
    var kind: FlowKind
    var target: String?

    init(_ text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts.first.map { String($0).lowercased() } ?? ""
        guard let kind = FlowKind(rawValue: name) else {
            throw ValidationError(
                "Unknown flow kind '\(name)': use one of \(FlowKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self.kind = kind
        let rest = parts.dropFirst().first.map(String.init)
        target = rest.flatMap { $0.isEmpty ? nil : $0 }
    }
}
