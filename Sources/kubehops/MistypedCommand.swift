import ArgumentParser
import Foundation

/// A first FILE that does not exist but is a near-miss of a subcommand name ("expain") was meant as that
/// subcommand: say so with its usage, instead of "Cannot read expain".
enum MistypedCommand {
    /// The subcommand `word` most likely meant (at most two edits away), if `word` looks like a command name.
    static func suggestion(for word: String) -> ParsableCommand.Type? {
        guard word.count >= 3, word.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        let candidates = Kubehops.configuration.subcommands.map { ($0, editDistance(word, $0._commandName)) }
        guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    /// Fails with "did you mean" and the suggested subcommand's usage when `word` is a near-miss.
    static func check(firstFile word: String) throws {
        guard let command = suggestion(for: word) else { return }
        let usage = Kubehops.usageString(for: command)
        let message = """
            Error: Unknown command '\(word)'. Did you mean '\(command._commandName)'?
            Usage: \(usage)
              See 'kubehops \(command._commandName) --help' for more information.

            """
        FileHandle.standardError.write(Data(message.utf8))
        throw ExitCode.validationFailure
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left), b = Array(right)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
