/// Writing JSON text: the escaping every JSON output shares, and `JSONValue` back to text.
public enum JSONText {
    /// Appends `value` as a quoted JSON string.
    public static func appendString(_ value: String, to output: inout String) {
        var json = JSONBytes()
        json.string(value)
        output.append(json.text)
    }

    public static func quoted(_ value: String) -> String {
        var output = ""
        appendString(value, to: &output)
        return output
    }

    /// Compact JSON text for a value, members in their original order.
    public static func serialize(_ value: JSONValue) -> String {
        var output = ""
        append(value, to: &output)
        return output
    }

    static func append(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let number): output.append(formatNumber(number))
        case .string(let text): appendString(text, to: &output)
        case .array(let elements):
            output.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(",") }
                append(element, to: &output)
            }
            output.append("]")
        case .object(let object):
            output.append("{")
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(",") }
                appendString(member.key, to: &output)
                output.append(":")
                append(member.value, to: &output)
            }
            output.append("}")
        }
    }

    /// Integers without a fraction; other numbers as Swift prints them; non-finite as null.
    public static func formatNumber(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}

/// JSON text built as UTF-8 bytes. A JSON Lines report writes a line per transcript, of
/// many small pieces; `String` appends and interpolations cost about a hundred
/// instructions a byte there, bytes a few.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Writing on after what `bytes` holds, which it takes over: `take()` hands them back.
    init(continuing bytes: inout [UInt8]) { swap(&self.bytes, &bytes) }

    mutating func take() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        return taken
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Not an overload of `raw(_:)`: a literal would take it over the `StaticString` one and
    /// go through `String` on every member.
    mutating func raw(text: String) { bytes.append(contentsOf: text.utf8) }

    /// Digits appended from the most significant down: a `String` per number cost more than
    /// the rest of a line's members together, and turning the digits round in place made a
    /// copy of the slice.
    mutating func number(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }

    /// `,"name":value`: a member after the first of an object.
    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        number(value)
    }

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// `,"name":` with null for an absent string.
    mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { raw("null") }
    }

    private mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `value` quoted, with quotes, backslashes, control characters and the two JavaScript
    /// line separators (U+2028, U+2029) escaped.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { source in
            var pending = 0
            var index = 0
            while index < source.count {
                let byte = source[index]
                let isSeparator = byte == 0xE2 && index + 2 < source.count && source[index + 1] == 0x80
                    && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9)
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || isSeparator else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[pending..<index]))
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case UInt8(ascii: "\n"): raw("\\n")
                case UInt8(ascii: "\r"): raw("\\r")
                case UInt8(ascii: "\t"): raw("\\t")
                case 0xE2: raw(source[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    raw("\\u00")
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0xF)])
                }
                index += isSeparator ? 3 : 1
                pending = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[pending..<source.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
