import CellCanvas
import TerminalText

/// Escaping for the text formats exports write.
///
/// Input text (names, labels) comes from kubectl output and may hold anything: control characters are dropped first,
/// then each format's special characters are escaped.
enum MarkupText {
    /// Text for XML/HTML content and attribute values.
    static func xml(_ text: String) -> String {
        // Most names need no escape: a byte scan, then the text as is (a 5,000-node export has a million).
        let special = text.utf8.contains { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }
        if !special { return printable(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in printable(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A double-quoted Graphviz string body.
    static func dot(_ text: String) -> String {
        var out = ""
        for scalar in printable(text).unicodeScalars {
            if scalar == "\\" || scalar == "\"" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Mermaid label text: Mermaid has no backslash escapes, only `#code;`
    /// entities, and treats `;`, `#`, quotes, brackets and `:` in messages specially.
    static func mermaid(_ text: String) -> String {
        var out = ""
        for scalar in printable(text).unicodeScalars {
            switch scalar {
            case "#", ";", "\"", "<", ">", "{", "}", "[", "]", "(", ")", "|", "`", "%":
                out += "#\(scalar.value);"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An identifier safe in Mermaid and DOT: letters and digits are kept,
    /// anything else becomes `_<hex>_`, so two different names never share one.
    static func identifier(_ text: String, prefix: String) -> String {
        var out = prefix
        for scalar in text.unicodeScalars {
            if scalar.isASCII, CharacterSetASCII.isAlphanumeric(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "_" + String(scalar.value, radix: 16) + "_"
            }
        }
        return out
    }

    private static func printable(_ text: String) -> String { ShownText.safe(text) }
}

private enum CharacterSetASCII {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
