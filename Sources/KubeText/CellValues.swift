import ClusterModel

/// Readers for the small values kubectl prints in cells.
///
/// They work on the line's bytes (a row is read once and most cells are short ASCII) and return nil for anything that
/// is not the expected shape, so the caller can say what was expected.
enum CellValues {
    static func text(_ line: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: line[range], as: UTF8.self)
    }

    static func equals(_ line: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { buffer in
            var index = 0
            for byte in line[range] {
                guard index < buffer.count, buffer[index] == byte else { return false }
                index += 1
            }
            return true
        }
    }

    /// `<none>`, `<unknown>`, `<pending>`, `<invalid>`, `<nil>`: kubectl's "no value".
    static func isPlaceholder(_ line: [UInt8], _ range: Range<Int>) -> Bool {
        guard range.count >= 3, line[range.lowerBound] == UInt8(ascii: "<"),
            line[range.upperBound - 1] == UInt8(ascii: ">")
        else { return false }
        return true
    }

    /// Digits only, at most 9 of them (no overflow).
    static func integer(_ line: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 9, range.lowerBound >= 0, range.upperBound <= line.count else {
            return nil
        }
        // Every row has a few of these: read through a pointer, within `range`.
        return line.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var value = 0
            for index in range {
                let digit = base[index] &- 0x30
                guard digit <= 9 else { return nil }
                value = value &* 10 &+ Int(digit)
            }
            return value
        }
    }

    static func integer(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int(text)
    }

    /// `1/1`, `0/3`.
    static func ready(_ line: [UInt8], _ range: Range<Int>) -> ReadyCount? {
        var slash = range.lowerBound
        while slash < range.upperBound, line[slash] != UInt8(ascii: "/") { slash += 1 }
        guard slash < range.upperBound,
            let ready = integer(line, range.lowerBound..<slash),
            let total = integer(line, (slash + 1)..<range.upperBound)
        else { return nil }
        return ReadyCount(ready: ready, total: total)
    }

    /// `0`, `7`, `2 (5m ago)`.
    static func restarts(_ line: [UInt8], _ range: Range<Int>) -> RestartCount? {
        var space = range.lowerBound
        while space < range.upperBound, line[space] != UInt8(ascii: " ") { space += 1 }
        guard let count = integer(line, range.lowerBound..<space) else { return nil }
        guard space < range.upperBound else { return RestartCount(count: count) }
        // ` (5m ago)`
        let rest = (space + 1)..<range.upperBound
        guard rest.count > 6, line[rest.lowerBound] == UInt8(ascii: "("),
            line[rest.upperBound - 1] == UInt8(ascii: ")")
        else { return nil }
        let inner = (rest.lowerBound + 1)..<(rest.upperBound - 1)
        guard inner.count > 4, equals(line, (inner.upperBound - 4)..<inner.upperBound, " ago"),
            let ago = age(line, inner.lowerBound..<(inner.upperBound - 4))
        else { return nil }
        return RestartCount(count: count, lastRestartAgo: ago)
    }

    /// kubectl's human durations: `92s`, `11m`, `3d4h`, `2y110d`, `4h36m`.
    static func age(_ line: [UInt8], _ range: Range<Int>) -> Age? {
        seconds(line, range).map { Age(text: text(line, range), seconds: $0) }
    }

    /// The seconds of a duration like `3d4h`, or nil.
    static func seconds(_ line: [UInt8], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 24, range.lowerBound >= 0, range.upperBound <= line.count else {
            return nil
        }
        // Every row has one: read through a pointer, within `range`.
        return line.withUnsafeBufferPointer { buffer in buffer.baseAddress.flatMap { seconds($0, range) } }
    }

    private static func seconds(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        var seconds = 0
        var number = 0
        var digits = 0
        for index in range {
            let byte = base[index]
            if byte >= 0x30 && byte <= 0x39 {
                guard digits < 9 else { return nil }
                number = number * 10 + Int(byte - 0x30)
                digits += 1
                continue
            }
            let unit: Int
            switch byte {
            case UInt8(ascii: "s"): unit = 1
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "h"): unit = 3_600
            case UInt8(ascii: "d"): unit = 86_400
            case UInt8(ascii: "y"): unit = 31_536_000
            default: return nil
            }
            guard digits > 0 else { return nil }
            seconds += number * unit
            number = 0
            digits = 0
        }
        guard digits == 0 else { return nil }
        return seconds
    }

    static func age(_ text: String) -> Age? {
        let bytes = Array(text.utf8)
        return age(bytes, 0..<bytes.count)
    }

    /// Splits `a,b,c` into trimmed, non-empty parts.
    static func commaList(_ text: String) -> [Substring] {
        text.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
    }

    /// `80:30007/TCP,443:30443/TCP`, `53/UDP`, `8080/TCP`.
    ///
    /// Returns the ports read and the items that were not ports (kubectl's truncation `53/UDP...`, redactions), which
    /// the caller reports.
    static func servicePorts(_ text: String) -> (ports: [ServicePort], rejected: [String]) {
        var ports: [ServicePort] = []
        var rejected: [String] = []
        for item in commaList(text) {
            var protocolName = "TCP"
            var numbers = item
            if let slash = item.firstIndex(of: "/") {
                protocolName = String(item[item.index(after: slash)...])
                numbers = item[..<slash]
            }
            guard ["TCP", "UDP", "SCTP"].contains(protocolName) else { rejected.append(String(item)); continue }
            let parts = numbers.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let port = integer(parts[0]), port <= 65_535 else {
                rejected.append(String(item)); continue
            }
            var nodePort: Int?
            if parts.count == 2 {
                guard let value = integer(parts[1]), value <= 65_535 else { rejected.append(String(item)); continue }
                nodePort = value
            }
            ports.append(ServicePort(port: port, nodePort: nodePort, protocol: protocolName))
        }
        return (ports, rejected)
    }

    /// `80`, `80, 443`.
    static func portNumbers(_ text: String) -> (ports: [Int], rejected: [String]) {
        var ports: [Int] = []
        var rejected: [String] = []
        for item in commaList(text) {
            if let port = integer(item), port <= 65_535 { ports.append(port) } else { rejected.append(String(item)) }
        }
        return (ports, rejected)
    }

    /// `10.0.0.1,fd00::1`: addresses, and the items that were not addresses.
    static func addresses(_ text: String) -> (ips: [IPAddress], rejected: [String]) {
        var ips: [IPAddress] = []
        var rejected: [String] = []
        for item in commaList(text) {
            if let ip = IPAddress(item) { ips.append(ip) } else { rejected.append(String(item)) }
        }
        return (ips, rejected)
    }

    /// `app=nginx,tier=web` → labels; nil when an item is not `key=value`.
    static func labels(_ text: String) -> [String: String]? {
        var labels: [String: String] = [:]
        for item in commaList(text) {
            guard let equals = item.firstIndex(of: "=") else { return nil }
            labels[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return labels
    }

    /// A label selector as kubectl prints it: `k=v,k2=v2`; set-based parts
    /// (`k in (a,b)`, `!k`) cannot be kept as equality pairs and make it nil.
    static func selector(_ text: String) -> [String: String]? {
        guard !text.contains("("), !text.contains("!") else { return nil }
        return labels(text)
    }

    /// `10.1.0.20:53,10.1.0.21:53 + 3 more...` or `<none>`.
    static func endpoints(_ text: String) -> (addresses: [EndpointAddress], notShown: Int, rejected: [String]) {
        var list = Substring(text)
        var notShown = 0
        if let plus = text.range(of: " + ") {
            let tail = text[plus.upperBound...]
            if let count = tail.split(separator: " ").first.flatMap({ integer($0) }), tail.hasSuffix("more...") {
                notShown = count
                list = text[..<plus.lowerBound]
            }
        }
        var addresses: [EndpointAddress] = []
        var rejected: [String] = []
        for item in list.split(separator: ",").map({ $0.trimmingBlanks() }) where !item.isEmpty {
            if let address = endpointAddress(item) { addresses.append(address) } else { rejected.append(String(item)) }
        }
        return (addresses, notShown, rejected)
    }

    /// `10.1.0.20:53`, `[fd00::1]:53`, `10.1.0.20` (slices print bare addresses).
    static func endpointAddress(_ item: Substring) -> EndpointAddress? {
        if item.hasPrefix("["), let close = item.firstIndex(of: "]") {
            guard let ip = IPAddress(item[item.index(after: item.startIndex)..<close]) else { return nil }
            let rest = item[item.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            return EndpointAddress(ip: ip, port: rest.isEmpty ? nil : integer(rest.dropFirst()))
        }
        if let ip = IPAddress(item) { return EndpointAddress(ip: ip) }
        guard let colon = item.lastIndex(of: ":"), let ip = IPAddress(item[..<colon]),
            let port = integer(item[item.index(after: colon)...])
        else { return nil }
        return EndpointAddress(ip: ip, port: port)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
