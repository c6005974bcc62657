import CellCanvas
import ClusterModel

/// A picture of the input so far, built off the main thread.
public struct InputSnapshot: Sendable {
    public var cluster: Cluster
    /// Seconds since the epoch when it was taken.
    public var time: Double
    public init(cluster: Cluster, time: Double) { self.cluster = cluster; self.time = time }
}

/// Everything that can happen to the app.
///
/// Time comes in as a value, so tests never sleep.
public enum Msg: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Animation clock, seconds (any monotonic origin).
    case tick(time: Double)
    /// More of a file or stdin was parsed.
    case inputArrived(InputSnapshot)
    /// The stream ended: the last picture stays.
    case inputEnded
    /// Reading failed (file missing, unreadable): shown, the last picture stays.
    case inputFailed(String)
    /// One `--kubectl` run: a new picture, or kubectl's error text.
    case pollResult(PollResult)
    /// A layout asked for with `Effect.buildScene` is done (taken only if still the latest).
    case sceneBuilt(BuiltScene)
    /// A file asked for with `Effect.save` was written (the path as the user would type it).
    case saved(path: String)
    case saveFailed(String)
}

public enum PollResult: Sendable {
    case success(InputSnapshot)
    case failure(message: String, time: Double)
}

/// What the loop must do besides redrawing.
public enum Effect: Sendable, Equatable {
    /// Restore the terminal and exit with this status.
    case quit(status: Int32)
    /// Lay out this request off the main thread and send back `Msg.sceneBuilt`.
    case buildScene(SceneRequest)
    /// Write this text to a new file in the working directory, then send back `Msg.saved` or `Msg.saveFailed`.
    case save(SaveRequest)
}

/// Where the picture comes from, for the status bar.
public enum InputKind: Sendable, Hashable {
    case demo
    case stdin
    case files([String])
    case kubectl(arguments: [String], interval: Double)
}

/// Whether more input may come.
public enum LiveState: Sendable, Hashable {
    case waiting
    case reading
    case ended
    case following
    case polled(lastSuccess: Double?, error: String?)
    case failed(String)
}
