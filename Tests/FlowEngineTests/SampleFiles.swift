import ModelBuilders
import Foundation

/// Reads files of the repository (samples/) and of the shared corpus relative
/// to this source file, so tests run from any working directory.
enum SampleFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sample(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("samples").appendingPathComponent(name), encoding: .utf8)
    }

    /// `../shared/corpus`, nil when this checkout has no corpus beside it.
    static var corpusDirectory: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
