import ClusterModel

/// A node's `nft list ruleset` or `nft list table ip kube-proxy`: tables with their sets, maps and
/// chains, each rule kept as nft prints it with its line.
///
/// Pure and total: any text gives a dump.
public struct NftDump: Sendable, Hashable {
    public var tables: [NftListedTable]
    public var diagnostics: [Diagnostic]

    /// kube-proxy's own table of a family (`ip`, `ip6`).
    public func kubeProxyTable(family: String = "ip") -> NftListedTable? {
        tables.first { $0.family == family && $0.name == "kube-proxy" }
    }
}

public struct NftListedTable: Sendable, Hashable {
    /// The table family: `ip`, `ip6`, `inet` and the others nft knows.
    public var family: String
    public var name: String
    /// `# Warning: table ip nat is managed by iptables-nft`: iptables rules shown by nft.
    public var managedByIptablesNft: Bool
    public var sets: [NftListedSet]
    public var chains: [NftListedChain]
    public var line: Int

    public func set(_ name: String) -> NftListedSet? { sets.first { $0.name == name } }
    public func chain(_ name: String) -> NftListedChain? { chains.first { $0.name == name } }
}

public struct NftListedSet: Sendable, Hashable {
    /// `set` or `map`.
    public var kind: String
    public var name: String
    public var type: String?
    /// Each element as printed (`172.30.0.41 . tcp . 80 : goto service-…`).
    public var elements: [String]
    public var line: Int
}

public struct NftListedChain: Sendable, Hashable {
    public var name: String
    /// `type nat hook prerouting priority dstnat; policy accept;` for a base chain.
    public var hook: String?
    public var rules: [NftListedRule]
    public var line: Int
}

public struct NftListedRule: Sendable, Hashable {
    public var text: String
    public var line: Int
}

public enum NftListParser {
    /// True when `text` looks like `nft list` output (`#` lines, as nft's warnings and kubehops' own notes,
    /// are passed over).
    public static func recognises(_ text: Substring) -> Bool {
        text.split(separator: "\n").lazy.filter { !$0.hasPrefix("#") }.prefix(10).contains { line in
            let words = line.split(separator: " ")
            return words.count == 4 && words[0] == "table" && words[3] == "{"
        }
    }

    public static func parse(_ text: String, source: String = "-") -> NftDump {
        var parser = State(source: source)
        _ = DumpLines.each(of: text) { line, number in parser.read(line.blanksTrimmed, line: number) }
        parser.finish()
        return NftDump(tables: parser.tables, diagnostics: parser.diagnostics)
    }

    struct State {
        let source: String
        var tables: [NftListedTable] = []
        var diagnostics: [Diagnostic] = []
        enum Place { case top, table, set, chain }
        var place = Place.top
        var managedNext = false
        /// Inside `elements = { …` that goes on over several lines.
        var openElements: String?

        init(source: String) { self.source = source }

        mutating func warn(_ line: Int, _ text: Substring, _ message: String) {
            diagnostics.append(
                Diagnostic(
                    severity: .warning, source: source, line: line, excerpt: DumpExcerpt.of(text),
                    message: DumpExcerpt.of(Substring(message)))
            )
        }

        mutating func read(_ text: Substring, line: Int) {
            if text.isEmpty { return }
            if openElements != nil {
                // Appended in place: a map of 10,000 services spans 10,000 lines.
                openElements?.append(" ")
                openElements?.append(contentsOf: text)
                if text.hasASCIISuffix(UInt8(ascii: "}")), let joined = openElements {
                    openElements = nil
                    addElements(joined)
                }
                return
            }
            if text.hasASCIIPrefix("#") {
                if text.contains("managed by iptables-nft") { managedNext = true }
                return
            }
            switch place {
            case .top: openTable(text, line: line)
            case .table: readTableLine(text, line: line)
            case .set: readSetLine(text)
            case .chain: readChainLine(text, line: line)
            }
        }

        /// `table FAMILY NAME {`.
        mutating func openTable(_ text: Substring, line: Int) {
            let words = text.utf8.split(separator: UInt8(ascii: " ")).map(Substring.init)
            guard words.count == 4, words[0] == "table", words[3] == "{" else {
                warn(line, text, "expected `table FAMILY NAME {` (nft list ruleset / nft list table)")
                return
            }
            tables.append(
                NftListedTable(
                    family: String(words[1]), name: String(words[2]), managedByIptablesNft: managedNext, sets: [],
                    chains: [], line: line))
            managedNext = false
            place = .table
        }

