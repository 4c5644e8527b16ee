import CandorKit

/// Removes secrets from request and response bodies before they reach the transcript log:
/// values of credential-named keys, and API-key-shaped tokens anywhere in a string.
public enum Redaction {
    public static let marker = "[redacted]"

    /// Key names compared lowercased with `-` and `_` removed.
    static let secretKeys: Set<String> = [
        "apikey", "authorization", "password", "secret", "clientsecret", "token", "accesstoken",
        "refreshtoken", "xapikey", "bearer", "sessiontoken", "privatekey",
    ]

    /// Prefixes of provider API keys; a key is the prefix plus at least `minimumKeyTail` key characters.
    static let keyPrefixes: [[UInt8]] = ["sk-", "sk_", "xai-", "gsk_", "hf_", "AIza", "ghp_", "github_pat_"].map { Array($0.utf8) }
    static let minimumKeyTail = 16

    public static func redacted(_ value: JSONValue) -> JSONValue {
        var changed = false
        return redacted(value, changed: &changed)
    }

    /// `changed` is set when anything was redacted, so a caller can reuse work done on the original.
    public static func redacted(_ value: JSONValue, changed: inout Bool) -> JSONValue {
        switch value {
        case .string(let text): return .string(redactedText(text, changed: &changed))
        case .array(let elements): return .array(elements.map { redacted($0, changed: &changed) })
        case .object(let object):
            return .object(JSONObject(members: object.members.map { member in
                if isSecretKey(member.key), !member.value.isNull {
                    changed = true
                    return (member.key, .string(marker))
                }
                return (member.key, redacted(member.value, changed: &changed))
            }))
        default: return value
        }
    }

    static func isSecretKey(_ key: String) -> Bool {
        secretKeys.contains(String(key.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" }))
    }

    /// The text with `Bearer …` credentials and key-shaped tokens replaced by the marker.
    public static func redactedText(_ text: String) -> String {
        var changed = false
        return redactedText(text, changed: &changed)
    }

    static func redactedText(_ text: String, changed: inout Bool) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        var found = false
        while index < bytes.count {
            if let end = secretEnd(bytes, at: index) {
                output.append(contentsOf: marker.utf8)
                index = end
                found = true
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        guard found else { return text }
        changed = true
        return String(decoding: output, as: UTF8.self)
    }

    /// Where a secret starting at `index` ends, if one does; only at a token boundary.
    static func secretEnd(_ bytes: [UInt8], at index: Int) -> Int? {
        if index > 0, isKeyByte(bytes[index - 1]) { return nil }
        let bearer = Array("Bearer ".utf8)
        if bytes[index...].starts(with: bearer) {
            let end = tokenEnd(bytes, from: index + bearer.count)
            return end - (index + bearer.count) >= 8 ? end : nil
        }
        for prefix in keyPrefixes where bytes[index...].starts(with: prefix) {
            let end = tokenEnd(bytes, from: index + prefix.count)
            if end - (index + prefix.count) >= minimumKeyTail { return end }
        }
        return nil
    }

    static func tokenEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, isKeyByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
        return end
    }

    static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
