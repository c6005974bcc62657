/// The lines of one `kubectl describe` block (from its `Name:` line to the line before the next object) as a
/// tree of `Key: value` entries.
///
/// kubectl prints nested sections by indentation (2 spaces a level, tabwriter aligning values), multi-line values
/// (labels, annotations, taints) as lines aligned under the first value, small tables (`Type  Status`) under a section,
/// and EndpointSlice endpoints as `- Addresses:` list items.
struct DescribeTree: Sendable {
    struct Entry: Sendable {
        var key: String
        /// The text after `Key:` on its line (trimmed; empty for a section).
        var value: String
        var line: Int
        var indent: Int
        /// Display column where the value starts: lines indented this far or more continue the value.
        var valueColumn: Int
        /// Further lines of a multi-line value (`Labels:` one label a line).
        var continuation: [String] = []
        /// Positions of nested entries in `DescribeTree.entries`.
        var children: [Int] = []
        /// Lines under this entry that are not `Key: value` (table rows), with their line numbers.
        var rows: [(line: Int, text: String)] = []

        /// The value and its continuation lines.
        var values: [String] { value.isEmpty ? continuation : [value] + continuation }
    }

    /// One input line of the block: its number, its display indentation (relative to the block) and its text.
    struct Line: Sendable {
        var number: Int
        var indent: Int
        var text: String
    }

    private(set) var entries: [Entry] = []
    /// Top-level entries, in order.
    private(set) var top: [Int] = []
    /// Lines at the top level that are neither entries nor continuations.
    private(set) var strays: [(line: Int, text: String)] = []

    init(lines: [Line]) {
        var stack: [Int] = []
        var last: Int?
        for line in lines where !line.text.isEmpty {
            if let last, !entries[last].value.isEmpty, line.indent >= entries[last].valueColumn,
                line.indent > entries[last].indent
            {
                entries[last].continuation.append(line.text)
                continue
            }
            while let top = stack.last, entries[top].indent >= line.indent { stack.removeLast() }
            var text = Substring(line.text)
            var indent = line.indent
            if text.hasPrefix("- ") {
                // A list item: an entry of its own holding the item's fields.
                add(Entry(key: "-", value: "", line: line.number, indent: indent, valueColumn: Int.max), &stack)
                text = text.dropFirst(2)
                indent += 2
                while text.first == " " { text = text.dropFirst(); indent += 1 }
            }
            if let (key, value, offset) = Self.keyValue(text) {
                let entry = Entry(
                    key: key, value: value, line: line.number, indent: indent, valueColumn: indent + offset)
                last = add(entry, &stack)
            } else if let parent = stack.last {
                entries[parent].rows.append((line.number, String(text)))
                last = nil
            } else {
                strays.append((line.number, String(text)))
                last = nil
            }
        }
    }

    @discardableResult
    private mutating func add(_ entry: Entry, _ stack: inout [Int]) -> Int {
        let position = entries.count
        entries.append(entry)
        if let parent = stack.last { entries[parent].children.append(position) } else { top.append(position) }
        stack.append(position)
        return position
    }

    /// `Session Affinity:  None` → ("Session Affinity", "None", offset of `None`).
    ///
    /// A key is a short phrase of letters, digits and `-_./()` with single spaces, no `=` or `,`, followed by `:` and a
    /// blank or the end (so `10:00:00`, `app=web` and table rows are not keys).
    static func keyValue(_ text: Substring) -> (String, String, Int)? {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else { return nil }
        let key = text[..<colon]
        guard key.utf8.count <= 64, key.first?.isLetter == true, key.last != " ", !key.contains("  ") else {
            return nil
        }
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || " -_./()".contains($0) }) else { return nil }
        let after = text.index(after: colon)
        guard after == text.endIndex || text[after] == " " || text[after] == "\t" else { return nil }
        var valueStart = after
        while valueStart < text.endIndex, text[valueStart] == " " || text[valueStart] == "\t" {
            valueStart = text.index(after: valueStart)
        }
        let offset = text.distance(from: text.startIndex, to: valueStart)
        return (String(key), String(text[valueStart...]), offset)
    }

    // MARK: Reading

    func entry(_ position: Int) -> Entry { entries[position] }

    /// The first top-level entry named `key`.
    func first(_ key: String) -> Entry? { top.lazy.map { entries[$0] }.first { $0.key == key } }

    /// The first child of `entry` named `key`.
    func child(_ entry: Entry, _ key: String) -> Entry? {
        entry.children.lazy.map { entries[$0] }.first { $0.key == key }
    }

    func children(_ entry: Entry) -> [Entry] { entry.children.map { entries[$0] } }

    var topEntries: [Entry] { top.map { entries[$0] } }
}
