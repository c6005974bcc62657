/// YAML documents → `KubeValue` trees, through Yams.
///
/// Kept apart (and conditional) so that the parser also builds without Yams, as the fuzzing script does: such a build
/// reports YAML documents instead of reading them.
struct YAMLFailure: Error {
    var message: String
    /// True when the document expanded past the node budget (alias bombs).
    var tooLarge = false
}

#if canImport(Yams)
import TerminalText
import Yams

enum YAMLDocuments {
    static func decode(_ text: String) throws(YAMLFailure) -> [KubeValue] {
        var values: [KubeValue] = []
        var budget = 2_000_000
        do {
            // The sequence stops at a syntax error and keeps it in `error`.
            var documents = try Yams.compose_all(yaml: text)
            while let node = documents.next() {
                values.append(try KubeValue(yaml: node, budget: &budget))
            }
            if let error = documents.error { throw error }
        } catch is DocumentLimit {
            throw YAMLFailure(message: "aliases expand past the limit", tooLarge: true)
        } catch {
            let text = InputCleaner.clean(String(describing: error))
            throw YAMLFailure(message: text.split(separator: "\n").first.map(String.init) ?? text)
        }
        return values
    }
}

extension KubeValue {
    /// Converts a Yams node.
    ///
    /// `budget` counts nodes visited, so that an alias bomb (anchors referencing anchors) stops instead of exhausting
    /// memory.
    init(yaml node: Yams.Node, budget: inout Int) throws(DocumentLimit) {
        budget -= 1
        guard budget > 0 else { throw DocumentLimit() }
        switch node {
        case .scalar(let scalar):
            self = Self.scalar(scalar)
        case .sequence(let sequence):
            var items: [KubeValue] = []
            for item in sequence { items.append(try KubeValue(yaml: item, budget: &budget)) }
            self = .list(items)
        case .mapping(let mapping):
            var map: [String: KubeValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else { continue }
                map[keyScalar.string] = try KubeValue(yaml: value, budget: &budget)
            }
            self = .map(map)
        case .alias:
            self = .null
        }
    }

    private static func scalar(_ scalar: Yams.Node.Scalar) -> KubeValue {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default:
            if let number = Int(text) { return .number(Double(number)) }
            return .string(text)
        }
    }
}

#else

enum YAMLDocuments {
    static func decode(_ text: String) throws(YAMLFailure) -> [KubeValue] {
        throw YAMLFailure(message: "this build of kubehops cannot read YAML")
    }
}
#endif
