import ArgumentParser
import ClusterDiff
import ClusterModel
import Foundation
import KubeText

/// `kubehops diff BEFORE AFTER`: what changed between two dumps of one
/// cluster.
///
/// Exit status as diff(1): 0 the same, 1 different, 2 trouble.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two dumps of the same cluster (exit 1 when they differ).",
        discussion: """
            BEFORE and AFTER are kubectl output files (tables, JSON or YAML); one of them may be - for standard input. \
            Lists nodes, pods and services added (+), removed (-) or changed (~), the endpoints each service gained \
            or lost, and the requests whose path changed (!), named as `kubehops explain --flow` takes them. \
            Exit status: 0 no differences, 1 differences, 2 an input could not be read.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The earlier dump (- for standard input).")
    var before: String

    @Argument(help: "The later dump (- for standard input).")
    var after: String

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let diff: ClusterDiff
        do {
            if before == "-" && after == "-" {
                throw DiffFailure("only one of BEFORE and AFTER can be standard input (-).")
            }
            diff = ClusterDiff(before: try Self.load(before), after: try Self.load(after))
        } catch let failure as DiffFailure {
            FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        }
        switch format {
        case .text:
            print(DiffText.render(diff, beforeName: before, afterName: after), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(diff), as: UTF8.self))
        }
        if !diff.isEmpty { throw ExitCode(1) }
    }

    /// One side: parsed, its warnings on stderr (named by file and line), the rest still used.
    static func load(_ path: String) throws(DiffFailure) -> Cluster {
        let parsed: ParseResult
        do { parsed = try InputSource(files: [path]).load() } catch { throw DiffFailure("\(error.message).") }
        StandardError.warn(about: parsed.diagnostics)
        if parsed.resources.isEmpty {
            throw DiffFailure("\(path) holds no nodes, pods, services or endpoints kubehops can read.")
        }
        return Cluster(resources: parsed.resources, diagnostics: parsed.diagnostics)
    }
}

/// An input that cannot be compared: printed as `Error: …`, exit status 2.
struct DiffFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
