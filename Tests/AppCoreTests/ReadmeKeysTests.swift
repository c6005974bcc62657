@testable import AppCore
import Foundation
import Testing

/// The README's key table and the in-app help must not drift apart.
@Suite struct ReadmeKeys {
    static let readme: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        // fopen/fread, not String(contentsOf:), which leaks under `--sanitize=address`.
        guard let file = fopen(url.appendingPathComponent("README.md").path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return String(decoding: bytes, as: UTF8.self)
    }()

    @Test func readmeDocumentsEveryKeyOfTheHelp() throws {
        let readme = try #require(Self.readme, "README.md not found next to Package.swift")
        let section = try #require(readme.components(separatedBy: "## The live view").dropFirst().first, "no '## The live view' section")
        for key in ["`?`", "`q`", "`Esc`", "`Tab`", "`Shift-Tab`", "`Enter`", "`/`", "`n`", "`z`", "`l`", "`d`", "`f`", "`Space`", "`r`", "`t`", "`L`", "`Ctrl-C`", "`N`", "`:`", "`]`", "`i`", "`s`", "`p`"] {
            #expect(section.contains(key), "README's live view section does not mention \(key)")
        }
        for word in ["replay with another endpoint", "guided tour", "diagnostics", "filter"] {
            #expect(HelpText.lines.joined().contains(word))
            #expect(section.contains(word), "README does not mention \(word)")
        }
    }
}
