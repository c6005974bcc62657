import Foundation

/// Whole files and standard input, read with plain read(2).
///
/// Foundation's readers are avoided on purpose: `Data(contentsOf:)` and `FileManager.contents(atPath:)` leak inside
/// corelibs-foundation (so the binary fails under LeakSanitizer), and `FileHandle` traps on a closed descriptor.
enum FileBytes {
    /// A file that could not be opened or read, with the system's reason.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var name: String
        var code: Int32
        /// What was read before the error (empty when opening failed).
        var partial: [UInt8] = []
        /// Set when the file was read but is not text (see BinaryInput); replaces the system's reason.
        var refusal: String?
        var description: String { refusal ?? "cannot read \(name): \(String(cString: strerror(code)))" }
    }

    static func read(path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(name: path, code: errno) }
        defer { close(descriptor) }
        let bytes = try read(descriptor: descriptor, name: path)
        if let refusal = BinaryInput.refusal(bytes, name: path) { throw Failure(name: path, code: 0, refusal: refusal) }
        return bytes
    }

    /// Reads until end of file; retries reads interrupted by a signal.
    static func read(descriptor: Int32, name: String) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk.prefix(count))
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                throw Failure(name: name, code: errno, partial: bytes)
            }
        }
    }
}
