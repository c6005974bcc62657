import Foundation

/// Text on its way to standard output, written with write(2) in 64 KiB pieces as it is produced.
///
/// A `parse` report of 150,000 pods is 16 MB: built as one String, then joined and printed, its copies were a third of
/// the command's time (page faults of fresh buffers) and 50 MB of its peak memory. Without a descriptor it keeps
/// everything, for callers (and tests) that want the text.
struct OutputBytes {
    private var bytes: [UInt8] = []
    private let descriptor: Int32?
    /// Set once a write fails (a closed pipe with SIGPIPE ignored): the rest is dropped, as stdio does.
    private var failed = false
    private static let pieceSize = 1 << 16

    /// Writes to `descriptor` (standard output unless told otherwise).
    init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
        bytes.reserveCapacity(Self.pieceSize + 4096)
    }

    /// Collects the text instead of writing it (see `text`).
    static func collecting() -> OutputBytes { OutputBytes(collectingOnly: ()) }
    private init(collectingOnly: Void) { descriptor = nil }

    /// Everything appended, when collecting.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ text: String) {
        // Copied as one block: appending the UTF-8 view as a sequence copies it through a slower generic path.
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: text.utf8) }
        writeIfFull()
    }

    /// Bytes already encoded (JSON pieces).
    mutating func append(bytes more: some Collection<UInt8>) {
        bytes.append(contentsOf: more)
        writeIfFull()
    }

    /// Padding, copied from a row of spaces (a repeated element is appended byte by byte).
    mutating func appendSpaces(_ count: Int) {
        var left = count
        while left > 0 {
            let piece = min(left, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<piece])
            left -= piece
        }
    }
    private static let spaces = [UInt8](repeating: 0x20, count: 128)

    private mutating func writeIfFull() {
        if descriptor != nil, bytes.count >= Self.pieceSize { flush() }
    }

    /// Writes what is buffered; retries interrupted and partial writes.
    mutating func flush() {
        guard let descriptor else { return }
        defer { bytes.removeAll(keepingCapacity: true) }
        guard !failed else { return }
        bytes.withUnsafeBytes { all in
            guard let start = all.baseAddress else { return }
            var offset = 0
            while offset < all.count {
                let written = Foundation.write(descriptor, start + offset, all.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    failed = true
                    return
                }
            }
        }
    }
}
