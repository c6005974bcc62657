import ArgumentParser
import ClusterModel
import FlowEngine
import Foundation
import ProxyRules

/// `kubehops rules --node NODE --compare DUMP`: the node's real rules against the prediction, printed
/// like `diff`.
///
/// Exit status as diff(1) and `kubehops diff`: 0 the same, 1 different, 2 trouble (an unreadable input, a file that is
/// no rules dump, a node the input does not have).
struct RulesCompare {
    let command: RulesCommand
    let dumpPath: String

    func run() throws {
        let comparison: RulesComparison
        let mode: Dataplane
        do {
            let given = try loadDump()
            mode = command.proxyMode.map(Self.dataplane) ?? given.dump.dataplane
            let state = try command.proxyState()
            let family: IPPrefix.Family? =
                switch command.ipFamily {
                case .ipv4: .ipv4
                case .ipv6: .ipv6
                case nil: nil
                }
            comparison = NodeRulesComparison.compare(state, given: given, mode: mode, family: family)
        } catch let failure as RulesCompareFailure {
            FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        } catch let failure as ExplainFailure {
            FileHandle.standardError.write(Data("Error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        } catch is ExitCode {
            throw ExitCode(2)
        }
        print(
            NodeRulesComparisonText.render(comparison, node: command.node, source: dumpPath, mode: mode),
            terminator: "")
        if !comparison.isSame { throw ExitCode(1) }
    }

    /// The dump, recognised by its content; its unusable lines are reported and the rest is used.
    func loadDump() throws -> NodeRulesInput {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: dumpPath) } catch {
            throw RulesCompareFailure(message: "\(error.description).")
        }
        switch NodeRulesDump.read(String(decoding: bytes, as: UTF8.self), source: dumpPath) {
        case .failure(let problem):
            throw RulesCompareFailure(message: problem.diagnostic.description)
        case .success(let dump):
            for diagnostic in dump.diagnostics {
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            }
            return NodeRulesInput(dump: dump, source: dumpPath)
        }
    }

    static func dataplane(_ choice: RulesCommand.RulesetMode) -> Dataplane {
        switch choice {
        case .iptables: .iptables
        case .nftables: .nftables
        case .ipvs: .ipvs
        }
    }
}

struct RulesCompareFailure: Error {
    var message: String
}

extension NodeRulesIPVSText.Part: ExpressibleByArgument {}
