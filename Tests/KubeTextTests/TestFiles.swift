import Foundation

/// Locations of the repository's samples and its vendored corpus (Tests/Data/Corpus), found from
/// this file's path so that tests work from any working directory.
enum TestFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = packageRoot.appendingPathComponent("samples")
    static let corpus = packageRoot.appendingPathComponent("Tests/Data/Corpus")

    static var corpusAvailable: Bool {
        FileManager.default.fileExists(atPath: corpus.appendingPathComponent("EXPECTED.tsv").path)
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    static func sample(_ name: String) throws -> [UInt8] {
        try bytes(samples.appendingPathComponent(name))
    }
}