        /// A set, map or chain opened in a table, or the table's `}`.
        mutating func readTableLine(_ text: Substring, line: Int) {
            if text == "}" { place = .top; return }
            let words = text.utf8.split(separator: UInt8(ascii: " ")).map(Substring.init)
            if words.count >= 3, words[0] == "set" || words[0] == "map", words.last == "{" {
                tables[tables.count - 1].sets.append(
                    NftListedSet(kind: String(words[0]), name: unquoted(words[1]), elements: [], line: line))
                place = .set
            } else if words.count >= 3, words[0] == "chain", words.last == "{" {
                let name = unquoted(words[1...].dropLast().joined(separator: " "))
                tables[tables.count - 1].chains.append(NftListedChain(name: name, rules: [], line: line))
                place = .chain
            } else if words.first == "comment" || words.first == "flags" {
                return
            } else {
                warn(line, text, "expected a set, map or chain of table \(tables[tables.count - 1].name)")
            }
        }

        mutating func readSetLine(_ text: Substring) {
            if text == "}" { place = .table; return }
            if text.hasASCIIPrefix("type ") {
                updateSet { $0.type = String(text.dropFirst(5)) }
            } else if text.hasASCIIPrefix("elements = {") {
                if text.hasASCIISuffix(UInt8(ascii: "}")) {
                    addElements(String(text))
                } else {
                    openElements = String(text)
                }
            }
        }

        mutating func readChainLine(_ text: Substring, line: Int) {
            if text == "}" { place = .table; return }
            if text.hasASCIIPrefix("type ") && text.contains(" hook ") {
                updateChain { $0.hook = String(text) }
            } else if text.hasASCIIPrefix("comment \"") || text.hasASCIIPrefix("policy ") {
                return
            } else {
                updateChain { $0.rules.append(NftListedRule(text: String(text), line: line)) }
            }
        }

        mutating func updateSet(_ change: (inout NftListedSet) -> Void) {
            guard !tables.isEmpty, !tables[tables.count - 1].sets.isEmpty else { return }
            let table = tables.count - 1
            change(&tables[table].sets[tables[table].sets.count - 1])
        }

        mutating func updateChain(_ change: (inout NftListedChain) -> Void) {
            guard !tables.isEmpty, !tables[tables.count - 1].chains.isEmpty else { return }
            let table = tables.count - 1
            change(&tables[table].chains[tables[table].chains.count - 1])
        }

        /// `elements = { a, b }` into its elements (commas inside quotes stay).
        mutating func addElements(_ text: String) {
            var text = text
            // An ASCII text on its bytes, anything else by Characters (where a mark can join a comma).
            let ascii = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? Self.asciiElements(bytes) : nil }
            guard let elements = ascii ?? Self.elements(text) else { return }
            updateSet { $0.elements += elements }
        }

        static func elements(_ text: String) -> [String]? {
            guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else {
                return nil
            }
            let body = text[text.index(after: open)..<close]
            var elements: [String] = []
            var current = ""
            var quoted = false
            for character in body {
                if character == "\"" { quoted.toggle() }
                if character == ",", !quoted {
                    elements.append(String(current.trimmingBlanks))
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if !current.trimmingBlanks.isEmpty { elements.append(String(current.trimmingBlanks)) }
            return elements
        }

        /// ``elements(_:)`` of an all-ASCII text, cut from its bytes.
        static func asciiElements(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
            guard let open = bytes.firstIndex(of: UInt8(ascii: "{")),
                let close = bytes.lastIndex(of: UInt8(ascii: "}")),
                open < close
            else { return nil }
            var elements: [String] = []
            func element(_ start: Int, _ end: Int) -> String {
                var start = start, end = end
                let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
                while start < end, blank(bytes[start]) { start += 1 }
                while end > start, blank(bytes[end - 1]) { end -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            var start = open + 1, quoted = false
            for index in start..<close {
                if bytes[index] == UInt8(ascii: "\"") { quoted.toggle() }
                if bytes[index] == UInt8(ascii: ","), !quoted {
                    elements.append(element(start, index))
                    start = index + 1
                }
            }
            let last = element(start, close)
            if !last.isEmpty { elements.append(last) }
            return elements
        }

        mutating func finish() {
            if place != .top || openElements != nil, let table = tables.last {
                diagnostics.append(
                    Diagnostic(
                        severity: .warning, source: source, line: table.line,
                        excerpt: DumpExcerpt.of(Substring("table \(table.family) \(table.name)")),
                        message:
                            "the table is not closed with }: the dump looks cut off, what follows the cut is missing"))
            }
        }
    }

    static func unquoted(_ text: some StringProtocol) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"")
            ? String(text.dropFirst().dropLast()) : String(text)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: SubSequence {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }
}
