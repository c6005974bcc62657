import Foundation

/// Standard input read whole, for the one-shot commands (explain, print).
enum StandardInput {
    /// All of standard input, or nil when it is closed or unreadable (callers fall back to the demo):
    /// plain read(2), because Foundation's FileHandle traps on a closed descriptor.
    static func readAll() -> [UInt8]? {
        guard isOpen else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk.prefix(count))
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                return bytes.isEmpty ? nil : bytes
            }
        }
    }

    /// False when the caller closed standard input (`<&-`). Descriptor 0 may
    /// then be reused by the runtime for something that is not input (an
    /// eventfd, an epoll), so its type is checked, not only that it is open.
    static var isOpen: Bool {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFREG || type == S_IFCHR || type == S_IFSOCK
    }
}
