import ClusterModel

/// Readers for list cells (`app=web,tier=db`, `80:30007/TCP,443/TCP`) that
/// work on the line's bytes when the cell is printable ASCII, as nearly every
/// cell is, and give the same answers as the `String` readers in
/// `CellValues`, which they hand anything else to (those read Characters: a
/// comma followed by a combining mark is not a comma there).
///
/// Parsing 10,000 services spent most of its time splitting such cells into Substrings and Characters and in
/// Foundation's `String.contains`.
enum CellBytes {
    static func isPrintableASCII(_ line: [UInt8], _ range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= line.count else { return false }
        for index in range where line[index] &- 0x20 > 0x5E { return false }
        return true
    }

    /// Calls `body` with each comma-separated item, spaces trimmed, empty
    /// items skipped (as `CellValues.commaList`); stops early when `body`
    /// returns false, and returns whether it went through.
    ///
    /// The cell must be printable ASCII (so there are no tabs to trim).
    @inline(__always)
    static func forEachItem(_ line: [UInt8], _ range: Range<Int>, _ body: (Range<Int>) -> Bool) -> Bool {
        var itemStart = range.lowerBound
        while itemStart < range.upperBound {
            var itemEnd = itemStart
            while itemEnd < range.upperBound, line[itemEnd] != comma { itemEnd += 1 }
            var start = itemStart
            var end = itemEnd
            while start < end, line[start] == space { start += 1 }
            while end > start, line[end - 1] == space { end -= 1 }
            if start < end, !body(start..<end) { return false }
            itemStart = itemEnd + 1
        }
        return true
    }

    /// `app=nginx,tier=web` → labels; nil when an item is not `key=value`.
    static func labels(_ line: [UInt8], _ range: Range<Int>) -> [String: String]? {
        guard isPrintableASCII(line, range) else { return CellValues.labels(CellValues.text(line, range)) }
        return asciiLabels(line, range)
    }

    private static func asciiLabels(_ line: [UInt8], _ range: Range<Int>) -> [String: String]? {
        // Room for every item up front: a dictionary grown one pair at a time reallocates.
        var labels = [String: String](minimumCapacity: range.reduce(1) { line[$1] == comma ? $0 + 1 : $0 })
        let complete = forEachItem(line, range) { item in
            guard let equals = item.first(where: { line[$0] == UInt8(ascii: "=") }) else { return false }
            labels[CellValues.text(line, item.lowerBound..<equals)] = CellValues.text(
                line, (equals + 1)..<item.upperBound)
            return true
        }
        return complete ? labels : nil
    }

    /// A label selector: set-based parts (`k in (a,b)`, `!k`) make it nil, as in `CellValues.selector`.
    static func selector(_ line: [UInt8], _ range: Range<Int>) -> [String: String]? {
        guard isPrintableASCII(line, range) else { return CellValues.selector(CellValues.text(line, range)) }
        guard !range.contains(where: { line[$0] == UInt8(ascii: "(") || line[$0] == UInt8(ascii: "!") }) else {
            return nil
        }
        return asciiLabels(line, range)
    }

    /// `80:30007/TCP,443:30443/TCP`, `53/UDP`: as `CellValues.servicePorts`.
    static func servicePorts(_ line: [UInt8], _ range: Range<Int>) -> (ports: [ServicePort], rejected: [String]) {
        guard isPrintableASCII(line, range) else { return CellValues.servicePorts(CellValues.text(line, range)) }
        var ports: [ServicePort] = []
        var rejected: [String] = []
        _ = forEachItem(line, range) { item in
            let slash = item.first { line[$0] == UInt8(ascii: "/") } ?? item.upperBound
            let protocolName: String
            if slash == item.upperBound {
                protocolName = "TCP"
            } else if let known = knownProtocol(line, (slash + 1)..<item.upperBound) {
                protocolName = known
            } else {
                rejected.append(CellValues.text(line, item))
                return true
            }
            // `port` or `port:nodePort`; a second colon makes it neither.
            var colon: Int?
            var colons = 0
            for index in item.lowerBound..<slash where line[index] == UInt8(ascii: ":") {
                colons += 1
                if colon == nil { colon = index }
            }
            guard colons <= 1, let port = CellValues.integer(line, item.lowerBound..<(colon ?? slash)), port <= 65_535
            else {
                rejected.append(CellValues.text(line, item))
                return true
            }
            var nodePort: Int?
            if let colon {
                guard let value = CellValues.integer(line, (colon + 1)..<slash), value <= 65_535 else {
                    rejected.append(CellValues.text(line, item))
                    return true
                }
                nodePort = value
            }
            ports.append(ServicePort(port: port, nodePort: nodePort, protocol: protocolName))
            return true
        }
        return (ports, rejected)
    }

    /// A capitalised word of letters (a service TYPE such as `ClusterIP`).
    static func isCapitalizedWord(_ line: [UInt8], _ range: Range<Int>) -> Bool {
        guard isPrintableASCII(line, range) else {
            let text = CellValues.text(line, range)
            return text.first?.isUppercase == true && text.allSatisfy { $0.isLetter }
        }
        guard let first = range.first, line[first] &- UInt8(ascii: "A") < 26 else { return false }
        return range.allSatisfy { (line[$0] | 0x20) &- UInt8(ascii: "a") < 26 }
    }

    private static let comma = UInt8(ascii: ",")
    private static let space = UInt8(ascii: " ")

    private static func knownProtocol(_ line: [UInt8], _ range: Range<Int>) -> String? {
        if CellValues.equals(line, range, "TCP") { return "TCP" }
        if CellValues.equals(line, range, "UDP") { return "UDP" }
        if CellValues.equals(line, range, "SCTP") { return "SCTP" }
        return nil
    }
}
