/// A stable 128-bit identity for a sequence of fields: two lanes of FNV-1a over the fields,
/// each length-prefixed so boundaries cannot shift. For recognising the same transcript or
/// finding across runs (the findings store, SARIF fingerprints); identity, not security.
public struct Fingerprint: Sendable {
    private var lanes: (UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142)

    public init() {}

    public mutating func add(_ field: String) {
        let bytes = field.utf8
        for byte in String(bytes.count).utf8 + [0x1F] + Array(bytes) {
            lanes.0 = (lanes.0 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            lanes.1 = (lanes.1 ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
    }

    /// 32 lower-case hex digits.
    public var hex: String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(lanes.0) + digits(lanes.1)
    }

    /// A transcript's id, model and content: roles, block kinds, names and texts.
    public static func of(_ transcript: Transcript) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(transcript.id)
        fingerprint.add(transcript.model ?? "")
        for turn in transcript.turns {
            fingerprint.add(turn.role.rawValue)
            for block in turn.blocks {
                fingerprint.add(block.kind.rawValue)
                fingerprint.add(block.name ?? "")
                fingerprint.add(block.text)
            }
        }
        return fingerprint.hex
    }
}
