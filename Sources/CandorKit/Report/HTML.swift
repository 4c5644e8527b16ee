/// Escaping shared by every HTML output. Transcripts hold hostile text (`<script>`,
/// attribute breakouts), so nothing from them reaches a page without passing here.
public enum HTML {
    /// Escapes text for element content and for double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters other than tab and newlines are not allowed in HTML text.
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The same text capped at `limit` UTF-8 bytes, cut on a character boundary, with the
    /// number of bytes left out.
    static func capped(_ text: String, limit: Int) -> (text: String, omitted: Int) {
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return (text, 0) }
        var cut = limit
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return (String(decoding: bytes[..<cut], as: UTF8.self), bytes.count - cut)
    }

    /// Allows only network-free content: inline styles and scripts, data images.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    /// A count and its noun: "1 transcript", "10,000 transcripts".
    public static func counted(_ value: Int, _ noun: String) -> String {
        count(value) + " " + noun + (value == 1 ? "" : "s")
    }

    /// Integers with thousands separators: "10,000".
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}
