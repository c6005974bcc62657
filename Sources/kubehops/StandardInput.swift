import Foundation

/// Standard input read whole, for the one-shot commands (explain, print).
enum StandardInput {
    /// All of standard input, or nil when it is closed or unreadable (callers fall back to the demo):
    /// plain read(2), because Foundation's FileHandle traps on a closed descriptor.
    static func readAll() -> [UInt8]? {
        guard isOpen else { return nil }
        do {
            return try FileBytes.read(descriptor: STDIN_FILENO, name: "standard input")
        } catch {
            return error.partial.isEmpty ? nil : error.partial
        }
    }

    /// False when the caller closed standard input (`<&-`).
    ///
    /// Descriptor 0 may then be reused by the runtime for something that is not input (an eventfd, an epoll), so its
    /// type is checked, not only that it is open.
    static var isOpen: Bool {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFREG || type == S_IFCHR || type == S_IFSOCK
    }
}
