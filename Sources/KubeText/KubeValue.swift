import Foundation
import TerminalText

/// A JSON or YAML value as one tree, so that one decoder maps both
/// `kubectl get -o json` and `-o yaml` to records.
///
/// Scalars stay close to the input; the accessors are lenient (a port may be `80` or `"80"`).
enum KubeValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([KubeValue])
    case map([String: KubeValue])

    subscript(key: String) -> KubeValue {
        if case .map(let map) = self { return map[key] ?? .null }
        return .null
    }

    var isNull: Bool { self == .null }

    /// Text of a scalar, sanitised so that no JSON `\u001b` reaches a terminal.
    var string: String? {
        switch self {
        case .string(let text): InputCleaner.clean(text)
        case .number(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    var int: Int? {
        switch self {
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? Int(number) : nil
        case .string(let text): CellValues.integer(Substring(text))
        default: nil
        }
    }

    var bool: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text): text == "true" ? true : text == "false" ? false : nil
        default: nil
        }
    }

    var list: [KubeValue] {
        if case .list(let items) = self { return items }
        return []
    }

    var map: [String: KubeValue]? {
        if case .map(let map) = self { return map }
        return nil
    }

    /// A `map[string]string` (labels, selectors); nil when absent.
    var stringMap: [String: String]? {
        guard let map else { return nil }
        var result: [String: String] = [:]
        for (key, value) in map { if let text = value.string { result[InputCleaner.clean(key)] = text } }
        return result
    }
}

extension KubeValue: Decodable {
    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [KubeValue] = []
            while !array.isAtEnd { items.append(try array.decode(KubeValue.self)) }
            self = .list(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var map: [String: KubeValue] = [:]
            // Keys in a fixed order: the decoder reads values lazily, so in a broken document the key read
            // first decides which error is reported, and `allKeys` comes in hash order, which changes from
            // one run to the next. Sorted, the same input gives the same diagnostic every time.
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                map[key.stringValue] = try object.decode(KubeValue.self, forKey: key)
            }
            self = .map(map)
            return
        }
        let scalar = try decoder.singleValueContainer()
        if scalar.decodeNil() {
            self = .null
        } else if let flag = try? scalar.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? scalar.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try scalar.decode(String.self))
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}

/// A document too large or too deep to decode safely.
struct DocumentLimit: Error {}
