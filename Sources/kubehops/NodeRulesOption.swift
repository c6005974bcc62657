import ArgumentParser
import FlowEngine
import Foundation
import ProxyRules

/// `--node-rules NODE=FILE`: a node's real rules dump, recognised by its content; its unusable lines are
/// reported like any input's, and a file that is no dump at all ends the command (exit 1).
enum NodeRulesOption {
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
