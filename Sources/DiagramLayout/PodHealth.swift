import CellCanvas
import ClusterModel

/// A pod's state reduced to what the diagram shows.
///
/// Each class has a symbol as well as a colour, so the picture reads the same without colour and for colour-blind
/// users.
public enum PodHealth: String, Sendable, Hashable, CaseIterable {
    case running, notReady, pending, failing, succeeded, terminating, unknown

    public init(_ pod: Pod) {
        let status = pod.status
        switch status {
        case "Running":
            if let ready = pod.ready, !ready.isAllReady { self = .notReady } else { self = .running }
        case "Completed", "Succeeded": self = .succeeded
        case "Terminating": self = .terminating
        case "Pending", "ContainerCreating", "PodInitializing": self = .pending
        case "Unknown": self = .unknown
        default:
            if status.hasPrefix("Init:") && !status.contains("Error") && !status.contains("BackOff") {
                self = .pending
            } else if status.contains("BackOff") || status.contains("Err") || status.contains("Error")
                || status == "Failed" || status == "Evicted" || status.hasPrefix("OOM") || status.contains("Invalid")
            {
                self = .failing
            } else {
                self = .unknown
            }
        }
    }

    public func symbol(_ glyphs: GlyphSet) -> String {
        switch (self, glyphs) {
        case (.running, .unicode): "●"
        case (.notReady, .unicode): "◐"
        case (.pending, .unicode): "◌"
        case (.failing, .unicode): "✗"
        case (.succeeded, .unicode): "✓"
        case (.terminating, .unicode): "⊘"
        case (.unknown, .unicode): "?"
        case (.running, .ascii): "*"
        case (.notReady, .ascii): "~"
        case (.pending, .ascii): "."
        case (.failing, .ascii): "x"
        case (.succeeded, .ascii): "v"
        case (.terminating, .ascii): "-"
        case (.unknown, .ascii): "?"
        }
    }

    /// Words for the legend.
    public var label: String {
        switch self {
        case .running: "running"
        case .notReady: "not ready"
        case .pending: "pending"
        case .failing: "failing"
        case .succeeded: "completed"
        case .terminating: "terminating"
        case .unknown: "unknown"
        }
    }
}
