import Foundation

/// Whole text files read with read(2): Foundation's `String(contentsOfFile:)`
/// leaks inside corelibs-foundation, which fails the suite under
/// `swift test --sanitize=address` (LeakSanitizer runs at exit).
enum TextFile {
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot read \(path): \(String(cString: strerror(code)))" }
    }

    static func read(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Unreadable(path: path, code: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk.prefix(count))
            } else if count == 0 {
                return String(decoding: bytes, as: UTF8.self)
            } else if errno != EINTR {
                throw Unreadable(path: path, code: errno)
            }
        }
    }
}
