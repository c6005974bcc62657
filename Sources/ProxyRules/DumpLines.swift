/// The lines of a dump as its parsers number them: split at each newline byte (a String's Characters would
/// join `\r\n` into one), a trailing `\r` dropped, the text after the last newline a line too.
enum DumpLines {
    /// Calls `body` with each line and its number (from 1); returns the number of lines.
    static func each(of text: String, _ body: (Substring, Int) -> Void) -> Int {
        var text = text
        text.makeContiguousUTF8()
        let utf8 = text.utf8
        var number = 0
        // Found in the bytes, then cut from the text: a view's own split walks index by index.
        func line(_ start: Int, _ end: Int, carriageReturn: Bool) {
            number += 1
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            let upper = utf8.index(utf8.startIndex, offsetBy: carriageReturn ? end - 1 : end)
            body(Substring(utf8[lower..<upper]), number)
        }
        utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            for index in bytes.indices where bytes[index] == 0x0A {
                line(start, index, carriageReturn: index > start && bytes[index - 1] == 0x0D)
                start = index + 1
            }
            line(start, bytes.count, carriageReturn: bytes.count > start && bytes[bytes.count - 1] == 0x0D)
        }
        return number
    }
}
