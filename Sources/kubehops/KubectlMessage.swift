import Foundation

/// What a failing kubectl meant, from its stderr.
///
/// Before its own one-line error ("The connection to the server localhost:8080 was refused - did you specify the right
/// host or port?") kubectl writes client-go's klog lines (`E1205 10:00:00.123456   4321 memcache.go:265] couldn't get
/// current server API group list: …`), which say the same thing at length; kubectl's line is the one to show, whole.
enum KubectlMessage {
    /// The last line that is not a klog line; when every line is one, the last
    /// one's message without its header.
    ///
    /// nil when stderr holds no text.
    static func meaningful(stderr: String) -> String? {
        let lines = stderr.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if let own = lines.last(where: { klogMessage($0) == nil }) { return own }
        return lines.last.flatMap(klogMessage)
    }

    /// The message of a klog line (`Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`), or nil.
    static func klogMessage(_ line: String) -> String? {
        guard let first = line.first, "IWEF".contains(first),
            let close = line.firstIndex(of: "]")
        else { return nil }
        let header = line[line.index(after: line.startIndex)..<close].split(separator: " ")
        guard header.count == 4, header[0].count == 4, header[0].allSatisfy(\.isNumber),
            header[1].contains(":"), header[2].allSatisfy(\.isNumber), header[3].contains(":")
        else { return nil }
        return line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
    }
}
