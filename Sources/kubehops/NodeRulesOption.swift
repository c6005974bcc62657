import ArgumentParser
import FlowEngine
import Foundation
import ProxyRules

/// `--node-rules NODE=FILE` on explain, print, view and tour: a node's real rules dump, recognised by its
/// content; its unusable lines are reported like any input's, and a file that is no dump at all ends the
/// command (exit 1) before any screen opens.
struct NodeRulesOption: ParsableArguments {
    @Option(
        name: .customLong("node-rules"),
        help: ArgumentHelp(
            "A node's real rules: iptables-save, nft list ruleset / table, or ipvsadm -Ln output (repeatable); "
                + "a flow through that node walks or checks them.", valueName: "NODE=FILE"))
    var values: [String] = []

    /// The dumps by node name.
    func load() throws -> [String: NodeRulesInput] { try Self.load(values) }

    static func load(_ values: [String]) throws -> [String: NodeRulesInput] {
        var result: [String: NodeRulesInput] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex,
                value.index(after: equals) != value.endIndex
            else {
                throw ValidationError("--node-rules takes NODE=FILE (e.g. worker-1=worker-1.iptables), not \(value).")
            }
            let node = String(value[..<equals]), file = String(value[value.index(after: equals)...])
            try InputFiles.requireReadable([file])
            let text = String(decoding: try FileBytes.read(path: file), as: UTF8.self)
            switch NodeRulesDump.read(text, source: file) {
            case .failure(let problem):
                FileHandle.standardError.write(Data("kubehops: \(problem.diagnostic.description)\n".utf8))
                throw ExitCode(1)
            case .success(let dump):
                for diagnostic in dump.diagnostics {
                    FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
                }
                result[node] = NodeRulesInput(dump: dump, source: file)
            }
        }
        return result
    }
}
