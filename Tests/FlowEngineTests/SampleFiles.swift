import ModelBuilders
import Foundation

/// Reads files of the repository (samples/ and the vendored Tests/Data/Corpus) relative
/// to this source file, so tests run from any working directory.
enum SampleFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sample(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("samples").appendingPathComponent(name), encoding: .utf8)
    }

    /// The vendored corpus of real kubectl output (Tests/Data/Corpus, see its README and SOURCES).
    static var corpusDirectory: URL { packageRoot.appendingPathComponent("Tests/Data/Corpus") }
}
