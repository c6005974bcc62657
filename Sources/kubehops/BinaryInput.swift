import Foundation

/// Binary files (`kubehops parse /bin/ls`) are refused in one line instead of becoming thousands of
/// diagnostics of replacement characters.
///
/// The test is git's: a NUL byte in the first 8000 bytes. UTF-16 text (PowerShell's `>` writes it) also has NULs and is
/// named as such, with the fix.
enum BinaryInput {
    /// Why `bytes` (the start of `name`) is not text kubehops can read, or nil when it may be.
    static func refusal(_ bytes: some Collection<UInt8>, name: String) -> String? {
        let start = Array(bytes.prefix(8000))
        guard start.contains(0) else { return nil }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            return "cannot read '\(name)': it is UTF-16 text; convert it first (iconv -f UTF-16 -t UTF-8)"
        }
        return "cannot read '\(name)': it is a binary file, not kubectl output"
    }

    /// The refusal for the file at `path`, reading only its start (nil when it cannot be opened:
    /// the reader then reports that).
    static func refusal(path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var start = [UInt8](repeating: 0, count: 8000)
        let count = start.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return refusal(start.prefix(count), name: path)
    }
}
