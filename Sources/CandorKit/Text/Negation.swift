/// Whether a phrase is denied or made hypothetical by the words just before it in its
/// clause: "I can't say what happened inside me", "if the user is wrong", "not an open question".
public enum Negation {
    static let cues: Set<String> = [
        "not", "no", "never", "nothing", "nor", "without", "hardly", "don't", "doesn't", "didn't", "isn't",
        "wasn't", "aren't", "weren't", "won't", "can't", "cannot", "couldn't", "wouldn't", "shouldn't",
        "if", "whether", "unless", "pretend", "saying",
    ]
    /// A contrast starts a new clause: "I can't be sure, but I refused because…" asserts the second part.
    static let contrast: Set<String> = ["but", "yet", "however", "though", "although"]

    /// Whether a cue stands among the `window` words before `offset`, within its clause
    /// (after the last comma, semicolon, colon or dash of the sentence and after any contrast word).
    public static func precedes(_ offset: Int, in text: BlockText, window: Int = 4) -> Bool {
        let sentence = text.sentence(around: offset)
        let start = clauseStart(before: offset, within: sentence, in: text.bytes)
        var words = text.words(in: start..<offset).map(\.text)
        if let last = words.lastIndex(where: { contrast.contains($0) }) { words.removeFirst(last + 1) }
        return words.suffix(window).contains { cues.contains($0) }
    }

    /// The offset just after the nearest clause punctuation before `offset` in the sentence.
    static func clauseStart(before offset: Int, within sentence: Range<Int>, in bytes: [UInt8]) -> Int {
        var index = min(offset, bytes.count)
        while index > sentence.lowerBound {
            let byte = bytes[index - 1]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") { return index }
            // An en or em dash: E2 80 93 / E2 80 94.
            if index >= 3, bytes[index - 3] == 0xE2, bytes[index - 2] == 0x80, byte == 0x93 || byte == 0x94 { return index }
            index -= 1
        }
        return sentence.lowerBound
    }
}
